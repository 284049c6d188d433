// Graph over HTTP: response headers, API versions, query options and the error envelope, each
// test naming the page of microsoftgraph/microsoft-graph-docs-contrib it follows.
import { ResponseType, type Client } from "@microsoft/microsoft-graph-client";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import {
  CONNECTED_ORGANIZATIONS,
  DATA_DIR,
  domainSource,
  failure,
  graphClient,
  rawRequest,
  secretCredential,
} from "../clients";

let emulator: RunningEmulator;
let v1: Client;
let beta: Client;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dataDir: DATA_DIR });
  const credential = secretCredential(emulator);
  v1 = graphClient(emulator, credential, "v1.0");
  beta = graphClient(emulator, credential, "beta");
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ODATA_JSON = /^application\/json;odata\.metadata=minimal;/;

async function seedNames(...names: string[]): Promise<void> {
  for (const name of names) {
    await v1.api(CONNECTED_ORGANIZATIONS).post({
      displayName: name,
      identitySources: [domainSource(`${name.toLowerCase()}.example`)],
    });
  }
}

function raw(client: Client, path: string): Promise<Response> {
  return client.api(path).responseType(ResponseType.RAW).get() as Promise<Response>;
}

describe("response headers (concepts/best-practices-concept.md, Reliability and support)", () => {
  it("answers with a request-id, the client-request-id sent, and x-ms-ags-diagnostic", async () => {
    const clientRequestId = "0f6d1c3e-2b4a-4c5d-8e9f-a0b1c2d3e4f5";
    const response = (await v1
      .api(CONNECTED_ORGANIZATIONS)
      .header("client-request-id", clientRequestId)
      .responseType(ResponseType.RAW)
      .get()) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(GUID);
    expect(response.headers.get("client-request-id")).toBe(clientRequestId);
    expect(response.headers.get("date")).not.toBeNull();
    const diagnostic = JSON.parse(response.headers.get("x-ms-ags-diagnostic") ?? "{}") as {
      ServerInfo?: Record<string, string>;
    };
    expect(Object.keys(diagnostic.ServerInfo ?? {})).toEqual(
      expect.arrayContaining(["DataCenter", "Slice", "Ring", "ScaleUnit", "RoleInstance"]),
    );
  });

  it("makes up a client-request-id equal to the request-id when none is sent", async () => {
    const response = await rawRequest(`${emulator.graphUrl}/v1.0${CONNECTED_ORGANIZATIONS}`);
    expect(response.status).toBe(401);
    expect(response.headers["request-id"]).toMatch(GUID);
    expect(response.headers["client-request-id"]).toBe(response.headers["request-id"]);
  });

  it("labels OData JSON with odata.metadata=minimal and OData-Version 4.0, on errors too", async () => {
    // The OData v4 JSON format that concepts/errors.md cites for error bodies.
    for (const response of [
      await raw(v1, CONNECTED_ORGANIZATIONS),
      await raw(beta, CONNECTED_ORGANIZATIONS),
      await raw(v1, `${CONNECTED_ORGANIZATIONS}/7f1c0d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f`),
    ]) {
      expect(response.headers.get("content-type")).toMatch(ODATA_JSON);
      expect(response.headers.get("odata-version")).toBe("4.0");
    }
  });

  it("sends no OData-Version with a 204 that has no body", async () => {
    await seedNames("Contoso");
    const [organization] = (
      (await v1.api(CONNECTED_ORGANIZATIONS).get()) as { value: { id: string }[] }
    ).value;
    const response = (await v1
      .api(`${CONNECTED_ORGANIZATIONS}/${organization.id}`)
      .responseType(ResponseType.RAW)
      .delete()) as Response;
    expect(response.status).toBe(204);
    expect(response.headers.get("odata-version")).toBeNull();
    expect(response.headers.get("request-id")).toMatch(GUID);
  });
});

describe("API versions (concepts/versioning-and-support.md: v1.0 and beta)", () => {
  it.each(["v2.0", "v1", "v1.1"])(
    "answers %s with 400 BadRequest in the Graph envelope",
    async (version) => {
      const error = await failure(v1.api(CONNECTED_ORGANIZATIONS).version(version).get());
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe("BadRequest");
      expect(error.message).toBe(`Invalid version: ${version}`);
      expect(error.requestId).toMatch(GUID);
    },
  );

  it("serves both documented versions", async () => {
    for (const client of [v1, beta]) {
      const page = (await client.api(CONNECTED_ORGANIZATIONS).get()) as { value: unknown[] };
      expect(page.value).toEqual([]);
    }
  });
});

describe("query options without $ (concepts/query-parameters.md)", () => {
  // "On the beta endpoint, the $ prefix is optional. ... On the v1 endpoint, the $ prefix is
  // optional for only a subset of APIs. For simplicity, always include $ if using the v1 endpoint."
  beforeEach(() => seedNames("Contoso", "Fabrikam", "Litware"));

  const names = (page: unknown) =>
    (page as { value: { displayName: string }[] }).value.map((o) => o.displayName).sort();

  it("applies filter, select and top without $ on beta", async () => {
    expect(
      names(await beta.api(`${CONNECTED_ORGANIZATIONS}?filter=displayName eq 'Fabrikam'`).get()),
    ).toEqual(["Fabrikam"]);
    const selected = (await beta
      .api(`${CONNECTED_ORGANIZATIONS}?select=displayName&top=2`)
      .get()) as { value: Record<string, unknown>[]; "@odata.nextLink"?: string };
    expect(selected.value).toHaveLength(2);
    expect(selected.value.every((o) => Object.keys(o).join() === "displayName")).toBe(true);
    const next = selected["@odata.nextLink"] ?? "";
    expect(next).toContain("$skiptoken=");
    const rest = (await beta.api(next).get()) as { value: unknown[] };
    expect(rest.value).toHaveLength(1);
  });

  it("follows a nextLink on beta when the skiptoken was given without $", async () => {
    const first = (await beta.api(`${CONNECTED_ORGANIZATIONS}?top=1`).get()) as {
      "@odata.nextLink": string;
    };
    const token = new URL(first["@odata.nextLink"]).searchParams.get("$skiptoken") ?? "";
    const second = (await beta
      .api(`${CONNECTED_ORGANIZATIONS}?top=1&skiptoken=${token}`)
      .get()) as { value: unknown[]; "@odata.nextLink": string };
    expect(second.value).toHaveLength(1);
    const third = (await beta.api(second["@odata.nextLink"]).get()) as { value: unknown[] };
    expect(third.value).toHaveLength(1);
  });

  it("applies select without $ to one organization on beta", async () => {
    const [first] = ((await beta.api(CONNECTED_ORGANIZATIONS).get()) as { value: { id: string }[] })
      .value;
    const read = (await beta
      .api(`${CONNECTED_ORGANIZATIONS}/${first.id}?select=state`)
      .get()) as Record<string, unknown>;
    expect(Object.keys(read).filter((k) => !k.startsWith("@"))).toEqual(["state"]);
  });

  it("refuses an option given both with and without $ on beta", async () => {
    const error = await failure(beta.api(`${CONNECTED_ORGANIZATIONS}?$top=1&top=2`).get());
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/'\$top' was specified more than once/);
  });

  it("treats filter without $ on v1.0 as no system query option (deliberately: always use $)", async () => {
    expect(
      names(await v1.api(`${CONNECTED_ORGANIZATIONS}?filter=displayName eq 'Fabrikam'`).get()),
    ).toEqual(["Contoso", "Fabrikam", "Litware"]);
    expect(
      names(await v1.api(`${CONNECTED_ORGANIZATIONS}?$filter=displayName eq 'Fabrikam'`).get()),
    ).toEqual(["Fabrikam"]);
  });
});

describe("error envelope (concepts/errors.md)", () => {
  it("is one error object with code, message and innerError date, request-id, client-request-id", async () => {
    const clientRequestId = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    const response = (await v1
      .api(`${CONNECTED_ORGANIZATIONS}/7f1c0d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f`)
      .header("client-request-id", clientRequestId)
      .responseType(ResponseType.RAW)
      .get()) as Response;
    expect(response.status).toBe(404);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["error"]);
    const error = body.error as Record<string, unknown>;
    expect(error).toEqual({
      code: expect.any(String),
      message: expect.any(String),
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        "request-id": response.headers.get("request-id"),
        "client-request-id": clientRequestId,
      },
    });
  });
});

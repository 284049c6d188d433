// Status codes and bodies of each connectedOrganization operation per API version, as the pages
// under api-reference/{v1.0,beta}/api/ of microsoftgraph/microsoft-graph-docs-contrib give them.
import { ResponseType, type Client } from "@microsoft/microsoft-graph-client";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import {
  CONNECTED_ORGANIZATIONS,
  DATA_DIR,
  domainSource,
  graphClient,
  secretCredential,
} from "../clients";

let emulator: RunningEmulator;
const clients: Record<"v1.0" | "beta", Client> = {} as Record<"v1.0" | "beta", Client>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dataDir: DATA_DIR });
  const credential = secretCredential(emulator);
  clients["v1.0"] = graphClient(emulator, credential, "v1.0");
  clients.beta = graphClient(emulator, credential, "beta");
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

async function body(response: Response): Promise<Record<string, unknown> | undefined> {
  const text = await response.text();
  return text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

function call(version: "v1.0" | "beta", path: string) {
  return clients[version].api(path).responseType(ResponseType.RAW);
}

describe.each(["v1.0", "beta"] as const)("connectedOrganization on %s", (version) => {
  it("create (entitlementmanagement-post-connectedorganizations.md): 201 and the new object", async () => {
    const response = (await call(version, CONNECTED_ORGANIZATIONS).post({
      displayName: "Contoso",
      description: "Supplier",
      identitySources: [domainSource("contoso.com")],
      state: "proposed",
    })) as Response;
    expect(response.status).toBe(201);
    const created = (await body(response)) ?? {};
    expect(created).toMatchObject({
      id: expect.any(String),
      displayName: "Contoso",
      description: "Supplier",
      state: "proposed",
      createdDateTime: expect.any(String),
      modifiedDateTime: expect.any(String),
    });
    if (version === "v1.0") {
      // v1.0 example response: "identitySources": []
      expect(created.identitySources).toEqual([]);
      expect(created).not.toHaveProperty("createdBy");
    } else {
      // beta example response: createdBy and modifiedBy, and no identitySources
      expect(created).not.toHaveProperty("identitySources");
      expect(created.createdBy).toEqual(expect.any(String));
      expect(created.modifiedBy).toEqual(expect.any(String));
    }
  });

  it("list, get, update, delete: 200, 200, v1.0 202 with the object or beta 204, then 204", async () => {
    const created = (await clients[version].api(CONNECTED_ORGANIZATIONS).post({
      displayName: "Contoso",
      identitySources: [domainSource("contoso.com")],
    })) as { id: string };
    const entity = `${CONNECTED_ORGANIZATIONS}/${created.id}`;

    // entitlementmanagement-list-connectedorganizations.md: 200 and a collection
    const listed = (await call(version, CONNECTED_ORGANIZATIONS).get()) as Response;
    expect(listed.status).toBe(200);
    expect(((await body(listed))?.value as { id: string }[]).map((o) => o.id)).toEqual([
      created.id,
    ]);

    // connectedorganization-get.md: 200 and the object
    const read = (await call(version, entity).get()) as Response;
    expect(read.status).toBe(200);
    expect(await body(read)).toMatchObject({ id: created.id, displayName: "Contoso" });

    // connectedorganization-update.md: v1.0 "202 Accepted ... and a connectedOrganization object
    // in the response body"; beta "204 Accepted", and a 204 carries no body.
    const updated = (await call(version, entity).patch({ displayName: "Contoso Ltd" })) as Response;
    if (version === "v1.0") {
      expect(updated.status).toBe(202);
      expect(await body(updated)).toMatchObject({ id: created.id, displayName: "Contoso Ltd" });
    } else {
      expect(updated.status).toBe(204);
      expect(await body(updated)).toBeUndefined();
    }

    // connectedorganization-delete.md: 204 No Content
    const deleted = (await call(version, entity).delete()) as Response;
    expect(deleted.status).toBe(204);
    expect(await body(deleted)).toBeUndefined();

    const gone = (await call(version, entity).get()) as Response;
    expect(gone.status).toBe(404);
    expect((await body(gone))?.error).toMatchObject({ code: expect.any(String) });
  });
});

import type { Client } from "@microsoft/microsoft-graph-client";
import { decodeJwt } from "jose";
import { DEMO_APPS, startEmulator, type RunningEmulator } from "../../../emulator";
import {
  CONNECTED_ORGANIZATIONS,
  DATA_DIR,
  appCredential,
  domainSource,
  failure,
  graphClient,
  rawRequest,
  retries,
  secretCredential,
  sleep,
} from "../clients";

let emulator: RunningEmulator;
let client: Client;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dataDir: DATA_DIR });
  client = graphClient(emulator);
  // Fetch the token once so that token requests don't interleave with the faults under test.
  await client.api(CONNECTED_ORGANIZATIONS).get();
});

afterAll(() => emulator.stop());

beforeEach(() => emulator.reset());

const graphRequests = () => emulator.requests().filter((r) => r.kind === "graph");
const contoso = { displayName: "Contoso", identitySources: [domainSource("contoso.com")] };

async function listIds(): Promise<string[]> {
  const page = (await client.api(CONNECTED_ORGANIZATIONS).get()) as { value: { id: string }[] };
  return page.value.map((o) => o.id);
}

describe("throttling", () => {
  it("answers 429 with Retry-After, which the Graph client's RetryHandler honours", async () => {
    emulator.addFault({ kind: "throttle", count: 1, retryAfterSeconds: 1, method: "GET" });
    const page = await retries(client.api(CONNECTED_ORGANIZATIONS), 3).get();
    expect(page).toHaveProperty("value");
    const [throttled, retried] = graphRequests();
    expect(throttled).toMatchObject({ status: 429, fault: "throttle" });
    expect(retried.status).toBe(200);
    expect(Date.parse(retried.at) - Date.parse(throttled.at)).toBeGreaterThanOrEqual(900);
  });

  it("throttles a client that retries early again, with the remaining Retry-After, but not other clients", async () => {
    emulator.addFault({ kind: "throttle", count: 1, retryAfterSeconds: 2 });
    const first = await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).get());
    expect(first.statusCode).toBe(429);
    expect(first.code).toBe("TooManyRequests");
    expect(first.headers?.get("retry-after")).toBe("2");
    const early = await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).get());
    expect(early.statusCode).toBe(429);
    expect(Number(early.headers?.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(early.headers?.get("retry-after"))).toBeLessThanOrEqual(2);

    const reader = graphClient(emulator, appCredential(emulator, DEMO_APPS.readOnly.clientId));
    await expect(retries(reader.api(CONNECTED_ORGANIZATIONS)).get()).resolves.toHaveProperty(
      "value",
    );

    await sleep(2100);
    await expect(retries(client.api(CONNECTED_ORGANIZATIONS)).get()).resolves.toHaveProperty(
      "value",
    );
  });

  it("only matches the given method and route", async () => {
    emulator.addFault({ kind: "throttle", route: "tenantRelationships", retryAfterSeconds: 1 });
    await expect(listIds()).resolves.toEqual([]);
    const error = await failure(
      retries(
        client.api(
          `/tenantRelationships/findTenantInformationByDomainName(domainName='contoso.com')`,
        ),
      ).get(),
    );
    expect(error.statusCode).toBe(429);
  });

  it("sends a fractional Retry-After as it is, and the remaining fraction to an early retry", async () => {
    emulator.addFault({ kind: "throttle", count: 1, retryAfterSeconds: 1.5 });
    const first = await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).get());
    expect(first.headers?.get("retry-after")).toBe("1.5");
    const early = await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).get());
    const remaining = Number(early.headers?.get("retry-after"));
    expect(remaining).toBeGreaterThan(0.5);
    expect(remaining).toBeLessThan(1.5);
    expect(early.headers?.get("retry-after")).toMatch(/^\d+\.\d{1,3}$/);
    await sleep(remaining * 1000);
    await expect(listIds()).resolves.toEqual([]);
  });

  it("sends Retry-After as an HTTP date when asked, the same date until then", async () => {
    emulator.addFault({
      kind: "throttle",
      count: 1,
      retryAfterSeconds: 1,
      retryAfterFormat: "http-date",
    });
    const sent = Date.now();
    const first = await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).get());
    const header = first.headers?.get("retry-after") ?? "";
    expect(header).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
    const until = Date.parse(header);
    expect(until).toBeGreaterThanOrEqual(sent + 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + 2000);
    const early = await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).get());
    expect(early.headers?.get("retry-after")).toBe(header);
    await sleep(until - Date.now() + 10);
    await expect(listIds()).resolves.toEqual([]);
  });

  it("applies to a fraction of requests (0 = none)", async () => {
    emulator.addFault({ kind: "throttle", fraction: 0 });
    await expect(listIds()).resolves.toEqual([]);
    expect(graphRequests().map((r) => r.status)).toEqual([200]);
  });
});

describe("server errors", () => {
  it("answers 503 with Retry-After, retried by the Graph client", async () => {
    emulator.addFault({ kind: "status", status: 503, count: 1, retryAfterSeconds: 1 });
    await expect(retries(client.api(CONNECTED_ORGANIZATIONS), 2).get()).resolves.toHaveProperty(
      "value",
    );
    expect(graphRequests().map((r) => r.status)).toEqual([503, 200]);
  });

  it("answers 504 GatewayTimeout while the fault lasts", async () => {
    emulator.addFault({ kind: "status", status: 504, count: 2 });
    const error = await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).get());
    expect(error.statusCode).toBe(504);
    expect(error.code).toBe("GatewayTimeout");
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).get())).statusCode).toBe(
      504,
    );
    await expect(listIds()).resolves.toEqual([]);
  });
});

describe("writes answered with an error after they commit", () => {
  it.each([
    [500, "InternalServerError"],
    [504, "GatewayTimeout"],
  ])("commits the create, then answers %i with Graph's error", async (status, code) => {
    emulator.addFault({ kind: "status-after", status, method: "POST", count: 1 });
    const error = await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).post(contoso));
    expect(error.statusCode).toBe(status);
    expect(error.code).toBe(code);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await listIds()).toHaveLength(1);
    expect(graphRequests()[0]).toMatchObject({ method: "POST", status, fault: "status-after" });
  });

  it("commits the create, then answers 502 with a gateway's HTML page", async () => {
    emulator.addFault({ kind: "status-after", status: 502, method: "POST", count: 1 });
    const response = await rawRequest(`${emulator.graphUrl}/v1.0${CONNECTED_ORGANIZATIONS}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${(await secretCredential(emulator).getToken(`${emulator.graphUrl}/.default`)).token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(contoso),
    });
    expect(response.status).toBe(502);
    expect(response.headers["content-type"]).toBe("text/html");
    expect(response.body).toMatch(/^<html>.*<title>502 Bad Gateway<\/title>/);
    expect(await listIds()).toHaveLength(1);
  });

  it("leaves a write that a status fault answers uncommitted", async () => {
    emulator.addFault({ kind: "status", status: 502, method: "POST", count: 1 });
    expect(
      (await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).post(contoso))).statusCode,
    ).toBe(502);
    expect(await listIds()).toEqual([]);
  });
});

describe("latency and connection resets", () => {
  it("delays responses", async () => {
    emulator.addFault({ kind: "latency", latencyMs: 300 });
    const started = Date.now();
    await listIds();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("reset-before drops the connection and nothing is created", async () => {
    emulator.addFault({ kind: "reset-before", method: "POST", count: 1 });
    await expect(retries(client.api(CONNECTED_ORGANIZATIONS)).post(contoso)).rejects.toThrow();
    expect(await listIds()).toEqual([]);
    expect(graphRequests()[0]).toMatchObject({ method: "POST", status: 0, fault: "reset-before" });
  });

  it("reset-after drops the connection after the create committed (the ambiguous create)", async () => {
    emulator.addFault({ kind: "reset-after", method: "POST", count: 1 });
    await expect(retries(client.api(CONNECTED_ORGANIZATIONS)).post(contoso)).rejects.toThrow();
    expect(await listIds()).toHaveLength(1);
    expect(graphRequests()[0]).toMatchObject({ method: "POST", status: 0, fault: "reset-after" });
  });
});

describe("read-after-write lag", () => {
  it("a new object answers 404 to GET until the lag has passed", async () => {
    emulator.addFault({ kind: "read-lag", lagMs: 800 });
    const created = (await client.api(CONNECTED_ORGANIZATIONS).post(contoso)) as { id: string };
    const missing = await failure(client.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).get());
    expect(missing.statusCode).toBe(404);
    await sleep(900);
    await expect(
      client.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).get(),
    ).resolves.toMatchObject({ id: created.id });
  });
});

describe("control API", () => {
  // Raw HTTPS: /_emulator/ is the emulator's own unauthenticated API, not Graph.
  const control = (path: string, method = "GET", body?: unknown) =>
    rawRequest(`${emulator.graphUrl}/_emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("adds and clears faults", async () => {
    const added = await control("faults", "POST", { kind: "status", status: 503 });
    expect(added.status).toBe(201);
    expect(JSON.parse(added.body)).toEqual({ id: expect.any(String) });
    expect((await failure(retries(client.api(CONNECTED_ORGANIZATIONS)).get())).statusCode).toBe(
      503,
    );
    expect((await control("faults", "DELETE")).status).toBe(204);
    await expect(listIds()).resolves.toEqual([]);
  });

  it("rejects an invalid fault with 400", async () => {
    const response = await control("faults", "POST", { kind: "explode" });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.message).toMatch(/kind/);
  });

  it("takes Retry-After forms and status-after faults, and refuses malformed ones", async () => {
    const throttle = { kind: "throttle", retryAfterSeconds: 2.5, retryAfterFormat: "http-date" };
    expect((await control("faults", "POST", throttle)).status).toBe(201);
    const after = { kind: "status-after", status: 502, method: "POST", count: 2 };
    expect((await control("faults", "POST", after)).status).toBe(201);
    const listed = JSON.parse((await control("faults")).body) as { value: unknown[] };
    expect(listed.value).toEqual([
      expect.objectContaining(throttle),
      expect.objectContaining({ ...after, remaining: 2 }),
    ]);
    const refused = [
      [
        { kind: "throttle", retryAfterFormat: "date" },
        /retryAfterFormat must be "seconds" or "http-date"/,
      ],
      [
        { kind: "throttle", retryAfterSeconds: -1 },
        /retryAfterSeconds must be a number of seconds/,
      ],
      [{ kind: "status-after" }, /a status-after fault needs status/],
    ] as const;
    for (const [fault, reason] of refused) {
      const response = await control("faults", "POST", fault);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error.message).toMatch(reason);
    }
  });

  it("sets the token lifetime", async () => {
    expect((await control("token-lifetime", "POST", { seconds: 5 })).status).toBe(204);
    const token = await secretCredential(emulator).getToken(`${emulator.graphUrl}/.default`);
    const claims = decodeJwt(token.token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(5);
  });

  it("lists and clears requests, logging itself as kind control", async () => {
    await listIds();
    const listed = JSON.parse((await control("requests")).body) as { value: { kind: string }[] };
    expect(listed.value.map((r) => r.kind)).toEqual(["graph"]);
    expect((await control("requests", "DELETE")).status).toBe(204);
    expect(emulator.requests()).toEqual([
      expect.objectContaining({
        method: "DELETE",
        kind: "control",
        route: "DELETE /_emulator/requests",
      }),
    ]);
  });

  it("resets and re-seeds", async () => {
    await client.api(CONNECTED_ORGANIZATIONS).post(contoso);
    expect((await control("reset", "POST")).status).toBe(204);
    expect(await listIds()).toEqual([]);
    const seeded = await control("seed", "POST", {
      connectedOrganizations: [
        {
          id: "8af02cce-7ac9-4dce-820f-e076c829d041",
          displayName: "Seeded",
          identitySources: [domainSource("seeded.example")],
        },
      ],
    });
    expect(seeded.status).toBe(204);
    expect(await listIds()).toEqual(["8af02cce-7ac9-4dce-820f-e076c829d041"]);
  });

  it("never records tokens, secrets or bodies", async () => {
    await client.api(CONNECTED_ORGANIZATIONS).post(contoso);
    const text = JSON.stringify(emulator.requests());
    expect(text).not.toContain(emulator.clientSecret);
    expect(text).not.toContain("contoso.com");
    expect(text).not.toMatch(/eyJ/);
  });
});

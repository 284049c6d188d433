import { RunningEmulator } from "../../../emulator";
import type { FaultSpec } from "../../../emulator/types";
import { resolveSettings } from "../../../provider/auth/settings";
import { createCredential } from "../../../provider/auth/credentials";
import { ConnectedOrganizationsApi } from "../../../provider/graph/connectedOrganizationsApi";
import { createGraphClient } from "../../../provider/graph/graphClient";
import { emulatorConfig, startTestEmulator } from "../../support/emulator";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

/** The provider's own Graph client, as configure builds it, on the emulator. */
function api(overrides: Record<string, string> = {}): ConnectedOrganizationsApi {
  const config = emulatorConfig(emulator, overrides);
  const settings = resolveSettings((key) => config[key], {});
  return new ConnectedOrganizationsApi(createGraphClient(settings, createCredential(settings)));
}

const contoso = {
  displayName: "Contoso",
  identitySources: [
    { "@odata.type": "#microsoft.graph.domainIdentitySource", domainName: "contoso.com" },
  ],
};

const sent = (method: string) =>
  emulator.requests().filter((r) => r.kind === "graph" && r.method === method);

async function settle(promise: Promise<unknown>): Promise<void> {
  await promise.catch(() => undefined);
}

describe("a POST", () => {
  const unknownOutcomes: [string, FaultSpec][] = [
    ["500 before it is handled", { kind: "status", status: 500 }],
    ["502 before it is handled", { kind: "status", status: 502 }],
    ["503 before it is handled", { kind: "status", status: 503, retryAfterSeconds: 1 }],
    ["504 before it is handled", { kind: "status", status: 504 }],
    ["500 after it committed", { kind: "status-after", status: 500 }],
    ["502 after it committed", { kind: "status-after", status: 502 }],
    ["504 after it committed", { kind: "status-after", status: 504 }],
    ["a connection dropped after it committed", { kind: "reset-after" }],
    ["a connection dropped before it was handled", { kind: "reset-before" }],
  ];

  it.each(unknownOutcomes)("is never sent again after %s", async (_, fault) => {
    const graph = api();
    await graph.findByDisplayName("warm-up");
    emulator.clearRequests();
    emulator.addFault({ ...fault, method: "POST", count: 1 });
    await expect(graph.create(contoso)).rejects.toThrow();
    expect(sent("POST")).toHaveLength(1);
  });

  it("is sent again after a 429, which Graph did not carry out", async () => {
    emulator.addFault({ kind: "throttle", method: "POST", count: 1, retryAfterSeconds: 1 });
    await expect(api().create(contoso)).resolves.toHaveProperty("id");
    expect(sent("POST").map((r) => r.status)).toEqual([429, 201]);
  });
});

describe("GET, PATCH and DELETE", () => {
  it.each([502, 503, 504])("are retried on %i, idempotent as they are", async (status) => {
    const graph = api();
    const { id } = await graph.create(contoso);
    for (const method of ["GET", "PATCH", "DELETE"]) {
      emulator.addFault({ kind: "status", status, method, count: 1, retryAfterSeconds: 1 });
    }
    await expect(graph.get(id)).resolves.toMatchObject({ id });
    await graph.update(id, { description: "Retried" });
    await graph.delete(id);
    for (const method of ["GET", "PATCH", "DELETE"]) {
      expect({ method, statuses: sent(method).map((r) => r.status) }).toEqual({
        method,
        statuses: [status, method === "GET" ? 200 : 204],
      });
    }
  });
});

describe("Retry-After", () => {
  /** Waits until the wall clock's milliseconds reach `ms`, so a date's rounding is known. */
  async function atMillisecond(ms: number): Promise<void> {
    const wait = (ms - (Date.now() % 1000) + 1000) % 1000;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }

  it("as fractional seconds is waited out in full, rounded up", async () => {
    const graph = api();
    await graph.findByDisplayName("warm-up");
    emulator.clearRequests();
    emulator.addFault({ kind: "throttle", method: "POST", count: 1, retryAfterSeconds: 1.2 });
    await graph.create(contoso);
    const [throttled, created] = sent("POST");
    expect([throttled.status, created.status]).toEqual([429, 201]);
    expect(Date.parse(created.at) - Date.parse(throttled.at)).toBeGreaterThanOrEqual(2000);
  });

  it("as an HTTP date is waited out until that moment, not rounded down to it", async () => {
    const graph = api();
    await graph.findByDisplayName("warm-up");
    emulator.clearRequests();
    emulator.addFault({
      kind: "throttle",
      method: "POST",
      count: 1,
      retryAfterSeconds: 1,
      retryAfterFormat: "http-date",
    });
    // At .700 s the date is 1.3 s away: rounding to the nearest second would wake 0.3 s early.
    await atMillisecond(700);
    await graph.create(contoso);
    expect(sent("POST").map((r) => r.status)).toEqual([429, 201]);
  });

  it("longer than the deadline fails at once, without a retry", async () => {
    emulator.addFault({ kind: "throttle", method: "GET", retryAfterSeconds: 30 });
    await settle(api({ "entra:retryDeadlineSeconds": "10" }).findByDisplayName("Contoso"));
    expect(sent("GET")).toHaveLength(1);
  });
});

import { RunningEmulator } from "../../../emulator";
import { DEMO_APPS, loadDemoSecrets } from "../../../emulator/server/seed";
import * as provider from "../../../provider";
import { ConnectedOrganizationInputs } from "../../../provider";
import {
  EMULATOR_DATA_DIR,
  configRequest,
  emulatorConfig,
  startTestEmulator,
} from "../../support/emulator";

let emulator: RunningEmulator;
let secrets: Record<string, string>;

beforeAll(async () => {
  emulator = await startTestEmulator();
  secrets = await loadDemoSecrets(EMULATOR_DATA_DIR);
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

const contoso = {
  displayName: "Contoso",
  identitySources: [{ domainName: "contoso.com" }],
} as ConnectedOrganizationInputs;

function asApp(app: { clientId: string }, overrides: Record<string, string> = {}) {
  return configRequest(
    emulatorConfig(emulator, {
      "entra:clientId": app.clientId,
      "entra:clientSecret": secrets[app.clientId],
      ...overrides,
    }),
  );
}

const graphCalls = () => emulator.requests().filter((r) => r.kind === "graph");
/** The creates sent, without the duplicate check's listing before them. */
const creates = () => graphCalls().filter((r) => r.method === "POST");

describe("Graph errors", () => {
  it("names the permission or role a write needs on 403", async () => {
    await provider.configure(asApp(DEMO_APPS.readOnly));
    const failure = provider.create(contoso);
    await expect(failure).rejects.toThrow(
      /^creating connected organization "Contoso": Graph 403 Authorization_RequestDenied \(request-id [0-9a-f-]{36}\): .*EntitlementManagement\.ReadWrite\.All .*Identity Governance Administrator role/,
    );
  });

  it("names the read permission on a 403 while reading", async () => {
    await provider.configure(asApp(DEMO_APPS.noRoles));
    await expect(
      provider.read("00000000-0000-0000-0000-000000000001", { displayName: "Ghost" }),
    ).rejects.toThrow(
      /^reading connected organization "Ghost": Graph 403 Authorization_RequestDenied .*EntitlementManagement\.Read\.All/,
    );
  });

  it("explains a Graph 400 with Graph's own code and message", async () => {
    await provider.configure(asApp(DEMO_APPS.readWrite));
    const bad = {
      displayName: "Broken",
      identitySources: [{ tenantId: "not-a-guid" }],
    } as ConnectedOrganizationInputs;
    await expect(provider.create(bad)).rejects.toThrow(
      /^creating connected organization "Broken": Graph 400 \w+ \(request-id [0-9a-f-]{36}\): \S/,
    );
  });

  it("fails at once when Graph asks for a wait longer than the deadline, naming both", async () => {
    await provider.configure(asApp(DEMO_APPS.readWrite, { "entra:retryDeadlineSeconds": "10" }));
    emulator.addFault({ kind: "throttle", method: "POST", retryAfterSeconds: 30 });
    await expect(provider.create(contoso)).rejects.toThrow(
      /^creating connected organization "Contoso": Graph 429 TooManyRequests \(request-id [0-9a-f-]{36}\): Too many requests\. Please retry after the time given in Retry-After\. Graph asked \(Retry-After\) to wait 30 s, which would pass entra:retryDeadlineSeconds \(or ENTRA_RETRY_DEADLINE_SECONDS\) of 10 s, so it was not retried\. Raise entra:retryDeadlineSeconds \(or ENTRA_RETRY_DEADLINE_SECONDS\), or try again later\.$/,
    );
    expect(creates()).toHaveLength(1);
  });

  it("says how many retries throttling took and how long they waited in all", async () => {
    await provider.configure(asApp(DEMO_APPS.readWrite, { "entra:retryDeadlineSeconds": "3" }));
    emulator.addFault({ kind: "throttle", method: "POST", retryAfterSeconds: 1 });
    await expect(provider.create(contoso)).rejects.toThrow(
      /^creating connected organization "Contoso": Graph 429 TooManyRequests \(request-id [0-9a-f-]{36}\): Too many requests\. Please retry after the time given in Retry-After\. Graph kept answering 429 through 3 retries over 3 s of waiting; then Graph asked \(Retry-After\) to wait 1 s more, which would pass entra:retryDeadlineSeconds \(or ENTRA_RETRY_DEADLINE_SECONDS\) of 3 s\. Raise entra:retryDeadlineSeconds \(or ENTRA_RETRY_DEADLINE_SECONDS\), or try again later\.$/,
    );
    expect(creates().map((r) => r.status)).toEqual([429, 429, 429, 429]);
  });

  it("says when throttling used up the retries one call makes", async () => {
    await provider.configure(asApp(DEMO_APPS.readWrite));
    emulator.addFault({ kind: "throttle", method: "POST", retryAfterSeconds: 1 });
    await expect(provider.create(contoso)).rejects.toThrow(
      /\. Graph kept answering 429 through 10 retries over 10 s of waiting \(10 is the most one call makes\)\. Try again later, or deploy with less parallelism \(`pulumi up --parallel 4`\)\.$/,
    );
    expect(creates()).toHaveLength(11);
  });

  it("shows a gateway's 502 page as a short excerpt, never as no details", async () => {
    await provider.configure(asApp(DEMO_APPS.readWrite, { "entra:retryDeadlineSeconds": "1" }));
    emulator.addFault({ kind: "status", status: 502, method: "GET" });
    const failure = provider.read("9d5ad9c5-7a54-4d52-b8a1-6d4b0d0a3b38", { displayName: "Ghost" });
    await expect(failure).rejects.toThrow(
      /^reading connected organization "Ghost": Graph 502 BadGateway \(request-id [0-9a-f-]{36}\): the answer was not Graph's but a page reading "502 Bad Gateway 502 Bad Gateway The gateway received an invalid response from the upstream server\."\. The next backoff wait is [23] s, which would pass entra:retryDeadlineSeconds \(or ENTRA_RETRY_DEADLINE_SECONDS\) of 1 s, so it was not retried\./,
    );
  });

  it("explains a wrong client secret without leaking it", async () => {
    await provider.configure(
      asApp(DEMO_APPS.readWrite, { "entra:clientSecret": "wrong-secret-value" }),
    );
    const error = await provider.create(contoso).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^creating connected organization "Contoso": .*AADSTS7000215/);
    expect(error?.message).not.toContain("wrong-secret-value");
    expect(emulator.requests().filter((r) => r.kind === "graph")).toEqual([]);
  });

  it("fails configure with what to set, and every later call the same way", async () => {
    const incomplete =
      /entra:tenantId \(or ARM_TENANT_ID \/ AZURE_TENANT_ID\) and entra:clientId .* must be set too/;
    await expect(provider.configure(configRequest({ "entra:clientSecret": "s" }))).rejects.toThrow(
      incomplete,
    );
    await expect(provider.create(contoso)).rejects.toThrow(incomplete);
    expect(emulator.requests()).toEqual([]);
  });

  it("reuses one token for every call of the process, concurrent ones included", async () => {
    await provider.configure(asApp(DEMO_APPS.readWrite));
    const created = await Promise.all(
      ["Contoso 1", "Contoso 2", "Contoso 3"].map((displayName) =>
        provider.create({ ...contoso, displayName }),
      ),
    );
    await provider.read(created[0].id, created[0].outs);
    expect(emulator.requests().filter((r) => r.kind === "token")).toHaveLength(1);
  });
});

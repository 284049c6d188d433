import * as fs from "node:fs";
import { RunningEmulator, SeedApp } from "../../../emulator";
import { FakeActionsTokenService } from "../../support/actionsTokenService";
import { ConnectProxy, startConnectProxy } from "../../support/connectProxy";
import { createExistingOrganizations } from "../../support/existingOrganizations";
import { startTestEmulator } from "../../support/emulator";
import { CommandResult, runExport } from "../../support/exportCommand";
import {
  appWithWritePermission,
  generateCertificate,
  generateTokenIssuer,
  privateTempDir,
  registerApps,
  writePem,
} from "../../support/generatedCredentials";

/**
 * Token requests (@azure/identity) and Graph calls (undici, once a proxy is set) behind an HTTP
 * proxy. Each case runs the export command, which signs in and lists through provider/auth and
 * provider/graph, in a process of its own, so the proxy variables are set in that process alone.
 *
 * The authority is the emulator as 127.0.0.1 and Graph the same emulator as localhost: the proxy
 * sees only TLS, but counts the tunnels for each name, so the two clients are told apart.
 */

const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
const MAIN_BRANCH_SUBJECT = "repo:contoso/partners:ref:refs/heads/main";
const REQUEST_TOKEN = "actions-runtime-request-token";

let emulator: RunningEmulator;
let proxy: ConnectProxy;
let actions: FakeActionsTokenService;
let dir: string;
let certificatePath: string;
const certificateApp: SeedApp = appWithWritePermission("Deployer with a certificate");
const federatedApp: SeedApp = appWithWritePermission("Deployer with GitHub OIDC");

beforeAll(async () => {
  emulator = await startTestEmulator();
  proxy = await startConnectProxy();
  dir = privateTempDir("entra-proxy-test-");
  const certificate = generateCertificate("connected-organizations-deployer");
  certificateApp.certificates = [certificate.certificatePem];
  certificatePath = writePem(dir, certificate);
  const github = generateTokenIssuer(GITHUB_ISSUER);
  federatedApp.federatedCredentials = [
    { issuer: GITHUB_ISSUER, subject: MAIN_BRANCH_SUBJECT, publicKey: github.publicKeyPem },
  ];
  actions = await FakeActionsTokenService.start(github, MAIN_BRANCH_SUBJECT, REQUEST_TOKEN);
});
afterAll(async () => {
  await actions?.stop();
  await proxy?.stop();
  await emulator?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  emulator.reset();
  registerApps(emulator, [certificateApp, federatedApp]);
  await createExistingOrganizations(emulator, 1);
  emulator.clearRequests();
});

const port = () => new URL(emulator.graphUrl).port;
/** Tunnel names: the token service's, Graph's and the GitHub token service's. */
const authority = () => `127.0.0.1:${port()}`;
const graph = () => `localhost:${port()}`;
const actionsService = () => new URL(actions.url).host;

/** Proxy variables of this machine's environment are not passed on; each case sets its own. */
const NO_PROXY_VARIABLES = Object.fromEntries(
  ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"].flatMap((name) => [
    [name, undefined],
    [name.toLowerCase(), undefined],
  ]),
);

/** The export command's run and the tunnels the proxy opened during it, by target. */
async function exportWith(
  env: Record<string, string>,
): Promise<{ result: CommandResult; tunnels: Record<string, number> }> {
  const before = proxy.tunnels();
  const result = await runExport(emulator, [], {
    ...NO_PROXY_VARIABLES,
    ENTRA_GRAPH_ENDPOINT: `https://localhost:${port()}`,
    ...env,
  });
  const tunnels = Object.fromEntries(
    Object.entries(proxy.tunnels())
      .map(([target, count]) => [target, count - (before[target] ?? 0)] as const)
      .filter(([, opened]) => opened > 0),
  );
  return { result, tunnels };
}

/** Statuses of the token requests and of the Graph calls the emulator answered. */
function answered(): { token: number[]; graph: number[] } {
  const requests = emulator.requests();
  return {
    token: requests.filter((r) => r.kind === "token").map((r) => r.status),
    graph: requests.filter((r) => r.kind === "graph").map((r) => r.status),
  };
}

function expectSuccess(result: CommandResult): void {
  expect(result.status).toBe(0);
  expect(result.stderr).toMatch(
    /^listing connected organizations\n.*\nexported 1 connected organizations /,
  );
  expect(result.stderr).not.toMatch(/warning/i);
  expect(result.stdout).toMatch(/connected organizations of https:\/\/localhost:\d+ \(beta\)/);
  expect(answered()).toEqual({ token: [200], graph: expect.arrayContaining([200]) });
  expect(answered().graph.every((status) => status === 200)).toBe(true);
}

describe("with HTTPS_PROXY set", () => {
  it.each([["HTTPS_PROXY"], ["https_proxy"], ["HTTP_PROXY"]])(
    "sends the token request and the Graph calls through the proxy named by %s",
    async (variable) => {
      const { result, tunnels } = await exportWith({ [variable]: proxy.url });
      expectSuccess(result);
      expect(tunnels[authority()]).toBeGreaterThan(0);
      expect(tunnels[graph()]).toBeGreaterThan(0);
      expect(Object.keys(tunnels).sort()).toEqual([authority(), graph()].sort());
    },
  );

  it("signs in with a client certificate through the proxy", async () => {
    const { result, tunnels } = await exportWith({
      HTTPS_PROXY: proxy.url,
      ARM_CLIENT_ID: certificateApp.clientId,
      ARM_CLIENT_SECRET: "",
      ARM_CLIENT_CERTIFICATE_PATH: certificatePath,
    });
    expectSuccess(result);
    expect(tunnels[authority()]).toBeGreaterThan(0);
    expect(tunnels[graph()]).toBeGreaterThan(0);
  });

  it("asks GitHub's token service, Entra and Graph through the proxy with workload identity", async () => {
    actions.seen.length = 0;
    const { result, tunnels } = await exportWith({
      HTTPS_PROXY: proxy.url,
      ARM_CLIENT_ID: federatedApp.clientId,
      ARM_CLIENT_SECRET: "",
      ARM_USE_OIDC: "true",
      ACTIONS_ID_TOKEN_REQUEST_URL: actions.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    });
    expectSuccess(result);
    expect(actions.seen.length).toBeGreaterThan(0);
    expect(tunnels[actionsService()]).toBeGreaterThan(0);
    expect(tunnels[authority()]).toBeGreaterThan(0);
    expect(tunnels[graph()]).toBeGreaterThan(0);
  });
});

describe("with NO_PROXY", () => {
  it("goes straight to the hosts it lists, and the calls still succeed", async () => {
    const { result, tunnels } = await exportWith({
      HTTPS_PROXY: proxy.url,
      NO_PROXY: "127.0.0.1,localhost",
    });
    expectSuccess(result);
    expect(tunnels).toEqual({});
  });

  it("is read per host by each client: Graph's host listed, the token service's not", async () => {
    const { result, tunnels } = await exportWith({ HTTPS_PROXY: proxy.url, no_proxy: "localhost" });
    expectSuccess(result);
    expect(Object.keys(tunnels)).toEqual([authority()]);
  });

  it("is read per host by each client: the token service's host listed, Graph's not", async () => {
    const { result, tunnels } = await exportWith({ HTTPS_PROXY: proxy.url, NO_PROXY: "127.0.0.1" });
    expectSuccess(result);
    expect(Object.keys(tunnels)).toEqual([graph()]);
  });
});

it("names Graph's origin and the proxy's answer when the proxy refuses the tunnel", async () => {
  proxy.refuseTunnels(true);
  try {
    const { result, tunnels } = await exportWith({ HTTPS_PROXY: proxy.url, NO_PROXY: "127.0.0.1" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      `no answer from https://localhost:${port()}: the proxy (HTTPS_PROXY, or HTTP_PROXY) refused the tunnel with 403`,
    );
    expect(tunnels).toEqual({});
    expect(answered()).toEqual({ token: [200], graph: [] });
  } finally {
    proxy.refuseTunnels(false);
  }
});

it("opens no tunnel without a proxy variable", async () => {
  const { result, tunnels } = await exportWith({});
  expectSuccess(result);
  expect(tunnels).toEqual({});
});

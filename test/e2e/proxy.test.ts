import { RunningEmulator } from "../../emulator";
import { ConnectProxy, startConnectProxy } from "../support/connectProxy";
import { startTestEmulator } from "../support/emulator";
import {
  DEPLOYMENT_TIMEOUT_MS,
  graphCalls,
  rootProgramStack,
  setOrganizations,
  tokenCalls,
} from "./harness";

jest.setTimeout(DEPLOYMENT_TIMEOUT_MS);

let emulator: RunningEmulator;
let proxy: ConnectProxy;

beforeAll(async () => {
  emulator = await startTestEmulator();
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await proxy?.stop();
  await emulator?.stop();
});

/**
 * The engine starts the provider with the stack's environment: HTTPS_PROXY set there sends its
 * token requests and Graph calls through the proxy. The authority is the emulator as 127.0.0.1 and
 * Graph the same emulator as localhost, so the proxy's tunnel counts tell the two apart.
 */
test("up and destroy behind an HTTPS proxy send token requests and Graph calls through it", async () => {
  const port = new URL(emulator.graphUrl).port;
  const stack = await rootProgramStack("proxy", {
    HTTPS_PROXY: proxy.url,
    https_proxy: proxy.url,
    // Neither the emulator's address nor its name: both must go through the proxy.
    NO_PROXY: "no-proxy.invalid",
    no_proxy: "no-proxy.invalid",
  });
  await stack.setAllConfig({
    "entra:tenantId": { value: emulator.tenantId },
    "entra:clientId": { value: emulator.clientId },
    "entra:clientSecret": { value: emulator.clientSecret, secret: true },
    "entra:graphEndpoint": { value: `https://localhost:${port}` },
    "entra:authorityHost": { value: emulator.authorityHost },
  });
  await setOrganizations(stack, [
    {
      name: "contoso",
      displayName: "Contoso (proxy)",
      identitySources: [{ domainName: "contoso.com" }],
    },
  ]);
  emulator.clearRequests();

  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  const tunnels = proxy.tunnels();
  expect(tunnels[`127.0.0.1:${port}`]).toBeGreaterThan(0);
  expect(tunnels[`localhost:${port}`]).toBeGreaterThan(0);
  expect(tokenCalls(emulator).map((r) => r.status)).toEqual([200]);
  const writes = graphCalls(emulator).filter((r) => r.method === "POST");
  expect(writes.map((r) => r.status)).toEqual([201]);

  const destroy = await stack.destroy();
  expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
  expect(proxy.tunnels()[`localhost:${port}`]).toBeGreaterThan(tunnels[`localhost:${port}`]);
});

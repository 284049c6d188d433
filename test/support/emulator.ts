import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";

/** Where the test runner generated the CA it trusts through NODE_EXTRA_CA_CERTS. */
export const EMULATOR_DATA_DIR = path.resolve(__dirname, "../../.emulator");

export function startTestEmulator(): Promise<RunningEmulator> {
  return startEmulator({ port: 0, dataDir: EMULATOR_DATA_DIR });
}

/** Stack config that points the provider at the emulator with its read-write app. */
export function emulatorConfig(
  emulator: RunningEmulator,
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    "entra:tenantId": emulator.tenantId,
    "entra:clientId": emulator.clientId,
    "entra:clientSecret": emulator.clientSecret,
    "entra:graphEndpoint": emulator.graphUrl,
    "entra:authorityHost": emulator.authorityHost,
    ...overrides,
  };
}

/**
 * Jest hooks for a test file of the provider against one emulator: started once, reset and the
 * provider configured for its read-write app before each test. `started` receives the emulator.
 */
export function providerOnEmulator(started: (emulator: RunningEmulator) => void): void {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    started(emulator);
  });
  afterAll(() => emulator?.stop());
  beforeEach(async () => {
    emulator?.reset();
    // Loaded here, so the support module stays free of the provider for the emulator's own tests.
    const provider = await import("../../provider");
    if (emulator) await provider.configure(configRequest(emulatorConfig(emulator)));
  });
}

export function configRequest(config: Record<string, string | undefined>) {
  return {
    config: { get: (key: string) => config[key], require: (key: string) => config[key] ?? "" },
  };
}

export { adminGraphClient } from "../../scripts/engine/adminGraphClient";

export const CONNECTED_ORGANIZATIONS =
  "/identityGovernance/entitlementManagement/connectedOrganizations";

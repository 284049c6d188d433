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

export function configRequest(config: Record<string, string | undefined>) {
  return {
    config: { get: (key: string) => config[key], require: (key: string) => config[key] ?? "" },
  };
}

export { adminGraphClient } from "../../scripts/engine/adminGraphClient";

export const CONNECTED_ORGANIZATIONS =
  "/identityGovernance/entitlementManagement/connectedOrganizations";

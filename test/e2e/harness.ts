import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Deployment, Stack } from "@pulumi/pulumi/automation";
import { RunningEmulator } from "../../emulator";
import { copyRootProgram } from "../../scripts/engine/emulatorProjects";
import { exportStoredState, openStack } from "../../scripts/engine/stack";

export { exportStoredState };

/** Jest's default timeout is far below what a deployment takes. */
export const DEPLOYMENT_TIMEOUT_MS = 180_000;

/** A copy of the root program in `.e2e/<name>`, with its own stack in a fresh backend. */
export function rootProgramStack(name: string, env: Record<string, string> = {}): Promise<Stack> {
  return projectStack(copyRootProgram(name), env);
}

/** A stack of an existing project directory (an example), in a fresh backend. */
export function projectStack(projectDir: string, env: Record<string, string> = {}): Promise<Stack> {
  const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-e2e-state-"));
  return openStack({ projectDir, stackName: "e2e", backendDir, env });
}

/** Stack config that points the provider at the emulator; the client secret as a secret. */
export async function configureForEmulator(stack: Stack, emulator: RunningEmulator) {
  await stack.setAllConfig({
    "entra:tenantId": { value: emulator.tenantId },
    "entra:clientId": { value: emulator.clientId },
    "entra:clientSecret": { value: emulator.clientSecret, secret: true },
    "entra:graphEndpoint": { value: emulator.graphUrl },
    "entra:authorityHost": { value: emulator.authorityHost },
  });
}

export function setOrganizations(stack: Stack, organizations: unknown[]) {
  return stack.setConfig("organizations", { value: JSON.stringify(organizations) });
}

export const graphCalls = (emulator: RunningEmulator) =>
  emulator.requests().filter((r) => r.kind === "graph");

export const tokenCalls = (emulator: RunningEmulator) =>
  emulator.requests().filter((r) => r.kind === "token");

/** Every ConnectedOrganization resource of an exported deployment. */
export function connectedOrganizationsIn(deployment: Deployment) {
  const resources =
    (deployment.deployment as { resources?: Record<string, unknown>[] }).resources ?? [];
  return resources.filter((r) => String(r.type).endsWith(":ConnectedOrganization")) as {
    id: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
  }[];
}

/** The stack's settings file, as written on disk. */
export function stackSettingsText(stack: Stack): string {
  return fs.readFileSync(path.join(stack.workspace.workDir, `Pulumi.${stack.name}.yaml`), "utf8");
}

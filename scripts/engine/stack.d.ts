import type { Deployment, Stack } from "@pulumi/pulumi/automation";

export interface OpenStackOptions {
  /** Directory holding Pulumi.yaml; the CLI reads Pulumi.<stack>.yaml from here too. */
  projectDir: string;
  /** Default "dev". */
  stackName?: string;
  /** Extra environment for the CLI and the language host and provider processes it starts. */
  env?: Record<string, string>;
  /** File backend directory; default <repo>/.pulumi/state. */
  backendDir?: string;
}

/** Selects or creates a stack of the project; its own program runs under the real CLI. */
export function openStack(options: OpenStackOptions): Promise<Stack>;

/**
 * `pulumi stack export` without --show-secrets: the state as stored, secrets
 * encrypted. stack.exportStack() decrypts them, so use this to prove that no
 * secret reaches state in clear.
 */
export function exportStoredState(stack: Stack): Promise<Deployment>;

/** Runs scripts/engine/install.sh once per process; returns the bin dir it prints. */
export function engineBinDir(): string;

/** PATH, PULUMI_HOME, PULUMI_BACKEND_URL, passphrase and no-network settings. */
export function offlineEnv(options?: {
  backendDir?: string;
  env?: Record<string, string>;
}): Record<string, string>;

export const repoRoot: string;

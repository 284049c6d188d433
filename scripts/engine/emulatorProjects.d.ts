import type { RunningEmulator } from "../../emulator";

/** Environment that points the provider at a running emulator, as a pipeline would. */
export function emulatorEnv(emulator: RunningEmulator): Record<string, string>;

/** A fresh copy of the root program in `.e2e/<name>`; returns the project directory. */
export function copyRootProgram(name: string): string;

/** The environment without Azure and Pulumi settings from the shell; an empty passphrase. */
export function hermeticEnv(env?: NodeJS.ProcessEnv): Record<string, string | undefined>;

import { execFile } from "node:child_process";
import * as path from "node:path";
import { RunningEmulator } from "../../emulator";
import { emulatorEnv, hermeticEnv } from "../../scripts/engine/emulatorProjects";

const BIN = path.resolve(__dirname, "../../dist/cli/main.js");

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `pulumi-entra-connected-organizations export` in its own process, signed in to
 * the emulator through the environment as a pipeline would be. Asynchronous, so an emulator
 * running in this process keeps answering.
 */
export function runExport(
  emulator: RunningEmulator,
  args: string[],
  /** Variables to set; one given as undefined is left out. */
  env: Record<string, string | undefined> = {},
): Promise<CommandResult> {
  const merged = { ...hermeticEnv(), ...emulatorEnv(emulator), ...env };
  const defined = Object.entries(merged).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, "export", ...args],
      { env: Object.fromEntries(defined), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

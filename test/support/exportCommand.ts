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
  env: Record<string, string> = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, "export", ...args],
      { env: { ...hermeticEnv(), ...emulatorEnv(emulator), ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

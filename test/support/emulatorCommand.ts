import { execFile, spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { emulatorEnvironment } from "../../cli/emulatorEnvironment";
import { hermeticEnv } from "../../scripts/engine/emulatorProjects";
import type { CommandResult } from "./exportCommand";

const BIN = path.resolve(__dirname, "../../dist/cli/main.js");
const PROBE = path.resolve(__dirname, "providerProbe.js");
const READY_TIMEOUT_MS = 60_000;

/** The variables the emulator prints, in the order it prints them. */
export const PRINTED_VARIABLES = Object.keys(
  emulatorEnvironment({
    caPath: "ca.pem",
    tenantId: "",
    clientId: "",
    clientSecret: "",
    graphUrl: "",
    authorityHost: "",
  }),
);

export interface EmulatorProcess {
  child: ChildProcess;
  /** Everything printed on stdout once it was ready. */
  output: string;
  /** The `export` lines of the output, as name → value. */
  exported: Record<string, string>;
  stop(): Promise<void>;
}

/** `export NAME=value` lines, undoing the single quotes the emulator puts around some values. */
export function parseExports(output: string): Record<string, string> {
  const exported: Record<string, string> = {};
  for (const match of output.matchAll(/^export ([A-Z0-9_]+)=(?:'((?:[^']|'\\'')*)'|(\S*))$/gm)) {
    exported[match[1]] = match[2] !== undefined ? match[2].replace(/'\\''/g, "'") : match[3];
  }
  return exported;
}

/** The shell's view of the environment: only the variables set on top of the hermetic one. */
function commandEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...hermeticEnv(), ...env };
}

/**
 * Starts the built `pulumi-entra-connected-organizations emulator` in its own process and waits
 * until it has printed every setting to export.
 */
export function startEmulatorCommand(
  args: string[],
  env: Record<string, string>,
): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [BIN, "emulator", ...args], {
    env: commandEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the emulator printed no settings in time:\n${stdout}${stderr}`));
    }, READY_TIMEOUT_MS);
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const exported = parseExports(stdout);
      if (PRINTED_VARIABLES.every((name) => name in exported)) {
        clearTimeout(timer);
        resolve({ child, output: stdout, exported, stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code} before it was ready:\n${stderr}`));
    });
  });
}

/** Runs the emulator command expecting it to stop by itself (--help, a bad setting). */
export function runEmulatorCommand(
  args: string[],
  env: Record<string, string> = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, "emulator", ...args],
      { env: commandEnv(env) },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

export interface ProbeResult {
  graphEndpoint: string;
  authorityHost: string;
  credential: string;
  tenantId: string;
  accessToken: string;
  organizations: number;
}

/**
 * Evaluates `output` in a POSIX shell, as a user or a CI step would, then signs in and lists
 * connected organizations through the provider's own settings with what the shell exported.
 */
export function probeWithPrintedSettings(output: string): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    execFile(
      "sh",
      ["-c", 'eval "$1" && exec "$2" "$3"', "sh", output, process.execPath, PROBE],
      { env: commandEnv({}) },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`the probe failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as ProbeResult);
      },
    );
  });
}

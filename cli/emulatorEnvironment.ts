import * as path from "node:path";
import type { RunningEmulator } from "../emulator/types";
import { SETTING_SOURCES } from "../provider/auth/settingKeys";

type EmulatorAddress = Pick<
  RunningEmulator,
  "caPath" | "tenantId" | "clientId" | "clientSecret" | "graphUrl" | "authorityHost"
> &
  Partial<Pick<RunningEmulator, "cloud">>;

/**
 * The environment that points the provider (and any Node process using @azure/identity) at a
 * running emulator: the first variable the provider reads for each setting, and the CA to trust.
 * The cloud is named only when it is not public, the provider's default.
 */
export function emulatorEnvironment(emulator: EmulatorAddress): Record<string, string> {
  return {
    NODE_EXTRA_CA_CERTS: path.resolve(emulator.caPath),
    [SETTING_SOURCES.tenantId[0]]: emulator.tenantId,
    [SETTING_SOURCES.clientId[0]]: emulator.clientId,
    [SETTING_SOURCES.clientSecret[0]]: emulator.clientSecret,
    [SETTING_SOURCES.graphEndpoint[0]]: emulator.graphUrl,
    [SETTING_SOURCES.authorityHost[0]]: emulator.authorityHost,
    ...(emulator.cloud !== undefined && emulator.cloud !== "public"
      ? { [SETTING_SOURCES.environment[0]]: emulator.cloud }
      : {}),
  };
}

function singleLine(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`${name} would span lines: ${JSON.stringify(value)}`);
  return value;
}

/** Values made only of these characters mean the same to a shell quoted or not. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

function shellWord(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export NAME=value` lines a POSIX shell can eval, values quoted where needed. */
export function shellExports(environment: Record<string, string>): string {
  return Object.entries(environment)
    .map(([name, value]) => `export ${name}=${shellWord(singleLine(name, value))}`)
    .join("\n");
}

/** `NAME=value` lines, as $GITHUB_ENV, docker --env-file and dotenv read them. */
export function envFileLines(environment: Record<string, string>): string {
  return Object.entries(environment)
    .map(([name, value]) => `${name}=${singleLine(name, value)}\n`)
    .join("");
}

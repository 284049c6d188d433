#!/usr/bin/env node
import { mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { writeFileAtomicSync } from "../emulator/server/atomicFiles";
import { readSeedFile } from "../emulator/server/seed";
import { LOOPBACK_HOSTS, startEmulator } from "../emulator/server/startEmulator";
import { EMULATOR_CLOUDS, isEmulatorCloud } from "../emulator/entra/graphResources";
import type { EmulatorCloud, RunningEmulator, SeedData } from "../emulator/types";
import { emulatorEnvironment, envFileLines, shellExports } from "./emulatorEnvironment";
import { faultsFromSettings } from "./emulatorFaults";
import { SettingError, integer, readSettings, text, usage, type Setting } from "./emulatorOptions";

const PORT_MAX = 65_535;

function loopbackHost(setting: Setting<string>): string | undefined {
  const host = text(setting);
  if (host !== undefined && !LOOPBACK_HOSTS.includes(host)) {
    throw new SettingError(
      `${setting.source} is '${host}'; the emulator listens on loopback only: ${LOOPBACK_HOSTS.join(", ")}`,
    );
  }
  return host;
}

function cloudFrom(setting: Setting<string>): EmulatorCloud | undefined {
  const cloud = text(setting);
  if (cloud !== undefined && !isEmulatorCloud(cloud)) {
    throw new SettingError(
      `${setting.source} is '${cloud}'; allowed: ${EMULATOR_CLOUDS.join(", ")}`,
    );
  }
  return cloud;
}

async function seedFrom(setting: Setting<string>): Promise<SeedData | undefined> {
  const file = text(setting);
  if (file === undefined) return undefined;
  try {
    return await readSeedFile(file);
  } catch (error) {
    throw new SettingError(
      `${setting.source} (${file}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** What the emulator prints once it listens: comments for people, `export` lines for a shell. */
function banner(
  emulator: RunningEmulator,
  environment: Record<string, string>,
  files: { record?: string; envFile?: string },
): string {
  const lines = [
    "Microsoft Graph + Entra token service emulator",
    "",
    `  Graph URL:       ${emulator.graphUrl}   (use ${emulator.graphUrl}/v1.0 or /beta)`,
    `  Authority host:  ${emulator.authorityHost}`,
    `  Tenant id:       ${emulator.tenantId}`,
    `  Client id:       ${emulator.clientId}`,
    `  Client secret:   ${emulator.clientSecret}`,
    `  Control API:     ${emulator.graphUrl}/_emulator/requests, /_emulator/faults, /_emulator/reset`,
    ...(files.record ? [`  Recording to:    ${files.record}`] : []),
    ...(files.envFile ? [`  Settings file:   ${files.envFile}`] : []),
    "",
    "The provider, and every Node process that talks to the emulator, need the settings below.",
    "Run them in your shell; the whole output can be eval'd, as every other line is a comment.",
  ];
  return `${lines.map((line) => (line ? `# ${line}` : "#")).join("\n")}\n${shellExports(environment)}\n`;
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), process.env);
  if (settings === "help") {
    console.log(usage());
    return;
  }
  const recordFile = text(settings.record);
  const envFile = text(settings["settings-file"]);
  const options = {
    port: integer(settings.port, PORT_MAX),
    host: loopbackHost(settings.host),
    dataDir: text(settings["data-dir"]),
    persistFile: text(settings.persist),
    seed: await seedFrom(settings.seed),
    tokenLifetimeSeconds: integer(settings["token-lifetime"]),
    cloud: cloudFrom(settings.cloud),
    faults: faultsFromSettings(settings),
    recordFile,
  };
  if (envFile) rmSync(envFile, { force: true });

  const emulator = await startEmulator(options);
  const environment = emulatorEnvironment(emulator);
  process.stdout.write(
    banner(emulator, environment, {
      ...(recordFile ? { record: path.resolve(recordFile) } : {}),
      ...(envFile ? { envFile: path.resolve(envFile) } : {}),
    }),
  );
  // Last, so that once the file is there the output above is complete too.
  if (envFile) {
    mkdirSync(path.dirname(path.resolve(envFile)), { recursive: true });
    writeFileAtomicSync(path.resolve(envFile), envFileLines(environment), 0o600);
  }
  const shutdown = (signal: string) => {
    process.stderr.write(`${signal}: stopping the emulator\n`);
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SettingError) {
    process.stderr.write(`emulator: ${message}; see --help\n`);
    process.exit(2);
  }
  process.stderr.write(`emulator: ${message}\n`);
  process.exit(1);
});

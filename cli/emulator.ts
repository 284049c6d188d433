#!/usr/bin/env node
import * as path from "node:path";
import { parseArgs } from "node:util";
import { validateFault } from "../emulator/server/faults";
import { readSeedFile } from "../emulator/server/seed";
import { startEmulator } from "../emulator/server/startEmulator";
import type { FaultSpec } from "../emulator/types";

const USAGE = `Usage: npm run emulator -- [options]

  --port <n>               HTTPS port on loopback (default 8443; 0 picks a free one)
  --host <addr>            127.0.0.1 (default), ::1 or localhost
  --data-dir <dir>         CA, server certificate and demo app secrets (default .emulator)
  --persist <file>         keep connected organizations in this JSON file across restarts
  --seed <file>            seed JSON (SeedData) replacing parts of the demo seed
  --token-lifetime <s>     access token lifetime in seconds (default 3600)

Faults (off by default; each applies to Graph routes unless --fault-route is given):
  --throttle-count <n>     answer the next n requests 429 (client stays throttled until Retry-After)
  --retry-after <s>        Retry-After for throttling and --fault-status, whole or fractional
                           seconds, e.g. 2 or 1.5 (default 1)
  --retry-after-date       send that Retry-After as an HTTP date instead of seconds
  --fault-status <code>    answer with this status (e.g. 503, 504) ...
  --fault-count <n>        ... for the next n requests (default: every request)
  --status-after-write <code>
                           let POSTs commit, then answer this status (500, 502 with an HTML
                           page, 504), for the next --fault-count of them (default: every one)
  --latency-ms <ms>        delay every response
  --read-lag-ms <ms>       objects written less than ms ago answer 404 to GET
  --reset-before-write <n> drop the connection of the next n POSTs before they are handled
  --reset-after-write <n>  drop the connection of the next n POSTs after they commit
  --fault-method <m>       only fault this HTTP method (writes default to POST)
  --fault-route <text>     only fault paths containing text (or /regex/)
  --help`;

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`${flag} expects a whole number, got '${value}'`);
  return Number(value);
}

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw new Error(`${flag} expects seconds such as 2 or 1.5, got '${value}'`);
  }
  return Number(value);
}

function faultsFromFlags(values: Record<string, string | boolean | undefined>): FaultSpec[] {
  const text = (name: string) =>
    typeof values[name] === "string" ? (values[name] as string) : undefined;
  const method = text("fault-method")?.toUpperCase();
  const route = text("fault-route");
  const retryAfterSeconds = seconds(text("retry-after"), "--retry-after");
  const retryAfterFormat = values["retry-after-date"] === true ? "http-date" : undefined;
  const scope = { ...(method ? { method } : {}), ...(route ? { route } : {}) };
  const waitFormat: Pick<FaultSpec, "retryAfterFormat"> = retryAfterFormat
    ? { retryAfterFormat }
    : {};
  const faults: FaultSpec[] = [];
  const throttleCount = integer(text("throttle-count"), "--throttle-count");
  if (throttleCount) {
    faults.push({
      kind: "throttle",
      count: throttleCount,
      retryAfterSeconds: retryAfterSeconds ?? 1,
      ...waitFormat,
      ...scope,
    });
  }
  const status = integer(text("fault-status"), "--fault-status");
  if (status) {
    const count = integer(text("fault-count"), "--fault-count");
    faults.push({
      kind: "status",
      status,
      ...(count ? { count } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds, ...waitFormat } : {}),
      ...scope,
    });
  }
  const latencyMs = integer(text("latency-ms"), "--latency-ms");
  if (latencyMs) faults.push({ kind: "latency", latencyMs, ...scope });
  const lagMs = integer(text("read-lag-ms"), "--read-lag-ms");
  if (lagMs) faults.push({ kind: "read-lag", lagMs, ...scope });
  const writeScope = { method: method ?? "POST", ...(route ? { route } : {}) };
  const resetBefore = integer(text("reset-before-write"), "--reset-before-write");
  if (resetBefore) faults.push({ kind: "reset-before", count: resetBefore, ...writeScope });
  const resetAfter = integer(text("reset-after-write"), "--reset-after-write");
  if (resetAfter) faults.push({ kind: "reset-after", count: resetAfter, ...writeScope });
  const statusAfter = integer(text("status-after-write"), "--status-after-write");
  if (statusAfter) {
    const count = integer(text("fault-count"), "--fault-count");
    faults.push({
      kind: "status-after",
      status: statusAfter,
      ...(count ? { count } : {}),
      ...writeScope,
    });
  }
  return faults.map(validateFault);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8443" },
      host: { type: "string", default: "127.0.0.1" },
      "data-dir": { type: "string", default: ".emulator" },
      persist: { type: "string" },
      seed: { type: "string" },
      "token-lifetime": { type: "string" },
      "throttle-count": { type: "string" },
      "retry-after": { type: "string" },
      "retry-after-date": { type: "boolean", default: false },
      "status-after-write": { type: "string" },
      "fault-status": { type: "string" },
      "fault-count": { type: "string" },
      "latency-ms": { type: "string" },
      "read-lag-ms": { type: "string" },
      "reset-before-write": { type: "string" },
      "reset-after-write": { type: "string" },
      "fault-method": { type: "string" },
      "fault-route": { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator({
    port: integer(values.port, "--port"),
    host: values.host,
    dataDir: values["data-dir"],
    persistFile: values.persist,
    seed: values.seed ? await readSeedFile(values.seed) : undefined,
    tokenLifetimeSeconds: integer(values["token-lifetime"], "--token-lifetime"),
    faults: faultsFromFlags(values),
  });
  console.log(`Microsoft Graph + Entra token service emulator

  Graph URL:       ${emulator.graphUrl}   (use ${emulator.graphUrl}/v1.0 or /beta)
  Authority host:  ${emulator.authorityHost}
  Tenant id:       ${emulator.tenantId}
  Client id:       ${emulator.clientId}
  Client secret:   ${emulator.clientSecret}
  Control API:     ${emulator.graphUrl}/_emulator/requests, /_emulator/faults, /_emulator/reset

Trust its certificate authority in every Node process that talks to it:

export NODE_EXTRA_CA_CERTS=${path.resolve(emulator.caPath)}
`);
  const shutdown = (signal: string) => {
    console.log(`\n${signal}: stopping the emulator`);
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`emulator: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(2);
});

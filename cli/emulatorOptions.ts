import { parseArgs } from "node:util";

/** Every option has an environment variable: this prefix and the option in upper snake case. */
export const ENV_PREFIX = "ENTRA_EMULATOR_";

interface OptionSpec {
  type: "string" | "boolean";
  /** What the value looks like in --help, e.g. "<n>". */
  value?: string;
  default?: string;
  group: "Server" | "Faults";
  /** --help text; "\n" starts another line. */
  help: string;
}

/** The emulator's options, in --help order. Flags, variables and --help all come from here. */
export const EMULATOR_OPTIONS = {
  port: {
    type: "string",
    value: "<n>",
    default: "8443",
    group: "Server",
    help: "HTTPS port on loopback (default 8443; 0 picks a free one)",
  },
  host: {
    type: "string",
    value: "<addr>",
    default: "127.0.0.1",
    group: "Server",
    help: "127.0.0.1 (default), ::1 or localhost",
  },
  "data-dir": {
    type: "string",
    value: "<dir>",
    default: ".emulator",
    group: "Server",
    help: "CA, server certificate and demo app secrets (default .emulator)",
  },
  persist: {
    type: "string",
    value: "<file>",
    group: "Server",
    help: "keep connected organizations in this JSON file across restarts",
  },
  seed: {
    type: "string",
    value: "<file>",
    group: "Server",
    help: "seed JSON (SeedData) replacing parts of the demo seed",
  },
  "token-lifetime": {
    type: "string",
    value: "<s>",
    group: "Server",
    help: "access token lifetime in seconds (default 3600)",
  },
  cloud: {
    type: "string",
    value: "<name>",
    default: "public",
    group: "Server",
    help:
      "the cloud stood in for, as entra:environment names it: public (default), usgovernmentl4,\n" +
      "usgovernmentl5 or china; tokens are issued and accepted for its Graph resource only",
  },
  // Not --env-file: Node takes that flag as its own from anywhere in its arguments.
  "settings-file": {
    type: "string",
    value: "<file>",
    group: "Server",
    help:
      "once listening, write the settings to export as KEY=value lines to this file (replaced,\n" +
      "never appended; it is removed at start, so its appearance means ready), e.g. for $GITHUB_ENV",
  },
  record: {
    type: "string",
    value: "<file>",
    group: "Server",
    help:
      "write every request and its answer to this file, one JSON object a line, with tokens,\n" +
      "secrets and assertions redacted (the file is replaced at start)",
  },
  "throttle-count": {
    type: "string",
    value: "<n>",
    group: "Faults",
    help: "answer the next n requests 429 (client stays throttled until Retry-After)",
  },
  "retry-after": {
    type: "string",
    value: "<s>",
    group: "Faults",
    help:
      "Retry-After for throttling and --fault-status, whole or fractional seconds,\n" +
      "e.g. 2 or 1.5 (default 1)",
  },
  "retry-after-date": {
    type: "boolean",
    group: "Faults",
    help: "send that Retry-After as an HTTP date instead of seconds",
  },
  "fault-status": {
    type: "string",
    value: "<code>",
    group: "Faults",
    help: "answer with this status (e.g. 503, 504) ...",
  },
  "fault-count": {
    type: "string",
    value: "<n>",
    group: "Faults",
    help: "... for the next n requests (default: every request)",
  },
  "status-after-write": {
    type: "string",
    value: "<code>",
    group: "Faults",
    help:
      "let POSTs commit, then answer this status (500, 502 with an HTML page, 504), for the\n" +
      "next --fault-count of them (default: every one)",
  },
  "latency-ms": { type: "string", value: "<ms>", group: "Faults", help: "delay every response" },
  "read-lag-ms": {
    type: "string",
    value: "<ms>",
    group: "Faults",
    help: "objects written less than ms ago answer 404 to GET",
  },
  "reset-before-write": {
    type: "string",
    value: "<n>",
    group: "Faults",
    help: "drop the connection of the next n POSTs before they are handled",
  },
  "reset-after-write": {
    type: "string",
    value: "<n>",
    group: "Faults",
    help: "drop the connection of the next n POSTs after they commit",
  },
  "fault-method": {
    type: "string",
    value: "<m>",
    group: "Faults",
    help: "only fault this HTTP method (writes default to POST)",
  },
  "fault-route": {
    type: "string",
    value: "<text>",
    group: "Faults",
    help: "only fault paths containing text (or /regex/)",
  },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof EMULATOR_OPTIONS;

const NAMES = Object.keys(EMULATOR_OPTIONS) as OptionName[];

/** A bad flag or variable: exit status 2. */
export class SettingError extends Error {}

/** The environment variable of an option: `data-dir` → `ENTRA_EMULATOR_DATA_DIR`. */
export function envName(option: OptionName): string {
  return `${ENV_PREFIX}${option.toUpperCase().replace(/-/g, "_")}`;
}

/** A setting's value and where it came from (`--port`, `ENTRA_EMULATOR_PORT`, or `default`). */
export interface Setting<T> {
  value: T | undefined;
  source: string;
}

export type Settings = { [K in OptionName]: Setting<string> };

/**
 * The flags win over the variables, which win over the defaults. Blank variables count as unset.
 * "help" when --help is given: the variables are not read then.
 */
export function readSettings(argv: string[], env: NodeJS.ProcessEnv): Settings | "help" {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(NAMES.map((name) => [name, { type: EMULATOR_OPTIONS[name].type }])),
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new SettingError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return "help";
  checkVariableNames(env);
  const settings = {} as Settings;
  for (const name of NAMES) {
    const spec: OptionSpec = EMULATOR_OPTIONS[name];
    const flag = values[name];
    const variable = env[envName(name)]?.trim();
    if (flag !== undefined) {
      settings[name] = { value: flag === true ? "true" : String(flag), source: `--${name}` };
    } else if (variable !== undefined && variable !== "") {
      settings[name] = {
        value: spec.type === "boolean" ? onOff(variable, envName(name)) : variable,
        source: envName(name),
      };
    } else {
      settings[name] = { value: spec.default, source: "default" };
    }
  }
  return settings;
}

function onOff(value: string, source: string): string {
  const lower = value.toLowerCase();
  if (lower === "true" || lower === "1") return "true";
  if (lower === "false" || lower === "0") return "false";
  throw new SettingError(`${source} is '${value}'; allowed: true, false, 1 or 0`);
}

function checkVariableNames(env: NodeJS.ProcessEnv): void {
  const known = new Set(NAMES.map(envName));
  for (const name of Object.keys(env)) {
    if (name.startsWith(ENV_PREFIX) && !known.has(name)) {
      throw new SettingError(
        `${name} is not an emulator setting; the variables are ${[...known].join(", ")}`,
      );
    }
  }
}

export function integer(
  setting: Setting<string>,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const { value, source } = setting;
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new SettingError(
      `${source} expects a whole number${max < Number.MAX_SAFE_INTEGER ? ` from 0 to ${max}` : ""}, got '${value}'`,
    );
  }
  return Number(value);
}

export function seconds(setting: Setting<string>): number | undefined {
  const { value, source } = setting;
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw new SettingError(`${source} expects seconds such as 2 or 1.5, got '${value}'`);
  }
  return Number(value);
}

export function text(setting: Setting<string>): string | undefined {
  if (setting.value === "") throw new SettingError(`${setting.source} needs a value`);
  return setting.value;
}

/** The --help text, with each option's variable. */
export function usage(): string {
  const lines = [
    "Usage: pulumi-entra-connected-organizations emulator [options]",
    "       (in this repository: npm run emulator -- [options])",
    "",
    "Runs Microsoft Graph and the Entra token service offline, over HTTPS on loopback, and",
    "prints the settings that point the provider at it as shell `export` lines.",
    "",
    `Each option can also be set by its environment variable, ${ENV_PREFIX} and the option in`,
    "upper case with _ for -, shown in brackets. An option given on the command line wins over",
    "its variable; a blank variable counts as unset; an on/off variable takes true, false, 1 or 0.",
  ];
  for (const group of ["Server", "Faults"] as const) {
    lines.push(
      "",
      group === "Server"
        ? "Server:"
        : "Faults (off by default; each applies to Graph routes unless --fault-route is given):",
    );
    for (const name of NAMES.filter((n) => EMULATOR_OPTIONS[n].group === group)) {
      const spec: OptionSpec = EMULATOR_OPTIONS[name];
      lines.push(`  --${name}${spec.value ? ` ${spec.value}` : ""}  [${envName(name)}]`);
      for (const helpLine of spec.help.split("\n")) lines.push(`      ${helpLine}`);
    }
  }
  lines.push("", "  --help, -h  this text");
  return lines.join("\n");
}

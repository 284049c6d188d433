import { execFileSync } from "node:child_process";
import { envFileLines, shellExports } from "../../cli/emulatorEnvironment";
import { faultsFromSettings } from "../../cli/emulatorFaults";
import {
  EMULATOR_OPTIONS,
  envName,
  readSettings,
  type OptionName,
  type Settings,
} from "../../cli/emulatorOptions";

/** The settings, when --help is not asked for. */
function read(argv: string[], env: NodeJS.ProcessEnv): Settings {
  const settings = readSettings(argv, env);
  if (settings === "help") throw new Error("--help was not given");
  return settings;
}

test("--help is answered whatever the variables hold", () => {
  expect(readSettings(["--help"], { ENTRA_EMULATOR_PROT: "0" })).toBe("help");
  expect(() => readSettings([], { ENTRA_EMULATOR_PROT: "0" })).toThrow(
    "ENTRA_EMULATOR_PROT is not an emulator setting",
  );
});

test("each option's variable is ENTRA_EMULATOR_ and its name in upper snake case", () => {
  expect(envName("port")).toBe("ENTRA_EMULATOR_PORT");
  expect(envName("data-dir")).toBe("ENTRA_EMULATOR_DATA_DIR");
  expect(envName("retry-after-date")).toBe("ENTRA_EMULATOR_RETRY_AFTER_DATE");
  const names = (Object.keys(EMULATOR_OPTIONS) as OptionName[]).map(envName);
  expect(names.every((name) => /^ENTRA_EMULATOR_[A-Z]+(_[A-Z]+)*$/.test(name))).toBe(true);
});

test("a flag wins over its variable, a variable over the default; blank variables are unset", () => {
  const settings = read(["--port", "9000"], {
    ENTRA_EMULATOR_PORT: "9100",
    ENTRA_EMULATOR_DATA_DIR: "/tmp/from-variable",
    ENTRA_EMULATOR_HOST: "  ",
  });
  expect(settings.port).toEqual({ value: "9000", source: "--port" });
  expect(settings["data-dir"]).toEqual({
    value: "/tmp/from-variable",
    source: "ENTRA_EMULATOR_DATA_DIR",
  });
  expect(settings.host).toEqual({ value: "127.0.0.1", source: "default" });
  expect(settings.record).toEqual({ value: undefined, source: "default" });
  expect(settings.cloud).toEqual({ value: "public", source: "default" });
  expect(read([], { ENTRA_EMULATOR_CLOUD: "china" }).cloud).toEqual({
    value: "china",
    source: "ENTRA_EMULATOR_CLOUD",
  });
});

test.each([
  ["true", "http-date"],
  ["1", "http-date"],
  ["TRUE", "http-date"],
  ["false", undefined],
  ["0", undefined],
])("ENTRA_EMULATOR_RETRY_AFTER_DATE=%s", (value, format) => {
  const settings = read([], {
    ENTRA_EMULATOR_THROTTLE_COUNT: "2",
    ENTRA_EMULATOR_RETRY_AFTER: "1.5",
    ENTRA_EMULATOR_RETRY_AFTER_DATE: value,
  });
  expect(faultsFromSettings(settings)).toEqual([
    {
      kind: "throttle",
      count: 2,
      retryAfterSeconds: 1.5,
      ...(format ? { retryAfterFormat: format } : {}),
    },
  ]);
});

test("faults from variables keep their scope", () => {
  const settings = read([], {
    ENTRA_EMULATOR_STATUS_AFTER_WRITE: "504",
    ENTRA_EMULATOR_FAULT_COUNT: "1",
    ENTRA_EMULATOR_FAULT_ROUTE: "connectedOrganizations",
    ENTRA_EMULATOR_LATENCY_MS: "10",
  });
  expect(faultsFromSettings(settings)).toEqual([
    { kind: "latency", latencyMs: 10, route: "connectedOrganizations" },
    {
      kind: "status-after",
      status: 504,
      count: 1,
      method: "POST",
      route: "connectedOrganizations",
    },
  ]);
});

test("a bad route names the variable it came from", () => {
  const settings = read([], {
    ENTRA_EMULATOR_THROTTLE_COUNT: "1",
    ENTRA_EMULATOR_FAULT_ROUTE: "/(/",
  });
  expect(() => faultsFromSettings(settings)).toThrow(
    /^ENTRA_EMULATOR_THROTTLE_COUNT, ENTRA_EMULATOR_FAULT_ROUTE: /,
  );
});

test("the export lines survive a shell's eval whatever the value holds", () => {
  const environment = { A: 'it\'s $HOME `id` "quoted" \\ back', B: "", C: "/plain/path.pem" };
  const printed = execFileSync(
    "sh",
    ["-c", 'eval "$1" && printf "%s|%s|%s" "$A" "$B" "$C"', "sh", shellExports(environment)],
    { encoding: "utf8" },
  );
  expect(printed).toBe(`${environment.A}||${environment.C}`);
  expect(shellExports({ C: environment.C })).toBe(`export C=${environment.C}`);
});

test("values that would span lines are refused, not written", () => {
  expect(() => envFileLines({ A: "one\ntwo" })).toThrow("A would span lines");
  expect(() => shellExports({ A: "one\rtwo" })).toThrow("A would span lines");
});

import { validateFault } from "../emulator/server/faults";
import type { FaultSpec } from "../emulator/types";
import {
  SettingError,
  integer,
  seconds,
  text,
  type Setting,
  type Settings,
} from "./emulatorOptions";

/** A fault checked by the emulator's own rules; a refusal names the flag or variable behind it. */
function checked(fault: FaultSpec, ...sources: Setting<string>[]): FaultSpec {
  try {
    return validateFault(fault);
  } catch (error) {
    const names = sources
      .filter((source) => source.value !== undefined)
      .map((s) => s.source)
      .join(", ");
    throw new SettingError(`${names}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const HTTP_STATUS_MAX = 599;

/** The faults the settings turn on from the start. */
export function faultsFromSettings(settings: Settings): FaultSpec[] {
  const methodSetting = settings["fault-method"];
  const routeSetting = settings["fault-route"];
  const method = text(methodSetting)?.toUpperCase();
  const route = text(routeSetting);
  const scopeSources = [methodSetting, routeSetting];
  const retryAfterSeconds = seconds(settings["retry-after"]);
  const retryAfterFormat = settings["retry-after-date"].value === "true" ? "http-date" : undefined;
  const scope = { ...(method ? { method } : {}), ...(route ? { route } : {}) };
  const waitFormat: Pick<FaultSpec, "retryAfterFormat"> = retryAfterFormat
    ? { retryAfterFormat }
    : {};
  const count = integer(settings["fault-count"]);
  const faults: FaultSpec[] = [];

  const throttleCount = integer(settings["throttle-count"]);
  if (throttleCount) {
    faults.push(
      checked(
        {
          kind: "throttle",
          count: throttleCount,
          retryAfterSeconds: retryAfterSeconds ?? 1,
          ...waitFormat,
          ...scope,
        },
        settings["throttle-count"],
        ...scopeSources,
      ),
    );
  }
  const status = integer(settings["fault-status"], HTTP_STATUS_MAX);
  if (status) {
    faults.push(
      checked(
        {
          kind: "status",
          status,
          ...(count ? { count } : {}),
          ...(retryAfterSeconds !== undefined ? { retryAfterSeconds, ...waitFormat } : {}),
          ...scope,
        },
        settings["fault-status"],
        ...scopeSources,
      ),
    );
  }
  const latencyMs = integer(settings["latency-ms"]);
  if (latencyMs) {
    faults.push(
      checked({ kind: "latency", latencyMs, ...scope }, settings["latency-ms"], ...scopeSources),
    );
  }
  const lagMs = integer(settings["read-lag-ms"]);
  if (lagMs) {
    faults.push(
      checked({ kind: "read-lag", lagMs, ...scope }, settings["read-lag-ms"], ...scopeSources),
    );
  }

  const writeScope = { method: method ?? "POST", ...(route ? { route } : {}) };
  const resetBefore = integer(settings["reset-before-write"]);
  if (resetBefore) {
    faults.push(
      checked(
        { kind: "reset-before", count: resetBefore, ...writeScope },
        settings["reset-before-write"],
        ...scopeSources,
      ),
    );
  }
  const resetAfter = integer(settings["reset-after-write"]);
  if (resetAfter) {
    faults.push(
      checked(
        { kind: "reset-after", count: resetAfter, ...writeScope },
        settings["reset-after-write"],
        ...scopeSources,
      ),
    );
  }
  const statusAfter = integer(settings["status-after-write"], HTTP_STATUS_MAX);
  if (statusAfter) {
    faults.push(
      checked(
        { kind: "status-after", status: statusAfter, ...(count ? { count } : {}), ...writeScope },
        settings["status-after-write"],
        ...scopeSources,
      ),
    );
  }
  return faults;
}

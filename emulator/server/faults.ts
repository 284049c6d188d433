import { randomUUID } from "node:crypto";
import { isRecord } from "./routing";
import type { FaultSpec, RequestRecord } from "../types";

const KINDS: readonly FaultSpec["kind"][] = [
  "throttle",
  "status",
  "status-after",
  "latency",
  "reset-before",
  "reset-after",
  "read-lag",
];

/** Retry-After of a throttle fault that does not set one. */
export const DEFAULT_THROTTLE_RETRY_AFTER_SECONDS = 1;

export interface FaultTarget {
  method: string;
  path: string;
  route: string;
  kind: RequestRecord["kind"];
  /** Who is calling (app id when the bearer token verifies, else the remote address). */
  clientKey: string;
}

export interface FaultDecision {
  resetBefore: boolean;
  resetAfter: boolean;
  latencyMs: number;
  /** Answer with this status instead of handling the request. */
  reject?: { status: number; retryAfter?: string; kind: FaultSpec["kind"] };
  /** Handle the request (a write commits), then answer with this status instead. */
  statusAfter?: { status: number; retryAfter?: string };
  /** Set when a read-lag fault matches: true when an object written at changedAt must look absent. */
  hidesRecentWrite?: (changedAt: number) => boolean;
  applied: FaultSpec["kind"][];
}

interface ActiveFault {
  id: string;
  spec: FaultSpec;
  remaining?: number;
  /** Throttle faults: per client, the epoch ms until which every matching request gets 429. */
  throttledUntil: Map<string, number>;
}

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/** Checks a fault received as JSON and returns it typed; throws with a readable reason. */
export function validateFault(value: unknown): FaultSpec {
  if (!isRecord(value)) throw new Error("a fault must be a JSON object");
  const kind = value.kind;
  if (typeof kind !== "string" || !KINDS.includes(kind as FaultSpec["kind"])) {
    throw new Error(`kind must be one of ${KINDS.join(", ")}`);
  }
  const fault: FaultSpec = { kind: kind as FaultSpec["kind"] };
  if (value.method !== undefined) {
    if (typeof value.method !== "string") throw new Error("method must be a string");
    fault.method = value.method.toUpperCase();
  }
  if (value.route !== undefined) {
    if (typeof value.route !== "string" || value.route.length === 0) {
      throw new Error("route must be a non-empty string");
    }
    routeMatcher(value.route);
    fault.route = value.route;
  }
  if (value.count !== undefined) {
    if (!Number.isInteger(value.count) || (value.count as number) < 1) {
      throw new Error("count must be a positive integer");
    }
    fault.count = value.count as number;
  }
  if (value.fraction !== undefined) {
    if (!isNonNegativeNumber(value.fraction) || value.fraction > 1) {
      throw new Error("fraction must be a number between 0 and 1");
    }
    fault.fraction = value.fraction;
  }
  if (value.retryAfterSeconds !== undefined) {
    if (!isNonNegativeNumber(value.retryAfterSeconds)) {
      throw new Error("retryAfterSeconds must be a number of seconds, 0 or more (e.g. 2 or 1.5)");
    }
    fault.retryAfterSeconds = value.retryAfterSeconds;
  }
  if (value.retryAfterFormat !== undefined) {
    if (value.retryAfterFormat !== "seconds" && value.retryAfterFormat !== "http-date") {
      throw new Error('retryAfterFormat must be "seconds" or "http-date"');
    }
    fault.retryAfterFormat = value.retryAfterFormat;
  }
  if (value.status !== undefined) {
    if (
      !Number.isInteger(value.status) ||
      (value.status as number) < 400 ||
      (value.status as number) > 599
    ) {
      throw new Error("status must be an HTTP error status (400-599)");
    }
    fault.status = value.status as number;
  }
  if (value.latencyMs !== undefined) {
    if (!isNonNegativeNumber(value.latencyMs)) throw new Error("latencyMs must be >= 0");
    fault.latencyMs = value.latencyMs;
  }
  if (value.lagMs !== undefined) {
    if (!isNonNegativeNumber(value.lagMs)) throw new Error("lagMs must be >= 0");
    fault.lagMs = value.lagMs;
  }
  if (fault.kind === "status" && fault.status === undefined) {
    throw new Error("a status fault needs status (e.g. 503)");
  }
  if (fault.kind === "status-after" && fault.status === undefined) {
    throw new Error("a status-after fault needs status (e.g. 500, 502 or 504)");
  }
  if (fault.kind === "latency" && fault.latencyMs === undefined) {
    throw new Error("a latency fault needs latencyMs");
  }
  if (fault.kind === "read-lag" && fault.lagMs === undefined) {
    throw new Error("a read-lag fault needs lagMs");
  }
  return fault;
}

/** The Retry-After header a fault sends, and the moment the wait it asks for ends. */
function retryAfter(spec: FaultSpec, now: number): { header: string; until: number } {
  const seconds = spec.retryAfterSeconds ?? DEFAULT_THROTTLE_RETRY_AFTER_SECONDS;
  if (spec.retryAfterFormat === "http-date") {
    const until = Math.ceil((now + seconds * 1000) / 1000) * 1000;
    return { header: new Date(until).toUTCString(), until };
  }
  return { header: String(seconds), until: now + seconds * 1000 };
}

/** Retry-After for a request that comes back before the wait asked for has ended. */
function remainingRetryAfter(spec: FaultSpec, until: number, now: number): string {
  if (spec.retryAfterFormat === "http-date") return new Date(until).toUTCString();
  const seconds = spec.retryAfterSeconds ?? DEFAULT_THROTTLE_RETRY_AFTER_SECONDS;
  if (Number.isInteger(seconds)) return String(Math.max(1, Math.ceil((until - now) / 1000)));
  return String(Math.ceil(until - now) / 1000);
}

function routeMatcher(route: string): (text: string) => boolean {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(route);
  if (regex) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(regex[1], regex[2]);
    } catch {
      throw new Error(`route ${route} is not a valid regular expression`);
    }
    return (text) => pattern.test(text);
  }
  return (text) => text.includes(route);
}

/** The faults in force, and the throttling state of each client. */
export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): string {
    const fault = validateFault(spec);
    const id = randomUUID();
    this.faults.push({ id, spec: fault, remaining: fault.count, throttledUntil: new Map() });
    return id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): (FaultSpec & { id: string; remaining?: number })[] {
    return this.faults.map((fault) => ({
      ...fault.spec,
      id: fault.id,
      remaining: fault.remaining,
    }));
  }

  private matches(fault: ActiveFault, target: FaultTarget): boolean {
    if (target.kind === "control") return false;
    if (fault.spec.method && fault.spec.method.toUpperCase() !== target.method) return false;
    if (fault.spec.route === undefined) return target.kind === "graph";
    const test = routeMatcher(fault.spec.route);
    return test(target.path) || test(target.route);
  }

  /** Whether a matching fault fires for this request; uses up one of its count when it does. */
  private fires(fault: ActiveFault): boolean {
    if (fault.remaining !== undefined && fault.remaining <= 0) return false;
    if (fault.spec.fraction !== undefined && Math.random() >= fault.spec.fraction) return false;
    if (fault.remaining !== undefined) fault.remaining--;
    return true;
  }

  decide(target: FaultTarget, now = Date.now()): FaultDecision {
    const decision: FaultDecision = {
      resetBefore: false,
      resetAfter: false,
      latencyMs: 0,
      applied: [],
    };
    const matching = this.faults.filter((fault) => this.matches(fault, target));
    const byKind = (kind: FaultSpec["kind"]) => matching.filter((f) => f.spec.kind === kind);

    if (byKind("reset-before").some((fault) => this.fires(fault))) {
      decision.resetBefore = true;
      decision.applied.push("reset-before");
      return decision;
    }
    for (const fault of byKind("latency")) {
      if (this.fires(fault)) {
        decision.latencyMs += fault.spec.latencyMs ?? 0;
        decision.applied.push("latency");
      }
    }
    for (const fault of matching) {
      if (fault.spec.kind === "throttle") {
        const until = fault.throttledUntil.get(target.clientKey);
        if (until !== undefined && until > now) {
          decision.reject = {
            status: 429,
            retryAfter: remainingRetryAfter(fault.spec, until, now),
            kind: "throttle",
          };
        } else if (this.fires(fault)) {
          const wait = retryAfter(fault.spec, now);
          fault.throttledUntil.set(target.clientKey, wait.until);
          decision.reject = { status: 429, retryAfter: wait.header, kind: "throttle" };
        }
      } else if (fault.spec.kind === "status" && this.fires(fault)) {
        decision.reject = {
          status: fault.spec.status ?? 503,
          ...(fault.spec.retryAfterSeconds !== undefined
            ? { retryAfter: retryAfter(fault.spec, now).header }
            : {}),
          kind: "status",
        };
      }
      if (decision.reject) {
        decision.applied.push(decision.reject.kind);
        return decision;
      }
    }
    if (byKind("reset-after").some((fault) => this.fires(fault))) {
      decision.resetAfter = true;
      decision.applied.push("reset-after");
    } else {
      const after = byKind("status-after").find((fault) => this.fires(fault));
      if (after) {
        decision.statusAfter = {
          status: after.spec.status ?? 500,
          ...(after.spec.retryAfterSeconds !== undefined
            ? { retryAfter: retryAfter(after.spec, now).header }
            : {}),
        };
        decision.applied.push("status-after");
      }
    }
    const lag = byKind("read-lag").find(
      (fault) => fault.remaining === undefined || fault.remaining > 0,
    );
    if (lag) {
      decision.hidesRecentWrite = (changedAt) => {
        if (Date.now() - changedAt >= (lag.spec.lagMs ?? 0) || !this.fires(lag)) return false;
        decision.applied.push("read-lag");
        return true;
      };
    }
    return decision;
  }
}

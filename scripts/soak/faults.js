"use strict";
// The faults a round injects: each on a random share of the Graph calls of one method.

/** Each kind of trouble Graph and its front doors cause, as emulator faults. */
const FAULT_KINDS = {
  "throttle, Retry-After in seconds": () => ({ kind: "throttle", retryAfterSeconds: 1 }),
  "throttle, Retry-After fractional": () => ({ kind: "throttle", retryAfterSeconds: 0.4 }),
  "throttle, Retry-After as a date": () => ({
    kind: "throttle",
    retryAfterSeconds: 1,
    retryAfterFormat: "http-date",
  }),
  "503 before commit": () => ({ kind: "status", status: 503 }),
  "504 before commit": () => ({ kind: "status", status: 504 }),
  "500 after commit": () => ({ kind: "status-after", status: 500 }),
  "502 (HTML) after commit": () => ({ kind: "status-after", status: 502 }),
  "504 after commit": () => ({ kind: "status-after", status: 504 }),
  "dropped before commit": () => ({ kind: "reset-before" }),
  "dropped after commit": () => ({ kind: "reset-after" }),
  latency: (random) => ({ kind: "latency", latencyMs: random.int(20, 200) }),
  "read-after-write lag": () => ({ kind: "read-lag", lagMs: 1500 }),
};

/** One to three faults for a round, with the method and share of calls they hit. */
function pickFaults(random) {
  const names = random.sample(Object.keys(FAULT_KINDS), random.int(1, 3));
  return names.map((name) => {
    const spec = FAULT_KINDS[name](random);
    if (spec.kind !== "read-lag")
      spec.method = random.pick(["GET", "POST", "PATCH", "DELETE", undefined]);
    if (spec.method === undefined) delete spec.method;
    spec.fraction = spec.kind === "latency" ? 0.5 : random.pick([0.1, 0.2, 0.3]);
    return { name, spec };
  });
}

module.exports = { FAULT_KINDS, pickFaults };

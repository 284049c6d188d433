import { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { GraphRetryHandler, MAX_RETRIES } from "../../../provider/graph/retryPolicy";

/** The next link of the chain: answers every call with the given status and headers. */
function answering(status: number, headers: Record<string, string> = {}) {
  const sent: number[] = [];
  const next: Middleware = {
    execute: async (context: Context) => {
      sent.push(Date.now());
      context.response = new Response(null, { status, headers });
    },
  };
  return { next, sent };
}

async function runWithRetries(
  deadlineSeconds: number,
  status: number,
  headers?: Record<string, string>,
  method = "GET",
) {
  const handler = new GraphRetryHandler(deadlineSeconds);
  const { next, sent } = answering(status, headers);
  handler.setNext(next);
  const started = Date.now();
  const done = handler.execute({
    request: "https://graph.example/v1.0/x",
    options: { method },
  });
  await jest.runAllTimersAsync();
  await done;
  return { attempts: sent.length, waitedSeconds: (Date.now() - started) / 1000 };
}

describe("GraphRetryHandler", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("waits as long as Retry-After asks, beyond the client's own 180 s cap", async () => {
    const { attempts, waitedSeconds } = await runWithRetries(900, 429, { "Retry-After": "300" });
    expect(attempts).toBe(4);
    expect(waitedSeconds).toBeGreaterThanOrEqual(900);
    expect(waitedSeconds).toBeLessThanOrEqual(900);
  });

  it.each([60, 300, 900])(
    "keeps the total wait for 503s without Retry-After within a %i s deadline",
    async (deadline) => {
      const { attempts, waitedSeconds } = await runWithRetries(deadline, 503);
      expect(attempts).toBeGreaterThan(1);
      expect(waitedSeconds).toBeLessThanOrEqual(deadline);
    },
  );

  it("stops after the client's retry limit", async () => {
    const { attempts } = await runWithRetries(100_000, 429, { "Retry-After": "1" });
    expect(attempts).toBe(MAX_RETRIES + 1);
  });

  it.each(["GET", "PATCH", "DELETE"])("retries %s on 502, 503 and 504", async (method) => {
    for (const status of [502, 503, 504]) {
      const { attempts } = await runWithRetries(60, status, { "Retry-After": "1" }, method);
      expect({ status, attempts }).toEqual({ status, attempts: MAX_RETRIES + 1 });
    }
  });

  it("retries a POST only after a 429", async () => {
    for (const status of [500, 502, 503, 504]) {
      const { attempts } = await runWithRetries(60, status, { "Retry-After": "1" }, "POST");
      expect({ status, attempts }).toEqual({ status, attempts: 1 });
    }
    const { attempts } = await runWithRetries(60, 429, { "Retry-After": "1" }, "POST");
    expect(attempts).toBe(MAX_RETRIES + 1);
  });

  it("waits until a Retry-After date, rounding the distance up", async () => {
    jest.setSystemTime(Date.parse("2026-11-28T19:00:00.700Z"));
    const until = Date.parse("2026-11-28T19:00:02Z");
    const handler = new GraphRetryHandler(60);
    const { next, sent } = answering(429, { "Retry-After": new Date(until).toUTCString() });
    handler.setNext(next);
    const done = handler.execute({ request: "https://graph.example/v1.0/x", options: {} });
    await jest.runAllTimersAsync();
    await done;
    expect(sent.slice(1).every((at) => at >= until)).toBe(true);
  });

  it("does not retry when the first wait alone would pass the deadline", async () => {
    const { attempts } = await runWithRetries(10, 429, { "Retry-After": "30" });
    expect(attempts).toBe(1);
  });
});

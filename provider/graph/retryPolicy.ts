import { RetryHandlerOptions } from "@microsoft/microsoft-graph-client";

/** The Graph client retries at most this many times per call (its own hard limit). */
export const MAX_RETRIES = 10;
/** Backoff for a 503/504 without Retry-After, before the client's exponential growth. */
const BASE_DELAY_SECONDS = 2;

/** Seconds a response asks the client to wait, from Retry-After (seconds or an HTTP date). */
export function retryAfterSeconds(response: Response | undefined): number | undefined {
  const header = response?.headers.get("Retry-After");
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * The longest the client's RetryHandler will sleep before retry number `retry` when the answer
 * has no Retry-After: its exponential backoff plus up to one second of jitter.
 */
export function backoffSeconds(retry: number, delay: number): number {
  const exponential = retry >= 2 ? Math.round((Math.pow(2, retry) - 1) / 2) : 0;
  return exponential + delay + 1;
}

/**
 * Retry options for the Graph client's RetryHandler that honour Retry-After in full (Identity
 * Governance asks for waits of several minutes; the client's default caps them at 180 s) and stop
 * before the time spent waiting on one call would pass the deadline.
 */
export class DeadlineRetryOptions extends RetryHandlerOptions {
  private readonly deadlineSeconds: number;

  constructor(deadlineSeconds: number) {
    const firstThrottled = new WeakMap<object, number>();
    super(BASE_DELAY_SECONDS, MAX_RETRIES, (delay, attempt, request, options, response) => {
      // The fetch options object is the same on every retry of one call.
      const key: object = options ?? (typeof request === "object" ? request : {});
      const started = firstThrottled.get(key) ?? Date.now();
      firstThrottled.set(key, started);
      const wait = retryAfterSeconds(response) ?? backoffSeconds(attempt + 1, delay);
      return (Date.now() - started) / 1000 + wait <= deadlineSeconds;
    });
    this.deadlineSeconds = deadlineSeconds;
  }

  getMaxDelay(): number {
    return this.deadlineSeconds;
  }
}

import { FetchOptions, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";

/** The Graph client retries at most this many times per call (its own hard limit). */
const MAX_RETRIES = 10;
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
 * Retry options for the Graph client's RetryHandler that honour Retry-After in full (Identity
 * Governance asks for waits of several minutes; the client's default caps them at 180 s) and stop
 * once the next wait would pass a deadline counted from the first throttled answer.
 */
export class DeadlineRetryOptions extends RetryHandlerOptions {
  private readonly deadlineSeconds: number;

  constructor(deadlineSeconds: number) {
    const firstThrottled = new WeakMap<object, number>();
    super(BASE_DELAY_SECONDS, MAX_RETRIES, (delay, _attempt, request, options, response) => {
      const key: object = options ?? (typeof request === "object" ? request : {});
      const started = firstThrottled.get(key) ?? Date.now();
      firstThrottled.set(key, started);
      const wait = retryAfterSeconds(response) ?? delay;
      return (Date.now() - started) / 1000 + wait <= deadlineSeconds;
    });
    this.deadlineSeconds = deadlineSeconds;
  }

  getMaxDelay(): number {
    return this.deadlineSeconds;
  }
}

export type { FetchOptions };

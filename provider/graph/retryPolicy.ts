import { Context, RetryHandler, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { retryAfterMs, wholeSeconds } from "./retryAfter";

/** The Graph client retries at most this many times per call (its own hard limit). */
export const MAX_RETRIES = 10;
/** Backoff for an answer without Retry-After, before the client's exponential growth. */
const BASE_DELAY_SECONDS = 2;

/** Answers after which Graph did not, or may not, have carried out the request. */
const TRANSIENT_STATUSES = [429, 502, 503, 504];
const IDEMPOTENT_METHODS = ["GET", "HEAD", "PATCH", "DELETE"];

/**
 * Whether a request may be sent again after this answer. GET, PATCH and DELETE are idempotent
 * here: a PATCH sets the same values again, and a DELETE of an object already gone answers 404,
 * which the provider takes as done; so they are resent on 429, 502, 503 and 504. A POST (a
 * create, a sponsor added) is resent only after a 429, a request Graph throttled instead of
 * running; after a 5xx it may have been committed, so the provider looks before it writes again.
 */
export function mayResend(method: string, status: number): boolean {
  if (status === 429) return true;
  return TRANSIENT_STATUSES.includes(status) && IDEMPOTENT_METHODS.includes(method.toUpperCase());
}

/** What the retries of one call did, for the error that explains why they stopped. */
export interface RetryHistory {
  /** How many times the request was sent again. */
  retries: number;
  /** The waits before those retries, added up. */
  waitedMs: number;
  deadlineSeconds: number;
  /** Set when the client stopped because this next wait would have passed the deadline. */
  refusedWaitMs?: number;
  /** Whether that refused wait was Graph's Retry-After (rather than the client's backoff). */
  refusedWaitAsked?: boolean;
}

/** The history of a call that ended on a failed answer, found by that answer's headers. */
const finalAnswers = new WeakMap<Headers, RetryHistory>();

export function retryHistoryOf(headers: Headers | undefined): RetryHistory | undefined {
  return headers ? finalAnswers.get(headers) : undefined;
}

/**
 * The longest the client waits before retry number `retry` when the answer has no Retry-After:
 * its exponential backoff plus up to one second of jitter.
 */
export function backoffSeconds(retry: number, delay: number): number {
  const exponential = retry >= 2 ? Math.round((Math.pow(2, retry) - 1) / 2) : 0;
  return exponential + delay + 1;
}

/**
 * Decides, for the Graph client's RetryHandler, whether to retry and for how long to wait: as long
 * as Retry-After asks (rounded up to whole seconds, never less), else exponential backoff, while
 * the waits of one call add up to no more than the deadline.
 */
class RetryPolicy {
  /** Per call, keyed by its fetch options (the same object on every retry of the call). */
  private readonly calls = new WeakMap<object, RetryHistory>();
  /** The wait decided for each answer that is retried, read back when the handler sleeps. */
  private readonly waits = new WeakMap<Response, number>();

  constructor(private readonly deadlineSeconds: number) {}

  readonly shouldRetry = (
    delay: number,
    attempt: number,
    request: Context["request"],
    options: Context["options"],
    response: Response,
  ): boolean => {
    const method = options?.method ?? (typeof request === "string" ? "GET" : request.method);
    if (!mayResend(method, response.status)) return false;
    const history = this.historyOf(options) ?? this.start(options);
    const asked = retryAfterMs(response.headers.get("Retry-After"));
    const waitMs =
      asked !== undefined
        ? wholeSeconds(asked) * 1000
        : Math.round((backoffSeconds(attempt + 1, delay) - 1 + Math.random()) * 1000);
    if (history.waitedMs + waitMs > this.deadlineSeconds * 1000) {
      history.refusedWaitMs = asked ?? waitMs;
      history.refusedWaitAsked = asked !== undefined;
      return false;
    }
    history.retries = attempt + 1;
    history.waitedMs += waitMs;
    this.waits.set(response, waitMs / 1000);
    return true;
  };

  historyOf(options: Context["options"]): RetryHistory | undefined {
    return options ? this.calls.get(options) : undefined;
  }

  waitFor(response: Response): number | undefined {
    return this.waits.get(response);
  }

  private start(options: Context["options"]): RetryHistory {
    const history: RetryHistory = {
      retries: 0,
      waitedMs: 0,
      deadlineSeconds: this.deadlineSeconds,
    };
    if (options) this.calls.set(options, history);
    return history;
  }
}

/**
 * The Graph client's RetryHandler, whose loop, attempt counting and Retry-Attempt header are kept.
 * Two of its decisions are private and wrong for Graph, so this instance replaces them: it retries
 * only 429, 503 and 504 (a gateway's 502 is as transient), and it computes its wait from a
 * Retry-After date by rounding to the nearest second, which can wake it before the time Graph
 * named and spend every retry within about a second.
 */
export class GraphRetryHandler extends RetryHandler {
  private readonly policy: RetryPolicy;

  constructor(deadlineSeconds: number) {
    const policy = new RetryPolicy(deadlineSeconds);
    super(new RetryHandlerOptions(BASE_DELAY_SECONDS, MAX_RETRIES, policy.shouldRetry));
    this.policy = policy;
    Object.assign(this, {
      isRetry: (response: Response) => TRANSIENT_STATUSES.includes(response.status),
      getDelay: (response: Response) => policy.waitFor(response) ?? 0,
    });
  }

  async execute(context: Context): Promise<void> {
    await super.execute(context);
    const history = this.policy.historyOf(context.options);
    const answer = context.response;
    const method = context.options?.method ?? "GET";
    if (history && answer && !answer.ok && mayResend(method, answer.status)) {
      finalAnswers.set(answer.headers, history);
    }
  }
}

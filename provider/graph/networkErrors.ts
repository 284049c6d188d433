import { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { NoAnswerError } from "./bufferedFetch";

/**
 * Turns a failed connection into an error that says which endpoint could not be reached and why.
 * Its name marks calls that got no answer at all.
 */
export class NetworkErrorHandler implements Middleware {
  private next!: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    try {
      await this.next.execute(context);
    } catch (error) {
      if (!(error instanceof NoAnswerError)) throw error;
      const failure = new Error(`${error.message}: ${reasonOf(error.cause as Failure)}`);
      failure.name = "NetworkError";
      throw failure;
    }
  }
}

interface Failure {
  name?: string;
  message?: string;
  code?: unknown;
  cause?: Failure;
}

/**
 * The innermost reason undici gives: a system or TLS error code (ECONNREFUSED, ENOTFOUND,
 * CERT_HAS_EXPIRED), else its message. A proxy's refusal of the tunnel, which undici reports as an
 * abort, says which proxy setting to look at.
 */
function reasonOf(failure: Failure): string {
  let reason = "the connection failed";
  for (let cause: Failure | undefined = failure; cause !== undefined; cause = cause.cause) {
    const code = typeof cause.code === "string" ? cause.code : "";
    if (/^[A-Z][A-Z0-9_]+$/.test(code) && !code.startsWith("UND_ERR")) reason = code;
    else if (cause.message) reason = cause.message;
  }
  const refused = /^Proxy response \((\d+)\)/.exec(reason);
  return refused
    ? `the proxy (HTTPS_PROXY, or HTTP_PROXY) refused the tunnel with ${refused[1]}`
    : reason;
}

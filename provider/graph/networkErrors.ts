import { Context, Middleware } from "@microsoft/microsoft-graph-client";

/**
 * Turns a failed connection into an error that says which endpoint could not be reached and why
 * (fetch itself only says "fetch failed"). Its name marks calls that got no answer at all.
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
      // fetch rejects with a TypeError (from its own realm, so no instanceof) when no answer came.
      const failed = error as Failure;
      if (failed?.name !== "TypeError") throw error;
      const reason = reasonOf(failed);
      const url = typeof context.request === "string" ? context.request : context.request.url;
      const failure = new Error(`no answer from ${new URL(url).origin}: ${reason}`);
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
 * The innermost reason fetch gives: a system or TLS error code (ECONNREFUSED, ENOTFOUND,
 * CERT_HAS_EXPIRED), else undici's message. A proxy's refusal of the tunnel, which fetch wraps in
 * an abort, says which proxy setting to look at.
 */
function reasonOf(failure: Failure): string {
  let reason = failure.message ?? "fetch failed";
  for (let cause = failure.cause; cause !== undefined; cause = cause.cause) {
    const code = typeof cause.code === "string" ? cause.code : "";
    if (/^[A-Z][A-Z0-9_]+$/.test(code) && !code.startsWith("UND_ERR")) reason = code;
    else if (cause.message) reason = cause.message;
  }
  const refused = /^Proxy response \((\d+)\)/.exec(reason);
  return refused
    ? `the proxy (HTTPS_PROXY, or HTTP_PROXY) refused the tunnel with ${refused[1]}`
    : reason;
}

/** A call that got no HTTP answer, or lost its answer's body: why is in `cause`, and `reason`. */
export class NoAnswerError extends Error {
  constructor(url: string, cause: unknown) {
    super(`no answer from ${new URL(url).origin}`, { cause });
    this.name = "NoAnswerError";
  }

  /** Why, in a few words: a system or TLS error code, a proxy's refusal, or the client's message. */
  get reason(): string {
    return reasonOf(this.cause as Failure | undefined);
  }
}

interface Failure {
  name?: string;
  message?: string;
  code?: unknown;
  cause?: Failure;
}

/**
 * The innermost reason the client gives: a system or TLS error code (ECONNREFUSED, ENOTFOUND,
 * CERT_HAS_EXPIRED), else its message. A proxy's refusal of the tunnel, which undici reports as an
 * abort, says which proxy setting to look at.
 */
function reasonOf(failure: Failure | undefined): string {
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

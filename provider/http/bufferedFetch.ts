import { STATUS_CODES } from "node:http";
import type { Dispatcher } from "undici";
import { Answered, directRequest, Sent } from "./directRequest";
import { NoAnswerError } from "./noAnswerError";
import { proxiedRequest, proxyIsSet } from "./proxiedRequest";

/**
 * A Response that keeps the URL it answers, which the Graph client's redirect handler reads. The
 * field is defined on the instance, over Response's getter.
 */
class BufferedResponse extends Response {
  override readonly url: string;

  constructor(url: string, body: Buffer | null, init: ResponseInit) {
    super(body, init);
    this.url = url;
  }
}

/** Statuses whose answers have no body, and so no Response body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The fetch of the Graph client and of the GitHub Actions OIDC token request: answers with the
 * body read whole, as these answers are small JSON. Sent over Node's own HTTP client
 * (directRequest.ts), or through undici when the environment names a proxy (Node 20's clients
 * have none). A fetch's per-call streams and abort signals survive into the old generation: a
 * process creating and deleting 1000 organizations peaked at 208 to 242 MB through undici's fetch
 * (5 runs), at 177 to 180 MB through undici's request API in 5 runs of 6 (212 MB in one), and at
 * 175 MB through Node's client (3 runs).
 * Redirects are answered, not followed: the Graph client's redirect handler follows them.
 */
export async function bufferedFetch(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const sent = await partsOf(input, init);
  const { url, method, signal } = sent;
  let answer: Answered;
  try {
    answer = proxyIsSet() ? await requestThroughProxy(sent) : await directRequest(sent);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new NoAnswerError(url.href, error);
  }
  const answerHeaders = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? ""]) answerHeaders.append(name, one);
  }
  const empty = NULL_BODY_STATUSES.has(answer.statusCode) || method === "HEAD";
  return new BufferedResponse(url.href, empty ? null : answer.body, {
    status: answer.statusCode,
    statusText: STATUS_CODES[answer.statusCode] ?? "",
    headers: answerHeaders,
  });
}

async function requestThroughProxy({
  url,
  method,
  headers,
  body,
  signal,
}: Sent): Promise<Answered> {
  const answer = await proxiedRequest({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: method as Dispatcher.HttpMethod,
    headers,
    body,
    ...(signal ? { signal } : {}),
  });
  const content = Buffer.from(await answer.body.arrayBuffer());
  return { statusCode: answer.statusCode, headers: answer.headers, body: content };
}

/**
 * What to send, from a URL and init (as the Graph client calls) or a Request (its redirect
 * handler makes them). A Request is not made for the first: each carries an abort signal of its own.
 */
async function partsOf(input: string | URL | Request, init: RequestInit): Promise<Sent> {
  if (typeof input === "string" || input instanceof URL) {
    return {
      url: new URL(input),
      method: (init.method ?? "GET").toUpperCase(),
      headers: Object.fromEntries(new Headers(init.headers)),
      body: await bytesOf(init.body),
      signal: init.signal ?? undefined,
    };
  }
  const request = new Request(input, init);
  return {
    url: new URL(request.url),
    method: request.method,
    headers: Object.fromEntries(request.headers),
    body: request.body === null ? null : Buffer.from(await request.arrayBuffer()),
    signal: request.signal,
  };
}

/** A body to send: the Graph client's JSON text as it is, anything else as bytes. */
async function bytesOf(body: RequestInit["body"]): Promise<string | Buffer | null> {
  if (body === undefined || body === null) return null;
  if (typeof body === "string") return body;
  return Buffer.from(await new Response(body).arrayBuffer());
}

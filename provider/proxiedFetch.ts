import type * as Undici from "undici";
import { inFlightLimit } from "./inFlightLimit";

type UndiciInput = Parameters<typeof Undici.fetch>[0];
type UndiciInit = NonNullable<Parameters<typeof Undici.fetch>[1]>;

/** The variables that name a proxy for undici's EnvHttpProxyAgent. */
const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"];

/**
 * Requests in flight at most, each on a connection of its own. The engine starts every resource's
 * operation at once, and fetch would open a connection (and a TLS handshake) for each; 300
 * concurrent creates were as fast over 16 connections as over 300, and the process peaked about
 * 30 MB lower.
 */
const MAX_IN_FLIGHT = 16;
const oneOfAtMostMax = inFlightLimit(MAX_IN_FLIGHT);

let proxyAgent: Undici.EnvHttpProxyAgent | undefined;
let undici: typeof Undici | undefined;

/**
 * fetch that goes through the proxy the environment names, as the token requests of
 * @azure/identity do, with undici's reading of the variables: https_proxy or HTTPS_PROXY for https
 * URLs (else http_proxy or HTTP_PROXY; lowercase first), and not for the hosts NO_PROXY lists
 * (docs/authentication.md compares the two readings). Node 20's own fetch ignores these variables,
 * so when one is set, undici's fetch is used with undici's dispatcher (Node's fetch bundles another
 * undici, whose version follows Node's); the undici package, a tenth of a second to load, is loaded
 * only then. TLS to the target, through the tunnel or not, trusts what Node trusts
 * (NODE_EXTRA_CA_CERTS too).
 */
export async function proxiedFetch(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  if (!PROXY_VARIABLES.some((name) => process.env[name])) {
    return oneOfAtMostMax(() => fetch(input, init));
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  undici ??= require("undici") as typeof Undici;
  proxyAgent ??= new undici.EnvHttpProxyAgent({ connections: MAX_IN_FLIGHT });
  const [url, options] = await plainRequest(input, init);
  const response = await undici.fetch(url, { ...options, dispatcher: proxyAgent });
  return response as unknown as Response;
}

/**
 * undici's fetch takes only its own Request objects, so one made by Node's fetch (the Graph
 * client's redirect handler makes them) is passed as its URL and parts.
 */
async function plainRequest(
  input: string | URL | Request,
  init: RequestInit,
): Promise<[UndiciInput, UndiciInit]> {
  if (typeof input === "string" || input instanceof URL) return [input, init as UndiciInit];
  const body = input.body === null ? undefined : await input.arrayBuffer();
  const parts: RequestInit = {
    method: input.method,
    headers: input.headers,
    redirect: input.redirect,
    signal: input.signal,
    ...(body !== undefined ? { body } : {}),
  };
  return [input.url, { ...parts, ...init } as UndiciInit];
}

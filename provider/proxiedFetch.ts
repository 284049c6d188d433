import { EnvHttpProxyAgent, fetch as undiciFetch } from "undici";

type UndiciInput = Parameters<typeof undiciFetch>[0];
type UndiciInit = NonNullable<Parameters<typeof undiciFetch>[1]>;

/**
 * Connections to one origin at most. The engine starts every resource's operation at once, and
 * undici would open a connection (and a TLS handshake) for each request in flight; 300
 * concurrent creates were as fast over 16 connections as over 300, and the process peaked about
 * 30 MB lower.
 */
const CONNECTIONS_PER_ORIGIN = 16;

let dispatcher: EnvHttpProxyAgent | undefined;

/**
 * fetch that goes through the proxy the environment names, as the token requests of
 * @azure/identity do, with undici's reading of the variables: https_proxy or HTTPS_PROXY for https
 * URLs (else http_proxy or HTTP_PROXY; lowercase first), and not for the hosts NO_PROXY lists
 * (docs/authentication.md compares the two readings). Node 20's own fetch ignores these variables. undici's fetch is
 * used with undici's dispatcher, as Node's fetch bundles another undici whose version follows
 * Node's. TLS to the target, through the tunnel, trusts what Node trusts (NODE_EXTRA_CA_CERTS too).
 */
export async function proxiedFetch(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  dispatcher ??= new EnvHttpProxyAgent({ connections: CONNECTIONS_PER_ORIGIN });
  const [url, options] = await plainRequest(input, init);
  const response = await undiciFetch(url, { ...options, dispatcher });
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

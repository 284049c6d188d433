import { EnvHttpProxyAgent, fetch as undiciFetch } from "undici";

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
 * The process's connections, through the proxy the environment names, as the token requests of
 * @azure/identity go, with undici's reading of the variables: https_proxy or HTTPS_PROXY for https
 * URLs (else http_proxy or HTTP_PROXY; lowercase first), and not for the hosts NO_PROXY lists
 * (docs/authentication.md compares the two readings). Node 20's own fetch ignores these
 * variables. TLS to the target, through the tunnel, trusts what Node trusts (NODE_EXTRA_CA_CERTS
 * too). Graph calls use it through graph/bufferedFetch.ts.
 */
export function proxyDispatcher(): EnvHttpProxyAgent {
  dispatcher ??= new EnvHttpProxyAgent({ connections: CONNECTIONS_PER_ORIGIN });
  return dispatcher;
}

/**
 * fetch over the process's connections, for calls outside Graph (a federated token's request).
 * undici's own fetch, as Node's bundles another undici, whose version follows Node's.
 */
export async function proxiedFetch(url: URL, init: RequestInit = {}): Promise<Response> {
  const response = await undiciFetch(url, {
    ...(init as UndiciInit),
    dispatcher: proxyDispatcher(),
  });
  return response as unknown as Response;
}

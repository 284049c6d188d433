/* eslint-disable @typescript-eslint/no-require-imports -- undici's modules are loaded by path on purpose */
import type { Dispatcher, EnvHttpProxyAgent } from "undici";

/**
 * undici's index also loads its fetch, WebSocket, cache and mock modules: 110 modules, 141 ms on
 * Node 20 here, in every process that calls Graph. Graph calls need only the proxy-aware
 * dispatcher and its request API: 30 modules, 43 to 68 ms. These are undici 7.30.2's paths, which
 * package.json pins; test/provider/processContext.test.ts fails if they move. undici has no
 * exports map, so they may be required.
 */
const EnvHttpProxyAgentClass =
  require("undici/lib/dispatcher/env-http-proxy-agent.js") as typeof EnvHttpProxyAgent;
const requestApi = require("undici/lib/api/api-request.js") as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

/**
 * The variables EnvHttpProxyAgent reads a proxy from. A tunnel through a proxy uses the dispatcher
 * API (connect) that undici's index installs, so the index is loaded when one of them is set.
 */
const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"];

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
 * too).
 */
function proxyDispatcher(): EnvHttpProxyAgent {
  if (dispatcher) return dispatcher;
  if (PROXY_VARIABLES.some((name) => process.env[name])) require("undici");
  dispatcher = new EnvHttpProxyAgentClass({ connections: CONNECTIONS_PER_ORIGIN });
  return dispatcher;
}

/** One request over the process's connections, with undici's request API (graph/bufferedFetch.ts). */
export function proxiedRequest(
  options: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  return requestApi.call(proxyDispatcher(), options);
}

/**
 * fetch over the process's connections, for calls outside Graph (a federated token's request).
 * undici's own fetch, as Node's bundles another undici, whose version follows Node's.
 */
export async function proxiedFetch(url: URL, init: RequestInit = {}): Promise<Response> {
  const { fetch } = require("undici") as typeof import("undici");
  const response = await fetch(url, {
    ...(init as NonNullable<Parameters<typeof fetch>[1]>),
    dispatcher: proxyDispatcher(),
  });
  return response as unknown as Response;
}

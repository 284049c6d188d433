/* eslint-disable @typescript-eslint/no-require-imports -- undici is loaded only when a proxy is set */
import type { Dispatcher, EnvHttpProxyAgent } from "undici";
import { CONNECTIONS_PER_ORIGIN } from "./connections";

/** The variables EnvHttpProxyAgent reads a proxy from. */
const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"];

/** Whether the environment names a proxy, which requests then go through (bufferedFetch.ts). */
export function proxyIsSet(): boolean {
  return PROXY_VARIABLES.some((name) => process.env[name]);
}

let dispatcher: EnvHttpProxyAgent | undefined;

/**
 * The process's connections through the proxy the environment names, as the token requests of
 * @azure/identity go, with undici's reading of the variables: https_proxy or HTTPS_PROXY for https
 * URLs (else http_proxy or HTTP_PROXY; lowercase first), and not for the hosts NO_PROXY lists
 * (docs/authentication.md compares the two readings). Node 20's own clients ignore these
 * variables. TLS to the target, through the tunnel, trusts what Node trusts (NODE_EXTRA_CA_CERTS
 * too).
 */
function proxyDispatcher(): EnvHttpProxyAgent {
  if (dispatcher) return dispatcher;
  const undici = require("undici") as typeof import("undici");
  dispatcher = new undici.EnvHttpProxyAgent({ connections: CONNECTIONS_PER_ORIGIN });
  return dispatcher;
}

/** One request through the environment's proxy, with undici's request API. */
export function proxiedRequest(
  options: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  return proxyDispatcher().request(options);
}

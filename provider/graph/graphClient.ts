import { TokenCredential } from "@azure/identity";
import {
  AuthenticationHandler,
  Client,
  Middleware,
  RedirectHandler,
  RedirectHandlerOptions,
  TelemetryHandler,
} from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { CLOUDS, graphScope } from "../auth/clouds";
import { FetchHandler } from "./fetchHandler";
import { FreshAuthorizationHandler } from "./freshAuthorization";
import { NetworkErrorHandler } from "./networkErrors";
import { ErrorBodyHandler } from "./errorBodies";
import { GraphRetryHandler } from "./retryPolicy";
import { Settings } from "../auth/settings";

/**
 * The Graph client of the provider process. Transport concerns live here, in one chain:
 * retry → authentication → redirects → telemetry → network errors → error bodies → fetch (through
 * the environment's proxy, if any: http/bufferedFetch.ts). Every attempt asks the credential for a
 * token, which is renewed before it expires (sharedToken.ts). Tokens are for
 * settings.graphAudience, which need not be the host requests go to.
 */
export function createGraphClient(settings: Settings, credential: TokenCredential): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: [graphScope(settings.graphAudience)],
  });
  const chain: Middleware[] = [
    // Retry above authentication, so a retry after a long Retry-After carries a current token.
    // Which answers are retried, for which methods, and how long to wait: retryPolicy.ts.
    new GraphRetryHandler(settings.retryDeadlineSeconds),
    new FreshAuthorizationHandler(),
    new AuthenticationHandler(authProvider),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new NetworkErrorHandler(),
    new ErrorBodyHandler(),
    new FetchHandler(),
  ];
  chain.reduce((previous, next) => {
    previous.setNext?.(next);
    return next;
  });
  const host = new URL(settings.graphEndpoint).hostname;
  return Client.initWithMiddleware({
    middleware: chain[0],
    baseUrl: settings.graphEndpoint,
    defaultVersion: settings.apiVersion,
    ...(isMicrosoftGraphHost(host) ? {} : { customHosts: new Set([host]) }),
  });
}

function isMicrosoftGraphHost(host: string): boolean {
  return Object.values(CLOUDS).some((cloud) => new URL(cloud.graphEndpoint).hostname === host);
}

import { TokenCredential } from "@azure/identity";
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  Middleware,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  TelemetryHandler,
} from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { CLOUDS, graphScope } from "./clouds";
import { NetworkErrorHandler } from "./networkErrors";
import { DeadlineRetryOptions } from "./retryPolicy";
import { Settings } from "./settings";

/**
 * The Graph client of the provider process. Transport concerns live here, in one chain:
 * authentication → throttling retry → redirects → telemetry → network errors → fetch. Tokens are
 * renewed before they expire (see sharedToken.ts), so none is sent expired.
 */
export function createGraphClient(settings: Settings, credential: TokenCredential): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: [graphScope(settings.graphEndpoint)],
  });
  const chain: Middleware[] = [
    new AuthenticationHandler(authProvider),
    new RetryHandler(new DeadlineRetryOptions(settings.retryDeadlineSeconds)),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new NetworkErrorHandler(),
    new HTTPMessageHandler(),
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

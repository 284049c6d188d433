import { request } from "node:https";
import * as path from "node:path";
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import {
  Client,
  GraphError,
  RetryHandlerOptions,
  type GraphRequest,
} from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import type { RunningEmulator } from "../../emulator";

/** The repository's .emulator folder: its CA is the one NODE_EXTRA_CA_CERTS names. */
export const DATA_DIR = path.resolve(__dirname, "../../.emulator");

export const CONNECTED_ORGANIZATIONS =
  "/identityGovernance/entitlementManagement/connectedOrganizations";

export const credentialOptions = (emulator: RunningEmulator) => ({
  authorityHost: emulator.authorityHost,
  disableInstanceDiscovery: true,
});

export function secretCredential(
  emulator: RunningEmulator,
  clientId = emulator.clientId,
  clientSecret = emulator.clientSecret,
): ClientSecretCredential {
  return new ClientSecretCredential(
    emulator.tenantId,
    clientId,
    clientSecret,
    credentialOptions(emulator),
  );
}

/** A seeded app's credential by client id (its generated secret). */
export function appCredential(emulator: RunningEmulator, clientId: string): ClientSecretCredential {
  const app = emulator.apps?.find((candidate) => candidate.clientId === clientId);
  if (!app?.clientSecret) throw new Error(`no seeded app ${clientId} with a secret`);
  return secretCredential(emulator, app.clientId, app.clientSecret);
}

/** The real Graph SDK client, pointed at the emulator. */
export function graphClient(
  emulator: RunningEmulator,
  credential: TokenCredential = secretCredential(emulator),
  defaultVersion: "v1.0" | "beta" = "v1.0",
  scope = `${emulator.graphUrl}/.default`,
): Client {
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [scope] }),
    baseUrl: emulator.graphUrl,
    customHosts: new Set(["127.0.0.1"]),
    defaultVersion,
  });
}

/** Retry options for one request: no retries by default, so a fault is seen as is. */
export function retries(request: GraphRequest, maxRetries = 0, delaySeconds = 0): GraphRequest {
  return request.middlewareOptions([new RetryHandlerOptions(delaySeconds, maxRetries)]);
}

/** What a failed Graph SDK call rejected with. */
export async function failure(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected the Graph call to fail");
}

export function domainSource(domainName: string): Record<string, string> {
  return {
    "@odata.type": "#microsoft.graph.domainIdentitySource",
    domainName,
    displayName: domainName,
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A plain HTTPS request, for what the SDK clients cannot express (no Authorization header,
 * a raw header check) and for the unauthenticated /_emulator control API.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? "GET", headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

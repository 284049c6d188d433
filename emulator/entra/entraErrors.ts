import { randomUUID } from "node:crypto";
import type { EmulatorResponse, RequestContext } from "../server/routing";

/** Thrown by token-service handlers; the server turns it into an Entra (AADSTS) error body. */
export class EntraError extends Error {
  constructor(
    readonly status: number,
    /** OAuth error, e.g. invalid_client. */
    readonly error: string,
    /** The AADSTS number. */
    readonly aadsts: number,
    message: string,
  ) {
    super(message);
    this.name = "EntraError";
  }
}

/** Entra timestamps look like "2024-05-01 12:34:56Z". */
function entraTimestamp(at: Date): string {
  return at
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
}

export function entraErrorResponse(ctx: RequestContext, failure: EntraError): EmulatorResponse {
  const timestamp = entraTimestamp(new Date());
  const correlationId =
    typeof ctx.headers["client-request-id"] === "string"
      ? ctx.headers["client-request-id"]
      : randomUUID();
  return {
    status: failure.status,
    headers: { "cache-control": "no-store, no-cache", pragma: "no-cache" },
    body: {
      error: failure.error,
      error_description:
        `AADSTS${failure.aadsts}: ${failure.message}\r\n` +
        `Trace ID: ${ctx.requestId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [failure.aadsts],
      timestamp,
      trace_id: ctx.requestId,
      correlation_id: correlationId,
      error_uri: `${ctx.baseUrl}/error?code=${failure.aadsts}`,
    },
  };
}

export const entraErrors = {
  missingParameter: (name: string) =>
    new EntraError(
      400,
      "invalid_request",
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  postOnly: (method: string) =>
    new EntraError(
      400,
      "invalid_request",
      900561,
      `The endpoint only accepts POST, OPTIONS requests. Received a ${method} request.`,
    ),
  unknownTenant: (tenant: string, error = "invalid_request") =>
    new EntraError(
      400,
      error,
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  noTenantInformation: () =>
    new EntraError(
      400,
      "invalid_request",
      50059,
      "No tenant-identifying information found in either the request or implied by any provided credentials.",
    ),
  unsupportedGrant: (grant: string) =>
    new EntraError(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grant}'. This emulator issues app-only tokens (client_credentials) only.`,
    ),
  unknownApp: (clientId: string, tenantName: string) =>
    new EntraError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  invalidScope: (scope: string) =>
    new EntraError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  unknownResource: (resource: string, tenantName: string) =>
    new EntraError(
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  missingCredential: () =>
    new EntraError(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  invalidSecret: (clientId: string) =>
    new EntraError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  invalidAssertionType: () =>
    new EntraError(
      400,
      "invalid_request",
      50027,
      "client_assertion_type must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
    ),
  malformedAssertion: () =>
    new EntraError(401, "invalid_client", 50027, "JWT token is invalid or malformed."),
  assertionClientMismatch: () =>
    new EntraError(
      401,
      "invalid_client",
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
    ),
  unregisteredCertificate: (thumbprint: string, clientId: string) =>
    new EntraError(
      401,
      "invalid_client",
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
    ),
  invalidAssertionSignature: (reason: string) =>
    new EntraError(
      401,
      "invalid_client",
      700027,
      `Client assertion failed signature validation. [Reason - ${reason}]`,
    ),
  assertionAudience: (audience: string, expected: string) =>
    new EntraError(
      401,
      "invalid_client",
      700027,
      `Client assertion failed validation. [Reason - The audience '${audience}' is invalid; expected the token endpoint '${expected}'.]`,
    ),
  assertionTime: (now: Date, from: Date | undefined, to: Date | undefined) =>
    new EntraError(
      401,
      "invalid_client",
      700024,
      `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, assertion valid from ${from?.toISOString() ?? "(not set)"}, expiry time of assertion ${to?.toISOString() ?? "(not set)"}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    ),
  noFederatedRecord: (issuer: string, subject: string, audience: string) =>
    new EntraError(
      400,
      "invalid_request",
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audience}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    ),
  throttled: () =>
    new EntraError(
      429,
      "temporarily_unavailable",
      90033,
      "A transient error has occurred. Please try again.",
    ),
  unavailable: (status: number) =>
    new EntraError(
      status,
      "temporarily_unavailable",
      90033,
      "A transient error has occurred. Please try again.",
    ),
};

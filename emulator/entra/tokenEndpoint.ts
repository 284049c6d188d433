import { timingSafeEqual } from "node:crypto";
import { JWT_BEARER, verifyClientAssertion } from "./clientAssertions";
import { resolveAuthorityTenant } from "./discovery";
import { entraErrors } from "./entraErrors";
import { graphAudienceFor } from "./graphResources";
import { json, type EmulatorResponse, type RequestContext, type Route } from "../server/routing";
import type { EmulatorState } from "../server/state";
import type { SeedApp } from "../types";

const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"];

function formParameters(ctx: RequestContext): URLSearchParams {
  const contentType = String(ctx.headers["content-type"] ?? "").toLowerCase();
  if (!contentType.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams();
  return new URLSearchParams(ctx.body.toString("utf8"));
}

/** client_id/client_secret from an HTTP Basic Authorization header (client_secret_basic). */
function basicCredentials(ctx: RequestContext): { clientId: string; secret: string } | undefined {
  const header = ctx.headers.authorization;
  const match = typeof header === "string" ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

function secretMatches(app: SeedApp, secret: string): boolean {
  const given = Buffer.from(secret, "utf8");
  return (app.secrets ?? []).some((candidate) => {
    const expected = Buffer.from(candidate, "utf8");
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** The audience for a client-credentials scope ("<resource>/.default"). */
function requestedResource(
  state: EmulatorState,
  scope: string,
  tenantName: string,
): { audience: string; graph: boolean } {
  const scopes = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.includes(s));
  if (scopes.length !== 1 || !scopes[0].endsWith("/.default")) {
    throw entraErrors.invalidScope(scope);
  }
  const resource = scopes[0].slice(0, -"/.default".length);
  const graphAudience = graphAudienceFor(state, resource);
  if (graphAudience !== undefined) return { audience: graphAudience, graph: true };
  const other = state.directory.resources.find(
    (r) => r.replace(/\/$/, "") === resource.replace(/\/$/, ""),
  );
  if (!other) throw entraErrors.unknownResource(resource, tenantName);
  return { audience: other, graph: false };
}

function tokenEndpoints(state: EmulatorState, pathTenant: string): string[] {
  const home = state.directory.homeTenant;
  const names = new Set([pathTenant, home.id, home.defaultDomainName, ...home.domains]);
  return [...names].flatMap((name) => [
    `${state.baseUrl}/${name}/oauth2/v2.0/token`,
    `${state.baseUrl}/${name}/oauth2/token`,
  ]);
}

async function token(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  const resolved = resolveAuthorityTenant(state, ctx.params.tenant);
  const form = formParameters(ctx);
  const basic = basicCredentials(ctx);
  const grantType = form.get("grant_type");
  if (!grantType) throw entraErrors.missingParameter("grant_type");
  if (grantType !== "client_credentials") throw entraErrors.unsupportedGrant(grantType);
  const clientId = form.get("client_id") ?? basic?.clientId;
  if (!clientId) throw entraErrors.missingParameter("client_id");
  const scope = form.get("scope");
  if (!scope) throw entraErrors.missingParameter("scope");
  if (!("tenant" in resolved)) throw entraErrors.noTenantInformation();
  const tenant = resolved.tenant;
  const app = tenant === state.directory.homeTenant ? state.directory.app(clientId) : undefined;
  if (!app) throw entraErrors.unknownApp(clientId, tenant.displayName);
  const resource = requestedResource(state, scope, tenant.displayName);

  const secret = form.get("client_secret") ?? basic?.secret;
  const assertion = form.get("client_assertion");
  let method: "1" | "2";
  if (secret !== null && secret !== undefined) {
    if (!secretMatches(app, secret)) throw entraErrors.invalidSecret(app.clientId);
    method = "1";
  } else if (assertion) {
    const assertionType = form.get("client_assertion_type");
    if (!assertionType) throw entraErrors.missingParameter("client_assertion_type");
    if (assertionType !== JWT_BEARER) throw entraErrors.invalidAssertionType();
    await verifyClientAssertion(app, assertion, tokenEndpoints(state, ctx.params.tenant));
    method = "2";
  } else {
    throw entraErrors.missingCredential();
  }

  const issued = await state.signer.issue({
    tenant,
    app,
    audience: resource.audience,
    roles: resource.graph ? app.roles : [],
    lifetimeSeconds: state.tokenLifetimeSeconds,
    authenticationMethod: method,
  });
  return json(
    200,
    {
      token_type: "Bearer",
      expires_in: issued.expiresIn,
      ext_expires_in: issued.expiresIn,
      access_token: issued.accessToken,
    },
    { "cache-control": "no-store, no-cache", pragma: "no-cache" },
  );
}

export function tokenRoutes(state: () => EmulatorState): Route[] {
  return [
    {
      method: "POST",
      pattern: /^\/(?<tenant>[^/_][^/]*)\/oauth2\/v2\.0\/token$/,
      name: "POST /{tenant}/oauth2/v2.0/token",
      kind: "token",
      handle: (ctx) => token(state(), ctx),
    },
  ];
}

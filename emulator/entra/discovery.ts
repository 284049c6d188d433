import { entraErrors } from "./entraErrors";
import { json, type EmulatorResponse, type RequestContext, type Route } from "../server/routing";
import type { EmulatorState } from "../server/state";
import type { SeedTenant } from "../types";

/** Authority path segments that name no tenant but are valid for discovery. */
export const MULTI_TENANT_ALIASES = ["common", "organizations"];

export type AuthorityTenant = { tenant: SeedTenant } | { alias: string };

/** Resolves the {tenant} of an authority URL: the home tenant by GUID or domain, or an alias. */
export function resolveAuthorityTenant(
  state: EmulatorState,
  segment: string,
  errorName = "invalid_request",
): AuthorityTenant {
  const lower = segment.toLowerCase();
  if (MULTI_TENANT_ALIASES.includes(lower)) return { alias: lower };
  const home = state.directory.homeTenant;
  if (home.id.toLowerCase() === lower || state.directory.tenantByDomain(lower) === home) {
    return { tenant: home };
  }
  const other = state.directory.tenantByIdOrDomain(lower);
  if (other) return { tenant: other };
  throw entraErrors.unknownTenant(segment, errorName);
}

function openIdConfiguration(state: EmulatorState, ctx: RequestContext): EmulatorResponse {
  const resolved = resolveAuthorityTenant(state, ctx.params.tenant, "invalid_tenant");
  const base = state.baseUrl;
  const segment = "tenant" in resolved ? resolved.tenant.id : resolved.alias;
  const issuerTenant = "tenant" in resolved ? resolved.tenant.id : "{tenantid}";
  const host = new URL(base).host;
  return json(200, {
    token_endpoint: `${base}/${segment}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      "client_secret_post",
      "private_key_jwt",
      "client_secret_basic",
    ],
    jwks_uri: `${base}/${segment}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${base}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${base}/${segment}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${segment}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${segment}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "cloud_instance_host_name",
      "cloud_graph_host_name",
      "msgraph_host",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "at_hash",
      "c_hash",
      "email",
    ],
    kerberos_endpoint: `${base}/${segment}/kerberos`,
    tenant_region_scope: "NA",
    cloud_instance_name: host,
    cloud_graph_host_name: host,
    msgraph_host: host,
    rbac_url: base,
  });
}

/** v1.0 keys (/discovery/keys) carry no issuer; v2.0 keys name the v2.0 issuer of the tenant. */
function keys(state: EmulatorState, ctx: RequestContext): EmulatorResponse {
  const resolved = resolveAuthorityTenant(state, ctx.params.tenant, "invalid_tenant");
  if (!ctx.path.includes("/discovery/v2.0/")) return json(200, state.signer.jwks());
  const issuerTenant = "tenant" in resolved ? resolved.tenant.id : "{tenantid}";
  return json(200, state.signer.jwks(`${state.baseUrl}/${issuerTenant}/v2.0`));
}

/** What MSAL asks when instance discovery is on: this host is its own (only) alias. */
function instanceDiscovery(state: EmulatorState, ctx: RequestContext): EmulatorResponse {
  const host = new URL(state.baseUrl).host;
  const authorization = ctx.url.searchParams.get("authorization_endpoint");
  let tenant = "common";
  if (authorization && URL.canParse(authorization)) {
    tenant = new URL(authorization).pathname.split("/")[1] || "common";
  }
  return json(200, {
    tenant_discovery_endpoint: `${state.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

const TENANT = "(?<tenant>[^/_][^/]*)";

export function discoveryRoutes(state: () => EmulatorState): Route[] {
  const route = (
    pattern: string,
    name: string,
    handler: (s: EmulatorState, ctx: RequestContext) => EmulatorResponse,
  ): Route => ({
    method: "GET",
    pattern: new RegExp(pattern),
    name: `GET ${name}`,
    kind: "discovery",
    handle: (ctx) => handler(state(), ctx),
  });
  return [
    route("^/common/discovery/instance$", "/common/discovery/instance", instanceDiscovery),
    route(
      `^/${TENANT}/v2\\.0/\\.well-known/openid-configuration$`,
      "/{tenant}/v2.0/.well-known/openid-configuration",
      openIdConfiguration,
    ),
    route(`^/${TENANT}/discovery/v2\\.0/keys$`, "/{tenant}/discovery/v2.0/keys", keys),
    route(`^/${TENANT}/discovery/keys$`, "/{tenant}/discovery/keys", keys),
  ];
}

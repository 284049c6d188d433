import { authenticate, requireRole } from "./graphAuth";
import { GraphRequestError, badRequest } from "./graphErrors";
import { isGuid } from "./ids";
import { CROSS_TENANT_INFORMATION_READ } from "../server/seed";
import { json, type EmulatorResponse, type RequestContext, type Route } from "../server/routing";
import type { EmulatorState } from "../server/state";
import type { SeedTenant } from "../types";

function render(ctx: RequestContext, tenant: SeedTenant): EmulatorResponse {
  return json(200, {
    "@odata.context": `${ctx.baseUrl}/${ctx.params.version}/$metadata#microsoft.graph.tenantInformation`,
    tenantId: tenant.id,
    federationBrandName: tenant.federationBrandName ?? null,
    displayName: tenant.displayName,
    defaultDomainName: tenant.defaultDomainName,
  });
}

function notFound(what: string): GraphRequestError {
  return new GraphRequestError(
    404,
    "Request_ResourceNotFound",
    `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** The value of a single-quoted OData function argument ('' stands for a quote). */
function argument(raw: string): string {
  return raw.replace(/''/g, "'");
}

async function byDomainName(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  requireRole(await authenticate(state, ctx), [CROSS_TENANT_INFORMATION_READ]);
  const domainName = argument(ctx.params.value);
  const tenant = state.directory.tenantByDomain(domainName);
  if (!tenant) throw notFound(domainName);
  return render(ctx, tenant);
}

async function byTenantId(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  requireRole(await authenticate(state, ctx), [CROSS_TENANT_INFORMATION_READ]);
  const tenantId = argument(ctx.params.value);
  if (!isGuid(tenantId)) {
    throw badRequest(
      `Invalid tenant identifier '${tenantId}': a tenant id is a GUID.`,
      "Request_BadRequest",
    );
  }
  const tenant = state.directory.tenantById(tenantId);
  if (!tenant) throw notFound(tenantId);
  return render(ctx, tenant);
}

const BASE = "^/(?<version>v1\\.0|beta)/tenantRelationships";

export function tenantRelationshipRoutes(state: () => EmulatorState): Route[] {
  return [
    {
      method: "GET",
      pattern: new RegExp(
        `${BASE}/findTenantInformationByDomainName\\(domainName='(?<value>.*)'\\)$`,
      ),
      name: "GET /{version}/tenantRelationships/findTenantInformationByDomainName(domainName={domainName})",
      kind: "graph",
      handle: (ctx) => byDomainName(state(), ctx),
    },
    {
      method: "GET",
      pattern: new RegExp(`${BASE}/findTenantInformationByTenantId\\(tenantId='(?<value>.*)'\\)$`),
      name: "GET /{version}/tenantRelationships/findTenantInformationByTenantId(tenantId={tenantId})",
      kind: "graph",
      handle: (ctx) => byTenantId(state(), ctx),
    },
  ];
}

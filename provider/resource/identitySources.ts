import {
  CLOUD_INSTANCES,
  IdentitySource,
  ResolvedIdentitySource,
  CrossCloudTenantIdentitySource,
} from "./connectedOrganization";

export const GRAPH_TYPES = {
  domain: "#microsoft.graph.domainIdentitySource",
  tenant: "#microsoft.graph.azureActiveDirectoryTenant",
  externalDomainFederation: "#microsoft.graph.externalDomainFederation",
  crossCloudTenant: "#microsoft.graph.crossCloudAzureActiveDirectoryTenant",
  social: "#microsoft.graph.socialIdentitySource",
} as const;

export function isCloudInstance(
  value: string,
): value is CrossCloudTenantIdentitySource["cloudInstance"] {
  return (CLOUD_INSTANCES as readonly string[]).includes(value);
}

/** The one spelling of an identity source that compares equal to every other spelling of it. */
export function normalizeIdentitySource(source: IdentitySource): IdentitySource {
  if ("cloudInstance" in source) {
    return { tenantId: source.tenantId.toLowerCase(), cloudInstance: source.cloudInstance };
  }
  if ("issuerUri" in source) {
    return { domainName: source.domainName.toLowerCase(), issuerUri: source.issuerUri };
  }
  if ("tenantId" in source) return { tenantId: source.tenantId.toLowerCase() };
  return { domainName: source.domainName.toLowerCase() };
}

/** The request body element Graph expects for an identity source. */
export function toGraphIdentitySource(source: IdentitySource): Record<string, string> {
  if ("cloudInstance" in source) {
    return {
      "@odata.type": GRAPH_TYPES.crossCloudTenant,
      tenantId: source.tenantId,
      cloudInstance: source.cloudInstance,
    };
  }
  if ("issuerUri" in source) {
    return {
      "@odata.type": GRAPH_TYPES.externalDomainFederation,
      domainName: source.domainName,
      issuerUri: source.issuerUri,
      displayName: source.domainName,
    };
  }
  if ("tenantId" in source) {
    return { "@odata.type": GRAPH_TYPES.tenant, tenantId: source.tenantId };
  }
  return {
    "@odata.type": GRAPH_TYPES.domain,
    domainName: source.domainName,
    displayName: source.domainName,
  };
}

const RESOLVED_FIELDS = [
  "displayName",
  "domainName",
  "tenantId",
  "issuerUri",
  "cloudInstance",
  "socialIdentitySourceType",
] as const;

/** An identity source as Graph returned it, keeping only the fields it set. */
export function fromGraphIdentitySource(raw: Record<string, unknown>): ResolvedIdentitySource {
  const type = String(raw["@odata.type"] ?? "");
  // Some Graph answers spell the type without its leading "#".
  const resolved: ResolvedIdentitySource = {
    odataType: type === "" || type.startsWith("#") ? type : `#${type}`,
  };
  for (const field of RESOLVED_FIELDS) {
    const value = raw[field];
    if (typeof value === "string" && value !== "") resolved[field] = value;
  }
  return resolved;
}

/** The declared form that asks for exactly what Graph holds, or undefined for a kind users cannot declare. */
export function intentFromResolved(resolved: ResolvedIdentitySource): IdentitySource | undefined {
  switch (resolved.odataType) {
    case GRAPH_TYPES.domain:
      return resolved.domainName ? { domainName: resolved.domainName.toLowerCase() } : undefined;
    case GRAPH_TYPES.tenant:
      return resolved.tenantId ? { tenantId: resolved.tenantId.toLowerCase() } : undefined;
    case GRAPH_TYPES.externalDomainFederation:
      return resolved.domainName && resolved.issuerUri
        ? { domainName: resolved.domainName.toLowerCase(), issuerUri: resolved.issuerUri }
        : undefined;
    case GRAPH_TYPES.crossCloudTenant:
      return resolved.tenantId && resolved.cloudInstance && isCloudInstance(resolved.cloudInstance)
        ? { tenantId: resolved.tenantId.toLowerCase(), cloudInstance: resolved.cloudInstance }
        : undefined;
    default:
      return undefined;
  }
}

function identityKey(source: ResolvedIdentitySource): string {
  return [
    source.odataType,
    source.domainName?.toLowerCase() ?? "",
    source.tenantId?.toLowerCase() ?? "",
    source.issuerUri ?? "",
    source.cloudInstance ?? "",
    source.socialIdentitySourceType ?? "",
  ].join("|");
}

/** Same sources, ignoring display names (Graph fills them from the tenant, which can be renamed). */
export function sameResolvedSources(
  a: readonly ResolvedIdentitySource[],
  b: readonly ResolvedIdentitySource[],
): boolean {
  return a.length === b.length && a.every((source, i) => identityKey(source) === identityKey(b[i]));
}

export function sameIntent(a: readonly IdentitySource[], b: readonly IdentitySource[]): boolean {
  const key = (sources: readonly IdentitySource[]) =>
    JSON.stringify(sources.map((s) => sortedEntries(normalizeIdentitySource(s))));
  return key(a) === key(b);
}

function sortedEntries(source: IdentitySource): [string, string][] {
  return Object.entries(source).sort(([x], [y]) => x.localeCompare(y));
}

/**
 * Whether Graph already holds what the declared sources ask for. A domain that Graph rewrote
 * into its tenant cannot be matched offline, so it counts only when it was declared before.
 */
export function satisfiedBy(
  declared: readonly IdentitySource[],
  resolved: readonly ResolvedIdentitySource[],
): boolean {
  if (declared.length !== resolved.length) return false;
  return declared.every((source, i) => {
    const held = intentFromResolved(resolved[i]);
    return held !== undefined && sameIntent([source], [held]);
  });
}

/**
 * Whether Graph may have stored `resolved` for a create that declared `declared`: what it asks for,
 * or, for a domain, the tenant Graph rewrites it into (which cannot be checked offline).
 */
export function couldResolveTo(
  declared: readonly IdentitySource[],
  resolved: readonly ResolvedIdentitySource[],
): boolean {
  if (satisfiedBy(declared, resolved)) return true;
  return (
    declared.length === 1 &&
    resolved.length === 1 &&
    Object.keys(declared[0]).join() === "domainName" &&
    resolved[0].odataType === GRAPH_TYPES.tenant
  );
}

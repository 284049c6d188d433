import type { ConnectedOrganizationsApi } from "../graph/connectedOrganizationsApi";
import { explainGraphError, statusOf } from "../graph/graphErrors";
import { GraphOperationError, Operation } from "../graph/graphOperationError";
import { couldResolveTo, satisfiedBy } from "./identitySources";
import {
  DomainIdentitySource,
  IdentitySource,
  ResolvedIdentitySource,
} from "./connectedOrganization";

/**
 * Whether the sources Graph holds are the declared ones. A declared domain that Graph holds as an
 * Entra tenant counts when that tenant owns the domain, which Graph's tenant lookup tells.
 */
export async function holdsDeclaredSources(
  api: ConnectedOrganizationsApi,
  declared: readonly IdentitySource[],
  resolved: readonly ResolvedIdentitySource[],
  operation: Operation,
  displayName: string,
): Promise<boolean> {
  if (satisfiedBy(declared, resolved)) return true;
  if (!couldResolveTo(declared, resolved)) return false;
  const domainName = (declared[0] as DomainIdentitySource).domainName;
  const heldTenant = resolved[0].tenantId?.toLowerCase();
  const step = `looking up the tenant that owns ${domainName}`;
  try {
    return (await api.tenantIdOfDomain(domainName)) === heldTenant;
  } catch (error) {
    const explained = explainGraphError(error, operation, displayName, step);
    if (statusOf(error) !== 403) throw explained;
    throw new GraphOperationError(
      operation,
      displayName,
      explained.statusCode,
      explained.code,
      `${step}: the caller needs CrossTenantInformation.ReadBasic.All to tell whether Graph's tenant ${heldTenant} is the one that owns ${domainName}; grant it, or declare { tenantId: "${heldTenant}" } instead of the domain`,
      explained.requestId,
    );
  }
}

/** An identity source as a user would declare it, for messages. */
export function describeDeclared(sources: readonly IdentitySource[]): string {
  return sources.map((source) => `{ ${fieldsOf(source).join(", ")} }`).join(", ");
}

/** An identity source as Graph holds it, for messages. */
export function describeResolved(sources: readonly ResolvedIdentitySource[]): string {
  if (sources.length === 0) return "no identity source";
  return sources
    .map(({ odataType, ...fields }) => {
      // Graph fills in the display name itself; it does not identify the source.
      const shown = fieldsOf(fields).filter((field) => !field.startsWith("displayName:"));
      return `${odataType.replace(/^#microsoft\.graph\./, "")} { ${shown.join(", ")} }`;
    })
    .join(", ");
}

function fieldsOf(source: object): string[] {
  return Object.entries(source).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
}

import type { GraphConnectedOrganization } from "../../provider/graph/connectedOrganizationsApi";
import type {
  ConnectedOrganizationInputs,
  IdentitySource,
  SponsorKind,
} from "../../provider/resource/connectedOrganization";
import { intentFromResolved } from "../../provider/resource/identitySources";
import { resolvedSourcesOf } from "../../provider/resource/outputs";
import { normalizeSponsors } from "../../provider/resource/sponsorIds";
import { MAX_DISPLAY_NAME_LENGTH } from "../../provider/resource/validation";
import { compare, resourceNames } from "./resourceNames";

/** An organization as Graph holds it, with the object ids of its sponsors. */
export interface TenantOrganization extends GraphConnectedOrganization {
  sponsors: Record<SponsorKind, string[]>;
}

/** One organization declared as the root program's list entry (and the TypeScript program) take it. */
export interface OrganizationEntry extends ConnectedOrganizationInputs {
  name: string;
  adoptId: string;
}

/** An organization that cannot be declared, and why. */
export interface SkippedOrganization {
  id: string;
  displayName: string;
  reason: string;
}

/**
 * Declarations that ask for exactly what Graph holds, sorted by resource name. Organizations the
 * resource cannot declare (another number or kind of identity source, no name) are skipped.
 */
export function organizationEntries(organizations: readonly TenantOrganization[]): {
  entries: OrganizationEntry[];
  skipped: SkippedOrganization[];
} {
  const skipped: SkippedOrganization[] = [];
  const declarable: [TenantOrganization, IdentitySource][] = [];
  for (const org of organizations) {
    const displayName = org.displayName ?? "";
    const resolved = resolvedSourcesOf(org);
    const source = resolved.length === 1 ? intentFromResolved(resolved[0]) : undefined;
    const reason =
      displayName.trim() === "" || displayName.length > MAX_DISPLAY_NAME_LENGTH
        ? `its display name is empty or longer than ${MAX_DISPLAY_NAME_LENGTH} characters`
        : resolved.length !== 1
          ? `it has ${resolved.length} identity sources; the resource declares exactly one`
          : source === undefined
            ? `its identity source (${resolved[0].odataType || "no type"}) is not one the resource can declare`
            : undefined;
    if (reason !== undefined || source === undefined) {
      skipped.push({ id: org.id, displayName, reason: reason ?? "" });
    } else {
      declarable.push([org, source]);
    }
  }
  const names = resourceNames(declarable.map(([org]) => org));
  const entries = declarable.map(([org, source]) => entryOf(org, source, names.get(org.id) ?? ""));
  return {
    entries: entries.sort((a, b) => compare(a.name, b.name)),
    skipped: skipped.sort((a, b) => compare(a.displayName, b.displayName) || compare(a.id, b.id)),
  };
}

function entryOf(org: TenantOrganization, source: IdentitySource, name: string): OrganizationEntry {
  const internalSponsors = normalizeSponsors(org.sponsors.internalSponsors);
  const externalSponsors = normalizeSponsors(org.sponsors.externalSponsors);
  return {
    name,
    displayName: org.displayName ?? "",
    ...(org.description ? { description: org.description } : {}),
    identitySources: [source],
    ...(org.state === "configured" || org.state === "proposed" ? { state: org.state } : {}),
    ...(internalSponsors.length > 0 ? { internalSponsors } : {}),
    ...(externalSponsors.length > 0 ? { externalSponsors } : {}),
    adoptId: org.id.toLowerCase(),
  };
}

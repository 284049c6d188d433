import { SPONSOR_KINDS, SponsorKind } from "./connectedOrganization";

export type Sponsors = Partial<Record<SponsorKind, string[]>>;

/** Object ids as compared and stored: lower case, each once, sorted. */
export function normalizeSponsors(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))].sort();
}

/** The sponsor kinds a set of inputs or outputs declares. */
export function declaredSponsorKinds(values: Partial<Record<SponsorKind, unknown>>): SponsorKind[] {
  return SPONSOR_KINDS.filter((kind) => values[kind] !== undefined);
}

import { sameIntent, satisfiedBy } from "./identitySources";
import { ApiVersion } from "../auth/settings";
import { normalizeSponsors } from "./sponsorIds";
import {
  ConnectedOrganizationOutputs,
  IdentitySource,
  SPONSOR_KINDS,
} from "./connectedOrganization";
import { containsUnknown, isUnknown } from "./unknowns";

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Compares what the program asks for with what the last deployment or refresh recorded. No Graph
 * call: this runs during preview.
 */
export function diffConnectedOrganization(
  olds: ConnectedOrganizationOutputs,
  news: Record<string, unknown>,
  apiVersion: ApiVersion,
): DiffResult {
  const changed: string[] = [];
  const replaces: string[] = [];
  if (differs(news.displayName, olds.displayName)) changed.push("displayName");
  if (differs(news.description ?? "", olds.description ?? "")) changed.push("description");
  if (news.state !== undefined && differs(news.state, olds.state)) changed.push("state");
  for (const kind of SPONSOR_KINDS) {
    if (news[kind] !== undefined && sponsorsDiffer(news[kind], olds[kind])) changed.push(kind);
  }
  if (identitySourcesDiffer(news.identitySources, olds)) {
    changed.push("identitySources");
    // Beta's PATCH does not accept identitySources; v1.0's does.
    if (apiVersion === "beta" && identitySourcesNeedGraphChange(news.identitySources, olds)) {
      replaces.push("identitySources");
    }
  }
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

function differs(next: unknown, previous: unknown): boolean {
  return isUnknown(next) || next !== previous;
}

/** Undeclared before means unknown: Graph must be asked, so it counts as a change. */
function sponsorsDiffer(next: unknown, previous: string[] | undefined): boolean {
  if (containsUnknown(next) || previous === undefined) return true;
  return normalizeSponsors(next as string[]).join() !== normalizeSponsors(previous).join();
}

function identitySourcesDiffer(next: unknown, olds: ConnectedOrganizationOutputs): boolean {
  if (containsUnknown(next)) return true;
  return !sameIntent(next as IdentitySource[], olds.identitySources ?? []);
}

/** A changed declaration that Graph already holds (e.g. a domain now given as its tenant id) needs no write. */
export function identitySourcesNeedGraphChange(
  next: unknown,
  olds: ConnectedOrganizationOutputs,
): boolean {
  if (containsUnknown(next)) return true;
  return !satisfiedBy(next as IdentitySource[], olds.resolvedIdentitySources ?? []);
}

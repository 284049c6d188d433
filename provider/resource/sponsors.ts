import type { ProviderContext } from "./providerContext";
import type { Settings } from "../auth/settings";
import { explainGraphError, isNotFound } from "../graph/graphErrors";
import { SponsorKind } from "./connectedOrganization";
import { Sponsors, declaredSponsorKinds, normalizeSponsors } from "./sponsorIds";

const WHO: Record<SponsorKind, string> = {
  internalSponsors: "internal sponsor",
  externalSponsors: "external sponsor",
};

/** Graph takes a sponsor as a reference to the user or group, on the Graph host in use. */
export function directoryObjectReference(
  settings: Pick<Settings, "graphEndpoint" | "apiVersion">,
  objectId: string,
): string {
  return `${settings.graphEndpoint}/${settings.apiVersion}/directoryObjects/${objectId}`;
}

export async function readSponsors(
  ctx: ProviderContext,
  id: string,
  name: string,
  kinds: readonly SponsorKind[],
): Promise<Sponsors> {
  const sponsors: Sponsors = {};
  for (const kind of kinds) {
    try {
      sponsors[kind] = normalizeSponsors(await ctx.api.sponsors(id, kind));
    } catch (error) {
      throw explainGraphError(error, "reading", name, `listing ${WHO[kind]}s`);
    }
  }
  return sponsors;
}

/** Adds and removes sponsors so that Graph holds exactly the declared ones; returns them. */
export async function applySponsors(
  ctx: ProviderContext,
  id: string,
  name: string,
  desired: Sponsors,
  current: Sponsors,
  operation: "creating" | "adopting" | "updating",
): Promise<Sponsors> {
  const applied: Sponsors = {};
  for (const kind of declaredSponsorKinds(desired)) {
    const want = normalizeSponsors(desired[kind] ?? []);
    const have = normalizeSponsors(current[kind] ?? []);
    for (const objectId of want.filter((x) => !have.includes(x))) {
      await sponsorCall(operation, name, `adding ${WHO[kind]} ${objectId}`, () =>
        ctx.api.addSponsor(id, kind, directoryObjectReference(ctx.settings, objectId)),
      );
    }
    for (const objectId of have.filter((x) => !want.includes(x))) {
      // Already gone is as good as removed.
      await sponsorCall(operation, name, `removing ${WHO[kind]} ${objectId}`, () =>
        ctx.api.removeSponsor(id, kind, objectId).catch((error) => {
          if (!isNotFound(error)) throw error;
        }),
      );
    }
    applied[kind] = want;
  }
  return applied;
}

async function sponsorCall(
  operation: "creating" | "adopting" | "updating",
  name: string,
  what: string,
  run: () => Promise<void>,
) {
  try {
    await run();
  } catch (error) {
    throw explainGraphError(error, operation, name, what);
  }
}

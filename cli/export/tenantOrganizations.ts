import type { ConnectedOrganizationsApi } from "../../provider/graph/connectedOrganizationsApi";
import { explainGraphError } from "../../provider/graph/graphErrors";
import { SPONSOR_KINDS } from "../../provider/resource/connectedOrganization";
import { ProviderError } from "../../provider/providerError";
import type { TenantOrganization } from "./organizationEntries";
import type { Progress } from "./progress";

/** Sponsor lists read at the same time: enough to be quick, few enough not to be throttled. */
const PARALLEL_READS = 4;

/** The listing failed; the message reads like the provider's Graph errors. */
export class ListingError extends ProviderError {}

/** Every connected organization of the tenant (all pages), with its sponsors. */
export async function readTenantOrganizations(
  api: ConnectedOrganizationsApi,
  progress: Progress,
): Promise<TenantOrganization[]> {
  progress.say("listing connected organizations");
  const listed = await api.list().catch((error: unknown) => {
    // The provider's wording, with the listing as its operation.
    const explained = explainGraphError(error, "reading", "*");
    throw new ListingError(
      `listing connected organizations: ${explained.message.replace(/^reading connected organization "\*": /, "")}`,
    );
  });
  progress.say(`found ${listed.length} connected organizations; reading their sponsors`);
  const organizations: TenantOrganization[] = new Array(listed.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < listed.length) {
      const i = next++;
      const org = listed[i];
      const sponsors = { internalSponsors: [] as string[], externalSponsors: [] as string[] };
      for (const kind of SPONSOR_KINDS) {
        const what = kind === "internalSponsors" ? "internal" : "external";
        sponsors[kind] = await api.sponsors(org.id, kind).catch((error: unknown) => {
          throw explainGraphError(
            error,
            "reading",
            org.displayName ?? org.id,
            `listing ${what} sponsors`,
          );
        });
      }
      organizations[i] = { ...org, sponsors };
      progress.step(`reading sponsors: ${++done}/${listed.length}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, listed.length) }, worker));
  progress.clear();
  return organizations;
}

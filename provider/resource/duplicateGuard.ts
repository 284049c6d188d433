import type { GraphConnectedOrganization } from "../graph/connectedOrganizationsApi";
import { explainGraphError } from "../graph/graphErrors";
import { GraphOperationError } from "../graph/graphOperationError";
import { describeSetting } from "../auth/settingKeys";
import { holdsDeclaredSources } from "./heldIdentitySources";
import { resolvedSourcesOf } from "./outputs";
import type { ProviderContext } from "./providerContext";
import type { ConnectedOrganizationInputs } from "./connectedOrganization";

/** The tenant's organizations as listed once in this provider process (one deployment). */
let listing: Promise<GraphConnectedOrganization[]> | undefined;

/** Forgets the listing, so the next create lists again: called when a deployment configures. */
export function forgetListing(): void {
  listing = undefined;
}

function listOnce(ctx: ProviderContext): Promise<GraphConnectedOrganization[]> {
  if (listing === undefined) {
    const started = ctx.api.list();
    listing = started;
    // A failed listing is not kept: the next create asks again.
    started.catch(() => {
      if (listing === started) listing = undefined;
    });
  }
  return listing;
}

/**
 * Refuses a create when Graph already holds an organization with the same display name and
 * identity source: a second copy would split the access package policies that point at the
 * first. One paged listing serves every create of the deployment.
 */
export async function refuseDuplicate(
  ctx: ProviderContext,
  inputs: ConnectedOrganizationInputs,
): Promise<void> {
  if (!ctx.settings.preventDuplicates) return;
  const name = inputs.displayName;
  let all: GraphConnectedOrganization[];
  try {
    all = await listOnce(ctx);
  } catch (error) {
    throw explainGraphError(
      error,
      "creating",
      name,
      `listing connected organizations to look for an existing one (${describeSetting("preventDuplicates")})`,
    );
  }
  const sameName = all.filter((org) => sameDisplayName(org.displayName, name));
  const existing: GraphConnectedOrganization[] = [];
  for (const org of sameName) {
    const resolved = resolvedSourcesOf(org);
    if (await holdsDeclaredSources(ctx.api, inputs.identitySources, resolved, "creating", name)) {
      existing.push(org);
    }
  }
  if (existing.length > 0) throw duplicateError(name, existing);
}

/** Entra compares display names without regard to case. */
function sameDisplayName(held: string | undefined, declared: string): boolean {
  return (held ?? "").toLowerCase() === declared.toLowerCase();
}

function duplicateError(name: string, existing: GraphConnectedOrganization[]): GraphOperationError {
  const oldest = [...existing].sort(
    (a, b) =>
      (a.createdDateTime ?? "").localeCompare(b.createdDateTime ?? "") || a.id.localeCompare(b.id),
  );
  const id = oldest[0].id;
  const held =
    oldest.length === 1
      ? `an organization with this name and identity source (id ${id})`
      : `${oldest.length} organizations with this name and identity source (ids ${oldest.map((o) => o.id).join(", ")})`;
  return new GraphOperationError(
    "creating",
    name,
    0,
    "DuplicateOrganization",
    [
      `Graph already holds ${held}; nothing was created.`,
      `If it was made outside this stack (the portal, a script, or proposed by an access request), adopt it: add the line \`adoptId: "${id}"\` to this resource's inputs.`,
      `If this stack manages it under another resource name (the resource, or its \`name\` in the organizations list, was renamed), keep the old name as an alias: the \`aliases: [{ name: "<old name>" }]\` resource option, or \`previousNames: [<old name>]\` in the organizations list.`,
      `If an interrupted deployment created it (pulumi warned of a pending create), adopt it with that line too and run \`pulumi refresh --clear-pending-creates\` once; \`--import-pending-creates\` cannot record this resource.`,
      `To create a second copy anyway, set ${describeSetting("preventDuplicates")} to false.`,
    ].join(" "),
  );
}

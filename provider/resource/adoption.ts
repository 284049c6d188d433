import { GraphConnectedOrganization } from "../graph/connectedOrganizationsApi";
import { readAfterWrite } from "../graph/eventualConsistency";
import { explainGraphError, isNotFound } from "../graph/graphErrors";
import { GraphOperationError } from "../graph/graphOperationError";
import { describeDeclared, describeResolved, holdsDeclaredSources } from "./heldIdentitySources";
import { wroteOrganization } from "./listedReads";
import { outputsFromGraph, resolvedSourcesOf } from "./outputs";
import type { ProviderContext } from "./providerContext";
import { applySponsors, readSponsors } from "./sponsors";
import { declaredSponsorKinds } from "./sponsorIds";
import { ConnectedOrganizationInputs, ConnectedOrganizationOutputs } from "./connectedOrganization";

/**
 * Takes over the existing organization `inputs.adoptId` instead of creating one. Nothing is
 * written unless it exists and holds the declared identity source; then only what differs from
 * the declaration is changed, so an adoption that already matches writes nothing.
 */
export async function adoptConnectedOrganization(
  ctx: ProviderContext,
  inputs: ConnectedOrganizationInputs & { adoptId: string },
  providerKey?: unknown,
): Promise<{ id: string; outs: ConnectedOrganizationOutputs }> {
  const id = inputs.adoptId;
  const name = inputs.displayName;
  const existing = await getExisting(ctx, id, name);
  const resolved = resolvedSourcesOf(existing);
  if (!(await holdsDeclaredSources(ctx.api, inputs.identitySources, resolved, "adopting", name))) {
    throw new GraphOperationError(
      "adopting",
      name,
      0,
      "IdentitySourceMismatch",
      `adoptId ${id} ("${existing.displayName ?? ""}") signs in from ${describeResolved(resolved)}, but identitySources declares ${describeDeclared(inputs.identitySources)}; nothing was changed. Declare the identity source Graph holds, or check adoptId`,
    );
  }
  const stateManaged = inputs.state !== undefined;
  let known = existing;
  try {
    const patch = differences(existing, inputs);
    if (Object.keys(patch).length > 0) {
      wroteOrganization(id);
      await ctx.api.update(id, patch);
      known = await readAfterWrite(() => ctx.api.get(id), ctx.settings.replicationTimeoutSeconds);
    }
    const current = await readSponsors(ctx, id, name, declaredSponsorKinds(inputs));
    const sponsors = await applySponsors(ctx, id, name, inputs, current, "adopting");
    return {
      id,
      outs: outputsFromGraph(known, inputs.identitySources, stateManaged, undefined, sponsors),
    };
  } catch (error) {
    // The organization exists and is now this resource's: the engine keeps it in state.
    const failure = explainGraphError(error, "adopting", name);
    failure.id = id;
    failure.properties = {
      ...outputsFromGraph(known, inputs.identitySources, stateManaged),
      ...(providerKey !== undefined ? { __provider: providerKey } : {}),
    };
    failure.reasons = [failure.message];
    throw failure;
  }
}

async function getExisting(
  ctx: ProviderContext,
  id: string,
  name: string,
): Promise<GraphConnectedOrganization> {
  try {
    return await ctx.api.get(id);
  } catch (error) {
    const explained = explainGraphError(error, "adopting", name);
    if (!isNotFound(error)) throw explained;
    const { graphEndpoint, apiVersion } = ctx.settings;
    throw new GraphOperationError(
      "adopting",
      name,
      explained.statusCode,
      explained.code,
      `adoptId ${id}: Graph at ${graphEndpoint} (${apiVersion}) holds no connected organization with this id; nothing was written. Check the id (\`npx pulumi-entra-connected-organizations export\` lists the tenant's organizations with their ids), or remove adoptId to create a new organization`,
      explained.requestId,
    );
  }
}

/** The PATCH body that brings Graph's object in line with the declaration. */
function differences(
  graph: GraphConnectedOrganization,
  inputs: ConnectedOrganizationInputs,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (graph.displayName !== inputs.displayName) patch.displayName = inputs.displayName;
  if ((graph.description ?? "") !== (inputs.description ?? "")) {
    patch.description = inputs.description ?? "";
  }
  if (inputs.state !== undefined && graph.state !== inputs.state) patch.state = inputs.state;
  return patch;
}

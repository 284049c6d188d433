import { GraphConnectedOrganization } from "../graph/connectedOrganizationsApi";
import { readAfterWrite } from "../graph/eventualConsistency";
import { explainGraphError, isNotFound, isUnknownOutcome } from "../graph/graphErrors";
import { GraphOperationError, Operation } from "../graph/graphOperationError";
import { identitySourcesNeedGraphChange } from "./diff";
import { couldResolveTo, sameIntent, toGraphIdentitySource } from "./identitySources";
import { inputsFromOutputs, outputsFromGraph, resolvedSourcesOf } from "./outputs";
import { findListed, wroteOrganization } from "./listedReads";
import type { ProviderContext } from "./providerContext";
import { applySponsors, readSponsors } from "./sponsors";
import { declaredSponsorKinds } from "./sponsorIds";
import { ConnectedOrganizationInputs, ConnectedOrganizationOutputs } from "./connectedOrganization";

/** How far back a just-created object's createdDateTime may be, given clock skew. */
const CREATE_SKEW_MS = 2 * 60 * 1000;
/** Creates sent for one resource when each answer leaves open whether it was carried out. */
const MAX_CREATE_ATTEMPTS = 3;

export async function createConnectedOrganization(
  ctx: ProviderContext,
  inputs: ConnectedOrganizationInputs,
  providerKey?: unknown,
): Promise<{ id: string; outs: ConnectedOrganizationOutputs }> {
  const name = inputs.displayName;
  const body: Record<string, unknown> = {
    displayName: inputs.displayName,
    identitySources: inputs.identitySources.map(toGraphIdentitySource),
    ...(inputs.description ? { description: inputs.description } : {}),
    ...(inputs.state ? { state: inputs.state } : {}),
  };
  const created = await createWithoutDuplicate(ctx, inputs, body);
  wroteOrganization(created.id);
  const stateManaged = inputs.state !== undefined;
  let known = created;
  try {
    known = await readBack(ctx, created.id, name);
    const sponsors = await applySponsors(ctx, created.id, name, inputs, {}, "creating");
    return {
      id: known.id,
      outs: outputsFromGraph(known, inputs.identitySources, stateManaged, undefined, sponsors),
    };
  } catch (error) {
    // The object exists: hand its id to the engine so it stays in state, not orphaned.
    const failure = explainGraphError(error, "creating", name);
    failure.id = created.id;
    failure.properties = {
      ...outputsFromGraph(known, inputs.identitySources, stateManaged),
      ...(providerKey !== undefined ? { __provider: providerKey } : {}),
    };
    failure.reasons = [failure.message];
    throw failure;
  }
}

/**
 * Sends the create. When its outcome is unknown (no answer, or a 5xx: Graph may have committed
 * it), looks for what it may have made and takes that over; sends it again only when nothing
 * appeared, so a committed create is never made twice.
 */
async function createWithoutDuplicate(
  ctx: ProviderContext,
  inputs: ConnectedOrganizationInputs,
  body: Record<string, unknown>,
): Promise<GraphConnectedOrganization> {
  const name = inputs.displayName;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.api.create(body);
    } catch (error) {
      if (!isUnknownOutcome(error)) throw explainGraphError(error, "creating", name);
      const found = await findJustCreated(ctx, inputs, started, error);
      if (found) return found;
      if (attempt === MAX_CREATE_ATTEMPTS) {
        throw withAdvice(
          explainGraphError(error, "creating", name),
          `Each of ${MAX_CREATE_ATTEMPTS} creates left open whether Graph carried it out, and no matching organization appeared, so none was taken over; run \`pulumi up\` again.`,
        );
      }
    }
  }
}

/**
 * After a create whose outcome is unknown, the object may exist. Adopt it if exactly one object
 * that matches what was asked (name, description, identity source) appeared since the first
 * create was sent; none means the create was not carried out.
 */
async function findJustCreated(
  ctx: ProviderContext,
  inputs: ConnectedOrganizationInputs,
  started: number,
  unknownOutcome: unknown,
): Promise<GraphConnectedOrganization | undefined> {
  let candidates: GraphConnectedOrganization[];
  try {
    candidates = await ctx.api.findByDisplayName(inputs.displayName);
  } catch (error) {
    const step = `the create's outcome was unknown (${outcomeOf(unknownOutcome)}) and looking for what it may have made failed`;
    throw withAdvice(
      explainGraphError(error, "creating", inputs.displayName, step),
      `The organization may exist: look for it by name before running \`pulumi up\` again.`,
    );
  }
  const recent = candidates.filter(
    (org) =>
      Date.parse(org.createdDateTime ?? "") >= started - CREATE_SKEW_MS &&
      (org.description ?? "") === (inputs.description ?? "") &&
      couldResolveTo(inputs.identitySources, resolvedSourcesOf(org)),
  );
  if (recent.length > 1) {
    throw new GraphOperationError(
      "creating",
      inputs.displayName,
      0,
      "AmbiguousCreate",
      `the create's outcome was unknown (${outcomeOf(unknownOutcome)}) and ${recent.length} matching organizations appeared since (${recent.map((o) => o.id).join(", ")}); delete the extra ones and run \`pulumi up\` again`,
    );
  }
  return recent[0];
}

function withAdvice(error: GraphOperationError, advice: string): GraphOperationError {
  error.message = `${error.message.replace(/\.?$/, ".")} ${advice}`;
  error.stack = error.message;
  return error;
}

function outcomeOf(error: unknown): string {
  const explained = explainGraphError(error, "creating", "");
  return explained.statusCode > 0 ? `Graph answered ${explained.statusCode}` : "no answer";
}

export async function readConnectedOrganization(
  ctx: ProviderContext,
  id: string,
  props: Partial<ConnectedOrganizationOutputs>,
): Promise<{
  id?: string;
  props?: ConnectedOrganizationOutputs;
  inputs?: ConnectedOrganizationInputs;
}> {
  const name = props.displayName ?? id;
  let graph = await findListed(ctx.api, id);
  try {
    graph ??= await ctx.api.get(id);
  } catch (error) {
    if (isNotFound(error)) return {};
    throw explainGraphError(error, "reading", name);
  }
  const sponsors = await readSponsors(ctx, id, name, declaredSponsorKinds(props));
  const outs = outputsFromGraph(
    graph,
    props.identitySources ?? [],
    props.stateManaged ?? false,
    props.resolvedIdentitySources ?? [],
    sponsors,
  );
  return { id: graph.id, props: outs, inputs: inputsFromOutputs(outs) };
}

export async function updateConnectedOrganization(
  ctx: ProviderContext,
  id: string,
  olds: ConnectedOrganizationOutputs,
  news: ConnectedOrganizationInputs,
): Promise<ConnectedOrganizationOutputs> {
  const name = news.displayName;
  const patch: Record<string, unknown> = {};
  if (news.displayName !== olds.displayName) patch.displayName = news.displayName;
  if ((news.description ?? "") !== (olds.description ?? ""))
    patch.description = news.description ?? "";
  if (news.state !== undefined && news.state !== olds.state) patch.state = news.state;
  if (
    !sameIntent(news.identitySources, olds.identitySources ?? []) &&
    identitySourcesNeedGraphChange(news.identitySources, olds)
  ) {
    if (ctx.settings.apiVersion === "beta") {
      throw new GraphOperationError(
        "updating",
        name,
        0,
        "ReplaceRequired",
        "the beta API cannot change identitySources in place; the resource must be replaced (use apiVersion v1.0 to update in place)",
      );
    }
    patch.identitySources = news.identitySources.map(toGraphIdentitySource);
  }
  wroteOrganization(id);
  if (Object.keys(patch).length > 0) {
    await call("updating", name, () => ctx.api.update(id, patch));
  }
  const graph = await readBack(ctx, id, name);
  const current = await readSponsors(ctx, id, name, declaredSponsorKinds(news));
  const sponsors = await applySponsors(ctx, id, name, news, current, "updating");
  return outputsFromGraph(
    graph,
    news.identitySources,
    news.state !== undefined,
    undefined,
    sponsors,
  );
}

export async function deleteConnectedOrganization(
  ctx: ProviderContext,
  id: string,
  props: Partial<ConnectedOrganizationOutputs>,
): Promise<void> {
  wroteOrganization(id);
  try {
    await ctx.api.delete(id);
  } catch (error) {
    if (isNotFound(error)) return;
    throw explainGraphError(error, "deleting", props.displayName ?? id);
  }
}

function readBack(ctx: ProviderContext, id: string, name: string) {
  return call("reading", name, () =>
    readAfterWrite(() => ctx.api.get(id), ctx.settings.replicationTimeoutSeconds),
  );
}

async function call<T>(operation: Operation, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw explainGraphError(error, operation, name);
  }
}

import { GraphConnectedOrganization } from "../graph/connectedOrganizationsApi";
import {
  fromGraphIdentitySource,
  intentFromResolved,
  sameResolvedSources,
} from "./identitySources";
import { Sponsors, declaredSponsorKinds } from "./sponsorIds";
import {
  ConnectedOrganizationInputs,
  ConnectedOrganizationOutputs,
  IdentitySource,
  ResolvedIdentitySource,
} from "./connectedOrganization";

export function resolvedSourcesOf(graph: GraphConnectedOrganization): ResolvedIdentitySource[] {
  return (graph.identitySources ?? []).map(fromGraphIdentitySource);
}

/**
 * Outputs for an object Graph returned. `intent` is what the user asked for; it is kept only
 * while Graph still holds what it resolved to before, otherwise the declared form of what Graph
 * now holds takes its place, so a change made outside Pulumi shows as drift.
 */
export function outputsFromGraph(
  graph: GraphConnectedOrganization,
  intent: IdentitySource[],
  stateManaged: boolean,
  previouslyResolved?: ResolvedIdentitySource[],
  sponsors: Sponsors = {},
): ConnectedOrganizationOutputs {
  const resolved = resolvedSourcesOf(graph);
  // Nothing recorded (a create whose read-back failed) means nothing to compare with: keep intent.
  const keepIntent =
    previouslyResolved === undefined ||
    previouslyResolved.length === 0 ||
    sameResolvedSources(previouslyResolved, resolved);
  const outputs: ConnectedOrganizationOutputs = {
    displayName: graph.displayName ?? "",
    description: graph.description ?? "",
    identitySources: keepIntent
      ? intent
      : resolved.map(intentFromResolved).filter((s): s is IdentitySource => s !== undefined),
    state: graph.state ?? "",
    stateManaged,
    resolvedIdentitySources: resolved,
    ...sponsors,
  };
  for (const key of ["createdDateTime", "modifiedDateTime", "createdBy", "modifiedBy"] as const) {
    const value = graph[key];
    if (typeof value === "string" && value !== "") outputs[key] = value;
  }
  return outputs;
}

/** The inputs that would produce these outputs: what `read` reports so that drift is visible. */
export function inputsFromOutputs(
  outputs: ConnectedOrganizationOutputs,
): ConnectedOrganizationInputs {
  return {
    displayName: outputs.displayName,
    ...(outputs.description !== "" ? { description: outputs.description } : {}),
    identitySources: outputs.identitySources,
    ...(outputs.stateManaged && isDeclarableState(outputs.state) ? { state: outputs.state } : {}),
    ...Object.fromEntries(declaredSponsorKinds(outputs).map((kind) => [kind, outputs[kind]])),
  };
}

function isDeclarableState(state: string): state is "configured" | "proposed" {
  return state === "configured" || state === "proposed";
}

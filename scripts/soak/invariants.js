"use strict";
// What must hold after every round, from Graph and from the stack's state.

const norm = (value) => (value ?? "").toString();
const sorted = (ids) =>
  [...(ids ?? [])]
    .map((id) => id.toLowerCase())
    .sort()
    .join(",");

/**
 * declared: the `organizations` entries; graph: every organization Graph holds, with
 * `internalSponsors` ids; state: the ConnectedOrganization resources of `pulumi stack export`.
 * Returns each invariant's violations as readable lines.
 */
function checkInvariants({ declared, graph, state }) {
  const byId = new Map(graph.map((org) => [org.id, org]));
  const stateIds = new Set(state.map((r) => r.id));
  const nameOf = (resource) => resource.urn.split("::").pop();
  const violations = { duplicates: [], orphans: [], dangling: [], mismatches: [] };

  for (const entry of declared) {
    const copies = graph.filter((org) => org.displayName === entry.displayName);
    if (copies.length > 1) {
      violations.duplicates.push(
        `${entry.name}: ${copies.length} organizations named "${entry.displayName}" (${copies.map((o) => o.id).join(", ")})`,
      );
    }
    const resource = state.find((r) => nameOf(r) === entry.name);
    const org = resource && byId.get(resource.id);
    if (!org) {
      violations.mismatches.push(
        `${entry.name}: declared but ${resource ? `its id ${resource.id} is not in Graph` : "not in the state"}`,
      );
      continue;
    }
    const differs = [];
    if (org.displayName !== entry.displayName) differs.push(`displayName "${org.displayName}"`);
    if (norm(org.description) !== norm(entry.description))
      differs.push(`description "${norm(org.description)}"`);
    if (entry.state && org.state !== entry.state) differs.push(`state ${org.state}`);
    if (entry.internalSponsors && sorted(org.internalSponsors) !== sorted(entry.internalSponsors)) {
      differs.push(`internalSponsors [${sorted(org.internalSponsors)}]`);
    }
    const intent = canonical(resource.outputs.identitySources);
    const asked = canonical(entry.identitySources);
    if (intent !== asked) differs.push(`identitySources ${intent}`);
    if (differs.length)
      violations.mismatches.push(`${entry.name}: Graph or state holds ${differs.join(", ")}`);
  }
  for (const org of graph) {
    if (!stateIds.has(org.id))
      violations.orphans.push(`${org.id} "${org.displayName}" is in Graph but not in the state`);
  }
  for (const resource of state) {
    if (!byId.has(resource.id))
      violations.dangling.push(
        `${nameOf(resource)}: state holds ${resource.id}, which Graph does not`,
      );
  }
  return violations;
}

/** Identity sources compared as the provider normalizes them: lower-case domains and tenant ids. */
function canonical(sources) {
  return JSON.stringify(
    (sources ?? []).map((source) =>
      Object.entries(source)
        .map(([key, value]) => [
          key,
          key === "domainName" || key === "tenantId" ? String(value).toLowerCase() : value,
        ])
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  );
}

module.exports = { checkInvariants };

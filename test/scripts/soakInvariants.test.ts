/* eslint-disable @typescript-eslint/no-require-imports -- the soak's checks are plain Node modules */
const { checkInvariants } = require("../../scripts/soak/invariants");

const entry = {
  name: "fabrikam",
  displayName: "Fabrikam",
  description: "Supplier",
  identitySources: [{ domainName: "Fabrikam.com" }],
  state: "configured",
  internalSponsors: ["B", "a"],
};
const org = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  displayName: "Fabrikam",
  description: "Supplier",
  state: "configured",
  internalSponsors: ["a", "b"],
  ...overrides,
});
const resource = (name: string, id: string) => ({
  urn: `urn:pulumi:soak::connected-organizations::pulumi-nodejs:dynamic/entra:ConnectedOrganization::${name}`,
  id,
  outputs: { identitySources: [{ domainName: "fabrikam.com" }] },
});

function check(graph: unknown[], state: unknown[], declared: unknown[] = [entry]) {
  return checkInvariants({ declared, graph, state });
}

describe("soak invariants", () => {
  it("hold when Graph and state match the declaration", () => {
    expect(check([org("1")], [resource("fabrikam", "1")])).toEqual({
      duplicates: [],
      orphans: [],
      dangling: [],
      mismatches: [],
    });
  });

  it("find a second organization made for one declared resource", () => {
    const found = check([org("1"), org("2")], [resource("fabrikam", "1")]);
    expect(found.duplicates).toEqual([expect.stringContaining('2 organizations named "Fabrikam"')]);
    expect(found.orphans).toEqual([expect.stringContaining("2 ")]);
  });

  it("find state that points at nothing, and declared resources missing from state", () => {
    const found = check([], [resource("fabrikam", "1")]);
    expect(found.dangling).toEqual([expect.stringContaining("fabrikam: state holds 1")]);
    expect(found.mismatches).toEqual([expect.stringContaining("its id 1 is not in Graph")]);
    expect(check([], []).mismatches).toEqual([expect.stringContaining("not in the state")]);
  });

  it("find Graph content that differs from the declaration", () => {
    const found = check(
      [org("1", { description: "changed", state: "proposed", internalSponsors: ["a"] })],
      [resource("fabrikam", "1")],
    );
    expect(found.mismatches).toEqual([
      expect.stringMatching(/description "changed".*state proposed.*internalSponsors \[a\]/),
    ]);
  });
});

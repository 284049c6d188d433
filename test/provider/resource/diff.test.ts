import { diffConnectedOrganization } from "../../../provider/resource/diff";
import { fromGraphIdentitySource } from "../../../provider/resource/identitySources";
import { UNKNOWN } from "../../../provider/resource/unknowns";
import { ConnectedOrganizationOutputs } from "../../../provider/resource/connectedOrganization";

const CONTOSO = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

const deployed: ConnectedOrganizationOutputs = {
  displayName: "Contoso",
  description: "Supplier",
  identitySources: [{ domainName: "contoso.com" }],
  state: "configured",
  stateManaged: true,
  resolvedIdentitySources: [
    {
      odataType: "#microsoft.graph.azureActiveDirectoryTenant",
      tenantId: CONTOSO,
      displayName: "Contoso",
    },
  ],
};
const declared = {
  displayName: "Contoso",
  description: "Supplier",
  identitySources: [{ domainName: "contoso.com" }],
  state: "configured",
  __provider: "ignored",
};

describe("diffConnectedOrganization", () => {
  it("sees no change when the declared domain was rewritten into its tenant", () => {
    expect(diffConnectedOrganization(deployed, declared, "beta")).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("ignores __provider", () => {
    const result = diffConnectedOrganization(
      deployed,
      { ...declared, __provider: "other" },
      "beta",
    );
    expect(result.changes).toBe(false);
  });

  it("updates in place for displayName, description and state", () => {
    for (const change of [
      { displayName: "Contoso Ltd" },
      { description: "" },
      { state: "proposed" },
    ]) {
      const result = diffConnectedOrganization(deployed, { ...declared, ...change }, "beta");
      expect(result).toMatchObject({ changes: true, replaces: [] });
    }
  });

  it("never shows a change for an omitted state", () => {
    const { state: _omitted, ...withoutState } = declared;
    void _omitted;
    const drifted = { ...deployed, state: "proposed", stateManaged: false };
    expect(diffConnectedOrganization(drifted, withoutState, "beta").changes).toBe(false);
  });

  it("replaces on beta and updates on v1.0 when the identity source changes", () => {
    const news = { ...declared, identitySources: [{ domainName: "fabrikam.com" }] };
    expect(diffConnectedOrganization(deployed, news, "beta")).toMatchObject({
      changes: true,
      replaces: ["identitySources"],
    });
    expect(diffConnectedOrganization(deployed, news, "v1.0")).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  it("does not replace when the new declaration is what Graph already holds", () => {
    const news = { ...declared, identitySources: [{ tenantId: CONTOSO.toUpperCase() }] };
    expect(diffConnectedOrganization(deployed, news, "beta")).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  it("treats unknown values as changes", () => {
    expect(
      diffConnectedOrganization(deployed, { ...declared, displayName: UNKNOWN }, "beta").changes,
    ).toBe(true);
    expect(
      diffConnectedOrganization(
        deployed,
        { ...declared, identitySources: [{ tenantId: UNKNOWN }] },
        "beta",
      ),
    ).toMatchObject({ changes: true, replaces: ["identitySources"] });
  });
});

describe("fromGraphIdentitySource", () => {
  it("reads the type with or without its leading #", () => {
    for (const type of [
      "#microsoft.graph.azureActiveDirectoryTenant",
      "microsoft.graph.azureActiveDirectoryTenant",
    ]) {
      expect(
        fromGraphIdentitySource({ "@odata.type": type, tenantId: CONTOSO, displayName: "Contoso" }),
      ).toEqual({
        odataType: "#microsoft.graph.azureActiveDirectoryTenant",
        tenantId: CONTOSO,
        displayName: "Contoso",
      });
    }
  });
});

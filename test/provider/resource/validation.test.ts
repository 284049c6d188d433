import { checkInputs } from "../../../provider/resource/validation";
import { UNKNOWN } from "../../../provider/resource/unknowns";

const valid = {
  displayName: "Fabrikam",
  identitySources: [{ domainName: "Fabrikam.com" }],
};

function failuresOf(news: Record<string, unknown>) {
  return checkInputs(news).failures;
}

describe("checkInputs", () => {
  it("accepts each identity source form and normalizes it", () => {
    const forms = [
      [{ domainName: "Fabrikam.COM" }, { domainName: "fabrikam.com" }],
      [
        { tenantId: "72F988BF-86F1-41AF-91AB-2D7CD011DB47" },
        { tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" },
      ],
      [
        { domainName: "fabrikam.com", issuerUri: "https://idp.fabrikam.com/saml" },
        { domainName: "fabrikam.com", issuerUri: "https://idp.fabrikam.com/saml" },
      ],
      [
        { tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", cloudInstance: "microsoftonline.us" },
        { tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", cloudInstance: "microsoftonline.us" },
      ],
    ];
    for (const [given, normalized] of forms) {
      const { inputs, failures } = checkInputs({ ...valid, identitySources: [given] });
      expect(failures).toEqual([]);
      expect(inputs.identitySources).toEqual([normalized]);
    }
  });

  it("keeps state and description, and drops an empty description", () => {
    expect(checkInputs({ ...valid, state: "proposed", description: "x" }).inputs).toMatchObject({
      state: "proposed",
      description: "x",
    });
    expect(checkInputs({ ...valid, description: "" }).inputs).not.toHaveProperty("description");
  });

  it.each([
    ["displayName", { ...valid, displayName: "" }, /displayName is required/],
    ["displayName", { ...valid, displayName: "   " }, /non-empty/],
    ["displayName", { identitySources: valid.identitySources }, /displayName is required/],
    ["identitySources", { ...valid, identitySources: [] }, /exactly one.*got 0 elements/],
    [
      "identitySources",
      { ...valid, identitySources: [{ domainName: "a.com" }, { domainName: "b.com" }] },
      /exactly one.*got 2 elements/,
    ],
    ["identitySources", { displayName: "x" }, /exactly one/],
    [
      "identitySources[0].domainName",
      { ...valid, identitySources: [{ domainName: "not a domain" }] },
      /DNS domain name/,
    ],
    [
      "identitySources[0].domainName",
      { ...valid, identitySources: [{ domainName: "localhost" }] },
      /DNS domain name/,
    ],
    [
      "identitySources[0].tenantId",
      { ...valid, identitySources: [{ tenantId: "contoso" }] },
      /GUID/,
    ],
    [
      "identitySources[0].issuerUri",
      { ...valid, identitySources: [{ domainName: "a.com", issuerUri: "http://idp.a.com" }] },
      /absolute https URI/,
    ],
    [
      "identitySources[0].issuerUri",
      { ...valid, identitySources: [{ domainName: "a.com", issuerUri: "/saml" }] },
      /absolute https URI/,
    ],
    [
      "identitySources[0].cloudInstance",
      {
        ...valid,
        identitySources: [
          { tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", cloudInstance: "azure.de" },
        ],
      },
      /microsoftonline\.com, microsoftonline\.us, partner\.microsoftonline\.cn/,
    ],
    [
      "identitySources[0].domainName",
      {
        ...valid,
        identitySources: [
          { domainName: "a.com", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" },
        ],
      },
      /cannot be combined/,
    ],
    [
      "identitySources[0].name",
      { ...valid, identitySources: [{ domainName: "a.com", name: "x" }] },
      /not a field of an identity source/,
    ],
    ["state", { ...valid, state: "active" }, /"configured", "proposed".*"active"/],
    ["description", { ...valid, description: 42 }, /must be a string/],
    ["internalSponsors", { ...valid, internalSponsors: "adele" }, /list of object ids \(GUIDs\)/],
    [
      "externalSponsors[0]",
      { ...valid, externalSponsors: ["adele@contoso.com"] },
      /GUIDs.*"adele@contoso.com"/,
    ],
    [
      "internalSponsors[1]",
      {
        ...valid,
        internalSponsors: [
          "4d79dec2-5b32-4b82-abc8-c080acdfd63e",
          "4D79DEC2-5B32-4B82-ABC8-C080ACDFD63E",
        ],
      },
      /listed twice/,
    ],
    ["owner", { ...valid, owner: "me" }, /not an input of ConnectedOrganization/],
  ])("rejects a bad %s with a reason", (property, news, reason) => {
    const failures = failuresOf(news as Record<string, unknown>);
    expect(failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
  });

  it("accepts values not known until apply", () => {
    const { inputs, failures } = checkInputs({
      displayName: UNKNOWN,
      description: UNKNOWN,
      identitySources: [{ tenantId: UNKNOWN }],
      state: UNKNOWN,
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      displayName: UNKNOWN,
      description: UNKNOWN,
      identitySources: [{ tenantId: UNKNOWN }],
      state: UNKNOWN,
    });
    expect(checkInputs({ displayName: "x", identitySources: UNKNOWN }).failures).toEqual([]);
  });
});

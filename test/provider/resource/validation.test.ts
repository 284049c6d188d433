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
      /object id \(GUID\) of a user or group \(got "adele@contoso.com"\)/,
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

  const NIL = "00000000-0000-0000-0000-000000000000";
  const source = (identitySource: Record<string, unknown>) => ({
    ...valid,
    identitySources: [identitySource],
  });
  const federated = (issuerUri: string) => source({ domainName: "fabrikam.com", issuerUri });

  it.each([
    ["identitySources[0].tenantId", source({ tenantId: NIL }), /tenant id GUID .*not the nil GUID/],
    [
      "identitySources[0].tenantId",
      source({ tenantId: NIL, cloudInstance: "microsoftonline.us" }),
      /not the nil GUID/,
    ],
    ["internalSponsors[0]", { ...valid, internalSponsors: [NIL] }, /not the nil GUID/],
  ])("refuses the nil GUID, which no tenant or object has, as %s", (property, news, reason) => {
    expect(failuresOf(news)).toContainEqual({ property, reason: expect.stringMatching(reason) });
  });

  it.each([
    ["bücher.example", "xn--bcher-kva.example"],
    ["münchen.de", "xn--mnchen-3ya.de"],
    ["例え.テスト", "xn--r8jz45g.xn--zckzah"],
  ])("gives the punycode form of the internationalized domain %s", (domainName, ascii) => {
    expect(failuresOf(source({ domainName }))).toEqual([
      {
        property: "identitySources[0].domainName",
        reason: `domainName is an internationalized domain name; use its punycode form "${ascii}" instead (got ${JSON.stringify(domainName)})`,
      },
    ]);
    expect(failuresOf(source({ domainName: ascii }))).toEqual([]);
  });

  it.each([
    [" fabrikam.com", /DNS domain name such as contoso\.com, with no whitespace anywhere/],
    ["fabrikam.com\n", /whitespace/],
    ["fabri\tkam.com", /whitespace/],
    ["fabrikam.com.", /without a trailing dot/],
    ["fabrikam..com", /labels of letters, digits and hyphens/],
    ["-fabrikam.com", /not starting or ending with a hyphen/],
    [`${"a".repeat(64)}.com`, /at most 63 characters each/],
    [`${"a.".repeat(127)}com`, /at most 253 characters in all/],
    ["fabrikam.123", /top-level domain of letters/],
    ["xn--zz.com", /not valid punycode/],
    ["xn--a.com", /not valid punycode/],
  ])("refuses the domain name %j (RFC 1035)", (domainName, reason) => {
    expect(failuresOf(source({ domainName }))).toContainEqual({
      property: "identitySources[0].domainName",
      reason: expect.stringMatching(reason),
    });
  });

  it.each([
    [" https://idp.fabrikam.com/saml", /no whitespace anywhere/],
    ["https://idp.fabrikam.com/saml ", /no whitespace anywhere/],
    ["https://idp.fabri\tkam.com/saml", /no whitespace anywhere/],
    ["https://idp.fabrikam.com/my saml", /no whitespace anywhere/],
    ["https:idp.fabrikam.com/saml", /absolute https URI such as/],
    ["https:///idp.fabrikam.com/saml", /has no host/],
    ["https://idp.fabrikam.com\\saml", /characters a URI cannot .*percent-encode/],
    ["https://idp.fabrikam.com/a%zzb", /characters a URI cannot/],
    ["https://1.2.3/saml", /its host must be a DNS domain name/],
    ["https://idp.fabrikam.com:99999/saml", /port must be a number from 0 to 65535/],
    [
      "https://idp.bücher.example/saml",
      /in ASCII \(RFC 3986\): use "https:\/\/idp\.xn--bcher-kva\.example\/saml" instead/,
    ],
  ])("refuses the issuer URI %j (RFC 3986)", (issuerUri, reason) => {
    expect(failuresOf(federated(issuerUri))).toContainEqual({
      property: "identitySources[0].issuerUri",
      reason: expect.stringMatching(reason),
    });
  });

  it.each([
    "https://idp.fabrikam.com",
    "https://idp.fabrikam.com/adfs/services/trust",
    "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
    "https://idp.fabrikam.com:8443/saml?tenant=a%20b#x",
    "https://127.0.0.1:8443/saml",
  ])("accepts the issuer URI %s", (issuerUri) => {
    expect(failuresOf(federated(issuerUri))).toEqual([]);
  });

  it.each([
    ["DisplayName", "displayName"],
    [" displayName", "displayName"],
    ["displayName ", "displayName"],
    ["display_name", "displayName"],
    ["internal-sponsors", "internalSponsors"],
  ])("refuses the misspelt input %j and names the input meant", (key, meant) => {
    const news = { identitySources: valid.identitySources, displayName: "x", [key]: "Fabrikam" };
    expect(failuresOf(news)).toContainEqual({
      property: key,
      reason: expect.stringContaining(
        `${JSON.stringify(key)} is not an input of ConnectedOrganization (did you mean "${meant}"?); allowed: displayName,`,
      ),
    });
  });

  it("refuses inputs that look internal, other than the SDK's own __provider", () => {
    expect(failuresOf({ ...valid, __provider: "exports.handler = …" })).toEqual([]);
    expect(failuresOf({ ...valid, __defaults: [] })).toContainEqual({
      property: "__defaults",
      reason: expect.stringMatching(/not an input of ConnectedOrganization/),
    });
  });

  it("refuses a misspelt identity source field and names the field meant", () => {
    expect(failuresOf(source({ DomainName: "fabrikam.com" }))).toContainEqual({
      property: "identitySources[0].DomainName",
      reason: expect.stringMatching(
        /^"DomainName" is not a field of an identity source \(did you mean "domainName"\?\)/,
      ),
    });
  });

  it.each([
    [{ socialIdentitySourceType: "facebook" }],
    [{ socialIdentitySourceType: "facebook", displayName: "facebook" }],
    [{ "@odata.type": "#microsoft.graph.socialIdentitySource" }],
    [{ odataType: "microsoft.graph.socialIdentitySource", domainName: "facebook.com" }],
  ])("refuses a socialIdentitySource %j, naming the Graph pages that exclude it", (given) => {
    expect(failuresOf(source(given))).toEqual([
      {
        property: "identitySources[0]",
        reason: expect.stringContaining(
          "a socialIdentitySource (socialIdentitySourceType, e.g. facebook) cannot be declared",
        ),
      },
    ]);
    const [failure] = failuresOf(source(given));
    expect(failure.reason).toContain(
      "https://learn.microsoft.com/graph/api/entitlementmanagement-post-connectedorganizations?view=graph-rest-beta",
    );
    expect(failure.reason).toContain(
      "https://learn.microsoft.com/graph/api/connectedorganization-update?view=graph-rest-1.0",
    );
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

import type { Client } from "@microsoft/microsoft-graph-client";
import { DEMO_TENANTS, startEmulator, type RunningEmulator } from "../../../emulator";
import {
  CONNECTED_ORGANIZATIONS,
  DATA_DIR,
  domainSource,
  failure,
  graphClient,
  secretCredential,
} from "../clients";
import { PARTNER_NAMES } from "../../support/partnerNames";

interface Organization {
  id: string;
  displayName: string;
  description: string | null;
  state: string;
  identitySources?: Record<string, unknown>[];
  createdBy?: string;
  modifiedBy?: string;
  createdDateTime: string;
  modifiedDateTime: string;
  "@odata.context"?: string;
}

interface Page {
  "@odata.context": string;
  "@odata.nextLink"?: string;
  value: Record<string, unknown>[];
}

let emulator: RunningEmulator;
let v1: Client;
let beta: Client;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dataDir: DATA_DIR });
  const credential = secretCredential(emulator);
  v1 = graphClient(emulator, credential, "v1.0");
  beta = graphClient(emulator, credential, "beta");
});

afterAll(() => emulator.stop());

beforeEach(() => emulator.reset());

function create(client: Client, body: Record<string, unknown>): Promise<Organization> {
  return client.api(CONNECTED_ORGANIZATIONS).post(body) as Promise<Organization>;
}

describe("create", () => {
  it("answers 201 on v1.0 with identitySources [] and stores the domain as its Entra tenant", async () => {
    const created = await create(v1, {
      displayName: "Contoso",
      description: "Supplier",
      identitySources: [domainSource("contoso.com")],
      state: "configured",
    });
    expect(created.identitySources).toEqual([]);
    expect(created["@odata.context"]).toBe(
      `${emulator.graphUrl}/v1.0/$metadata#identityGovernance/entitlementManagement/connectedOrganizations/$entity`,
    );
    expect(created).not.toHaveProperty("createdBy");
    const read = (await v1.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).get()) as Organization;
    expect(read.identitySources).toEqual([
      {
        "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant",
        displayName: "Contoso",
        tenantId: DEMO_TENANTS.contoso.id,
      },
    ]);
    expect(read).toMatchObject({
      displayName: "Contoso",
      description: "Supplier",
      state: "configured",
    });
  });

  it("omits identitySources on beta and adds createdBy/modifiedBy", async () => {
    const created = await create(beta, {
      displayName: "Fabrikam",
      identitySources: [domainSource("fabrikam.com")],
      state: "proposed",
    });
    expect(created).not.toHaveProperty("identitySources");
    expect(created.createdBy).toBe(`${emulator.clientId}@${DEMO_TENANTS.home.defaultDomainName}`);
    expect(created.modifiedBy).toBe(created.createdBy);
    expect(created.state).toBe("proposed");
    const onV1 = (await v1.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).get()) as Organization;
    expect(onV1).not.toHaveProperty("createdBy");
  });

  it("keeps a domain of no known tenant as a domainIdentitySource", async () => {
    const created = await create(v1, {
      displayName: "Tailspin",
      identitySources: [domainSource("tailspin.example")],
    });
    const read = (await v1.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).get()) as Organization;
    expect(read.identitySources).toEqual([
      {
        "@odata.type": "#microsoft.graph.domainIdentitySource",
        displayName: "tailspin.example",
        domainName: "tailspin.example",
      },
    ]);
    expect(read.state).toBe("configured");
  });

  it("accepts tenant, external federation and cross-cloud identity sources", async () => {
    const sources = [
      {
        "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant",
        tenantId: DEMO_TENANTS.fabrikam.id,
        displayName: "whatever",
      },
      {
        "@odata.type": "#microsoft.graph.externalDomainFederation",
        domainName: "litware.example",
        issuerUri: "https://sts.litware.example/adfs/services/trust",
        displayName: "Litware",
      },
      {
        "@odata.type": "#microsoft.graph.crossCloudAzureActiveDirectoryTenant",
        tenantId: "8af02cce-7ac9-4dce-820f-e076c829d041",
        cloudInstance: "microsoftonline.us",
        displayName: "Gov partner",
      },
    ];
    const stored = [];
    for (const source of sources) {
      const created = await create(v1, { displayName: "Partner", identitySources: [source] });
      stored.push(
        ((await v1.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).get()) as Organization)
          .identitySources?.[0],
      );
    }
    expect(stored[0]).toEqual({
      "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant",
      displayName: "Fabrikam",
      tenantId: DEMO_TENANTS.fabrikam.id,
    });
    expect(stored[1]).toEqual(sources[1]);
    expect(stored[2]).toEqual(sources[2]);
  });

  it.each([
    ["no displayName", { identitySources: [domainSource("contoso.com")] }, /displayName/],
    ["no identity source", { displayName: "X", identitySources: [] }, /exactly one/],
    [
      "two identity sources",
      { displayName: "X", identitySources: [domainSource("a.example"), domainSource("b.example")] },
      /exactly one/,
    ],
    [
      "an unknown @odata.type",
      {
        displayName: "X",
        identitySources: [
          { "@odata.type": "#microsoft.graph.githubIdentitySource", displayName: "x" },
        ],
      },
      /could not be resolved/,
    ],
    [
      // socialidentitysource.md lists it among a connected organization's sources, but the create
      // page (beta) names only domainIdentitySource or externalDomainFederation.
      "a socialIdentitySource",
      {
        displayName: "X",
        identitySources: [
          {
            "@odata.type": "#microsoft.graph.socialIdentitySource",
            displayName: "facebook",
            socialIdentitySourceType: "facebook",
          },
        ],
      },
      /socialIdentitySource cannot be written/,
    ],
    [
      "a bad state",
      { displayName: "X", state: "enabled", identitySources: [domainSource("contoso.com")] },
      /state/,
    ],
    [
      "the unknownFutureValue sentinel as state",
      {
        displayName: "X",
        state: "unknownFutureValue",
        identitySources: [domainSource("contoso.com")],
      },
      /state/,
    ],
    [
      "a malformed tenant id",
      {
        displayName: "X",
        identitySources: [
          { "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant", tenantId: "not-a-guid" },
        ],
      },
      /tenant/,
    ],
    [
      "a bad cloud instance",
      {
        displayName: "X",
        identitySources: [
          {
            "@odata.type": "#microsoft.graph.crossCloudAzureActiveDirectoryTenant",
            tenantId: DEMO_TENANTS.contoso.id,
            cloudInstance: "example.com",
          },
        ],
      },
      /cloudInstance/,
    ],
    [
      "an unknown property",
      { displayName: "X", colour: "blue", identitySources: [domainSource("contoso.com")] },
      /colour/,
    ],
    [
      "an unknown identity source property",
      {
        displayName: "X",
        identitySources: [{ ...domainSource("contoso.com"), tenantId: DEMO_TENANTS.contoso.id }],
      },
      /tenantId/,
    ],
  ])("rejects %s with 400 BadRequest", async (_case, body, message) => {
    const error = await failure(create(v1, body));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("BadRequest");
    expect(error.message).toMatch(message);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("needs a JSON Content-Type on create and PATCH, like Graph (400, nothing written)", async () => {
    const body = JSON.stringify({
      displayName: "Contoso",
      identitySources: [domainSource("contoso.com")],
    });
    const unreadable =
      /^Unable to read JSON request payload\. Please ensure Content-Type header is set/;
    const created = await failure(
      v1.api(CONNECTED_ORGANIZATIONS).header("Content-Type", "text/plain").post(body),
    );
    expect(created.statusCode).toBe(400);
    expect(created.code).toBe("BadRequest");
    expect(created.message).toMatch(unreadable);
    expect(((await v1.api(CONNECTED_ORGANIZATIONS).get()) as Page).value).toEqual([]);

    const organization = await create(v1, JSON.parse(body) as Record<string, unknown>);
    const patched = await failure(
      v1
        .api(`${CONNECTED_ORGANIZATIONS}/${organization.id}`)
        .header("Content-Type", "text/plain")
        .patch(JSON.stringify({ displayName: "Renamed" })),
    );
    expect(patched.statusCode).toBe(400);
    expect(patched.message).toMatch(unreadable);
    const read = (await v1
      .api(`${CONNECTED_ORGANIZATIONS}/${organization.id}`)
      .get()) as Organization;
    expect(read.displayName).toBe("Contoso");

    const withParameters = await v1
      .api(CONNECTED_ORGANIZATIONS)
      .header("Content-Type", "application/json; charset=utf-8")
      .post(body);
    expect(withParameters).toHaveProperty("id");
  });

  it("rejects malformed JSON with 400", async () => {
    const error = await failure(
      v1.api(CONNECTED_ORGANIZATIONS).header("Content-Type", "application/json").post("{not json"),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("BadRequest");
    expect(error.message).toMatch(/Unable to read JSON request payload/);
  });
});

describe("list", () => {
  async function seedThree(): Promise<Organization[]> {
    return [
      await create(v1, { displayName: "Contoso", identitySources: [domainSource("contoso.com")] }),
      await create(v1, {
        displayName: "Fabrikam",
        identitySources: [domainSource("fabrikam.com")],
      }),
      await create(v1, {
        displayName: "Tailspin",
        identitySources: [domainSource("tailspin.example")],
      }),
    ];
  }

  it("filters by displayName, case-insensitively, and answers with @odata.context", async () => {
    const [contoso] = await seedThree();
    const page = (await v1
      .api(CONNECTED_ORGANIZATIONS)
      .filter("displayName eq 'contoso'")
      .get()) as Page;
    expect(page["@odata.context"]).toBe(
      `${emulator.graphUrl}/v1.0/$metadata#identityGovernance/entitlementManagement/connectedOrganizations`,
    );
    expect(page.value.map((o) => o.id)).toEqual([contoso.id]);
  });

  it("filters on the tenant of an azureActiveDirectoryTenant identity source", async () => {
    const [, fabrikam] = await seedThree();
    const page = (await v1
      .api(CONNECTED_ORGANIZATIONS)
      .filter(
        `identitySources/any(is:is/microsoft.graph.azureActiveDirectoryTenant/tenantId eq '${DEMO_TENANTS.fabrikam.id}')`,
      )
      .get()) as Page;
    expect(page.value.map((o) => o.id)).toEqual([fabrikam.id]);
  });

  it("applies $select", async () => {
    await seedThree();
    const page = (await v1
      .api(CONNECTED_ORGANIZATIONS)
      .select(["id", "displayName"])
      .get()) as Page;
    expect(page.value).toHaveLength(3);
    for (const item of page.value) expect(Object.keys(item).sort()).toEqual(["displayName", "id"]);
    expect(page["@odata.context"]).toMatch(/connectedOrganizations\(id,displayName\)$/);
  });

  it("pages with $top and an @odata.nextLink that the client follows verbatim", async () => {
    const created = await seedThree();
    const first = (await v1.api(CONNECTED_ORGANIZATIONS).top(2).select(["id"]).get()) as Page;
    expect(first.value).toHaveLength(2);
    expect(first["@odata.nextLink"]).toMatch(/\$skiptoken=/);
    const second = (await v1.api(first["@odata.nextLink"] as string).get()) as Page;
    expect(second.value).toHaveLength(1);
    expect(second.value[0]).toEqual({ id: created[2].id });
    expect(second["@odata.nextLink"]).toBeUndefined();
  });

  it("matches names with characters a URL treats specially when the filter is percent-encoded", async () => {
    const created = new Map<string, string>();
    for (const displayName of PARTNER_NAMES) {
      const organization = await create(v1, {
        displayName,
        identitySources: [domainSource("contoso.com")],
      });
      created.set(displayName, organization.id);
    }
    for (const displayName of PARTNER_NAMES) {
      const literal = `'${displayName.replace(/'/g, "''")}'`;
      const page = (await v1
        .api(CONNECTED_ORGANIZATIONS)
        .filter(encodeURIComponent(`displayName eq ${literal}`))
        .get()) as Page;
      expect({ displayName, ids: page.value.map((o) => o.id) }).toEqual({
        displayName,
        ids: [created.get(displayName)],
      });
    }
  });

  it("reads a query value as a URL does: + is a space, # ends it, & starts another option", async () => {
    await create(v1, { displayName: "C++ Guild", identitySources: [domainSource("contoso.com")] });
    const plus = (await v1
      .api(CONNECTED_ORGANIZATIONS)
      .filter("displayName eq 'C++ Guild'")
      .get()) as Page;
    expect(plus.value).toEqual([]);
    for (const name of ["Partner #1", "Smith & Sons"]) {
      const error = await failure(
        v1.api(CONNECTED_ORGANIZATIONS).filter(`displayName eq '${name}'`).get(),
      );
      expect(error.statusCode).toBe(400);
    }
  });

  it("rejects a filter on an unknown property with 400", async () => {
    const error = await failure(v1.api(CONNECTED_ORGANIZATIONS).filter("colour eq 'blue'").get());
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/colour/);
  });
});

describe("get, update, delete", () => {
  it("gets with $select", async () => {
    const created = await create(v1, {
      displayName: "Contoso",
      identitySources: [domainSource("contoso.com")],
    });
    const read = (await beta
      .api(`${CONNECTED_ORGANIZATIONS}/${created.id}`)
      .select(["displayName", "createdBy"])
      .get()) as Record<string, unknown>;
    expect(read).toEqual({
      "@odata.context": `${emulator.graphUrl}/beta/$metadata#identityGovernance/entitlementManagement/connectedOrganizations(displayName,createdBy)/$entity`,
      displayName: "Contoso",
      createdBy: `${emulator.clientId}@${DEMO_TENANTS.home.defaultDomainName}`,
    });
  });

  it("answers 404 ResourceNotFound for an unknown id", async () => {
    const error = await failure(
      v1.api(`${CONNECTED_ORGANIZATIONS}/8af02cce-7ac9-4dce-820f-e076c829d041`).get(),
    );
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("ResourceNotFound");
  });

  it("PATCH on v1.0 answers 202 with the object and may change identitySources", async () => {
    const created = await create(v1, {
      displayName: "Contoso",
      identitySources: [domainSource("contoso.com")],
    });
    const response = await v1
      .api(`${CONNECTED_ORGANIZATIONS}/${created.id}`)
      .responseType("raw" as never)
      .patch({
        displayName: "Contoso Ltd",
        state: "proposed",
        identitySources: [domainSource("fabrikam.com")],
      });
    const raw = response as Response;
    expect(raw.status).toBe(202);
    const body = (await raw.json()) as Organization;
    expect(body).toMatchObject({ id: created.id, displayName: "Contoso Ltd", state: "proposed" });
    expect(body.identitySources?.[0]).toMatchObject({ tenantId: DEMO_TENANTS.fabrikam.id });
  });

  it("PATCH on beta answers 204 and rejects identitySources", async () => {
    const created = await create(beta, {
      displayName: "Contoso",
      identitySources: [domainSource("contoso.com")],
    });
    const raw = (await beta
      .api(`${CONNECTED_ORGANIZATIONS}/${created.id}`)
      .responseType("raw" as never)
      .patch({ description: "changed" })) as Response;
    expect(raw.status).toBe(204);
    const read = (await beta.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).get()) as Organization;
    expect(read.description).toBe("changed");
    expect(Date.parse(read.modifiedDateTime)).toBeGreaterThanOrEqual(
      Date.parse(read.createdDateTime),
    );
    const error = await failure(
      beta
        .api(`${CONNECTED_ORGANIZATIONS}/${created.id}`)
        .patch({ identitySources: [domainSource("fabrikam.com")] }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/identitySources/);
  });

  it.each([
    ["a read-only property", { id: "8af02cce-7ac9-4dce-820f-e076c829d041" }, /read-only/],
    ["createdDateTime", { createdDateTime: "2020-01-01T00:00:00Z" }, /read-only/],
    ["an unknown property", { colour: "blue" }, /does not exist/],
    ["sponsors", { internalSponsors: [] }, /The model is invalid/],
    ["a bad state", { state: "enabled" }, /state/],
    ["the unknownFutureValue sentinel as state", { state: "unknownFutureValue" }, /state/],
    ["an empty displayName", { displayName: "" }, /displayName/],
  ])("PATCH with %s answers 400", async (_case, body, message) => {
    const created = await create(v1, {
      displayName: "Contoso",
      identitySources: [domainSource("contoso.com")],
    });
    const error = await failure(v1.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).patch(body));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("BadRequest");
    expect(error.message).toMatch(message);
  });

  it("DELETE answers 204, then the object is gone (404)", async () => {
    const created = await create(v1, {
      displayName: "Contoso",
      identitySources: [domainSource("contoso.com")],
    });
    const raw = (await v1
      .api(`${CONNECTED_ORGANIZATIONS}/${created.id}`)
      .responseType("raw" as never)
      .delete()) as Response;
    expect(raw.status).toBe(204);
    expect(
      (await failure(v1.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).get())).statusCode,
    ).toBe(404);
    expect(
      (await failure(v1.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).delete())).statusCode,
    ).toBe(404);
  });
});

describe("socialIdentitySource", () => {
  const social = {
    "@odata.type": "#microsoft.graph.socialIdentitySource",
    displayName: "facebook",
    socialIdentitySourceType: "facebook",
  };

  it("is refused by a v1.0 update, whose page lists tenant, domain and federation only", async () => {
    const created = await create(v1, {
      displayName: "Contoso",
      identitySources: [domainSource("contoso.com")],
    });
    const error = await failure(
      v1.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).patch({ identitySources: [social] }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("BadRequest");
    expect(error.message).toMatch(/socialIdentitySource cannot be written/);
  });

  it("is read back on both versions when an organization holds one", async () => {
    emulator.seed({
      connectedOrganizations: [
        {
          id: "2d7a6c1e-5b4f-4e3d-8c2b-1a0f9e8d7c6b",
          displayName: "Social partner",
          identitySources: [social],
        },
      ],
    });
    for (const client of [v1, beta]) {
      const read = (await client
        .api(`${CONNECTED_ORGANIZATIONS}/2d7a6c1e-5b4f-4e3d-8c2b-1a0f9e8d7c6b`)
        .get()) as Organization;
      expect(read.identitySources).toEqual([social]);
    }
  });
});

import { RunningEmulator } from "../../../emulator";
import { DEMO_GROUPS, DEMO_TENANTS, DEMO_USERS } from "../../../emulator/server/seed";
import * as provider from "../../../provider";
import { ConnectedOrganizationInputs } from "../../../provider";
import {
  CONNECTED_ORGANIZATIONS,
  adminGraphClient,
  providerOnEmulator,
} from "../../support/emulator";

let emulator: RunningEmulator;
providerOnEmulator((started) => (emulator = started));

const graphCalls = () => emulator.requests().filter((r) => r.kind === "graph");
const writes = () => graphCalls().filter((r) => r.method !== "GET");

async function checked(news: Record<string, unknown>): Promise<ConnectedOrganizationInputs> {
  const { inputs, failures } = await provider.check({}, news);
  expect(failures).toEqual([]);
  return inputs as unknown as ConnectedOrganizationInputs;
}

/** An organization made behind Pulumi's back, as in the portal. */
async function existing(body: Record<string, unknown>, sponsors: string[] = []): Promise<string> {
  const admin = adminGraphClient(emulator);
  const { id } = await admin.api(CONNECTED_ORGANIZATIONS).post(body);
  for (const sponsor of sponsors) {
    await admin
      .api(`${CONNECTED_ORGANIZATIONS}/${id}/internalSponsors/$ref`)
      .post({ "@odata.id": `${emulator.graphUrl}/beta/directoryObjects/${sponsor}` });
  }
  emulator.clearRequests();
  return id;
}

const fabrikamBody = {
  displayName: "Fabrikam",
  description: "Logistics partner",
  state: "proposed",
  identitySources: [
    {
      "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant",
      tenantId: DEMO_TENANTS.fabrikam.id,
    },
  ],
};

describe("adoptId", () => {
  it("is checked as a GUID and named when wrong", async () => {
    const { failures } = await provider.check(
      {},
      { displayName: "X", identitySources: [{ domainName: "x.example" }], adoptId: "fabrikam" },
    );
    expect(failures).toEqual([
      {
        property: "adoptId",
        reason: expect.stringMatching(
          /^adoptId must be the Graph object id \(a GUID\).*"fabrikam"/,
        ),
      },
    ]);
  });

  it("adopts a matching organization with no write, and outputs as after create", async () => {
    const id = await existing(fabrikamBody, [DEMO_USERS.adele.id]);
    const inputs = await checked({
      displayName: "Fabrikam",
      description: "Logistics partner",
      state: "proposed",
      identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id.toUpperCase() }],
      internalSponsors: [DEMO_USERS.adele.id],
      adoptId: id.toUpperCase(),
    });
    const { id: adopted, outs } = await provider.create(inputs);
    expect(adopted).toBe(id);
    expect(writes()).toEqual([]);
    expect(outs).toMatchObject({
      displayName: "Fabrikam",
      description: "Logistics partner",
      state: "proposed",
      stateManaged: true,
      identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
      resolvedIdentitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
      internalSponsors: [DEMO_USERS.adele.id],
    });
    expect((await provider.diff(id, outs, { ...inputs, __provider: "x" })).changes).toBe(false);
  });

  it("changes only what differs, sponsors one by one", async () => {
    const id = await existing(fabrikamBody, [DEMO_USERS.adele.id]);
    await provider.create(
      await checked({
        displayName: "Fabrikam",
        description: "Logistics and customs",
        identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
        internalSponsors: [DEMO_USERS.megan.id, DEMO_GROUPS.procurement.id],
        adoptId: id,
      }),
    );
    expect(
      writes().map((r) => `${r.method} ${r.route.replace(/^.*connectedOrganizations/, "")}`),
    ).toEqual([
      "PATCH /{id}",
      "POST /{id}/internalSponsors/$ref",
      "POST /{id}/internalSponsors/$ref",
      "DELETE /{id}/internalSponsors/{objectId}/$ref",
    ]);
    const stored = await adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${id}`).get();
    // state was not declared, so it is left as it was.
    expect(stored).toMatchObject({ description: "Logistics and customs", state: "proposed" });
  });

  it("counts a declared domain that Graph holds as the tenant owning it as the same", async () => {
    const id = await existing({
      displayName: "Contoso",
      identitySources: [
        {
          "@odata.type": "#microsoft.graph.domainIdentitySource",
          domainName: "contoso.com",
          displayName: "contoso.com",
        },
      ],
    });
    const { outs } = await provider.create(
      await checked({
        displayName: "Contoso",
        identitySources: [{ domainName: "contoso.com" }],
        adoptId: id,
      }),
    );
    expect(writes()).toEqual([]);
    expect(outs.identitySources).toEqual([{ domainName: "contoso.com" }]);
    expect(outs.resolvedIdentitySources).toEqual([
      expect.objectContaining({ tenantId: DEMO_TENANTS.contoso.id }),
    ]);
  });

  it("refuses a missing id with its id, display name and Graph host, writing nothing", async () => {
    const missing = "0b1e4c1e-3f2a-4d0e-9c43-5b1f0d1c2a77";
    const failure = await provider
      .create(
        await checked({
          displayName: "Northwind",
          identitySources: [{ domainName: "northwind.example" }],
          adoptId: missing,
        }),
      )
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(failure?.message).toMatch(
      /^adopting connected organization "Northwind": Graph 404 ResourceNotFound \(request-id [\w-]+\): adoptId 0b1e4c1e-3f2a-4d0e-9c43-5b1f0d1c2a77: Graph at https:\/\/127\.0\.0\.1:\d+ \(beta\) holds no connected organization with this id; nothing was written/,
    );
    expect(writes()).toEqual([]);
  });

  it("refuses an identity source other than the one Graph holds, showing both, writing nothing", async () => {
    const id = await existing(fabrikamBody);
    const failure = await provider
      .create(
        await checked({
          displayName: "Fabrikam (renamed)",
          identitySources: [{ domainName: "contoso.com" }],
          adoptId: id,
        }),
      )
      .then(
        () => undefined,
        (error: provider.GraphOperationError) => error,
      );
    expect(failure?.message).toBe(
      `adopting connected organization "Fabrikam (renamed)": IdentitySourceMismatch: adoptId ${id} ("Fabrikam") signs in from azureActiveDirectoryTenant { tenantId: "${DEMO_TENANTS.fabrikam.id}" }, but identitySources declares { domainName: "contoso.com" }; nothing was changed. Declare the identity source Graph holds, or check adoptId`,
    );
    expect(failure?.id).toBeUndefined();
    expect(writes()).toEqual([]);
  });

  it("keeps the adopted id in state when a write after the take-over fails", async () => {
    const id = await existing(fabrikamBody);
    const failure = await provider
      .create({
        ...(await checked({
          displayName: "Fabrikam",
          identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
          internalSponsors: ["11111111-2222-4333-8444-555555555555"],
          adoptId: id,
        })),
        __provider: "serialized",
      })
      .then(
        () => undefined,
        (error: provider.GraphOperationError) => error,
      );
    expect(failure?.message).toMatch(
      /^adopting connected organization "Fabrikam": Graph 404 .*adding internal sponsor/,
    );
    expect(failure?.id).toBe(id);
    expect(failure?.properties).toMatchObject({
      displayName: "Fabrikam",
      __provider: "serialized",
    });
  });
});

describe("adoptId in a plan", () => {
  const outs = {
    displayName: "Fabrikam",
    description: "",
    identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
    state: "configured",
    stateManaged: false,
    resolvedIdentitySources: [
      {
        odataType: "#microsoft.graph.azureActiveDirectoryTenant",
        tenantId: DEMO_TENANTS.fabrikam.id,
      },
    ],
  };
  const id = "5e7b8e1a-0c4d-4e8f-9a1b-2c3d4e5f6a7b";
  const news = {
    displayName: "Fabrikam",
    identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
  };

  it("shows no change when removed or set to the id the resource has", async () => {
    emulator.clearRequests();
    expect(await provider.diff(id, outs, news)).toMatchObject({ changes: false });
    expect(await provider.diff(id, outs, { ...news, adoptId: id.toUpperCase() })).toMatchObject({
      changes: false,
    });
    expect(graphCalls()).toEqual([]);
  });

  it("replaces the resource when it names another organization", async () => {
    const other = "0b1e4c1e-3f2a-4d0e-9c43-5b1f0d1c2a77";
    expect(await provider.diff(id, outs, { ...news, adoptId: other })).toEqual({
      changes: true,
      replaces: ["adoptId"],
      deleteBeforeReplace: false,
    });
    expect(graphCalls()).toEqual([]);
  });
});

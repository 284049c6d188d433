import { RunningEmulator } from "../../../emulator";
import { DEMO_GROUPS, DEMO_TENANTS, DEMO_USERS } from "../../../emulator/server/seed";
import * as provider from "../../../provider";
import { ConnectedOrganizationInputs, ConnectedOrganizationOutputs } from "../../../provider";
import {
  CONNECTED_ORGANIZATIONS,
  adminGraphClient,
  configRequest,
  emulatorConfig,
  providerOnEmulator,
} from "../../support/emulator";

let emulator: RunningEmulator;
providerOnEmulator((started) => (emulator = started));

async function checked(news: Record<string, unknown>): Promise<ConnectedOrganizationInputs> {
  const { inputs, failures } = await provider.check({}, news);
  expect(failures).toEqual([]);
  return inputs as unknown as ConnectedOrganizationInputs;
}

const graphCalls = () => emulator.requests().filter((r) => r.kind === "graph");

describe("create", () => {
  it("creates from a domain that Graph rewrites into its tenant, then diffs as no change", async () => {
    const declared = {
      displayName: "Contoso",
      description: "Supplier",
      identitySources: [{ domainName: "contoso.com" }],
      state: "configured",
    };
    const { id, outs } = await provider.create(await checked(declared));
    expect(outs).toMatchObject({
      displayName: "Contoso",
      description: "Supplier",
      identitySources: [{ domainName: "contoso.com" }],
      state: "configured",
      stateManaged: true,
      resolvedIdentitySources: [
        {
          odataType: "#microsoft.graph.azureActiveDirectoryTenant",
          tenantId: DEMO_TENANTS.contoso.id,
          displayName: "Contoso",
        },
      ],
    });
    expect(outs.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(outs.createdBy).toEqual(expect.any(String));
    expect(JSON.stringify(outs)).not.toContain("undefined");

    emulator.clearRequests();
    const result = await provider.diff(id, outs, { ...(await checked(declared)), __provider: "x" });
    expect(result.changes).toBe(false);
    expect(graphCalls()).toEqual([]);
  });

  it("creates from a tenant id, leaving state unmanaged when omitted", async () => {
    const { id, outs } = await provider.create(
      await checked({
        displayName: "Fabrikam",
        identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
      }),
    );
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(outs).toMatchObject({
      identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
      stateManaged: false,
      description: "",
      resolvedIdentitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
    });
    const stored = await adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${id}`).get();
    expect(stored.displayName).toBe("Fabrikam");
  });

  it("keeps a domain no tenant owns as a domain source", async () => {
    const { outs } = await provider.create(
      await checked({
        displayName: "Tailspin",
        identitySources: [{ domainName: "tailspintoys.example" }],
      }),
    );
    expect(outs.resolvedIdentitySources).toEqual([
      expect.objectContaining({
        odataType: "#microsoft.graph.domainIdentitySource",
        domainName: "tailspintoys.example",
      }),
    ]);
  });

  it("reads back through a replication delay", async () => {
    emulator.addFault({ kind: "read-lag", lagMs: 1500 });
    const { outs } = await provider.create(
      await checked({ displayName: "Lagging", identitySources: [{ domainName: "contoso.com" }] }),
    );
    expect(outs.resolvedIdentitySources[0].tenantId).toBe(DEMO_TENANTS.contoso.id);
    const gets = graphCalls().filter((r) => r.method === "GET");
    expect(gets.some((r) => r.status === 404)).toBe(true);
    expect(gets[gets.length - 1].status).toBe(200);
  });

  it("keeps the new object's id when it cannot be read back in time", async () => {
    await provider.configure(
      configRequest(emulatorConfig(emulator, { "entra:replicationTimeoutSeconds": "1" })),
    );
    emulator.addFault({ kind: "read-lag", lagMs: 10_000 });
    const failure = await provider
      .create({
        ...(await checked({
          displayName: "Slow",
          identitySources: [{ domainName: "contoso.com" }],
        })),
        __provider: "serialized",
      })
      .then(
        () => undefined,
        (error: provider.GraphOperationError) => error,
      );
    expect(failure?.message).toMatch(/^reading connected organization "Slow": Graph 404/);
    expect(failure?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(failure?.properties).toMatchObject({ displayName: "Slow", __provider: "serialized" });
  });

  it("adopts the object when the create committed but its answer was lost", async () => {
    emulator.addFault({ kind: "reset-after", method: "POST", count: 1 });
    const { id } = await provider.create(
      await checked({ displayName: "Ambiguous", identitySources: [{ domainName: "contoso.com" }] }),
    );
    const all = await adminGraphClient(emulator)
      .api(CONNECTED_ORGANIZATIONS)
      .filter("displayName eq 'Ambiguous'")
      .get();
    expect(all.value.map((o: { id: string }) => o.id)).toEqual([id]);
  });

  it("creates again when the connection dropped before the create committed", async () => {
    emulator.addFault({ kind: "reset-before", method: "POST", count: 1 });
    const { id } = await provider.create(
      await checked({ displayName: "Dropped", identitySources: [{ domainName: "contoso.com" }] }),
    );
    const all = await adminGraphClient(emulator)
      .api(CONNECTED_ORGANIZATIONS)
      .filter("displayName eq 'Dropped'")
      .get();
    expect(all.value.map((o: { id: string }) => o.id)).toEqual([id]);
  });

  it("waits as long as Retry-After asks when throttled", async () => {
    emulator.addFault({ kind: "throttle", method: "POST", count: 1, retryAfterSeconds: 2 });
    await provider.create(
      await checked({ displayName: "Throttled", identitySources: [{ domainName: "contoso.com" }] }),
    );
    const posts = graphCalls().filter((r) => r.method === "POST");
    expect(posts.map((r) => r.status)).toEqual([429, 201]);
    expect(Date.parse(posts[1].at) - Date.parse(posts[0].at)).toBeGreaterThanOrEqual(2000);
  });

  it("gives up on throttling at the configured deadline with a clear message", async () => {
    await provider.configure(
      configRequest(emulatorConfig(emulator, { "entra:retryDeadlineSeconds": "1" })),
    );
    emulator.addFault({ kind: "throttle", method: "POST", retryAfterSeconds: 30 });
    await expect(
      provider.create(
        await checked({ displayName: "Busy", identitySources: [{ domainName: "contoso.com" }] }),
      ),
    ).rejects.toThrow(
      /creating connected organization "Busy": Graph 429 \w+ \(request-id [0-9a-f-]+\): .*retryDeadlineSeconds/,
    );
  });

  it("retries a 503 and succeeds", async () => {
    emulator.addFault({
      kind: "status",
      status: 503,
      method: "POST",
      count: 1,
      retryAfterSeconds: 1,
    });
    const { id } = await provider.create(
      await checked({
        displayName: "Unavailable",
        identitySources: [{ domainName: "contoso.com" }],
      }),
    );
    expect(id).toBeTruthy();
  });
});

describe("update", () => {
  it("patches only what changed, in place, and reads back", async () => {
    const declared = {
      displayName: "Contoso",
      description: "Supplier",
      identitySources: [{ domainName: "contoso.com" }],
      state: "proposed",
    };
    const { id, outs } = await provider.create(await checked(declared));
    const news = await checked({
      ...declared,
      description: "Supplier and reseller",
      state: "configured",
    });
    expect(await provider.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    emulator.clearRequests();
    const { outs: updated } = await provider.update(id, outs, news);
    expect(updated).toMatchObject({ description: "Supplier and reseller", state: "configured" });
    expect(graphCalls().map((r) => r.method)).toEqual(["PATCH", "GET"]);
    const stored = await adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${id}`).get();
    expect(stored).toMatchObject({ id, description: "Supplier and reseller", state: "configured" });
  });

  it("removes a description that is no longer declared", async () => {
    const declared = {
      displayName: "Contoso",
      description: "Supplier",
      identitySources: [{ domainName: "contoso.com" }],
    };
    const { id, outs } = await provider.create(await checked(declared));
    const { description: _dropped, ...rest } = declared;
    void _dropped;
    const { outs: updated } = await provider.update(id, outs, await checked(rest));
    expect(updated.description).toBe("");
    const stored = await adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${id}`).get();
    expect(stored.description ?? "").toBe("");
  });

  it("replaces on beta when the identity source changes", async () => {
    const { id, outs } = await provider.create(
      await checked({ displayName: "Contoso", identitySources: [{ domainName: "contoso.com" }] }),
    );
    const news = await checked({
      displayName: "Contoso",
      identitySources: [{ domainName: "fabrikam.com" }],
    });
    expect(await provider.diff(id, outs, news)).toMatchObject({
      changes: true,
      replaces: ["identitySources"],
    });
  });

  it("changes the identity source in place on v1.0", async () => {
    await provider.configure(
      configRequest(emulatorConfig(emulator, { "entra:apiVersion": "v1.0" })),
    );
    const { id, outs } = await provider.create(
      await checked({ displayName: "Contoso", identitySources: [{ domainName: "contoso.com" }] }),
    );
    expect(outs).not.toHaveProperty("createdBy");
    const news = await checked({
      displayName: "Contoso",
      identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
    });
    expect(await provider.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const { outs: updated } = await provider.update(id, outs, news);
    expect(updated.resolvedIdentitySources).toEqual([
      expect.objectContaining({ tenantId: DEMO_TENANTS.fabrikam.id }),
    ]);
  });
});

describe("read", () => {
  it("shows no drift for an untouched object", async () => {
    const declared = {
      displayName: "Contoso",
      identitySources: [{ domainName: "contoso.com" }],
      state: "configured",
    };
    const { id, outs } = await provider.create(await checked(declared));
    const refreshed = await provider.read(id, outs);
    expect(refreshed.id).toBe(id);
    expect(refreshed.inputs).toEqual(await checked(declared));
    expect((await provider.diff(id, refreshed.props!, await checked(declared))).changes).toBe(
      false,
    );
  });

  it("finds a change made behind Pulumi's back, which the next update undoes", async () => {
    const declared = {
      displayName: "Contoso",
      identitySources: [{ domainName: "contoso.com" }],
      state: "configured",
    };
    const { id, outs } = await provider.create(await checked(declared));
    await adminGraphClient(emulator)
      .api(`${CONNECTED_ORGANIZATIONS}/${id}`)
      .patch({ displayName: "Contoso (renamed in the portal)", state: "proposed" });

    const refreshed = await provider.read(id, outs);
    expect(refreshed.props).toMatchObject({
      displayName: "Contoso (renamed in the portal)",
      state: "proposed",
    });
    expect(refreshed.inputs).toMatchObject({
      displayName: "Contoso (renamed in the portal)",
      state: "proposed",
    });
    const news = await checked(declared);
    expect(await provider.diff(id, refreshed.props!, news)).toMatchObject({
      changes: true,
      replaces: [],
    });
    const { outs: restored } = await provider.update(id, refreshed.props!, news);
    expect(restored).toMatchObject({ displayName: "Contoso", state: "configured" });
  });

  it("reports an identity source changed outside Pulumi as drift", async () => {
    await provider.configure(
      configRequest(emulatorConfig(emulator, { "entra:apiVersion": "v1.0" })),
    );
    const declared = { displayName: "Contoso", identitySources: [{ domainName: "contoso.com" }] };
    const { id, outs } = await provider.create(await checked(declared));
    await adminGraphClient(emulator, "v1.0")
      .api(`${CONNECTED_ORGANIZATIONS}/${id}`)
      .patch({
        identitySources: [
          {
            "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant",
            tenantId: DEMO_TENANTS.fabrikam.id,
          },
        ],
      });
    const refreshed = await provider.read(id, outs);
    expect(refreshed.inputs?.identitySources).toEqual([{ tenantId: DEMO_TENANTS.fabrikam.id }]);
    expect((await provider.diff(id, refreshed.props!, await checked(declared))).changes).toBe(true);
  });

  it("shows a socialIdentitySource Graph holds as drift that the next update replaces", async () => {
    await provider.configure(
      configRequest(emulatorConfig(emulator, { "entra:apiVersion": "v1.0" })),
    );
    const declared = { displayName: "Contoso", identitySources: [{ domainName: "contoso.com" }] };
    const { id, outs } = await provider.create(await checked(declared));
    const social = {
      "@odata.type": "#microsoft.graph.socialIdentitySource",
      displayName: "facebook",
      socialIdentitySourceType: "facebook",
    };
    emulator.seed({
      connectedOrganizations: [{ id, displayName: "Contoso", identitySources: [social] }],
    });
    const refreshed = await provider.read(id, outs);
    expect(refreshed.props?.resolvedIdentitySources).toEqual([
      {
        odataType: "#microsoft.graph.socialIdentitySource",
        displayName: "facebook",
        socialIdentitySourceType: "facebook",
      },
    ]);
    expect(refreshed.inputs?.identitySources).toEqual([]);
    const news = await checked(declared);
    expect((await provider.diff(id, refreshed.props!, news)).changes).toBe(true);
    const updated = await provider.update(id, refreshed.props!, news);
    expect(updated.outs?.resolvedIdentitySources).toEqual([
      expect.objectContaining({
        odataType: "#microsoft.graph.azureActiveDirectoryTenant",
        tenantId: DEMO_TENANTS.contoso.id,
      }),
    ]);
  });

  it("treats a vanished object as gone, and deleting it again as done", async () => {
    const { id, outs } = await provider.create(
      await checked({ displayName: "Vanishing", identitySources: [{ domainName: "contoso.com" }] }),
    );
    await adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${id}`).delete();
    expect(await provider.read(id, outs)).toEqual({});
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("fails on a transient error instead of reporting the object gone", async () => {
    const { id, outs } = await provider.create(
      await checked({ displayName: "Flaky", identitySources: [{ domainName: "contoso.com" }] }),
    );
    await provider.configure(
      configRequest(emulatorConfig(emulator, { "entra:retryDeadlineSeconds": "0" })),
    );
    emulator.addFault({ kind: "status", status: 503, method: "GET" });
    await expect(provider.read(id, outs)).rejects.toThrow(
      /reading connected organization "Flaky": Graph 503/,
    );
  });
});

describe("tokens", () => {
  it("sends a current token on a retry that comes after the first token expired", async () => {
    emulator.setTokenLifetime(3);
    emulator.addFault({ kind: "throttle", method: "POST", count: 1, retryAfterSeconds: 4 });
    const { id } = await provider.create(
      await checked({
        displayName: "Short-lived",
        identitySources: [{ domainName: "contoso.com" }],
      }),
    );
    expect(id).toBeTruthy();
    const posts = graphCalls().filter((r) => r.method === "POST");
    expect(posts.map((r) => r.status)).toEqual([429, 201]);
    expect(emulator.requests().filter((r) => r.kind === "token").length).toBeGreaterThan(1);
  });
});

describe("delete", () => {
  it("deletes the object", async () => {
    const { id, outs } = await provider.create(
      await checked({ displayName: "Temporary", identitySources: [{ domainName: "contoso.com" }] }),
    );
    await provider.delete(id, outs);
    await expect(
      adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${id}`).get(),
    ).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});

describe("sponsors", () => {
  const withSponsors = {
    displayName: "Sponsored",
    identitySources: [{ domainName: "contoso.com" }],
    internalSponsors: [DEMO_USERS.adele.id.toUpperCase(), DEMO_GROUPS.procurement.id],
    externalSponsors: [DEMO_USERS.lee.id],
  };
  const sponsorsIn = async (id: string, kind: string) =>
    (await adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${id}/${kind}`).get()).value
      .map((o: { id: string }) => o.id)
      .sort();

  it("adds users and groups as sponsors, and sees no change afterwards", async () => {
    const news = await checked(withSponsors);
    const { id, outs } = await provider.create(news);
    expect(outs.internalSponsors).toEqual([DEMO_USERS.adele.id, DEMO_GROUPS.procurement.id].sort());
    expect(await sponsorsIn(id, "internalSponsors")).toEqual(outs.internalSponsors);
    expect(await sponsorsIn(id, "externalSponsors")).toEqual([DEMO_USERS.lee.id]);
    expect((await provider.diff(id, outs, news)).changes).toBe(false);
  });

  it("adds and removes sponsors to match the declaration, and finds sponsors changed outside Pulumi", async () => {
    const { id, outs } = await provider.create(await checked(withSponsors));
    const news = await checked({ ...withSponsors, internalSponsors: [DEMO_USERS.megan.id] });
    expect(await provider.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const { outs: updated } = await provider.update(id, outs, news);
    expect(updated.internalSponsors).toEqual([DEMO_USERS.megan.id]);
    expect(await sponsorsIn(id, "internalSponsors")).toEqual([DEMO_USERS.megan.id]);

    await adminGraphClient(emulator)
      .api(`${CONNECTED_ORGANIZATIONS}/${id}/externalSponsors/${DEMO_USERS.lee.id}/$ref`)
      .delete();
    const refreshed = await provider.read(id, updated);
    expect(refreshed.props?.externalSponsors).toEqual([]);
    expect((await provider.diff(id, refreshed.props!, news)).changes).toBe(true);
  });

  it("leaves undeclared sponsors alone", async () => {
    const { id, outs } = await provider.create(
      await checked({
        displayName: "Unsponsored",
        identitySources: [{ domainName: "contoso.com" }],
      }),
    );
    await adminGraphClient(emulator)
      .api(`${CONNECTED_ORGANIZATIONS}/${id}/internalSponsors/$ref`)
      .post({ "@odata.id": `${emulator.graphUrl}/beta/directoryObjects/${DEMO_USERS.adele.id}` });
    emulator.clearRequests();
    const refreshed = await provider.read(id, outs);
    expect(refreshed.props).not.toHaveProperty("internalSponsors");
    expect(graphCalls().map((r) => r.method)).toEqual(["GET"]);
  });

  it("names the sponsor Graph does not know, keeping the organization in state", async () => {
    const unknown = "0d1c5a3e-0000-4000-8000-000000000000";
    const failure = await provider
      .create(await checked({ ...withSponsors, internalSponsors: [unknown] }))
      .then(
        () => undefined,
        (error: provider.GraphOperationError) => error,
      );
    expect(failure?.message).toMatch(
      new RegExp(
        `^creating connected organization "Sponsored": Graph 404 \\w+ \\(request-id [0-9a-f-]+\\): adding internal sponsor ${unknown}: .*user or group of this tenant`,
      ),
    );
    expect(failure?.id).toMatch(/^[0-9a-f-]{36}$/);

    // What the engine keeps, refreshed, still compares against the declared domain: fixing the
    // sponsor is an update, not a replacement.
    const kept = failure!.properties as unknown as ConnectedOrganizationOutputs;
    const refreshed = await provider.read(failure!.id!, kept);
    expect(refreshed.inputs?.identitySources).toEqual([{ domainName: "contoso.com" }]);
    expect(
      await provider.diff(failure!.id!, refreshed.props!, await checked(withSponsors)),
    ).toMatchObject({
      changes: true,
      replaces: [],
    });
  });
});

import type { Client } from "@microsoft/microsoft-graph-client";
import { DEMO_APPS, DEMO_TENANTS, startEmulator, type RunningEmulator } from "../../../emulator";
import { DATA_DIR, appCredential, failure, graphClient } from "../clients";

let emulator: RunningEmulator;
let client: Client;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dataDir: DATA_DIR });
  client = graphClient(emulator);
});

afterAll(() => emulator.stop());

describe.each(["v1.0", "beta"] as const)("tenantRelationships on %s", (version) => {
  it.each([
    ["contoso.com", DEMO_TENANTS.contoso],
    ["contoso.onmicrosoft.com", DEMO_TENANTS.contoso],
    ["FABRIKAM.COM", DEMO_TENANTS.fabrikam],
    ["woodgrove.example", DEMO_TENANTS.home],
  ])("finds %s by domain name", async (domain, tenant) => {
    const info = await client
      .api(`/tenantRelationships/findTenantInformationByDomainName(domainName='${domain}')`)
      .version(version)
      .get();
    expect(info).toEqual({
      "@odata.context": `${emulator.graphUrl}/${version}/$metadata#microsoft.graph.tenantInformation`,
      tenantId: tenant.id,
      displayName: tenant.displayName,
      defaultDomainName: tenant.defaultDomainName,
      federationBrandName: "federationBrandName" in tenant ? tenant.federationBrandName : null,
    });
  });

  it("finds a tenant by id", async () => {
    const info = (await client
      .api(
        `/tenantRelationships/findTenantInformationByTenantId(tenantId='${DEMO_TENANTS.fabrikam.id}')`,
      )
      .version(version)
      .get()) as Record<string, unknown>;
    expect(info).toMatchObject({
      tenantId: DEMO_TENANTS.fabrikam.id,
      defaultDomainName: "fabrikam.com",
    });
  });

  it("answers 404 for an unknown domain or tenant", async () => {
    const byDomain = await failure(
      client
        .api(`/tenantRelationships/findTenantInformationByDomainName(domainName='nowhere.example')`)
        .version(version)
        .get(),
    );
    expect(byDomain.statusCode).toBe(404);
    const byId = await failure(
      client
        .api(
          `/tenantRelationships/findTenantInformationByTenantId(tenantId='8af02cce-7ac9-4dce-820f-e076c829d041')`,
        )
        .version(version)
        .get(),
    );
    expect(byId.statusCode).toBe(404);
  });
});

it("needs CrossTenantInformation.ReadBasic.All", async () => {
  const reader = graphClient(emulator, appCredential(emulator, DEMO_APPS.readOnly.clientId));
  const error = await failure(
    reader
      .api(`/tenantRelationships/findTenantInformationByDomainName(domainName='contoso.com')`)
      .get(),
  );
  expect(error.statusCode).toBe(403);
  expect(error.code).toBe("Authorization_RequestDenied");
  expect(error.message).toMatch(/CrossTenantInformation\.ReadBasic\.All/);
});

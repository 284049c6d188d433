import { RunningEmulator } from "../../../emulator";
import { DEMO_TENANTS } from "../../../emulator/server/seed";
import * as provider from "../../../provider";
import { ConnectedOrganizationInputs } from "../../../provider";
import {
  CONNECTED_ORGANIZATIONS,
  adminGraphClient,
  configRequest,
  emulatorConfig,
  providerOnEmulator,
} from "../../support/emulator";

let emulator: RunningEmulator;
providerOnEmulator((started) => (emulator = started));

const graphCalls = () => emulator.requests().filter((r) => r.kind === "graph");
const posts = () => graphCalls().filter((r) => r.method === "POST");
const listings = () =>
  graphCalls().filter((r) => r.method === "GET" && r.route.endsWith("/connectedOrganizations"));

async function checked(news: Record<string, unknown>): Promise<ConnectedOrganizationInputs> {
  const { inputs, failures } = await provider.check({}, news);
  expect(failures).toEqual([]);
  return inputs as unknown as ConnectedOrganizationInputs;
}

const tenantSource = (tenantId: string) => ({
  "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant",
  tenantId,
  displayName: "",
});

/** Organizations that exist before the deployment: `filler` of them, then the given ones. */
function seedExisting(organizations: Record<string, unknown>[], filler = 0) {
  const others = Array.from({ length: filler }, (_, i) => ({
    displayName: `Partner ${String(i).padStart(3, "0")}`,
    identitySources: [
      {
        "@odata.type": "#microsoft.graph.domainIdentitySource",
        domainName: `partner${i}.example`,
        displayName: `partner${i}.example`,
      },
    ],
  }));
  emulator.seed({ connectedOrganizations: [...others, ...organizations] });
  emulator.clearRequests();
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: provider.GraphOperationError) => error,
  );

test("a create of what Graph already holds fails before its POST, saying how to adopt it", async () => {
  const id = "3a9c2f4e-7b1d-4e6a-8c5f-0d2e4b6a8c1e";
  // Past the first page of the listing, and held as the tenant the declared domain belongs to.
  seedExisting(
    [{ id, displayName: "CONTOSO", identitySources: [tenantSource(DEMO_TENANTS.contoso.id)] }],
    120,
  );
  const failure = await failureOf(
    provider.create(
      await checked({ displayName: "Contoso", identitySources: [{ domainName: "contoso.com" }] }),
    ),
  );
  expect(failure?.message).toMatch(
    new RegExp(
      `^creating connected organization "Contoso": DuplicateOrganization: Graph already holds an organization with this name and identity source \\(id ${id}\\); nothing was created\\.`,
    ),
  );
  expect(failure?.message).toContain(`add the line \`adoptId: "${id}"\``);
  expect(failure?.message).toContain('`aliases: [{ name: "<old name>" }]`');
  expect(failure?.message).toContain("`previousNames: [<old name>]`");
  expect(failure?.message).toContain("interrupted deployment");
  expect(failure?.message).toContain("`pulumi refresh --clear-pending-creates`");
  expect(failure?.message).toContain(
    "set entra:preventDuplicates (or ENTRA_PREVENT_DUPLICATES) to false",
  );
  expect(failure?.id).toBeUndefined();
  expect(posts()).toEqual([]);
  expect(listings()).toHaveLength(2);
});

test("the same name with another identity source is no duplicate", async () => {
  seedExisting([
    { displayName: "Contoso", identitySources: [tenantSource(DEMO_TENANTS.fabrikam.id)] },
  ]);
  const { id } = await provider.create(
    await checked({ displayName: "Contoso", identitySources: [{ domainName: "contoso.com" }] }),
  );
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(posts()).toHaveLength(1);
});

test("one listing serves every create of a deployment, and the next deployment lists again", async () => {
  seedExisting([], 3);
  for (const name of ["Litware", "Northwind", "Tailspin"]) {
    await provider.create(
      await checked({ displayName: name, identitySources: [{ domainName: `${name}.example` }] }),
    );
  }
  expect(listings()).toHaveLength(1);
  expect(posts()).toHaveLength(3);

  await provider.configure(configRequest(emulatorConfig(emulator)));
  const failure = await failureOf(
    provider.create(
      await checked({
        displayName: "Litware",
        identitySources: [{ domainName: "litware.example" }],
      }),
    ),
  );
  expect(failure?.message).toMatch(/DuplicateOrganization/);
  expect(listings()).toHaveLength(2);
});

test("entra:preventDuplicates false creates a second copy without listing", async () => {
  seedExisting([
    { displayName: "Fabrikam", identitySources: [tenantSource(DEMO_TENANTS.fabrikam.id)] },
  ]);
  await provider.configure(
    configRequest(emulatorConfig(emulator, { "entra:preventDuplicates": "false" })),
  );
  await provider.create(
    await checked({
      displayName: "Fabrikam",
      identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
    }),
  );
  expect(listings()).toEqual([]);
  const all = await adminGraphClient(emulator).api(CONNECTED_ORGANIZATIONS).get();
  expect(
    all.value.filter((o: { displayName: string }) => o.displayName === "Fabrikam"),
  ).toHaveLength(2);
});

test("a malformed entra:preventDuplicates is refused with what is allowed", async () => {
  await expect(
    provider.configure(
      configRequest(emulatorConfig(emulator, { "entra:preventDuplicates": "sometimes" })),
    ),
  ).rejects.toThrow(
    'provider configuration: entra:preventDuplicates (or ENTRA_PREVENT_DUPLICATES) is "sometimes"; allowed: true or false',
  );
});

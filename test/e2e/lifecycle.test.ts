import type { Stack } from "@pulumi/pulumi/automation";
import { RunningEmulator } from "../../emulator";
import { DEMO_TENANTS } from "../../emulator/server/seed";
import { CONNECTED_ORGANIZATIONS, adminGraphClient, startTestEmulator } from "../support/emulator";
import {
  DEPLOYMENT_TIMEOUT_MS,
  configureForEmulator,
  connectedOrganizationsIn,
  exportStoredState,
  graphCalls,
  rootProgramStack,
  setOrganizations,
  stackSettingsText,
  tokenCalls,
} from "./harness";

jest.setTimeout(DEPLOYMENT_TIMEOUT_MS);

const contoso = {
  name: "contoso",
  displayName: "Contoso",
  description: "Supplier",
  identitySources: [{ domainName: "contoso.com" }],
  state: "configured",
};
const fabrikam = {
  name: "fabrikam",
  displayName: "Fabrikam",
  identitySources: [{ tenantId: DEMO_TENANTS.fabrikam.id }],
};
const tailspin = {
  name: "tailspin",
  displayName: "Tailspin Toys",
  identitySources: [{ domainName: "tailspintoys.example" }],
  state: "proposed",
};

let emulator: RunningEmulator;
let stack: Stack;
let ids: Record<string, string>;

async function deployedIds(): Promise<Record<string, string>> {
  return (await stack.outputs()).ids.value as Record<string, string>;
}

const organization = (id: string) =>
  adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${id}`).get();

beforeAll(async () => {
  emulator = await startTestEmulator();
  stack = await rootProgramStack("lifecycle");
  await configureForEmulator(stack, emulator);
  await setOrganizations(stack, [contoso, fabrikam, tailspin]);
});
afterAll(async () => {
  await stack?.destroy().catch(() => undefined);
  await emulator?.stop();
});
beforeEach(() => emulator.clearRequests());

test("a preview of a new stack makes no Graph request", async () => {
  const preview = await stack.preview();
  expect(preview.changeSummary).toEqual({ create: 4 });
  expect(graphCalls(emulator)).toEqual([]);
});

test("up creates the organizations with one token, printing no token or secret", async () => {
  let printed = "";
  const up = await stack.up({ onOutput: (text) => (printed += text), debug: true });
  expect(up.summary.resourceChanges).toEqual({ create: 4 });
  expect(tokenCalls(emulator)).toHaveLength(1);
  expect(printed).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+|Bearer /);
  expect(printed).not.toContain(emulator.clientSecret);
  ids = await deployedIds();
  expect(Object.keys(ids).sort()).toEqual(["contoso", "fabrikam", "tailspin"]);
  expect(await organization(ids.contoso)).toMatchObject({
    displayName: "Contoso",
    identitySources: [expect.objectContaining({ tenantId: DEMO_TENANTS.contoso.id })],
  });
});

test("a second preview shows no change and makes no Graph request", async () => {
  const preview = await stack.preview();
  expect(preview.changeSummary).toEqual({ same: 4 });
  expect(graphCalls(emulator)).toEqual([]);
});

test("a description change updates in place", async () => {
  await setOrganizations(stack, [
    { ...contoso, description: "Supplier and reseller" },
    fabrikam,
    tailspin,
  ]);
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ update: 1, same: 3 });
  expect(await deployedIds()).toEqual(ids);
  expect(await organization(ids.contoso)).toMatchObject({ description: "Supplier and reseller" });
});

test("an identity-source change replaces the organization on beta", async () => {
  await setOrganizations(stack, [
    { ...contoso, description: "Supplier and reseller" },
    fabrikam,
    { ...tailspin, identitySources: [{ domainName: "tailspin.example" }] },
  ]);
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ replace: 1, same: 3 });
  const next = await deployedIds();
  expect(next.tailspin).not.toBe(ids.tailspin);
  await expect(organization(ids.tailspin)).rejects.toMatchObject({ statusCode: 404 });
  expect(await organization(next.tailspin)).toMatchObject({
    identitySources: [expect.objectContaining({ domainName: "tailspin.example" })],
  });
  ids = next;
});

test("a change made behind Pulumi's back is found by refresh and undone by up", async () => {
  await adminGraphClient(emulator)
    .api(`${CONNECTED_ORGANIZATIONS}/${ids.fabrikam}`)
    .patch({ displayName: "Fabrikam (renamed in the portal)" });
  const refresh = await stack.refresh();
  expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
  const preview = await stack.preview();
  expect(preview.changeSummary).toMatchObject({ update: 1 });
  await stack.up();
  expect(await organization(ids.fabrikam)).toMatchObject({ displayName: "Fabrikam" });
});

test("an organization deleted behind Pulumi's back is dropped by refresh and recreated by up", async () => {
  await adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${ids.fabrikam}`).delete();
  const refresh = await stack.refresh();
  expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
  const up = await stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
  const next = await deployedIds();
  expect(next.fabrikam).not.toBe(ids.fabrikam);
  expect(await organization(next.fabrikam)).toMatchObject({ displayName: "Fabrikam" });
  ids = next;
});

test("the state holds no secret or token, and each __provider is under 1 KB", async () => {
  const deployment = await exportStoredState(stack);
  const text = JSON.stringify(deployment);
  expect(text).not.toContain(emulator.clientSecret);
  expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+/);
  expect(text).not.toMatch(/Bearer|authorization/i);
  const organizations = connectedOrganizationsIn(deployment);
  expect(organizations).toHaveLength(3);
  for (const org of organizations) {
    expect(Buffer.byteLength(String(org.outputs.__provider))).toBeLessThan(1024);
    expect(org.outputs.__provider).toBe(organizations[0].outputs.__provider);
  }
  expect(stackSettingsText(stack)).not.toContain(emulator.clientSecret);
});

test("check failures reach the CLI as messages naming the property, misspelt ones included", async () => {
  const previewFailure = async (organizations: unknown[]) => {
    await setOrganizations(stack, organizations);
    return stack.preview().then(
      () => "",
      (error: Error) => error.message,
    );
  };
  const badTenant = await previewFailure([
    contoso,
    { ...fabrikam, identitySources: [{ tenantId: "fabrikam" }] },
  ]);
  expect(badTenant).toMatch(/identitySources\[0\]\.tenantId.*tenantId must be a tenant id GUID/);
  expect(badTenant).not.toMatch(/\n\s+at /);
  const misspelt = await previewFailure([{ ...contoso, stat: "proposed" }, fabrikam]);
  expect(misspelt).toMatch(/"stat" is not an input of ConnectedOrganization; allowed:/);
  expect(graphCalls(emulator)).toEqual([]);
});

test("destroy removes every organization", async () => {
  const destroy = await stack.destroy();
  expect(destroy.summary.resourceChanges).toEqual({ delete: 4 });
  const left = await adminGraphClient(emulator).api(CONNECTED_ORGANIZATIONS).get();
  expect(left.value).toEqual([]);
});

import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { RunningEmulator } from "../../emulator";
import { DEMO_TENANTS } from "../../emulator/server/seed";
import { emulatorEnv } from "../../scripts/engine/emulatorProjects";
import { repoRoot } from "../../scripts/engine/stack";
import { CONNECTED_ORGANIZATIONS, adminGraphClient, startTestEmulator } from "../support/emulator";
import { DEPLOYMENT_TIMEOUT_MS, projectStack } from "./harness";

jest.setTimeout(DEPLOYMENT_TIMEOUT_MS);

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.stop());

const stored = async () =>
  (await adminGraphClient(emulator).api(CONNECTED_ORGANIZATIONS).get()).value as {
    displayName: string;
    state: string;
    identitySources: { tenantId?: string; domainName?: string }[];
  }[];

test("quickstart deploys one organization and destroys it", async () => {
  const stack = await projectStack(
    path.join(repoRoot, "examples/quickstart"),
    emulatorEnv(emulator),
  );
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  expect(up.outputs.contosoTenant.value).toEqual([
    expect.objectContaining({ tenantId: DEMO_TENANTS.contoso.id }),
  ]);
  expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
  await stack.destroy();
  expect(await stored()).toEqual([]);
});

test("partners-from-file deploys one organization per row of its data file", async () => {
  const stack = await projectStack(
    path.join(repoRoot, "examples/partners-from-file"),
    emulatorEnv(emulator),
  );
  const up = await stack.up();
  expect(Object.keys(up.outputs.ids.value).sort()).toEqual(["contoso", "fabrikam", "litware"]);
  const byName = Object.fromEntries((await stored()).map((org) => [org.displayName, org]));
  expect(byName.Litware).toMatchObject({
    state: "proposed",
    identitySources: [expect.objectContaining({ domainName: "litware.example" })],
  });
  expect(byName.Fabrikam).toMatchObject({
    state: "configured",
    identitySources: [expect.objectContaining({ tenantId: DEMO_TENANTS.fabrikam.id })],
  });
  await stack.destroy();
  expect(await stored()).toEqual([]);
});

test("access-package type-checks against @pulumi/azuread, sharing the one @pulumi/pulumi", async () => {
  const project = path.join(repoRoot, "examples/access-package");
  const tsc = require.resolve("typescript/bin/tsc", { paths: [repoRoot] });
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [tsc, "--noEmit", "-p", project],
    { cwd: repoRoot },
  ).catch((error: { stdout: string; stderr: string }) => error);
  expect(`${stdout}${stderr}`).toBe("");
  const pulumiOf = (from: string) =>
    require.resolve("@pulumi/pulumi", {
      paths: [path.dirname(require.resolve(`${from}/package.json`, { paths: [project] }))],
    });
  expect(pulumiOf("@pulumi/azuread")).toBe(pulumiOf("pulumi-entra-connected-organizations"));
});

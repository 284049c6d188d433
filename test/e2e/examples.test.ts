import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { EMULATOR_OPTIONS, envName, type OptionName } from "../../cli/emulatorOptions";
import type { RecordedExchange, RunningEmulator } from "../../emulator";
import { DEMO_TENANTS } from "../../emulator/server/seed";
import { SETTING_SOURCES } from "../../provider/auth/settingKeys";
import { emulatorEnv, hermeticEnv } from "../../scripts/engine/emulatorProjects";
import { repoRoot } from "../../scripts/engine/stack";
import { CONNECTED_ORGANIZATIONS, adminGraphClient, startTestEmulator } from "../support/emulator";
import { PRINTED_VARIABLES } from "../support/emulatorCommand";
import { privateTempDir } from "../support/generatedCredentials";
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

describe("the GitHub Actions workflow", () => {
  interface Step {
    name?: string;
    uses?: string;
    run?: string;
    env?: Record<string, string>;
    with?: Record<string, unknown>;
  }
  interface Job {
    needs?: string | string[];
    env?: Record<string, string>;
    permissions?: Record<string, string>;
    steps: Step[];
  }
  const workflow = parse(
    fs.readFileSync(
      path.join(repoRoot, "examples/github-actions/connected-organizations.yml"),
      "utf8",
    ),
  ) as { env?: Record<string, string>; jobs: Record<string, Job> };
  const emulatorJob = workflow.jobs.emulator;
  const startStep = emulatorJob?.steps.find((step) => step.name === "Start the emulator");
  const providerVariables = new Set<string>(Object.values(SETTING_SOURCES).flat());

  test("runs the program against the emulator, with no secret, before any job reaches the tenant", () => {
    expect(emulatorJob).toBeDefined();
    expect(JSON.stringify(emulatorJob)).not.toMatch(/secrets\.|id-token/);
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (name !== "emulator") expect([job.needs].flat()).toContain("emulator");
    }
    const commands = emulatorJob.steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(commands.map((s) => s.with?.command)).toEqual(["up", "preview"]);
    expect(commands[1].with?.["expect-no-changes"]).toBe(true);
    for (const step of commands) expect(String(step.with?.["cloud-url"])).toMatch(/^file:\/\//);
  });

  test("leaves the emulator's settings in $GITHUB_ENV unhidden and names only real variables", () => {
    // A workflow or job variable would win over what the emulator job writes to $GITHUB_ENV.
    const shadowing = [...Object.keys(workflow.env ?? {}), ...Object.keys(emulatorJob.env ?? {})];
    expect(shadowing.filter((name) => providerVariables.has(name))).toEqual([]);
    expect(shadowing).not.toContain("NODE_EXTRA_CA_CERTS");
    const known = (Object.keys(EMULATOR_OPTIONS) as OptionName[]).map(envName);
    const named = Object.keys(startStep?.env ?? {}).filter((n) => n.startsWith("ENTRA_EMULATOR_"));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !known.includes(name))).toEqual([]);
  });

  test("its start step, run as written, exports settings that deploy the quickstart", async () => {
    const runnerTemp = privateTempDir("runner-temp-");
    const githubEnv = path.join(runnerTemp, "github-env");
    fs.writeFileSync(githubEnv, "");
    const stepEnv = Object.fromEntries(
      Object.entries(startStep?.env ?? {}).map(([name, value]) => [
        name,
        value.replace("${{ runner.temp }}", runnerTemp),
      ]),
    );
    expect(Object.values(stepEnv).join(" ")).not.toContain("${{");
    const shell = spawn(
      "bash",
      ["--noprofile", "--norc", "-eo", "pipefail", "-c", startStep?.run ?? "exit 1"],
      {
        cwd: repoRoot,
        detached: true,
        stdio: "ignore",
        env: {
          ...hermeticEnv(),
          PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
          npm_config_offline: "true",
          RUNNER_TEMP: runnerTemp,
          GITHUB_ENV: githubEnv,
          ...stepEnv,
        },
      },
    );
    const stopBackground = () => {
      try {
        process.kill(-(shell.pid as number), "SIGTERM");
      } catch {
        // the group is gone already
      }
    };
    try {
      expect(await new Promise((resolve) => shell.once("exit", resolve))).toBe(0);
      const exported = Object.fromEntries(
        fs
          .readFileSync(githubEnv, "utf8")
          .trimEnd()
          .split("\n")
          .map((line) => line.split(/=(.*)/s).slice(0, 2)),
      ) as Record<string, string>;
      expect(Object.keys(exported)).toEqual(PRINTED_VARIABLES);

      const stack = await projectStack(path.join(repoRoot, "examples/quickstart"), exported);
      expect((await stack.up()).summary.resourceChanges).toEqual({ create: 2 });
      expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
      await stack.destroy();

      const recording = fs.readFileSync(stepEnv.ENTRA_EMULATOR_RECORD, "utf8");
      const exchanges = recording
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as RecordedExchange);
      expect(exchanges.filter((e) => e.kind === "graph").map((e) => [e.method, e.status])).toEqual(
        expect.arrayContaining([
          ["POST", 201],
          ["DELETE", 204],
        ]),
      );
      expect(recording).not.toContain(exported.ARM_CLIENT_SECRET);
    } finally {
      stopBackground();
      fs.rmSync(runnerTemp, { recursive: true, force: true });
    }
  });
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

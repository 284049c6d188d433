import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { RunningEmulator } from "../../emulator";
import { DEMO_TENANTS } from "../../emulator/server/seed";
import { emulatorEnv } from "../../scripts/engine/emulatorProjects";
import { openStack } from "../../scripts/engine/stack";
import {
  CONNECTED_ORGANIZATIONS,
  EMULATOR_DATA_DIR,
  adminGraphClient,
  startTestEmulator,
} from "../support/emulator";
import {
  PackedTarball,
  installProject,
  installedCopies,
  newestPulumiForThisNode,
  packRepository,
} from "../support/packedProject";
import { DEPLOYMENT_TIMEOUT_MS } from "./harness";

jest.setTimeout(DEPLOYMENT_TIMEOUT_MS);

const PROGRAM = `const { ConnectedOrganization } = require("pulumi-entra-connected-organizations");

const fabrikam = new ConnectedOrganization("fabrikam", {
  displayName: "Fabrikam",
  identitySources: [{ tenantId: "${DEMO_TENANTS.fabrikam.id}" }],
  state: "configured",
});

exports.fabrikamId = fabrikam.id;
exports.nodeVersion = process.version;
exports.pulumiVersion = require("@pulumi/pulumi/package.json").version;
`;

let scratch: string;
let tarball: PackedTarball;
let project: string;
let pulumiVersion: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "packed-tarball-"));
  tarball = packRepository(scratch);
  project = path.join(scratch, "project");
  fs.mkdirSync(project);
  pulumiVersion = newestPulumiForThisNode();
  installProject(project, tarball.file, pulumiVersion, PROGRAM);
  emulator = await startTestEmulator();
}, 600_000);

afterAll(async () => {
  await emulator?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

test("the tarball holds the built package and its command, and no tests, sources or keys", () => {
  expect(tarball.files).toEqual(
    expect.arrayContaining([
      "package.json",
      "README.md",
      "dist/cli/main.js",
      "dist/sdk/index.js",
      "dist/sdk/index.d.ts",
      "dist/provider/index.js",
      "dist/emulator/index.js",
    ]),
  );
  const unexpected = tarball.files.filter(
    (file) =>
      !(file === "package.json" || file === "README.md" || file.startsWith("dist/")) ||
      /(^|\/)(test|\.emulator)\//.test(file) ||
      /\.(pem|key|pfx|p12)$/.test(file) ||
      (file.endsWith(".ts") && !file.endsWith(".d.ts")),
  );
  expect(unexpected).toEqual([]);
});

test("the project holds one @pulumi/pulumi, its own version", () => {
  expect(installedCopies(project, "@pulumi/pulumi")).toEqual([
    path.join("node_modules", "@pulumi", "pulumi"),
  ]);
  const installed = JSON.parse(
    fs.readFileSync(path.join(project, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
  );
  expect(installed.version).toBe(pulumiVersion);
});

describe("a program importing the package by name", () => {
  let stack: Stack;

  beforeAll(async () => {
    const backendDir = path.join(scratch, "state");
    stack = await openStack({
      projectDir: project,
      stackName: "packed",
      backendDir,
      env: emulatorEnv(emulator),
    });
  });

  const stored = async () =>
    (await adminGraphClient(emulator).api(CONNECTED_ORGANIZATIONS).get()).value as {
      id: string;
      displayName: string;
    }[];

  test("up creates the organization, on this Node and the project's @pulumi/pulumi", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.nodeVersion.value).toBe(process.version);
    expect(up.outputs.pulumiVersion.value).toBe(pulumiVersion);
    expect(await stored()).toEqual([
      expect.objectContaining({ id: up.outputs.fabrikamId.value, displayName: "Fabrikam" }),
    ]);
  });

  test("preview then shows no change", async () => {
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
  });

  test("destroy removes it", async () => {
    const destroy = await stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
    expect(await stored()).toEqual([]);
  });
});

/** Resolves with the emulator's printed settings once it prints the line trusting its CA. */
function settingsPrinted(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (/export NODE_EXTRA_CA_CERTS=\S+/.test(out)) resolve(out);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}) printing:\n${out}`)));
  });
}

test("the installed command starts the emulator from its variables alone, which serves and stops on SIGTERM", async () => {
  const bin = path.join(project, "node_modules", ".bin", "pulumi-entra-connected-organizations");
  const child = spawn(bin, ["emulator"], {
    cwd: project,
    env: { ...process.env, ENTRA_EMULATOR_PORT: "0", ENTRA_EMULATOR_DATA_DIR: EMULATOR_DATA_DIR },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    const printed = await settingsPrinted(child);
    const graphUrl = printed.match(/Graph URL:\s+(https:\/\/127\.0\.0\.1:\d+)/)?.[1];
    expect(graphUrl).toBeDefined();
    expect(new URL(graphUrl as string).port).not.toBe("8443");
    expect(printed).toContain(`Tenant id:       ${DEMO_TENANTS.home.id}`);
    expect(printed).toContain(`Client id:       ${emulator.clientId}`);
    expect(printed).toContain(
      `export NODE_EXTRA_CA_CERTS=${path.join(EMULATOR_DATA_DIR, "tls", "ca.pem")}`,
    );
    const answer = await fetch(`${graphUrl}/_emulator/requests`);
    expect(answer.status).toBe(200);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited).toBe(0);
});

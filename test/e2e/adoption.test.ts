import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { RunningEmulator } from "../../emulator";
import { repoRoot } from "../../scripts/engine/stack";
import { CONNECTED_ORGANIZATIONS, adminGraphClient, startTestEmulator } from "../support/emulator";
import { createExistingOrganizations } from "../support/existingOrganizations";
import { runExport } from "../support/exportCommand";
import {
  DEPLOYMENT_TIMEOUT_MS,
  configureForEmulator,
  connectedOrganizationsIn,
  exportStoredState,
  graphCalls,
  projectStack,
  rootProgramStack,
  setOrganizations,
} from "./harness";

jest.setTimeout(DEPLOYMENT_TIMEOUT_MS);

const EXISTING = 28;

let emulator: RunningEmulator;
let stack: Stack;
let existingIds: string[];
/** The entries as exported, then as edited by the tests. */
let entries: Record<string, unknown>[];

const writes = (method: string) => graphCalls(emulator).filter((r) => r.method === method);
const listings = () =>
  graphCalls(emulator).filter(
    (r) => r.method === "GET" && r.route.endsWith("/connectedOrganizations"),
  );
const deployedIds = async () => (await stack.outputs()).ids.value as Record<string, string>;
const storedOrganizations = async () =>
  (await adminGraphClient(emulator).api(CONNECTED_ORGANIZATIONS).top(999).get()).value as {
    id: string;
    description: string | null;
  }[];

beforeAll(async () => {
  emulator = await startTestEmulator();
  existingIds = await createExistingOrganizations(emulator, EXISTING);
  stack = await rootProgramStack("adoption");
  await configureForEmulator(stack, emulator);
});
afterAll(() => emulator?.stop());
beforeEach(() => emulator.clearRequests());

test("export --format yaml, pasted into the stack's config, previews with no Graph call and adopts every organization with no write", async () => {
  const exported = await runExport(emulator, []);
  expect(exported.status).toBe(0);
  // Pasted as a user would: under the key, in the stack's settings file.
  const settingsFile = path.join(stack.workspace.workDir, `Pulumi.${stack.name}.yaml`);
  const pasted = exported.stdout
    .split("\n")
    .map((line) => (line === "" ? line : `    ${line}`))
    .join("\n");
  fs.appendFileSync(settingsFile, `  connected-organizations:organizations:\n${pasted}`);
  entries = JSON.parse((await stack.getConfig("organizations")).value);
  expect(entries).toHaveLength(EXISTING);
  expect(new Set(entries.map((e) => e.adoptId))).toEqual(new Set(existingIds));

  emulator.clearRequests();
  const preview = await stack.preview();
  expect(preview.changeSummary).toEqual({ create: EXISTING + 1 });
  expect(graphCalls(emulator)).toEqual([]);

  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: EXISTING + 1 });
  expect(writes("POST")).toEqual([]);
  expect(writes("PATCH")).toEqual([]);
  expect(writes("DELETE")).toEqual([]);
  const ids = await deployedIds();
  expect(Object.fromEntries(entries.map((e) => [e.name, e.adoptId]))).toEqual(ids);
  expect(await storedOrganizations()).toHaveLength(EXISTING);
});

test("a preview after the adoption shows no change and makes no Graph call", async () => {
  const preview = await stack.preview();
  expect(preview.changeSummary).toEqual({ same: EXISTING + 1 });
  expect(graphCalls(emulator)).toEqual([]);
});

test("removing every adoptId from the config shows no change", async () => {
  entries = entries.map((entry) => {
    const copy = { ...entry };
    delete copy.adoptId;
    return copy;
  });
  await setOrganizations(stack, entries);
  const preview = await stack.preview();
  expect(preview.changeSummary).toEqual({ same: EXISTING + 1 });
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ same: EXISTING + 1 });
  expect(graphCalls(emulator)).toEqual([]);
});

test("an edited description updates the adopted organization with exactly one PATCH", async () => {
  const ids = await deployedIds();
  const edited = entries[5];
  entries = entries.map((e) => (e === edited ? { ...e, description: "Renegotiated in 2026" } : e));
  await setOrganizations(stack, entries);
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ update: 1, same: EXISTING });
  expect(writes("PATCH")).toHaveLength(1);
  expect(writes("POST")).toEqual([]);
  const stored = await storedOrganizations();
  expect(stored.find((o) => o.id === ids[edited.name as string])?.description).toBe(
    "Renegotiated in 2026",
  );
});

test("export --format typescript compiles and, run as a program, adopts with no write", async () => {
  const projectDir = path.join(repoRoot, ".e2e", "adoption-typescript");
  fs.rmSync(projectDir, { recursive: true, force: true });
  fs.mkdirSync(projectDir, { recursive: true });
  fs.writeFileSync(
    path.join(projectDir, "Pulumi.yaml"),
    "name: adopted-organizations\nmain: index.ts\nruntime: nodejs\n",
  );
  const exported = await runExport(emulator, [
    "--format",
    "typescript",
    "--output",
    path.join(projectDir, "index.ts"),
  ]);
  expect(exported.status).toBe(0);
  const tsc = await compile(path.join(projectDir, "index.ts"));
  expect(tsc).toEqual({ status: 0, output: "" });

  const program = await projectStack(projectDir);
  await configureForEmulator(program, emulator);
  emulator.clearRequests();
  const up = await program.up();
  expect(up.summary.resourceChanges).toEqual({ create: EXISTING + 1 });
  expect(writes("POST")).toEqual([]);
  expect(writes("PATCH")).toEqual([]);
  expect(Object.values(up.outputs.ids.value as Record<string, string>).sort()).toEqual(
    [...existingIds].sort(),
  );
});

test("a renamed entry without previousNames fails before any write, naming the cause and fix", async () => {
  const ids = await deployedIds();
  const [first, ...rest] = entries;
  await setOrganizations(stack, [{ ...first, name: `${first.name}-renamed` }, ...rest]);
  const failure = await stack.up().then(
    () => "",
    (error: Error) => error.message,
  );
  expect(failure).toContain(
    `creating connected organization "${first.displayName}": DuplicateOrganization: Graph already holds an organization with this name and identity source (id ${ids[first.name as string]})`,
  );
  expect(failure).toContain("`previousNames: [<old name>]`");
  expect(writes("POST")).toEqual([]);
  expect(writes("PATCH")).toEqual([]);
  expect(writes("DELETE")).toEqual([]);
  expect(listings()).toHaveLength(1);
});

test("a renamed entry with previousNames keeps its organization with no write", async () => {
  const ids = await deployedIds();
  const [first, ...rest] = entries;
  const renamed = `${first.name}-renamed`;
  entries = [{ ...first, name: renamed, previousNames: [first.name] }, ...rest];
  await setOrganizations(stack, entries);
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ same: EXISTING + 1 });
  expect(graphCalls(emulator).filter((r) => r.method !== "GET")).toEqual([]);
  const next = await deployedIds();
  expect(next[renamed]).toBe(ids[first.name as string]);
});

test("new entries are created after a single listing of the tenant", async () => {
  const added = ["Litware", "Northwind Traders", "Wingtip Toys"].map((displayName) => ({
    name: displayName.toLowerCase().replace(/ /g, "-"),
    displayName,
    identitySources: [{ domainName: `${displayName.split(" ")[0].toLowerCase()}.example` }],
  }));
  entries = [...entries, ...added];
  await setOrganizations(stack, entries);
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 3, same: EXISTING + 1 });
  expect(writes("POST")).toHaveLength(3);
  expect(listings()).toHaveLength(1);
});

test("with retainOnDelete, removing an entry or destroying leaves the organizations in Graph and empties the stack", async () => {
  const before = await storedOrganizations();
  entries = entries.map((e) => ({ ...e, retainOnDelete: true }));
  await setOrganizations(stack, entries);
  await stack.up();
  emulator.clearRequests();
  entries = entries.slice(1);
  await setOrganizations(stack, entries);
  const removed = await stack.up();
  expect(removed.summary.resourceChanges).toEqual({ delete: 1, same: entries.length + 1 });
  expect(writes("DELETE")).toEqual([]);

  const destroy = await stack.destroy();
  expect(destroy.summary.resourceChanges).toEqual({ delete: entries.length + 1 });
  expect(writes("DELETE")).toEqual([]);
  expect((await storedOrganizations()).map((o) => o.id).sort()).toEqual(
    before.map((o) => o.id).sort(),
  );
  expect(connectedOrganizationsIn(await exportStoredState(stack))).toEqual([]);
});

/** Type-checks a file with the project's TypeScript, strictly, against the built SDK. */
function compile(file: string): Promise<{ status: number; output: string }> {
  const tsc = require.resolve("typescript/bin/tsc");
  const options = ["--noEmit", "--strict", "--module", "commonjs", "--target", "es2022"];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsc, ...options, "--moduleResolution", "node", "--types", "node", file],
      { cwd: repoRoot },
      (error, stdout, stderr) =>
        resolve({ status: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

"use strict";
// `npm run benchmark [-- --organizations N]`: deploys N organizations with the root program
// against the emulator under the real engine and prints what each step took and cost.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { bootstrap } = require("./bootstrap");

const root = path.resolve(__dirname, "..");

async function main() {
  const { values } = parseArgs({ options: { organizations: { type: "string", default: "20" } } });
  const count = Number(values.organizations);
  if (!Number.isInteger(count) || count < 1)
    throw new Error("--organizations must be a whole number, 1 or more");
  bootstrap({ engine: true });
  const { startEmulator } = require("../dist/emulator");
  const { openStack, exportStoredState } = require("./engine/stack");
  const { copyRootProgram, emulatorEnv, hermeticEnv } = require("./engine/emulatorProjects");
  process.env = hermeticEnv();

  const emulator = await startEmulator({ port: 0, dataDir: path.join(root, ".emulator") });
  const stack = await openStack({
    projectDir: copyRootProgram("benchmark"),
    stackName: "benchmark",
    backendDir: fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-benchmark-state-")),
    env: emulatorEnv(emulator),
  });
  const organizations = Array.from({ length: count }, (_, i) => ({
    name: `partner-${i}`,
    displayName: `Partner ${i}`,
    identitySources: [{ domainName: i % 2 ? "contoso.com" : `partner${i}.example` }],
    state: "configured",
  }));
  await stack.setConfig("organizations", { value: JSON.stringify(organizations) });

  const rows = [];
  async function measure(step, run) {
    emulator.clearRequests();
    const started = process.hrtime.bigint();
    await run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const seen = emulator.requests();
    rows.push({
      step,
      seconds: seconds.toFixed(2),
      graphRequests: seen.filter((r) => r.kind === "graph").length,
      tokenRequests: seen.filter((r) => r.kind === "token").length,
    });
  }
  try {
    await measure("preview (new stack)", () => stack.preview());
    await measure("up (create all)", () => stack.up());
    await measure("preview (unchanged)", () => stack.preview());
    await measure("refresh", () => stack.refresh());
    const state = await exportStoredState(stack);
    await measure("destroy", () => stack.destroy());
    const resources = state.deployment.resources.filter((r) =>
      r.type.endsWith(":ConnectedOrganization"),
    );
    const providerBytes = Buffer.byteLength(resources[0].outputs.__provider);
    const stateBytes = Buffer.byteLength(JSON.stringify(resources)) / resources.length;
    console.log(`\n${count} connected organizations, root program, emulator on loopback\n`);
    console.table(rows);
    console.log(`__provider per resource: ${providerBytes} bytes`);
    console.log(`state per resource:      ${Math.round(stateBytes)} bytes`);
  } finally {
    await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(`benchmark: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

"use strict";
// The soak: rounds of random changes to the desired set, deployed under random faults with the
// real engine against one emulator, each followed by checks of Graph and the stack's state.
const { execFile } = require("node:child_process");
const { promisify } = require("node:util");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { startEmulator } = require("../../dist/emulator");
const { openStack, exportStoredState, repoRoot } = require("../engine/stack");
const { copyRootProgram, emulatorEnv } = require("../engine/emulatorProjects");
const { adminGraphClient, editOrganization, listOrganizations } = require("./graph");
const { checkInvariants } = require("./invariants");
const { killedUp } = require("./kill");
const { pickFaults } = require("./faults");
const { Plan } = require("./plan");
const { Random } = require("./random");

const INVARIANTS = ["duplicates", "orphans", "dangling", "mismatches", "perpetual diffs"];

/**
 * Runs the soak and returns its figures. `kills` rounds (spread over the run) deploy with a
 * `pulumi up` killed by SIGKILL once creates reach Graph, then recover as a user would.
 */
async function runSoak({ rounds, organizations, seed = 1, kills = 0, log = () => undefined }) {
  const random = new Random(seed);
  const plan = new Plan(random, organizations);
  const emulator = await startEmulator({ port: 0, dataDir: path.join(repoRoot, ".emulator") });
  const graph = adminGraphClient(emulator, "v1.0");
  const stack = await openStack({
    projectDir: copyRootProgram(`soak-${seed}`),
    stackName: "soak",
    backendDir: fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-soak-state-")),
    env: { ...emulatorEnv(emulator), ENTRA_RETRY_DEADLINE_SECONDS: "60" },
  });
  const figures = {
    rounds: 0,
    operations: 0,
    faults: {},
    failedUps: 0,
    unconverged: 0,
    kills: 0,
    upsAfterKill: { succeeded: 0, refused: 0 },
    violations: Object.fromEntries(INVARIANTS.map((name) => [name, 0])),
    details: [],
  };
  const killRounds = new Set(
    Array.from({ length: kills }, (_, i) => Math.floor(((i + 1) * rounds) / (kills + 1))),
  );
  const deploy = async () => {
    const result = await stack.up();
    const changes = result.summary.resourceChanges ?? {};
    figures.operations += Object.entries(changes)
      .filter(([kind]) => kind !== "same")
      .reduce((sum, [, count]) => sum + count, 0);
  };

  try {
    for (let round = 0; round < rounds; round++) {
      // A killed round adds organizations, so that creates are in flight when it is killed.
      const changes =
        round === 0
          ? ["initial set"]
          : killRounds.has(round)
            ? [plan.add(), plan.add(), plan.add()]
            : plan.change(round);
      await stack.setConfig("organizations", { value: JSON.stringify(plan.config()) });
      if (killRounds.has(round)) {
        await killAndRecover({ stack, emulator, graph, plan, figures, log, round });
      } else {
        const faults = pickFaults(random);
        for (const { name, spec } of faults) {
          emulator.addFault(spec);
          figures.faults[name] = (figures.faults[name] ?? 0) + 1;
        }
        try {
          await deploy();
        } catch (error) {
          figures.failedUps++;
          log(`round ${round}: up under faults failed: ${firstLine(error)}`);
          emulator.clearFaults();
          try {
            await deploy();
          } catch (again) {
            figures.unconverged++;
            figures.details.push(`round ${round}: fault-free up failed: ${firstLine(again)}`);
          }
        }
        emulator.clearFaults();
      }
      if (round > 0 && round % 5 === 0) await portalEdits({ stack, graph, plan, random, deploy });
      await check({ stack, graph, plan, figures, round });
      figures.rounds++;
      log(`round ${round}: ${changes.join("; ")}`);
    }
  } finally {
    await stack.destroy().catch(() => undefined);
    await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await emulator.stop();
  }
  return figures;
}

/** Someone changes organizations in the portal; refresh finds it and up puts it back. */
async function portalEdits({ stack, graph, plan, random, deploy }) {
  const state = resourcesIn(await exportStoredState(stack));
  for (const entry of random.sample(plan.entries, 2)) {
    const resource = state.find((r) => nameOf(r) === entry.name);
    if (resource)
      await editOrganization(graph, resource.id, { description: "changed in the portal" });
  }
  await stack.refresh();
  await deploy();
}

async function check({ stack, graph, plan, figures, round }) {
  const state = resourcesIn(await exportStoredState(stack));
  const found = checkInvariants({
    declared: plan.entries,
    graph: await listOrganizations(graph),
    state,
  });
  for (const [name, lines] of Object.entries(found)) {
    figures.violations[name] += lines.length;
    figures.details.push(...lines.map((line) => `round ${round}: ${name}: ${line}`));
  }
  let preview;
  try {
    preview = await stack.preview();
  } catch (error) {
    figures.unconverged++;
    figures.details.push(`round ${round}: preview failed: ${firstLine(error)}`);
    return;
  }
  const changed = Object.entries(preview.changeSummary ?? {}).filter(([kind]) => kind !== "same");
  if (changed.length > 0) {
    figures.violations["perpetual diffs"]++;
    figures.details.push(
      `round ${round}: preview after up shows ${JSON.stringify(Object.fromEntries(changed))}`,
    );
  }
}

/**
 * Kills `pulumi up` once a create reached Graph, then does what TROUBLESHOOTING.md tells a user:
 * remove the stale lock (`pulumi cancel`), drop the pending creates (`pulumi refresh
 * --clear-pending-creates`), and adopt each organization that had committed by its id (which
 * the next `up` would otherwise refuse to duplicate), then run `pulumi up` again.
 */
async function killAndRecover({ stack, emulator, graph, plan, figures, log, round }) {
  emulator.addFault({ kind: "latency", latencyMs: 200, method: "POST" });
  const before = emulator.requests().length;
  const posts = () =>
    emulator
      .requests()
      .slice(before)
      .filter((r) => r.kind === "graph" && r.method === "POST").length;
  const { killed, leftovers } = await killedUp(stack, () => posts() >= 1);
  emulator.clearFaults();
  if (!killed) return log(`round ${round}: up finished before it could be killed`);
  figures.kills++;
  // Asynchronously: the emulator answers from this same process.
  const run = (args) =>
    promisify(execFile)("pulumi", [...args, "--stack", stack.name, "--non-interactive"], {
      cwd: stack.workspace.workDir,
      env: { ...process.env, ...stack.workspace.envVars },
    });
  await run(["cancel", "--yes"]);
  const pending = pendingCreates(await exportStoredState(stack));
  // First as a user who has not read the docs: the committed creates must not be made again.
  try {
    await stack.up();
    figures.upsAfterKill.succeeded++;
  } catch (error) {
    figures.upsAfterKill.refused++;
    log(`round ${round}: up right after the kill refused: ${firstLine(error)}`);
  }
  await run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
  const inGraph = await listOrganizations(graph);
  let adopted = 0;
  for (const urn of pending) {
    const entry = plan.entries.find((e) => e.name === urn.split("::").pop());
    const matches = inGraph.filter((org) => entry && org.displayName === entry.displayName);
    if (matches.length === 1) {
      entry.adoptId = matches[0].id;
      adopted++;
    }
  }
  log(
    `round ${round}: killed up (${leftovers} leftover processes); ${pending.length} pending creates, ${adopted} had committed and are adopted`,
  );
  await stack.setConfig("organizations", { value: JSON.stringify(plan.config()) });
  await stack.up();
}

function pendingCreates(deployment) {
  return (deployment.deployment.pending_operations ?? [])
    .filter((op) => op.type === "creating")
    .map((op) => op.resource.urn);
}

const nameOf = (resource) => resource.urn.split("::").pop();

function resourcesIn(deployment) {
  return (deployment.deployment.resources ?? []).filter((r) =>
    r.type.endsWith(":ConnectedOrganization"),
  );
}

function firstLine(error) {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").map((l) => l.trim());
  const line =
    lines.find(
      (l) => /^error: /.test(l) && !/update failed|preview failed|error occurred/.test(l),
    ) ??
    lines.find((l) => /error|Graph|failed/i.test(l)) ??
    lines[0];
  return line.trim().slice(0, 300);
}

module.exports = { runSoak, INVARIANTS };

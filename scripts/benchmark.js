"use strict";
// `npm run benchmark -- --organizations N --latency MS [--steps up,preview,...] [--repeat K]
//   [--parallel P] [--skip-checkpoints] [--profile DIR] [--no-build]`
// Times the package against a floor under the real engine, side by side: the root program with N
// connected organizations against the emulator (whose Graph answers are delayed by MS), and the
// same N resources as trivial dynamic resources loaded the same way, that only wait the emulated
// latency once for every Graph request the package made. Each step runs on both, one after the
// other and in turn first, so machine noise falls on both; --repeat K prints medians of K rounds.
// --parallel and --skip-checkpoints run every step of both with the engine's `--parallel P` and
// PULUMI_SKIP_CHECKPOINTS=true, to measure what they do for large stacks.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { bootstrap } = require("./bootstrap");
const { STEPS, selectSteps } = require("./benchmark/steps");
const { median } = require("./benchmark/statistics");
const { textTable } = require("./benchmark/textTable");
const { watchProviderProcesses } = require("./benchmark/providerProcesses");

const root = path.resolve(__dirname, "..");
const METHODS = ["GET", "POST", "PATCH", "DELETE"];
const ORGANIZATIONS_FILE = "organizations.json";

function wholeNumber(name, text, min) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} must be a whole number, ${min} or more (got "${text}")`);
  return value;
}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      organizations: { type: "string", default: "20" },
      latency: { type: "string", default: "20" },
      steps: { type: "string" },
      repeat: { type: "string", default: "1" },
      parallel: { type: "string" },
      "skip-checkpoints": { type: "boolean", default: false },
      profile: { type: "string" },
      "no-build": { type: "boolean", default: false },
    },
  });
  return {
    count: wholeNumber("organizations", values.organizations, 1),
    latencyMs: wholeNumber("latency", values.latency, 0),
    steps: selectSteps(values.steps),
    repeat: wholeNumber("repeat", values.repeat, 1),
    parallel:
      values.parallel === undefined ? undefined : wholeNumber("parallel", values.parallel, 1),
    skipCheckpoints: values["skip-checkpoints"],
    profileDir: values.profile ? path.resolve(values.profile) : undefined,
    build: !values["no-build"],
  };
}

function organizationsConfig(count, edits) {
  return Array.from({ length: count }, (_, i) => ({
    name: `partner-${i}`,
    displayName: `Partner ${i}`,
    ...(i === 0 && edits > 0 ? { description: `Edited ${edits} times` } : {}),
    identitySources: [{ domainName: i % 2 ? "contoso.com" : `partner${i}.example` }],
    state: "configured",
  }));
}

/** The floor's program: a copy of floorProgram/ that requires floorProvider.js by its path. */
function copyFloorProgram() {
  const source = path.join(__dirname, "benchmark", "floorProgram");
  const projectDir = path.join(root, ".e2e", "benchmark-floor");
  fs.rmSync(projectDir, { recursive: true, force: true });
  fs.mkdirSync(projectDir, { recursive: true });
  for (const file of fs.readdirSync(source)) {
    const text = fs.readFileSync(path.join(source, file), "utf8");
    const providerPath = path.join(__dirname, "benchmark", "floorProvider.js");
    fs.writeFileSync(
      path.join(projectDir, file),
      text.replace('"FLOOR_PROVIDER_PATH"', JSON.stringify(providerPath)),
    );
  }
  fs.writeFileSync(
    path.join(projectDir, "Pulumi.yaml"),
    "name: connected-organizations-floor\nmain: index.ts\nruntime: nodejs\n",
  );
  return projectDir;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.build) bootstrap({ engine: true });
  const { startEmulator } = require("../dist/emulator");
  const { openStack } = require("./engine/stack");
  const { copyRootProgram, emulatorEnv, hermeticEnv } = require("./engine/emulatorProjects");
  process.env = hermeticEnv();

  const emulator = await startEmulator({
    port: 0,
    dataDir: path.join(root, ".emulator"),
    faults: options.latencyMs > 0 ? [{ kind: "latency", latencyMs: options.latencyMs }] : [],
  });
  const open = (name, projectDir, env) =>
    openStack({
      projectDir,
      stackName: "benchmark",
      backendDir: fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-benchmark-${name}-`)),
      env: {
        ...env,
        BENCHMARK_LATENCY_MS: String(options.latencyMs),
        ...(options.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}),
      },
    });
  const variants = {
    package: { stack: await open("package", copyRootProgram("benchmark"), emulatorEnv(emulator)) },
    floor: { stack: await open("floor", copyFloorProgram(), {}) },
  };
  let stackState = "empty";
  let edits = 0;
  /** Waits per floor method, from the package's requests in the same step. */
  const floorWaits = {};

  // In a file the program reads, as stack config holds no more than about 1000 organizations.
  const setOrganizations = () => {
    const text = JSON.stringify(organizationsConfig(options.count, edits));
    for (const { stack } of Object.values(variants)) {
      fs.writeFileSync(path.join(stack.workspace.workDir, ORGANIZATIONS_FILE), text);
    }
  };

  async function runOn(variant, step, round) {
    const { stack } = variants[variant];
    stack.workspace.envVars.BENCHMARK_FLOOR_WAITS = JSON.stringify(floorWaits);
    if (options.profileDir && round !== undefined) {
      const dir = path.join(options.profileDir, `${variant}-${step.name}-${round + 1}`);
      stack.workspace.envVars.NODE_OPTIONS = `--require ${path.join(__dirname, "benchmark", "cpuProfile.js")}`;
      stack.workspace.envVars.BENCHMARK_PROFILE_DIR = dir;
    } else {
      delete stack.workspace.envVars.NODE_OPTIONS;
      delete stack.workspace.envVars.BENCHMARK_PROFILE_DIR;
    }
    emulator.clearRequests();
    const memory = watchProviderProcesses(stack.workspace.workDir);
    const started = process.hrtime.bigint();
    const ownCpu = process.cpuUsage();
    let provider;
    try {
      await step.run(stack, options.parallel === undefined ? {} : { parallel: options.parallel });
    } finally {
      provider = memory.stop();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { user, system } = process.cpuUsage(ownCpu);
    const seen = emulator.requests();
    const graph = seen.filter((r) => r.kind === "graph");
    const byMethod = Object.fromEntries(
      METHODS.map((m) => [m, graph.filter((r) => r.method === m).length]),
    );
    if (variant === "package" && step.method) {
      floorWaits[step.method] = graph.length / step.calls(options.count);
    }
    return {
      seconds,
      byMethod,
      tokenRequests: seen.filter((r) => r.kind === "token").length,
      peakBytes: provider.peakBytes,
      providerCpu: provider.cpuSeconds,
      harnessCpu: (user + system) / 1e6,
    };
  }

  /**
   * Runs a step on both; returns both measurements. The package goes first in odd rounds (and in
   * untimed set-up steps), so the floor always waits what the package's latest run requested,
   * and the floor goes first in even rounds, so neither always starts on the other's heels.
   */
  async function runStep(step, round) {
    if (step.needs !== stackState) await runStep(STEPS.find((s) => s.leaves === step.needs));
    if (step.changesOne) {
      edits++;
      setOrganizations();
    }
    const order =
      round !== undefined && round % 2 === 1 ? ["floor", "package"] : ["package", "floor"];
    const measured = {};
    for (const variant of order) measured[variant] = await runOn(variant, step, round);
    stackState = step.leaves;
    return { pkg: measured.package, floor: measured.floor };
  }

  const results = new Map(options.steps.map((step) => [step, []]));
  try {
    for (const { stack } of Object.values(variants)) {
      await stack.setConfig("organizationsFile", { value: ORGANIZATIONS_FILE });
    }
    setOrganizations();
    for (let round = 0; round < options.repeat; round++) {
      for (const step of options.steps) {
        const measured = await runStep(step, round);
        results.get(step).push(measured);
        process.stderr.write(
          `round ${round + 1}/${options.repeat} ${step.name}: floor ${measured.floor.seconds.toFixed(2)} s, package ${measured.pkg.seconds.toFixed(2)} s\n`,
        );
      }
    }
    if (stackState !== "empty") await runStep(STEPS.find((s) => s.name === "destroy"));
  } finally {
    for (const { stack } of Object.values(variants)) {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
    await emulator.stop();
  }

  const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);
  const rows = [...results].map(([step, runs]) => [
    step.label,
    median(runs.map((r) => r.floor.seconds)).toFixed(2),
    median(runs.map((r) => r.pkg.seconds)).toFixed(2),
    median(runs.map((r) => r.pkg.seconds / r.floor.seconds)).toFixed(2),
    ...METHODS.map((m) => median(runs.map((r) => r.pkg.byMethod[m]))),
    median(runs.map((r) => r.pkg.tokenRequests)),
    mb(Math.max(...runs.map((r) => r.floor.peakBytes))),
    mb(Math.max(...runs.map((r) => r.pkg.peakBytes))),
    median(runs.map((r) => r.floor.providerCpu)).toFixed(2),
    median(runs.map((r) => r.pkg.providerCpu)).toFixed(2),
    median(runs.map((r) => Math.max(0, r.pkg.harnessCpu - r.floor.harnessCpu))).toFixed(2),
  ]);
  console.log(
    `\n${options.count} organizations, ${options.latencyMs} ms Graph latency, ` +
      `median of ${options.repeat}, ${os.cpus().length} cores, node ${process.version}` +
      (options.parallel === undefined ? "" : `, --parallel ${options.parallel}`) +
      (options.skipCheckpoints ? ", PULUMI_SKIP_CHECKPOINTS=true" : "") +
      "\n",
  );
  console.log(
    textTable(
      [
        "step",
        "floor s",
        "package s",
        "ratio",
        ...METHODS,
        "token",
        "floor MB",
        "package MB",
        "floor CPU",
        "package CPU",
        "emulator CPU",
      ],
      rows,
    ),
  );
  console.log(
    "\nratio: median of package/floor per round; GET..DELETE and token: the package's requests;" +
      " MB: peak RSS of one provider process (largest of the rounds);\nCPU: seconds of CPU of the" +
      " provider processes, and of the emulator (this process's CPU in the package's step less" +
      " in the floor's)",
  );
}

main().catch((error) => {
  console.error(`benchmark: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

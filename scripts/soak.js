"use strict";
// `npm run soak -- --rounds N --organizations M [--seed S] [--kills K]`: random changes under
// random faults with the real engine against the emulator; prints what held and what did not.
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { bootstrap } = require("./bootstrap");

const root = path.resolve(__dirname, "..");

function wholeNumber(values, name, min) {
  const value = Number(values[name]);
  if (!/^\d+$/.test(values[name]) || value < min) {
    throw new Error(`--${name} must be a whole number, ${min} or more (got "${values[name]}")`);
  }
  return value;
}

/** Prints the soak's figures as one table; returns whether every invariant held. */
function report(figures, options) {
  const rows = [
    ["rounds", figures.rounds],
    ["organizations (initial)", options.organizations],
    ["seed", options.seed],
    ["operations (creates, updates, deletes, replaces)", figures.operations],
    ...Object.entries(figures.faults)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => [`faults: ${name}`, count]),
    ["ups failed under faults", figures.failedUps],
    ["ups still failing without faults", figures.unconverged],
    ["kills of pulumi up (SIGKILL)", figures.kills],
    ["ups right after a kill: converged", figures.upsAfterKill.succeeded],
    ["ups right after a kill: refused to duplicate", figures.upsAfterKill.refused],
    ...Object.entries(figures.violations).map(([name, count]) => [`violations: ${name}`, count]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${"figure".padEnd(width)}  value`);
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  for (const line of figures.details) console.log(`  ${line}`);
  return figures.unconverged === 0 && Object.values(figures.violations).every((n) => n === 0);
}

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "40" },
      organizations: { type: "string", default: "30" },
      seed: { type: "string", default: "1" },
      kills: { type: "string", default: "3" },
    },
  });
  const options = {
    rounds: wholeNumber(values, "rounds", 1),
    organizations: wholeNumber(values, "organizations", 1),
    seed: wholeNumber(values, "seed", 0),
    kills: wholeNumber(values, "kills", 0),
  };
  bootstrap({ engine: true });
  const { ensureCertificates } = require("../dist/emulator");
  const { caPath } = await ensureCertificates(path.join(root, ".emulator"));
  if (process.env.NODE_EXTRA_CA_CERTS !== caPath) {
    // Node reads the extra CA only at start-up: run again trusting the emulator's.
    const { hermeticEnv } = require("./engine/emulatorProjects");
    const again = spawnSync(process.execPath, process.argv.slice(1), {
      stdio: "inherit",
      env: { ...hermeticEnv(), NODE_EXTRA_CA_CERTS: caPath },
    });
    process.exit(again.status ?? 1);
  }
  const { runSoak } = require("./soak/run");
  const started = Date.now();
  const figures = await runSoak({ ...options, log: (line) => console.error(line) });
  const held = report(figures, options);
  console.log(`took ${Math.round((Date.now() - started) / 1000)} s`);
  process.exit(held ? 0 : 1);
}

main().catch((error) => {
  console.error(`soak: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

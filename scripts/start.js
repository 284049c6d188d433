"use strict";
// `npm start [-- preview|up|refresh|destroy]`: deploys the root program's demo stack against the
// bundled emulator, with state in .pulumi/ and the emulator's data in .emulator/.
const { spawn } = require("node:child_process");
const path = require("node:path");
const { bootstrap } = require("./bootstrap");

const ACTIONS = ["up", "preview", "refresh", "destroy"];
const STACK = "demo";
const root = path.resolve(__dirname, "..");

function pulumi(args, env, capture = false) {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, {
      cwd: root,
      env,
      stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
    });
    let out = "";
    child.stdout?.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`pulumi ${args[0]} exited with ${code}`)),
    );
  });
}

async function main() {
  const action = process.argv[2] ?? "up";
  if (!ACTIONS.includes(action)) {
    throw new Error(`unknown action "${action}"; use one of: ${ACTIONS.join(", ")}`);
  }
  bootstrap({ engine: true });
  const { startEmulator } = require("../dist/emulator");
  const { offlineEnv } = require("./engine/stack");
  const { emulatorEnv, hermeticEnv } = require("./engine/emulatorProjects");
  const dataDir = path.join(root, ".emulator");
  const emulator = await startEmulator({
    port: 0,
    dataDir,
    persistFile: path.join(dataDir, "demo-store.json"),
  });
  try {
    process.env = hermeticEnv();
    const env = {
      ...process.env,
      ...offlineEnv({
        env: emulatorEnv(emulator),
      }),
    };
    console.log(
      `Emulated Microsoft Graph at ${emulator.graphUrl}; stack "${STACK}", state in .pulumi/\n`,
    );
    await pulumi(["stack", "select", STACK, "--create"], env);
    const yes = action === "preview" ? [] : ["--yes"];
    await pulumi([action, ...yes, "--stack", STACK], env);
    if (action === "up" || action === "refresh") {
      const ids = JSON.parse(
        await pulumi(["stack", "output", "ids", "--json", "--stack", STACK], env, true),
      );
      console.log("\nConnected organizations (Graph ids):");
      for (const [name, id] of Object.entries(ids)) console.log(`  ${name}: ${id}`);
    }
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(`npm start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

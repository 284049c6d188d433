"use strict";
// Opens Automation API stacks of a Pulumi project directory on the CLI from install.sh, with a
// local file backend and no network.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");

const repoRoot = path.resolve(__dirname, "../..");

let binDir;
/** Runs install.sh once per process and returns the bin dir it prints. */
function engineBinDir() {
  if (!binDir) {
    const out = execFileSync("bash", [path.join(__dirname, "install.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    binDir = out.trim().split("\n").pop();
  }
  return binDir;
}

/** The environment the CLI, and the language host and providers it starts, get. */
function offlineEnv({ backendDir = path.join(repoRoot, ".pulumi", "state"), env = {} } = {}) {
  const bin = engineBinDir();
  fs.mkdirSync(backendDir, { recursive: true });
  return {
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
    // install.sh prints <cache>/<version or "path">/bin; home sits beside them.
    PULUMI_HOME: path.resolve(bin, "..", "..", "home"),
    PULUMI_BACKEND_URL: `file://${path.resolve(backendDir)}`,
    ...(process.env.PULUMI_CONFIG_PASSPHRASE_FILE
      ? {}
      : { PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "" }),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...env,
  };
}

/** Selects (or creates) a stack of the project in `projectDir`, whose own program runs. */
async function openStack({ projectDir, stackName = "dev", env, backendDir }) {
  const envVars = offlineEnv({ backendDir, env });
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(engineBinDir()) });
  return LocalWorkspace.createOrSelectStack(
    { stackName, workDir: path.resolve(projectDir) },
    { pulumiCommand, envVars },
  );
}

/** `pulumi stack export` as stored: unlike stack.exportStack(), secrets stay encrypted. */
async function exportStoredState(stack) {
  const ws = stack.workspace;
  const args = ["stack", "export", "--stack", stack.name];
  const { stdout } = await ws.pulumiCommand.run(args, ws.workDir, ws.envVars);
  return JSON.parse(stdout);
}

module.exports = { openStack, exportStoredState, offlineEnv, engineBinDir, repoRoot };

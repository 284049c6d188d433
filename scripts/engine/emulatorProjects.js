"use strict";
// What the demo, the benchmark and the end-to-end tests share to run the root program against
// the emulator.
const fs = require("node:fs");
const path = require("node:path");
const { repoRoot } = require("./stack");

/**
 * The environment without the Azure and Pulumi settings a developer's shell may hold, so the demo
 * and the tests see only what they set: a stray ARM_USE_MSI or passphrase would change them. Loopback
 * is added to NO_PROXY, so a machine's proxy is not asked for the emulator.
 */
function hermeticEnv(env = process.env) {
  const kept = Object.fromEntries(
    Object.entries(env).filter(
      ([name]) => !/^(ARM_|AZURE_|ENTRA_|ACTIONS_ID_TOKEN_|PULUMI_CONFIG_PASSPHRASE)/.test(name),
    ),
  );
  // The emulator is on loopback: a proxy the machine names is never the way to it.
  const noProxy = [kept.NO_PROXY ?? kept.no_proxy, "localhost,127.0.0.1,::1,[::1]"]
    .filter(Boolean)
    .join(",");
  return { ...kept, NO_PROXY: noProxy, no_proxy: noProxy, PULUMI_CONFIG_PASSPHRASE: "" };
}

/**
 * Environment that points the provider at a running emulator, as a pipeline would: what the
 * emulator command prints and writes to its --settings-file.
 */
function emulatorEnv(emulator) {
  const { emulatorEnvironment } = require("../../dist/cli/emulatorEnvironment");
  return emulatorEnvironment(emulator);
}

/**
 * A fresh copy of the root program in `.e2e/<name>` (inside the repo, so the package and
 * @pulumi/pulumi resolve from its node_modules); returns the project directory.
 */
function copyRootProgram(name) {
  const projectDir = path.join(repoRoot, ".e2e", name);
  fs.rmSync(projectDir, { recursive: true, force: true });
  fs.mkdirSync(projectDir, { recursive: true });
  for (const file of fs.readdirSync(path.join(repoRoot, "program"))) {
    fs.copyFileSync(path.join(repoRoot, "program", file), path.join(projectDir, file));
  }
  fs.writeFileSync(
    path.join(projectDir, "Pulumi.yaml"),
    "name: connected-organizations\nmain: index.ts\nruntime: nodejs\n",
  );
  return projectDir;
}

module.exports = { hermeticEnv, emulatorEnv, copyRootProgram };

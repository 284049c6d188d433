"use strict";
// Brings a fresh clone to a runnable state: npm packages, the build, and (on request) the Pulumi
// engine. Plain Node with no dependencies, as it runs before any are installed.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command, args) {
  execFileSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
}

function mtime(file) {
  return fs.statSync(path.join(root, file), { throwIfNoEntry: false })?.mtimeMs;
}

/** npm packages, when missing or older than package-lock.json. */
function installPackages() {
  const installed = mtime("node_modules/.package-lock.json");
  if (installed !== undefined && installed >= (mtime("package-lock.json") ?? 0)) return;
  console.error("bootstrap: installing npm packages");
  run(npm, ["ci", "--no-audit", "--no-fund"]);
}

function build() {
  run(npm, ["run", "--silent", "build"]);
}

/** The Pulumi CLI and Node language host; returns the bin directory holding them. */
function installEngine() {
  return execFileSync("bash", [path.join(root, "scripts/engine/install.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop();
}

function bootstrap({ engine }) {
  installPackages();
  build();
  return engine ? installEngine() : undefined;
}

module.exports = { bootstrap };

if (require.main === module) {
  bootstrap({ engine: process.argv.includes("--engine") });
}

#!/usr/bin/env node
"use strict";
// Prints, on one line, what a test run uses: the Node running this script (the one on PATH), the
// installed @pulumi/pulumi and @azure/identity, and the engine install.sh provides.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "../..");
const label = process.argv[2] ?? "versions";

function installed(name) {
  const file = path.join(root, "node_modules", name, "package.json");
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")).version : "missing";
}

function run(command, args) {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
}

/** The Go module version of the Pulumi SDK a language host binary was built from. */
function languageHostSdk(binDir) {
  const info = run("go", ["version", "-m", path.join(binDir, "pulumi-language-nodejs")]);
  return info?.match(/\bgithub\.com\/pulumi\/pulumi\/sdk\/v3\s+(v\S+)/)?.[1];
}

function engine() {
  const binDir = run("bash", [path.join(root, "scripts/engine/install.sh")])
    ?.trim()
    .split("\n")
    .pop();
  if (!binDir) return "missing";
  const cli = run(path.join(binDir, "pulumi"), ["version"])?.trim() ?? "missing";
  const host = languageHostSdk(binDir);
  return host ? `${cli} (language host from sdk ${host})` : cli;
}

console.log(
  `${label}: node ${process.version}, @pulumi/pulumi ${installed("@pulumi/pulumi")}, ` +
    `@azure/identity ${installed("@azure/identity")}, engine ${engine()}`,
);

"use strict";
// `pulumi up` killed with SIGKILL mid-run, as a cancelled CI job or a lost runner does it.
const { spawn } = require("node:child_process");
const fs = require("node:fs");

/** Pids of the processes working in `dir` (the language host and provider), but not this one. */
function processesIn(dir) {
  const found = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/cwd`) === dir) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/**
 * Starts `pulumi up` on the stack's project and kills it once `ready()` says so (e.g. after the
 * first create reached Graph). The language host and provider run in their own process groups
 * and outlive the CLI; they are killed too, as they would be with the machine that ran them.
 * Resolves with what was killed.
 */
async function killedUp(stack, ready, { timeoutMs = 120_000 } = {}) {
  const dir = stack.workspace.workDir;
  const env = { ...process.env, ...stack.workspace.envVars };
  const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--stack", stack.name], {
    cwd: dir,
    env,
    stdio: "ignore",
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const started = Date.now();
  let finished = false;
  exited.then(() => (finished = true));
  while (!finished && !ready() && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (finished) return { killed: false, leftovers: 0 };
  child.kill("SIGKILL");
  await exited;
  const leftovers = processesIn(dir);
  for (const pid of leftovers) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already ended
    }
  }
  return { killed: true, leftovers: leftovers.length };
}

module.exports = { killedUp, processesIn };

"use strict";
// Peak resident memory of the dynamic-provider processes the engine starts for one project. The
// engine starts and ends them itself, so they are watched from outside: every few hundred
// milliseconds /proc is read for node processes running @pulumi/pulumi's dynamic-provider host
// with the project as working directory, and the kernel's high-water mark (VmHWM) is kept.
const fs = require("node:fs");
const path = require("node:path");

const POLL_MS = 200;

function read(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function providerPids(projectDir) {
  const pids = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = read(`/proc/${entry}/cmdline`);
    if (!cmdline || !cmdline.includes(`cmd${path.sep}dynamic-provider`)) continue;
    let cwd;
    try {
      cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      continue;
    }
    if (path.resolve(cwd) === path.resolve(projectDir)) pids.push(entry);
  }
  return pids;
}

function highWaterMarkBytes(pid) {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`) ?? "");
  return match ? Number(match[1]) * 1024 : 0;
}

/** Starts watching; `stop()` returns the largest peak seen of any one provider process, in bytes. */
function watchProviderMemory(projectDir) {
  let peak = 0;
  const poll = () => {
    for (const pid of providerPids(projectDir)) peak = Math.max(peak, highWaterMarkBytes(pid));
  };
  const timer = setInterval(poll, POLL_MS);
  return {
    stop() {
      clearInterval(timer);
      poll();
      return peak;
    },
  };
}

module.exports = { watchProviderMemory };

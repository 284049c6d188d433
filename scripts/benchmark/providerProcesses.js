"use strict";
// Peak resident memory and CPU time of the dynamic-provider processes the engine starts for one
// project. The engine starts and ends them itself, so they are watched from outside: every few
// hundred milliseconds /proc is read for node processes running @pulumi/pulumi's dynamic-provider
// host with the project as working directory, and the kernel's high-water mark (VmHWM) and the
// process's user and system time are kept.
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

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds the process has used so far. */
function cpuSeconds(pid) {
  const stat = read(`/proc/${pid}/stat`) ?? "";
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks / TICKS_PER_SECOND : 0;
}

/**
 * Starts watching; `stop()` returns the largest peak seen of any one provider process, in bytes,
 * and the CPU seconds of all of them, as last seen (a process's last poll-interval may be missed).
 */
function watchProviderProcesses(projectDir) {
  let peak = 0;
  const cpu = new Map();
  const poll = () => {
    for (const pid of providerPids(projectDir)) {
      peak = Math.max(peak, highWaterMarkBytes(pid));
      cpu.set(pid, Math.max(cpu.get(pid) ?? 0, cpuSeconds(pid)));
    }
  };
  const timer = setInterval(poll, POLL_MS);
  return {
    stop() {
      clearInterval(timer);
      poll();
      return { peakBytes: peak, cpuSeconds: [...cpu.values()].reduce((a, b) => a + b, 0) };
    },
  };
}

module.exports = { watchProviderProcesses };

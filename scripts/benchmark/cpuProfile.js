"use strict";
// Preloaded (NODE_OPTIONS=--require) into the node processes the engine starts when the benchmark
// runs with --profile: Node 20 refuses --cpu-prof in NODE_OPTIONS, so this records a V8 CPU
// profile through the inspector and writes it to BENCHMARK_PROFILE_DIR when the process ends
// (the engine ends provider processes with a signal, which is turned into an orderly exit here).
const fs = require("node:fs");
const inspector = require("node:inspector");
const path = require("node:path");

const dir = process.env.BENCHMARK_PROFILE_DIR;
const script = process.argv[1];

if (dir && script) {
  const name = script.includes("dynamic-provider")
    ? "provider"
    : script.includes(`cmd${path.sep}run`)
      ? "program"
      : path.basename(script, ".js");
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, `${name}-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      write();
      process.exit(0);
    });
  }
}

#!/usr/bin/env node
// Runs jest with the emulator's CA trusted by every process the tests start. Node reads
// NODE_EXTRA_CA_CERTS only at start-up, so the CA is made (or reused) before jest starts.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { ensureCertificates } = require("../dist/emulator");
const { hermeticEnv } = require("./engine/emulatorProjects");

async function main() {
  const root = path.resolve(__dirname, "..");
  const { caPath } = await ensureCertificates(path.join(root, ".emulator"));
  const jest = require.resolve("jest/bin/jest");
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "jest-")), "results.json");
  const result = spawnSync(
    process.execPath,
    [jest, "--json", `--outputFile=${report}`, ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: "inherit",
      env: { ...hermeticEnv(), NODE_EXTRA_CA_CERTS: caPath },
    },
  );
  if (fs.existsSync(report)) {
    const { numPassedTests, numFailedTests, numRuntimeErrorTestSuites } = JSON.parse(
      fs.readFileSync(report, "utf8"),
    );
    // A test file that fails to load runs no test; it counts as one failure.
    const failed = numFailedTests + numRuntimeErrorTestSuites;
    console.log(`tests: ${numPassedTests} passed, ${failed} failed`);
  }
  process.exit(result.status ?? 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

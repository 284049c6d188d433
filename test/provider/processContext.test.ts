import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { RunningEmulator } from "../../emulator";
import { emulatorConfig, startTestEmulator } from "../support/emulator";

const ROOT = path.resolve(__dirname, "../..");

/**
 * Runs the built provider in a fresh node process, as the engine's provider process does: a
 * preview's configure, check and diff, then a create and delete; reports which of the Graph
 * stack's packages were loaded after each part.
 */
const PROVIDER_PROCESS = `
const provider = require(${JSON.stringify(path.join(ROOT, "dist/provider"))});
const loaded = () =>
  ["@azure/identity", "@azure/msal-node", "@microsoft/microsoft-graph-client"].filter((name) =>
    Object.keys(require.cache).some((file) => file.includes("/node_modules/" + name + "/")),
  );
(async () => {
  const config = JSON.parse(process.env.PROVIDER_CONFIG);
  await provider.configure({ config: { get: (key) => config[key] } });
  const news = { displayName: "Loaded lazily", identitySources: [{ domainName: "contoso.com" }] };
  const { inputs, failures } = await provider.check({}, news);
  const { changes } = await provider.diff("id", { ...inputs, description: "", state: "configured", stateManaged: false, resolvedIdentitySources: [] }, inputs);
  const afterPreview = loaded();
  const { id, outs } = await provider.create(inputs);
  await provider.delete(id, outs);
  console.log(JSON.stringify({ failures, changes, afterPreview, afterGraph: loaded(), id }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

describe("the provider process", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.stop());

  it("loads the credential and Graph libraries at the first Graph call, not for a preview", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", PROVIDER_PROCESS], {
      env: { ...process.env, PROVIDER_CONFIG: JSON.stringify(emulatorConfig(emulator)) },
    });
    const report = JSON.parse(stdout);
    expect(report.failures).toEqual([]);
    expect(report.changes).toBe(false);
    expect(report.afterPreview).toEqual([]);
    expect(report.afterGraph).toEqual([
      "@azure/identity",
      "@azure/msal-node",
      "@microsoft/microsoft-graph-client",
    ]);
    expect(report.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

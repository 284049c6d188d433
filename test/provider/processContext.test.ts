import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { RunningEmulator } from "../../emulator";
import { emulatorConfig, startTestEmulator } from "../support/emulator";

const ROOT = path.resolve(__dirname, "../..");

/**
 * A node script run as the engine's provider process is: it loads the built provider, configures
 * it for the emulator (PROVIDER_CONFIG), runs `steps` (which may call `loaded()`, the Graph
 * stack's packages loaded so far) and prints what they return as JSON.
 */
const providerProcess = (steps: string) => `
const provider = require(${JSON.stringify(path.join(ROOT, "dist/provider"))});
const loaded = () =>
  ["@azure/identity", "@azure/msal-node", "@microsoft/microsoft-graph-client", "undici", "node-forge"].filter((name) =>
    Object.keys(require.cache).some((file) => file.includes("/node_modules/" + name + "/")),
  );
(async () => {
  const config = JSON.parse(process.env.PROVIDER_CONFIG);
  await provider.configure({ config: { get: (key) => config[key] } });
  ${steps}
})().then((report) => console.log(JSON.stringify(report)), (error) => { console.error(error); process.exit(1); });
`;

/** A preview's check and diff, then a create and delete. */
const PREVIEW_THEN_WRITES = providerProcess(`
  const news = { displayName: "Loaded lazily", identitySources: [{ domainName: "contoso.com" }] };
  const { inputs, failures } = await provider.check({}, news);
  const { changes } = await provider.diff("id", { ...inputs, description: "", state: "configured", stateManaged: false, resolvedIdentitySources: [] }, inputs);
  const afterPreview = loaded();
  const { id, outs } = await provider.create(inputs);
  await provider.delete(id, outs);
  return { failures, changes, afterPreview, afterGraph: loaded(), id };
`);

/** A preview that finds a change: check, and a diff that reports it. */
const PREVIEW_WITH_A_CHANGE = providerProcess(`
  const news = { displayName: "Changed", identitySources: [{ domainName: "contoso.com" }] };
  const { inputs } = await provider.check({}, news);
  const olds = { ...inputs, displayName: "Before", description: "", state: "configured", stateManaged: false, resolvedIdentitySources: [] };
  const { changes } = await provider.diff("id", olds, inputs);
  const afterDiff = loaded();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { changes, afterDiff, meanwhile: loaded() };
`);

/**
 * The packages a Graph call loads, of those `loaded()` looks for: not undici (and its WebAssembly
 * parser) when no proxy is set, nor node-forge.
 */
const GRAPH_STACK = ["@azure/identity", "@azure/msal-node", "@microsoft/microsoft-graph-client"];

describe("the provider process", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.stop());

  /** Runs a provider-process script against the emulator and returns what it printed. */
  const reportOf = async (script: string) => {
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], {
      env: { ...process.env, PROVIDER_CONFIG: JSON.stringify(emulatorConfig(emulator)) },
    });
    return JSON.parse(stdout);
  };

  it("loads the credential and Graph libraries at the first Graph call, not for a preview; node-forge only for a PFX file", async () => {
    const report = await reportOf(PREVIEW_THEN_WRITES);
    expect(report.failures).toEqual([]);
    expect(report.changes).toBe(false);
    expect(report.afterPreview).toEqual([]);
    expect(report.afterGraph).toEqual(GRAPH_STACK);
    expect(report.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("after a diff that finds a change, loads the Graph libraries in the background and sends nothing", async () => {
    emulator.clearRequests();
    const report = await reportOf(PREVIEW_WITH_A_CHANGE);
    expect(report.changes).toBe(true);
    expect(report.afterDiff).toEqual([]);
    expect(report.meanwhile).toEqual(GRAPH_STACK);
    expect(emulator.requests()).toEqual([]);
  });
});

/* eslint-disable @typescript-eslint/no-require-imports -- loads code the way the provider process does */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RunningEmulator } from "../../emulator";
import { connectedOrganizationProvider } from "../../sdk/provider";
import { configRequest, emulatorConfig, startTestEmulator } from "../support/emulator";
const requireFromString: (code: string) => {
  handler(): pulumi.dynamic.ResourceProvider;
} = require("require-from-string");

const ROOT = path.resolve(__dirname, "../..");

/** Serializes a provider object exactly as pulumi.dynamic.Resource does. */
async function serialize(provider: pulumi.dynamic.ResourceProvider) {
  return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}

describe("__provider", () => {
  it("is under 1 KB, holds no secret and refers to the provider only by package name", async () => {
    const { text, containsSecrets } = await serialize(connectedOrganizationProvider);
    expect(Buffer.byteLength(text)).toBeLessThan(1024);
    expect(containsSecrets).toBe(false);
    expect(text).toContain('require("pulumi-entra-connected-organizations/provider")');
    expect(text).not.toMatch(/graph\.microsoft|clientSecret|ClientSecretCredential|__awaiter/);
  });

  it("is the same text from the published build and from the sources", async () => {
    const built = require(path.join(ROOT, "dist/sdk/provider.js")).connectedOrganizationProvider;
    const fromBuild = await serialize(built);
    const fromSource = await serialize(connectedOrganizationProvider);
    expect(fromBuild.text).toBe(fromSource.text);
    expect(fromBuild.text).toBe(
      fs.readFileSync(path.join(__dirname, "provider.expected.js"), "utf8"),
    );
  });

  describe("once deserialized by the provider process", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startTestEmulator();
    });
    afterAll(() => emulator.stop());

    it("runs the installed provider for the whole lifecycle", async () => {
      const { text } = await serialize(connectedOrganizationProvider);
      const loaded = requireFromString(text).handler();
      expect(Object.keys(loaded)).toEqual(["configure"]);
      await loaded.configure!(configRequest(emulatorConfig(emulator)) as never);
      const news = { displayName: "Serialized", identitySources: [{ domainName: "contoso.com" }] };
      const { inputs, failures } = await loaded.check!({}, news);
      expect(failures).toEqual([]);
      const { id, outs } = await loaded.create(inputs);
      expect((await loaded.diff!(id, outs, inputs)).changes).toBe(false);
      expect((await loaded.read!(id, outs)).id).toBe(id);
      await loaded.delete!(id, outs);
      expect(await loaded.read!(id, outs)).toEqual({});
    });
  });
});

import * as fs from "node:fs";
import * as path from "node:path";
import { decodeJwt } from "jose";
import { EMULATOR_OPTIONS, envName, type OptionName } from "../../cli/emulatorOptions";
import type { RecordedExchange } from "../../emulator";
import {
  PRINTED_VARIABLES,
  probeWithPrintedSettings,
  runEmulatorCommand,
  startEmulatorCommand,
  type EmulatorProcess,
  type ProbeResult,
} from "../support/emulatorCommand";
import { privateTempDir } from "../support/generatedCredentials";

const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

describe("the emulator command configured by environment variables only", () => {
  let dir: string;
  let emulator: EmulatorProcess;
  let probe: ProbeResult;

  beforeAll(async () => {
    dir = privateTempDir("emulator-command-");
    emulator = await startEmulatorCommand([], {
      ENTRA_EMULATOR_PORT: "0",
      ENTRA_EMULATOR_DATA_DIR: path.join(dir, "data"),
      ENTRA_EMULATOR_LATENCY_MS: "5",
      ENTRA_EMULATOR_RECORD: path.join(dir, "requests.jsonl"),
      ENTRA_EMULATOR_SETTINGS_FILE: path.join(dir, "settings.env"),
    });
    probe = await probeWithPrintedSettings(emulator.output);
  });
  afterAll(async () => {
    await emulator?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("prints settings a shell can eval, and the provider signs in and reads Graph with them", () => {
    const graphUrl = emulator.exported.ENTRA_GRAPH_ENDPOINT;
    expect(graphUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(graphUrl).not.toBe("https://127.0.0.1:8443");
    expect(emulator.exported.NODE_EXTRA_CA_CERTS).toBe(path.join(dir, "data", "tls", "ca.pem"));
    expect(probe).toMatchObject({
      graphEndpoint: graphUrl,
      authorityHost: emulator.exported.AZURE_AUTHORITY_HOST,
      credential: "clientSecret",
      tenantId: emulator.exported.ARM_TENANT_ID,
      organizations: 0,
    });
    expect(probe.accessToken).toMatch(JWT);
    const comments = emulator.output.split("\n").filter((line) => !line.startsWith("export "));
    expect(comments.every((line) => line === "" || line.startsWith("#"))).toBe(true);
    expect(comments.join("\n")).toContain(`Graph URL:       ${graphUrl}`);
  });

  test("writes the same settings to the env file as KEY=value lines", () => {
    const lines = fs.readFileSync(path.join(dir, "settings.env"), "utf8").trimEnd().split("\n");
    expect(lines.map((line) => line.slice(0, line.indexOf("=")))).toEqual(PRINTED_VARIABLES);
    expect(Object.fromEntries(lines.map((line) => line.split(/=(.*)/s).slice(0, 2)))).toEqual(
      emulator.exported,
    );
  });

  test("records the probe's token request and Graph call, slowed by the fault, with no secret", () => {
    const text = fs.readFileSync(path.join(dir, "requests.jsonl"), "utf8");
    const exchanges = text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as RecordedExchange);
    const tokenRequests = exchanges.filter((e) => e.kind === "token");
    const graphCalls = exchanges.filter((e) => e.kind === "graph");
    expect(tokenRequests).toEqual([
      expect.objectContaining({ method: "POST", status: 200, request: expect.anything() }),
    ]);
    expect(tokenRequests[0].request.body).toMatchObject({
      client_id: emulator.exported.ARM_CLIENT_ID,
      client_secret: "[redacted]",
    });
    expect(tokenRequests[0].response?.body).toMatchObject({ access_token: "[redacted]" });
    expect(graphCalls).toEqual([
      expect.objectContaining({
        method: "GET",
        url: "/beta/identityGovernance/entitlementManagement/connectedOrganizations",
        status: 200,
        fault: "latency",
      }),
    ]);
    expect(graphCalls[0].request.headers.authorization).toBe("[redacted]");
    expect(text).not.toContain(emulator.exported.ARM_CLIENT_SECRET);
    expect(text).not.toContain(probe.accessToken);
    expect(text).not.toMatch(JWT);
  });
});

describe("flags and variables", () => {
  test("a flag wins over its variable", async () => {
    const dir = privateTempDir("emulator-flags-");
    const emulator = await startEmulatorCommand(
      ["--data-dir", path.join(dir, "from-flag"), "--host", "127.0.0.1"],
      {
        ENTRA_EMULATOR_PORT: "0",
        ENTRA_EMULATOR_DATA_DIR: path.join(dir, "from-variable"),
        ENTRA_EMULATOR_HOST: "::1",
      },
    );
    try {
      expect(emulator.exported.NODE_EXTRA_CA_CERTS).toBe(
        path.join(dir, "from-flag", "tls", "ca.pem"),
      );
      expect(emulator.exported.ENTRA_GRAPH_ENDPOINT).toMatch(/^https:\/\/127\.0\.0\.1:/);
      expect(fs.existsSync(path.join(dir, "from-variable"))).toBe(false);
    } finally {
      await emulator.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("--settings-file and --record as flags write their files (node takes no flag of ours)", async () => {
    const dir = privateTempDir("emulator-files-");
    const settingsFile = path.join(dir, "out", "settings.env");
    const recording = path.join(dir, "requests.jsonl");
    const emulator = await startEmulatorCommand(
      ["--settings-file", settingsFile, "--record", recording],
      { ENTRA_EMULATOR_PORT: "0", ENTRA_EMULATOR_DATA_DIR: path.join(dir, "data") },
    );
    try {
      // Written last, once the emulator listens: its appearance is the ready signal.
      for (let waited = 0; !fs.existsSync(settingsFile) && waited < 10_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const lines = fs.readFileSync(settingsFile, "utf8").trimEnd().split("\n");
      expect(lines.map((line) => line.slice(0, line.indexOf("=")))).toEqual(PRINTED_VARIABLES);
      expect(fs.existsSync(recording)).toBe(true);
    } finally {
      await emulator.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ["ENTRA_EMULATOR_PORT", "eighty", "expects a whole number from 0 to 65535, got 'eighty'"],
    ["ENTRA_EMULATOR_PORT", "70000", "expects a whole number from 0 to 65535, got '70000'"],
    ["ENTRA_EMULATOR_LATENCY_MS", "-5", "expects a whole number, got '-5'"],
    ["ENTRA_EMULATOR_RETRY_AFTER", "soon", "expects seconds such as 2 or 1.5, got 'soon'"],
    ["ENTRA_EMULATOR_RETRY_AFTER_DATE", "yes", "is 'yes'; allowed: true, false, 1 or 0"],
    ["ENTRA_EMULATOR_FAULT_STATUS", "200", "status must be an HTTP error status (400-599)"],
    ["ENTRA_EMULATOR_HOST", "0.0.0.0", "the emulator listens on loopback only"],
    [
      "ENTRA_EMULATOR_CLOUD",
      "gcchigh",
      "is 'gcchigh'; allowed: public, usgovernmentl4, usgovernmentl5, china",
    ],
  ])("%s=%s fails with status 2 and names the variable", async (name, value, message) => {
    const { status, stdout, stderr } = await runEmulatorCommand([], { [name]: value });
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`emulator: ${name}`);
    expect(stderr).toContain(message);
  });

  test("--cloud china prints ARM_ENVIRONMENT, with which the provider gets a token for China's Graph", async () => {
    const dir = privateTempDir("emulator-cloud-");
    const emulator = await startEmulatorCommand(["--cloud", "china"], {
      ENTRA_EMULATOR_PORT: "0",
      ENTRA_EMULATOR_DATA_DIR: path.join(dir, "data"),
    });
    try {
      expect(emulator.exported.ARM_ENVIRONMENT).toBe("china");
      const probe = await probeWithPrintedSettings(emulator.output);
      expect(probe.organizations).toBe(0);
      expect(decodeJwt(probe.accessToken).aud).toBe("https://microsoftgraph.chinacloudapi.cn");
    } finally {
      await emulator.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a bad --cloud names the flag and the clouds allowed", async () => {
    const { status, stdout, stderr } = await runEmulatorCommand(["--cloud", "azure"]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      "emulator: --cloud is 'azure'; allowed: public, usgovernmentl4, usgovernmentl5, china",
    );
  });

  test("an unknown ENTRA_EMULATOR_ variable fails with status 2 and lists the known ones", async () => {
    const { status, stderr } = await runEmulatorCommand([], { ENTRA_EMULATOR_PROT: "0" });
    expect(status).toBe(2);
    expect(stderr).toContain("ENTRA_EMULATOR_PROT is not an emulator setting");
    expect(stderr).toContain("ENTRA_EMULATOR_PORT");
  });

  test("a bad flag names the flag", async () => {
    const { status, stderr } = await runEmulatorCommand(["--port", "eighty"]);
    expect(status).toBe(2);
    expect(stderr).toContain("emulator: --port expects a whole number");
  });

  test("--help lists every option with its variable", async () => {
    const { status, stdout } = await runEmulatorCommand(["--help"]);
    expect(status).toBe(0);
    for (const name of Object.keys(EMULATOR_OPTIONS) as OptionName[]) {
      expect(stdout).toMatch(new RegExp(`^  --${name}\\b.*\\[${envName(name)}\\]$`, "m"));
    }
  });
});

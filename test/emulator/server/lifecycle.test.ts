import { spawn, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { DEMO_USERS, readSeedFile, startEmulator, type RunningEmulator } from "../../../emulator";
import {
  CONNECTED_ORGANIZATIONS,
  DATA_DIR,
  domainSource,
  graphClient,
  rawRequest,
  retries,
} from "../clients";

const REPO = path.resolve(__dirname, "../../..");
const SEEDED_ID = "ccc2b6fe-f469-40bd-88cc-d8b528e0e237";
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "emulator-lifecycle-"));
});

afterEach(() => fs.rm(dir, { recursive: true, force: true }));

async function withEmulator<T>(
  options: Parameters<typeof startEmulator>[0],
  use: (emulator: RunningEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator(options);
  try {
    return await use(emulator);
  } finally {
    await emulator.stop();
  }
}

it("keeps connected organizations and sponsors in the persist file across a restart", async () => {
  const persistFile = path.join(dir, "state.json");
  const id = await withEmulator({ port: 0, dataDir: DATA_DIR, persistFile }, async (emulator) => {
    const client = graphClient(emulator);
    const created = (await client
      .api(CONNECTED_ORGANIZATIONS)
      .post({ displayName: "Contoso", identitySources: [domainSource("contoso.com")] })) as {
      id: string;
    };
    await client
      .api(`${CONNECTED_ORGANIZATIONS}/${created.id}/externalSponsors/$ref`)
      .post({ "@odata.id": `${emulator.graphUrl}/v1.0/directoryObjects/${DEMO_USERS.lee.id}` });
    return created.id;
  });
  const saved = await fs.readFile(persistFile, "utf8");
  expect(JSON.parse(saved)).toMatchObject({
    connectedOrganizations: [{ id, externalSponsors: [DEMO_USERS.lee.id] }],
  });

  await withEmulator({ port: 0, dataDir: DATA_DIR, persistFile }, async (emulator) => {
    expect(saved).not.toContain(emulator.clientSecret);
    const client = graphClient(emulator);
    const read = (await client
      .api(`${CONNECTED_ORGANIZATIONS}/${id}`)
      .version("beta")
      .get()) as Record<string, unknown>;
    expect(read).toMatchObject({ id, displayName: "Contoso" });
    const sponsors = (await client
      .api(`${CONNECTED_ORGANIZATIONS}/${id}/externalSponsors`)
      .get()) as {
      value: { id: string }[];
    };
    expect(sponsors.value.map((s) => s.id)).toEqual([DEMO_USERS.lee.id]);
  });
});

it("generates the demo app secret once per data folder and reuses it", async () => {
  const first = await withEmulator({ port: 0, dataDir: dir }, async (e) => e.clientSecret);
  const second = await withEmulator({ port: 0, dataDir: dir }, async (e) => e.clientSecret);
  expect(first).toMatch(/^.{3}8Q~.{34}$/);
  expect(second).toBe(first);
  expect((await fs.stat(path.join(dir, "demo-app-secrets.json"))).mode & 0o077).toBe(0);
});

it("reads a seed file and rejects a malformed one", async () => {
  const good = path.join(dir, "seed.json");
  await fs.writeFile(
    good,
    JSON.stringify({ connectedOrganizations: [{ id: SEEDED_ID, displayName: "Seeded" }] }),
  );
  expect(await readSeedFile(good)).toEqual({
    connectedOrganizations: [{ id: SEEDED_ID, displayName: "Seeded" }],
  });
  const bad = path.join(dir, "bad.json");
  await fs.writeFile(bad, JSON.stringify({ tenants: [{ id: 1 }] }));
  await expect(readSeedFile(bad)).rejects.toThrow(/invalid seed: tenants\[0\]/);
});

describe("cli", () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  it("starts from flags, prints how to connect, serves Graph with the seed and faults, and stops on SIGTERM", async () => {
    const seedFile = path.join(dir, "seed.json");
    await fs.writeFile(
      seedFile,
      JSON.stringify({
        connectedOrganizations: [
          {
            id: SEEDED_ID,
            displayName: "From seed file",
            identitySources: [domainSource("seeded.example")],
          },
        ],
      }),
    );
    child = spawn(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        "cli/emulator.ts",
        "--port",
        "0",
        "--data-dir",
        DATA_DIR,
        "--seed",
        seedFile,
        "--throttle-count",
        "1",
        "--retry-after",
        "1",
      ],
      { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child?.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("export NODE_EXTRA_CA_CERTS=")) resolve();
      });
      child?.on("exit", (code) => reject(new Error(`cli exited with ${code}: ${output}`)));
    });
    const field = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(output)?.[1] ?? "";
    expect(output).toContain(`export NODE_EXTRA_CA_CERTS=${path.join(DATA_DIR, "tls", "ca.pem")}`);
    const graphUrl = field("Graph URL");
    expect(field("Authority host")).toBe(graphUrl);
    const credential = new ClientSecretCredential(
      field("Tenant id"),
      field("Client id"),
      field("Client secret"),
      {
        authorityHost: field("Authority host"),
        disableInstanceDiscovery: true,
      },
    );
    const client = graphClient({ graphUrl } as RunningEmulator, credential);
    const page = (await retries(client.api(CONNECTED_ORGANIZATIONS), 2).get()) as {
      value: { id: string }[];
    };
    expect(page.value.map((o) => o.id)).toEqual([SEEDED_ID]);
    // Raw HTTPS: the control API is the emulator's own, not Graph.
    const log = JSON.parse((await rawRequest(`${graphUrl}/_emulator/requests`)).body) as {
      value: { kind: string; status: number }[];
    };
    expect(log.value.filter((r) => r.kind === "graph").map((r) => r.status)).toEqual([429, 200]);

    const exited = new Promise<number | null>((resolve) => child?.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("turns the Retry-After and committed-write flags into faults", async () => {
    child = spawn(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        "cli/emulator.ts",
        "--port",
        "0",
        "--data-dir",
        DATA_DIR,
        "--throttle-count",
        "1",
        "--retry-after",
        "1.5",
        "--retry-after-date",
        "--status-after-write",
        "502",
        "--fault-count",
        "2",
      ],
      { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child?.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("export NODE_EXTRA_CA_CERTS=")) resolve();
      });
      child?.on("exit", (code) => reject(new Error(`cli exited with ${code}: ${output}`)));
    });
    const graphUrl = /Graph URL:\s+(\S+)/.exec(output)?.[1] ?? "";
    const faults = JSON.parse((await rawRequest(`${graphUrl}/_emulator/faults`)).body) as {
      value: unknown[];
    };
    expect(faults.value).toEqual([
      expect.objectContaining({
        kind: "throttle",
        count: 1,
        retryAfterSeconds: 1.5,
        retryAfterFormat: "http-date",
      }),
      expect.objectContaining({ kind: "status-after", status: 502, count: 2, method: "POST" }),
    ]);
  });
});

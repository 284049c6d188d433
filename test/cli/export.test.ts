import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { RunningEmulator } from "../../emulator";
import { DEMO_APPS, DEMO_GROUPS, DEMO_TENANTS, DEMO_USERS } from "../../emulator/server/seed";
import { createExistingOrganizations } from "../support/existingOrganizations";
import { startTestEmulator } from "../support/emulator";
import { runExport } from "../support/exportCommand";

let emulator: RunningEmulator;
let ids: string[];

beforeAll(async () => {
  emulator = await startTestEmulator();
  ids = await createExistingOrganizations(emulator, 12);
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.clearRequests());

const graphCalls = () => emulator.requests().filter((r) => r.kind === "graph");

test("yaml lists every organization as an entry that adopts it, sorted, sponsors included", async () => {
  const { status, stdout, stderr } = await runExport(emulator, []);
  expect(status).toBe(0);
  const entries = parse(stdout) as Record<string, unknown>[];
  expect(entries.map((e) => e.name)).toEqual([
    "a-b-consulting",
    "contoso",
    `contoso-${ids[2].slice(0, 8)}`,
    "partner-05",
    "partner-06",
    "partner-07",
    "partner-08",
    "partner-09",
    "partner-10",
    "partner-11",
    "societe-generale-partner",
    "united-logistics",
  ]);
  expect(new Set(entries.map((e) => e.adoptId))).toEqual(new Set(ids));
  const byId = Object.fromEntries(entries.map((e) => [e.adoptId as string, e]));
  expect(byId[ids[0]]).toEqual({
    name: "societe-generale-partner",
    displayName: "Société Générale Partner",
    identitySources: [{ domainName: "partner0.example" }],
    state: "proposed",
    adoptId: ids[0],
  });
  expect(byId[ids[1]]).toEqual({
    name: "contoso",
    displayName: "Contoso",
    description: "Partner number 1",
    identitySources: [{ tenantId: "2c0f6d1e-8b3a-4c5d-9e7f-000000000001" }],
    state: "configured",
    internalSponsors: [DEMO_GROUPS.procurement.id, DEMO_USERS.adele.id].sort(),
    adoptId: ids[1],
  });
  expect(byId[ids[2]]).toMatchObject({
    identitySources: [
      { domainName: "federated2.example", issuerUri: "https://idp.federated2.example/saml" },
    ],
    externalSponsors: [DEMO_USERS.lee.id],
  });
  expect(byId[ids[3]]).toMatchObject({
    identitySources: [
      {
        tenantId: "2c0f6d1e-8b3a-4c5d-9e7f-000000000003",
        cloudInstance: "partner.microsoftonline.cn",
      },
    ],
  });
  // A domain that belongs to a tenant is written as the tenant Graph holds.
  expect(byId[ids[4]]).toMatchObject({ identitySources: [{ tenantId: DEMO_TENANTS.contoso.id }] });
  expect(stderr).toContain("found 12 connected organizations");
  expect(stderr).toContain(
    "exported 12 connected organizations (4 proposed, 6 with sponsors, 0 skipped) as yaml",
  );
  expect(graphCalls().every((r) => r.method === "GET")).toBe(true);
});

test("the output is the same on every run, and --output writes it to a file", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-"));
  const first = await runExport(emulator, ["--format", "typescript"]);
  const second = await runExport(emulator, [
    "--format=typescript",
    "--output",
    path.join(dir, "index.ts"),
  ]);
  expect(second.status).toBe(0);
  expect(second.stdout).toBe("");
  expect(fs.readFileSync(path.join(dir, "index.ts"), "utf8")).toBe(first.stdout);
  expect(second.stderr).toContain(`as typescript to ${path.join(dir, "index.ts")}`);
  expect(first.stdout).toContain(
    `const contoso = new ConnectedOrganization("contoso", {\n  displayName: "Contoso",\n  description: "Partner number 1",\n  identitySources: [{ tenantId: "2c0f6d1e-8b3a-4c5d-9e7f-000000000001" }],\n  state: "configured",\n  internalSponsors: [`,
  );
  expect(first.stdout).toContain(`  "a-b-consulting": aBConsulting.id,`);
});

test("flags take the place of stack config and win over the environment", async () => {
  const { status, stderr } = await runExport(emulator, [
    "--client-id",
    DEMO_APPS.noRoles.clientId,
    "--client-secret",
    emulator.apps?.find((a) => a.clientId === DEMO_APPS.noRoles.clientId)?.clientSecret ?? "",
  ]);
  expect(status).toBe(1);
  expect(stderr).toMatch(
    /^export: listing connected organizations: Graph 403 Authorization_RequestDenied \(request-id [\w-]+\): .*The caller needs EntitlementManagement.Read.All/m,
  );
});

test.each([
  [
    ["--api-version", "v2"],
    'export: provider configuration: entra:apiVersion (or ENTRA_GRAPH_API_VERSION) is "v2"; allowed: beta, v1.0',
  ],
  [["--graph-endpoint", "http://127.0.0.1:1"], "it must be an https origin"],
  [
    ["--client-certificate-path", "/nonexistent.pem"],
    "provider configuration: a client certificate is set, so",
  ],
])(
  "a bad setting fails with the provider's message and writes nothing to stdout",
  async (args, message) => {
    const { status, stdout, stderr } = await runExport(emulator, args, { ARM_TENANT_ID: "" });
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  },
);

test("a command-line mistake exits 2 and points to --help", async () => {
  const bad = await runExport(emulator, ["--format", "json"]);
  expect(bad).toMatchObject({ status: 2, stdout: "" });
  expect(bad.stderr).toBe('export: --format is "json"; allowed: yaml, typescript; see --help\n');
  const help = await runExport(emulator, ["--help"]);
  expect(help.status).toBe(0);
  expect(help.stdout).toContain("--format yaml|typescript");
  expect(help.stdout).toContain("--tenant-id <value>");
  expect(graphCalls()).toEqual([]);
});

test("an organization the resource cannot declare is skipped and named on stderr", async () => {
  emulator.seed({
    connectedOrganizations: [
      {
        id: "5b0e7c3a-1d2f-4a6b-8c9d-0e1f2a3b4c5d",
        displayName: "Litware",
        identitySources: [
          { "@odata.type": "#microsoft.graph.domainIdentitySource", domainName: "litware.example" },
        ],
      },
      { id: "6c1f8d4b-2e3a-4b7c-9d0e-1f2a3b4c5d6e", displayName: "No source", identitySources: [] },
      {
        id: "7d2a9e5c-3f4b-4c8d-ae1f-2a3b4c5d6e7f",
        displayName: "Social",
        identitySources: [
          {
            "@odata.type": "#microsoft.graph.socialIdentitySource",
            displayName: "facebook",
            socialIdentitySourceType: "facebook",
          },
        ],
      },
    ],
  });
  const { status, stdout, stderr } = await runExport(emulator, []);
  expect(status).toBe(0);
  expect((parse(stdout) as { adoptId: string }[]).map((e) => e.adoptId)).toEqual([
    "5b0e7c3a-1d2f-4a6b-8c9d-0e1f2a3b4c5d",
  ]);
  expect(stderr).toContain(
    'skipped "No source" (6c1f8d4b-2e3a-4b7c-9d0e-1f2a3b4c5d6e): it has 0 identity sources; the resource declares exactly one',
  );
  expect(stderr).toContain(
    'skipped "Social" (7d2a9e5c-3f4b-4c8d-ae1f-2a3b4c5d6e7f): its identity source (#microsoft.graph.socialIdentitySource) is not one the resource can declare',
  );
  expect(stderr).toContain("(0 proposed, 0 with sponsors, 2 skipped)");
});

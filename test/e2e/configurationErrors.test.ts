import * as path from "node:path";
import type { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import { DEPLOYMENT_TIMEOUT_MS, rootProgramStack } from "./harness";

// Bad stack config, as the engine prints it: each error is one line in the Diagnostics section,
// naming the key and what is allowed, with no stack trace. Nothing here reaches Graph: every
// error comes before any call.
jest.setTimeout(DEPLOYMENT_TIMEOUT_MS * 3);

const PROGRAM_KEY = "connected-organizations:organizations";
const contoso = {
  name: "contoso",
  displayName: "Contoso",
  identitySources: [{ domainName: "contoso.com" }],
};

let stack: Stack;

beforeAll(async () => {
  stack = await rootProgramStack("configuration-errors");
});

/** Runs preview (or up) with exactly this stack config and returns what the engine printed. */
async function printedWith(config: ConfigMap, command: "preview" | "up" = "preview") {
  const current = Object.keys(await stack.getAllConfig());
  if (current.length > 0) await stack.removeAllConfig(current);
  if (Object.keys(config).length > 0) await stack.setAllConfig(config);
  let printed = "";
  const onOutput = (text: string) => (printed += text);
  const run =
    command === "up"
      ? stack.up({ onOutput, color: "never" })
      : stack.preview({ onOutput, color: "never" });
  await expect(run).rejects.toThrow();
  return printed;
}

/**
 * A warning of Node itself and its hint: Node 26 warns that node:ffi is experimental when
 * @pulumi/pulumi's closure serialization loads every built-in module.
 */
const NODE_WARNING =
  /^\(node:\d+\) ExperimentalWarning: FFI is an experimental feature|^\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)$/;

/**
 * The message lines of the Diagnostics section, without the lines naming each resource and
 * without Node's own warnings.
 */
function diagnostics(printed: string): string[] {
  const section = printed.split("\nDiagnostics:\n")[1]?.split("\nResources:\n")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^ {2}\S.*\):$/.test(line))
    .map((line) => line.trim())
    .filter((line) => !NODE_WARNING.test(line));
}

function expectOneLineErrors(printed: string, message: string) {
  const lines = diagnostics(printed);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line.replace(/^(error|ConfigurationError): /, "")).toBe(message);
  }
  expect(printed).not.toMatch(/^\s+at /m);
  expect(printed).not.toMatch(/unhandled exception/);
}

const organizations = (value: unknown): ConfigMap => ({
  organizations: { value: JSON.stringify(value) },
});

test.each([
  [
    "the list is not set",
    {},
    `stack config ${PROGRAM_KEY}: not set; list the organizations under it in Pulumi.<stack>.yaml, each a mapping with name, displayName and identitySources (and optionally description, state, internalSponsors, externalSponsors, adoptId, previousNames, retainOnDelete)`,
  ],
  [
    "the list is a mapping",
    organizations({ contoso }),
    `stack config ${PROGRAM_KEY}: must be a list of organizations, each a mapping with name, displayName and identitySources (and optionally description, state, internalSponsors, externalSponsors, adoptId, previousNames, retainOnDelete) (got {"contoso":{"name":"contoso","displayName":"Contoso","identitySources":[{"dom...)`,
  ],
  [
    "a name is used twice",
    organizations([contoso, contoso]),
    `stack config ${PROGRAM_KEY}[1].name: "contoso" is already used by ${PROGRAM_KEY}[0].name; names and previous names must be unique`,
  ],
])("the root program, when %s", async (_, config, message) => {
  expectOneLineErrors(await printedWith(config), message);
});

test.each([
  [
    "a misspelt setting",
    { "entra:clientsecret": { value: "s", secret: true } },
    'provider configuration: stack config key "entra:clientsecret" is not a setting of this provider (did you mean "entra:clientSecret"?); allowed: entra:tenantId, ',
  ],
  [
    "a Graph endpoint with a path",
    { "entra:graphEndpoint": { value: "https://graph.microsoft.com/v1.0" } },
    'provider configuration: entra:graphEndpoint (or ENTRA_GRAPH_ENDPOINT) is "https://graph.microsoft.com/v1.0"; it must be an https origin (scheme, host and optional port, no path) such as https://graph.microsoft.com; it must not have a path, query or fragment; the API version is set by entra:apiVersion',
  ],
  [
    "the nil GUID as tenant",
    {
      "entra:tenantId": { value: "00000000-0000-0000-0000-000000000000" },
      "entra:clientId": { value: "cebee493-e66f-46f5-af30-5a35bbf289a1" },
      "entra:clientSecret": { value: "s", secret: true },
    },
    'provider configuration: entra:tenantId (or ARM_TENANT_ID / AZURE_TENANT_ID) is "00000000-0000-0000-0000-000000000000"; it must be the directory (tenant) id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, or a verified domain of the tenant such as contoso.onmicrosoft.com, not the nil GUID, which no tenant or object has',
  ],
  [
    "a certificate file that does not exist",
    {
      "entra:tenantId": { value: "7f193189-709f-4a64-becf-6192884c27c5" },
      "entra:clientId": { value: "cebee493-e66f-46f5-af30-5a35bbf289a1" },
      "entra:clientCertificatePath": { value: path.join("/nonexistent", "deployer.pfx") },
    },
    'provider configuration: entra:clientCertificatePath (or ARM_CLIENT_CERTIFICATE_PATH / AZURE_CLIENT_CERTIFICATE_PATH) is "/nonexistent/deployer.pfx": cannot read it (ENOENT); use a PEM or PFX file holding the certificate and its private key',
  ],
])("the provider's settings, with %s", async (_, settings, message) => {
  const printed = await printedWith({ ...settings, ...organizations([contoso]) }, "up");
  const lines = diagnostics(printed);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toContain(message);
  expect(printed).not.toMatch(/^\s+at /m);
});

test("an identity source's internationalized domain, with its punycode form", async () => {
  const printed = await printedWith(
    organizations([{ ...contoso, identitySources: [{ domainName: "bücher.example" }] }]),
  );
  expectOneLineErrors(
    printed,
    `pulumi-nodejs:dynamic/entra:ConnectedOrganization resource 'contoso': property identitySources[0].domainName value {<nil>} has a problem: domainName is an internationalized domain name; use its punycode form "xn--bcher-kva.example" instead (got "bücher.example")`,
  );
});

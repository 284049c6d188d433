import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import { RunningEmulator, SeedApp } from "../../emulator";
import { CONNECTED_ORGANIZATIONS, adminGraphClient, startTestEmulator } from "../support/emulator";
import {
  GeneratedCertificate,
  TokenIssuer,
  appWithWritePermission,
  generateCertificate,
  generateTokenIssuer,
  privateKeyFragments,
  privateTempDir,
  randomPassword,
  registerApps,
  writePem,
  writePfx,
} from "../support/generatedCredentials";
import {
  DEPLOYMENT_TIMEOUT_MS,
  connectedOrganizationsIn,
  exportStoredState,
  graphCalls,
  rootProgramStack,
  setOrganizations,
  stackSettingsText,
  tokenCalls,
} from "./harness";

jest.setTimeout(DEPLOYMENT_TIMEOUT_MS);

/** A Kubernetes-style issuer and service account, trusted by the workload identity app. */
const CLUSTER_ISSUER = "https://oidc.cluster.e2e.example";
const SERVICE_ACCOUNT = "system:serviceaccount:identity-governance:deployer";

let emulator: RunningEmulator;
let dir: string;
let certificate: GeneratedCertificate;
let cluster: TokenIssuer;
const certificateApp: SeedApp = appWithWritePermission("Deployer with a certificate");
const workloadApp: SeedApp = appWithWritePermission("Deployer with workload identity");

beforeAll(async () => {
  emulator = await startTestEmulator();
  dir = privateTempDir("entra-e2e-credentials-");
  certificate = generateCertificate("connected-organizations-deployer");
  certificateApp.certificates = [certificate.certificatePem];
  cluster = generateTokenIssuer(CLUSTER_ISSUER);
  workloadApp.federatedCredentials = [
    { issuer: CLUSTER_ISSUER, subject: SERVICE_ACCOUNT, publicKey: cluster.publicKeyPem },
  ];
  // Each app has one credential only, so a deployment that works used that credential.
  registerApps(emulator, [certificateApp, workloadApp]);
});
afterAll(async () => {
  await emulator?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => emulator.clearRequests());

/** Stack config for the emulator's endpoints and an app; the credential settings are added to it. */
function signInAs(app: { clientId: string }, credential: ConfigMap): ConfigMap {
  return {
    "entra:tenantId": { value: emulator.tenantId },
    "entra:clientId": { value: app.clientId },
    "entra:graphEndpoint": { value: emulator.graphUrl },
    "entra:authorityHost": { value: emulator.authorityHost },
    ...credential,
  };
}

/** A copy of the root program with two organizations named after the stack. */
async function stackSignedInAs(name: string, config: ConfigMap): Promise<Stack> {
  const stack = await rootProgramStack(name);
  await stack.setAllConfig(config);
  await setOrganizations(stack, [
    {
      name: "contoso",
      displayName: `Contoso (${name})`,
      identitySources: [{ domainName: "contoso.com" }],
    },
    {
      name: "tailspin",
      displayName: `Tailspin Toys (${name})`,
      identitySources: [{ domainName: "tailspintoys.example" }],
      state: "proposed",
    },
  ]);
  return stack;
}

const organization = (id: string) =>
  adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${id}`).get();

/**
 * up creates both organizations with tokens the emulator issued; the stored state and the stack
 * settings file hold none of `secrets` (nor any JWT or PEM key); destroy removes both.
 */
async function deployAndDestroy(name: string, config: ConfigMap, secrets: string[]) {
  const stack = await stackSignedInAs(name, config);
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 3 });
  // Before the checks below, whose admin client gets tokens of its own.
  const tokens = tokenCalls(emulator);
  expect(tokens.length).toBeGreaterThan(0);
  expect(tokens.map((r) => r.status)).toEqual(tokens.map(() => 200));
  const ids = (await stack.outputs()).ids.value as Record<string, string>;
  expect(await organization(ids.contoso)).toMatchObject({ displayName: `Contoso (${name})` });
  expect(await organization(ids.tailspin)).toMatchObject({ state: "proposed" });

  const deployment = await exportStoredState(stack);
  const state = JSON.stringify(deployment);
  const settingsFile = stackSettingsText(stack);
  expect(connectedOrganizationsIn(deployment)).toHaveLength(2);
  for (const secret of secrets) {
    expect(state).not.toContain(secret);
    expect(settingsFile).not.toContain(secret);
  }
  for (const text of [state, settingsFile]) {
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+/);
    expect(text).not.toMatch(/PRIVATE KEY|Bearer/);
  }

  const destroy = await stack.destroy();
  expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
  await expect(organization(ids.contoso)).rejects.toMatchObject({ statusCode: 404 });
  await expect(organization(ids.tailspin)).rejects.toMatchObject({ statusCode: 404 });
}

test("a client secret set as a stack secret", async () => {
  await deployAndDestroy(
    "auth-client-secret",
    signInAs(emulator, { "entra:clientSecret": { value: emulator.clientSecret, secret: true } }),
    [emulator.clientSecret],
  );
});

test("a client certificate in a password-protected PFX file", async () => {
  const password = randomPassword();
  await deployAndDestroy(
    "auth-pfx",
    signInAs(certificateApp, {
      "entra:clientCertificatePath": { value: writePfx(dir, certificate, password) },
      "entra:clientCertificatePassword": { value: password, secret: true },
    }),
    [password, ...privateKeyFragments(certificate.privateKey)],
  );
});

test("a client certificate in a PEM file with an encrypted key", async () => {
  const password = randomPassword();
  const pem = writePem(dir, certificate, password);
  const encryptedKeyLines = fs
    .readFileSync(pem, "utf8")
    .split(/-----BEGIN [A-Z ]+-----/)
    .pop()!
    .split("\n")
    .filter((line) => line.length === 64);
  await deployAndDestroy(
    "auth-pem",
    signInAs(certificateApp, {
      "entra:clientCertificatePath": { value: pem },
      "entra:clientCertificatePassword": { value: password, secret: true },
    }),
    [password, ...privateKeyFragments(certificate.privateKey), ...encryptedKeyLines],
  );
});

test("workload identity with a federated token file", async () => {
  const token = await cluster.sign(SERVICE_ACCOUNT);
  const tokenFile = path.join(dir, "federated-token");
  fs.writeFileSync(tokenFile, token, { mode: 0o600 });
  await deployAndDestroy(
    "auth-token-file",
    signInAs(workloadApp, { "entra:oidcTokenFilePath": { value: tokenFile } }),
    [token, token.split(".")[2]],
  );
});

test("a wrong certificate password fails up with what to check, and creates nothing", async () => {
  const wrong = randomPassword();
  const stack = await stackSignedInAs(
    "auth-wrong-password",
    signInAs(certificateApp, {
      "entra:clientCertificatePath": { value: writePfx(dir, certificate, randomPassword()) },
      "entra:clientCertificatePassword": { value: wrong, secret: true },
    }),
  );
  const failure = await stack.up().then(
    () => undefined,
    (error: Error) => error,
  );
  expect(failure?.message).toMatch(
    /provider configuration: entra:clientCertificatePath \(or ARM_CLIENT_CERTIFICATE_PATH \/ AZURE_CLIENT_CERTIFICATE_PATH\) is "\S+\.pfx": cannot open the PFX file \(PKCS#12 MAC could not be verified\. Invalid password\?\); check entra:clientCertificatePassword/,
  );
  expect(failure?.message).not.toContain(wrong);
  expect(failure?.message).not.toMatch(/\n\s+at /);
  expect(tokenCalls(emulator)).toEqual([]);
  expect(graphCalls(emulator)).toEqual([]);
  expect(connectedOrganizationsIn(await exportStoredState(stack))).toEqual([]);
  const held = await adminGraphClient(emulator).api(CONNECTED_ORGANIZATIONS).get();
  const names = held.value.map((o: { displayName: string }) => o.displayName);
  expect(names.filter((n: string) => n.includes("auth-wrong-password"))).toEqual([]);
});

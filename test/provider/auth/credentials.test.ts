import * as fs from "node:fs";
import * as path from "node:path";
import { RunningEmulator, SeedApp } from "../../../emulator";
import * as provider from "../../../provider";
import { ConnectedOrganizationInputs, SETTING_SOURCES } from "../../../provider";
import {
  GeneratedCertificate,
  TOKEN_EXCHANGE_AUDIENCE,
  TokenIssuer,
  appWithWritePermission,
  generateCertificate,
  generateTokenIssuer,
  privateTempDir,
  randomPassword,
  registerApps,
  writePem,
  writePfx,
} from "../../support/generatedCredentials";
import { closedPort } from "../../support/closedPort";
import { configRequest, startTestEmulator } from "../../support/emulator";
import { FakeActionsTokenService } from "../../support/actionsTokenService";

/** GitHub Actions' issuer and the subject of a workflow run on main. */
const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
const MAIN_BRANCH_SUBJECT = "repo:contoso/partners:ref:refs/heads/main";
const REQUEST_TOKEN = "actions-runtime-request-token";

let emulator: RunningEmulator;
let dir: string;
let certificate: GeneratedCertificate;
let github: TokenIssuer;
let actions: FakeActionsTokenService;
const certificateApp: SeedApp = appWithWritePermission("Deployer with a certificate");
const federatedApp: SeedApp = appWithWritePermission("Deployer with GitHub OIDC");
const savedEnv = { ...process.env };

const contoso = {
  displayName: "Contoso",
  identitySources: [{ domainName: "contoso.com" }],
} as ConnectedOrganizationInputs;

/** Endpoints of the emulator and the app's ids; the credential is up to each test. */
function settings(app: SeedApp, credential: Record<string, string> = {}) {
  return configRequest({
    "entra:tenantId": emulator.tenantId,
    "entra:clientId": app.clientId,
    "entra:graphEndpoint": emulator.graphUrl,
    "entra:authorityHost": emulator.authorityHost,
    ...credential,
  });
}

const tokenCalls = () => emulator.requests().filter((r) => r.kind === "token");
const graphCalls = () => emulator.requests().filter((r) => r.kind === "graph");

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: Error) => error,
  );
}

/** Sign-in settings left in the developer's shell, or set by a test, must not decide a test. */
function clearSettingsFromEnvironment() {
  for (const name of Object.values(SETTING_SOURCES).flat()) delete process.env[name];
}

beforeAll(async () => {
  clearSettingsFromEnvironment();
  emulator = await startTestEmulator();
  dir = privateTempDir("entra-credentials-test-");
  certificate = generateCertificate("connected-organizations-deployer");
  certificateApp.certificates = [certificate.certificatePem];
  github = generateTokenIssuer(GITHUB_ISSUER);
  federatedApp.federatedCredentials = [
    { issuer: GITHUB_ISSUER, subject: MAIN_BRANCH_SUBJECT, publicKey: github.publicKeyPem },
  ];
  actions = await FakeActionsTokenService.start(github, MAIN_BRANCH_SUBJECT, REQUEST_TOKEN);
});
afterAll(async () => {
  await actions?.stop();
  await emulator?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  process.env = savedEnv;
});
beforeEach(() => {
  emulator.reset();
  registerApps(emulator, [certificateApp, federatedApp]);
  actions.seen.length = 0;
});
afterEach(clearSettingsFromEnvironment);

describe("workload identity from GitHub Actions", () => {
  it("asks the request URL for a token with the runner's bearer and Entra's audience", async () => {
    await provider.configure(
      settings(federatedApp, {
        "entra:useOidc": "true",
        "entra:oidcRequestUrl": actions.url,
        "entra:oidcRequestToken": REQUEST_TOKEN,
      }),
    );
    const { id } = await provider.create(contoso);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // MSAL may ask for the assertion more than once per token; each ask must be well formed.
    expect(actions.seen.length).toBeGreaterThan(0);
    for (const request of actions.seen) {
      expect(request).toEqual({
        authorization: `Bearer ${REQUEST_TOKEN}`,
        audience: TOKEN_EXCHANGE_AUDIENCE,
        apiVersion: "2.0",
      });
    }
    expect(tokenCalls().map((r) => r.status)).toEqual([200]);
  });

  it("works from the variables the example workflow sets: ARM_* and ACTIONS_ID_TOKEN_REQUEST_*", async () => {
    Object.assign(process.env, {
      ARM_USE_OIDC: "true",
      ARM_TENANT_ID: emulator.tenantId,
      ARM_CLIENT_ID: federatedApp.clientId,
      // A URL of its own, so the provider does not reuse the previous test's client and token.
      ACTIONS_ID_TOKEN_REQUEST_URL: `${actions.url}&run=2`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    });
    await provider.configure(
      configRequest({
        "entra:graphEndpoint": emulator.graphUrl,
        "entra:authorityHost": emulator.authorityHost,
      }),
    );
    await provider.create(contoso);
    expect(actions.seen.length).toBeGreaterThan(0);
    expect(tokenCalls().map((r) => r.status)).toEqual([200]);
  });

  it("names the endpoint and its status when the request token is refused", async () => {
    await provider.configure(
      settings(federatedApp, {
        "entra:useOidc": "true",
        "entra:oidcRequestUrl": actions.url,
        "entra:oidcRequestToken": "expired-request-token",
      }),
    );
    const error = await failureOf(provider.create(contoso));
    expect(error.message).toMatch(
      /^creating connected organization "Contoso": .*the OIDC token request to https:\/\/127\.0\.0\.1:\d+ answered 401/,
    );
    expect(error.message).not.toContain("expired-request-token");
    expect(tokenCalls()).toEqual([]);
    expect(graphCalls()).toEqual([]);
  });

  it("names the endpoint and the reason when the token request gets no answer", async () => {
    const port = await closedPort();
    await provider.configure(
      settings(federatedApp, {
        "entra:useOidc": "true",
        "entra:oidcRequestUrl": `https://127.0.0.1:${port}/token?run=closed`,
        "entra:oidcRequestToken": REQUEST_TOKEN,
      }),
    );
    const error = await failureOf(provider.create(contoso));
    expect(error.message).toMatch(
      `the OIDC token request to https://127.0.0.1:${port} got no answer: ECONNREFUSED`,
    );
    expect(tokenCalls()).toEqual([]);
    expect(graphCalls()).toEqual([]);
  });

  it("takes the federated token as a value from ARM_OIDC_TOKEN", async () => {
    process.env.ARM_OIDC_TOKEN = await github.sign(MAIN_BRANCH_SUBJECT);
    await provider.configure(settings(federatedApp));
    await provider.create(contoso);
    expect(tokenCalls().map((r) => r.status)).toEqual([200]);
  });

  it("is refused with AADSTS70021 when no federated credential matches the subject", async () => {
    const token = await github.sign("repo:contoso/partners:pull_request");
    await provider.configure(settings(federatedApp, { "entra:oidcToken": token }));
    const error = await failureOf(provider.create(contoso));
    expect(error.message).toMatch(
      /^creating connected organization "Contoso": .*AADSTS70021: No matching federated identity record found for presented assertion\. Assertion Issuer: 'https:\/\/token\.actions\.githubusercontent\.com'\. Assertion Subject: 'repo:contoso\/partners:pull_request'/,
    );
    expect(error.message).not.toContain(token);
    expect(tokenCalls().map((r) => r.status)).toEqual([400]);
  });

  it("says which file is missing when the token file does not exist", async () => {
    const missing = path.join(dir, "no-such-token");
    await provider.configure(settings(federatedApp, { "entra:oidcTokenFilePath": missing }));
    const error = await failureOf(provider.create(contoso));
    expect(error.message).toMatch(/^creating connected organization "Contoso": /);
    expect(error.message).toContain(`cannot read the federated token file ${missing} (ENOENT)`);
    expect(error.message).toContain("entra:oidcTokenFilePath");
    expect(tokenCalls()).toEqual([]);
  });
});

describe("client certificates", () => {
  it("signs in with a PEM whose key is encrypted, given its password", async () => {
    const password = randomPassword();
    await provider.configure(
      settings(certificateApp, {
        "entra:clientCertificatePath": writePem(dir, certificate, password),
        "entra:clientCertificatePassword": password,
      }),
    );
    const { id } = await provider.create(contoso);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokenCalls().map((r) => r.status)).toEqual([200]);
  });

  it("signs in with a PFX and its password", async () => {
    const password = randomPassword();
    await provider.configure(
      settings(certificateApp, {
        "entra:clientCertificatePath": writePfx(dir, certificate, password),
        "entra:clientCertificatePassword": password,
      }),
    );
    await provider.create(contoso);
    expect(tokenCalls().map((r) => r.status)).toEqual([200]);
  });

  it("signs with the key's own certificate when the PFX stores a chain certificate first", async () => {
    const password = randomPassword();
    const issuer = generateCertificate("Woodgrove issuing CA");
    await provider.configure(
      settings(certificateApp, {
        "entra:clientCertificatePath": writePfx(dir, certificate, password, [issuer]),
        "entra:clientCertificatePassword": password,
      }),
    );
    await provider.create(contoso);
    expect(tokenCalls().map((r) => r.status)).toEqual([200]);
  });

  it("fails configure naming the setting when the certificate file is missing", async () => {
    const missing = path.join(dir, "no-such-certificate.pfx");
    await expect(
      provider.configure(settings(certificateApp, { "entra:clientCertificatePath": missing })),
    ).rejects.toThrow(
      `provider configuration: entra:clientCertificatePath (or ARM_CLIENT_CERTIFICATE_PATH / AZURE_CLIENT_CERTIFICATE_PATH) is "${missing}": cannot read it (ENOENT); use a PEM or PFX file holding the certificate and its private key`,
    );
  });

  it.each([
    ["without a password", undefined],
    ["with a wrong password", "not-the-password"],
  ])("fails configure on a PFX %s, naming the password setting", async (_, given) => {
    const pfx = writePfx(dir, certificate, randomPassword());
    const error = await failureOf(
      provider.configure(
        settings(certificateApp, {
          "entra:clientCertificatePath": pfx,
          ...(given !== undefined ? { "entra:clientCertificatePassword": given } : {}),
        }),
      ),
    );
    expect(error.message).toBe(
      `provider configuration: entra:clientCertificatePath (or ARM_CLIENT_CERTIFICATE_PATH / AZURE_CLIENT_CERTIFICATE_PATH) is "${pfx}": cannot open the PFX file (PKCS#12 MAC could not be verified. Invalid password?); check entra:clientCertificatePassword (or ARM_CLIENT_CERTIFICATE_PASSWORD / AZURE_CLIENT_CERTIFICATE_PASSWORD)`,
    );
  });

  it("fails configure on an encrypted PEM key without a password, naming the password setting", async () => {
    const pem = writePem(dir, certificate, randomPassword());
    await expect(
      provider.configure(settings(certificateApp, { "entra:clientCertificatePath": pem })),
    ).rejects.toThrow(
      `provider configuration: entra:clientCertificatePath (or ARM_CLIENT_CERTIFICATE_PATH / AZURE_CLIENT_CERTIFICATE_PATH) is "${pem}": its private key is encrypted and no password is set; set entra:clientCertificatePassword (or ARM_CLIENT_CERTIFICATE_PASSWORD / AZURE_CLIENT_CERTIFICATE_PASSWORD)`,
    );
  });

  it("fails configure on an encrypted PEM key with a wrong password, naming the password setting", async () => {
    const pem = writePem(dir, certificate, randomPassword());
    const error = await failureOf(
      provider.configure(
        settings(certificateApp, {
          "entra:clientCertificatePath": pem,
          "entra:clientCertificatePassword": "not-the-password",
        }),
      ),
    );
    expect(error.message).toMatch(
      /^provider configuration: entra:clientCertificatePath \(or ARM_CLIENT_CERTIFICATE_PATH \/ AZURE_CLIENT_CERTIFICATE_PATH\) is "\S+\.pem": cannot decrypt its private key \(.*bad decrypt\); check entra:clientCertificatePassword \(or ARM_CLIENT_CERTIFICATE_PASSWORD \/ AZURE_CLIENT_CERTIFICATE_PASSWORD\)$/,
    );
    expect(error.message).not.toContain("not-the-password");
  });

  it("fails configure when the PEM holds no private key", async () => {
    const pem = path.join(dir, "certificate-only.pem");
    fs.writeFileSync(pem, certificate.certificatePem);
    await expect(
      provider.configure(settings(certificateApp, { "entra:clientCertificatePath": pem })),
    ).rejects.toThrow(
      `provider configuration: entra:clientCertificatePath (or ARM_CLIENT_CERTIFICATE_PATH / AZURE_CLIENT_CERTIFICATE_PATH) is "${pem}": the PEM file must hold the certificate and its private key (a CERTIFICATE and a PRIVATE KEY block)`,
    );
  });

  /** Configure's one-line message for a certificate file holding `content`. */
  async function configureFailureFor(content: string | Buffer, name: string): Promise<string> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    const error = await failureOf(
      provider.configure(settings(certificateApp, { "entra:clientCertificatePath": file })),
    );
    expect(error.message).not.toContain("\n");
    return error.message.replace(file, "<file>");
  }

  it("names the setting and the file when the file is neither PEM nor PFX", async () => {
    for (const [content, name] of [
      ["not a certificate at all", "notes.txt"],
      ["", "empty.pfx"],
    ] as const) {
      expect(await configureFailureFor(content, name)).toMatch(
        /^provider configuration: entra:clientCertificatePath \(or ARM_CLIENT_CERTIFICATE_PATH \/ AZURE_CLIENT_CERTIFICATE_PATH\) is "<file>": it is neither a PEM file \(no "-----BEGIN" line\) nor a PFX\/PKCS#12 file \(.+\)$/,
      );
    }
  });

  it("names the setting and the file when a directory is given", async () => {
    const error = await failureOf(
      provider.configure(settings(certificateApp, { "entra:clientCertificatePath": dir })),
    );
    expect(error.message).toBe(
      `provider configuration: entra:clientCertificatePath (or ARM_CLIENT_CERTIFICATE_PATH / AZURE_CLIENT_CERTIFICATE_PATH) is "${dir}": cannot read it (EISDIR); use a PEM or PFX file holding the certificate and its private key`,
    );
  });

  it("names the setting and the file when the PEM certificate cannot be parsed", async () => {
    const key = certificate.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const broken = certificate.certificatePem.replace(
      /^(-----BEGIN CERTIFICATE-----\r?\n)..../,
      "$1AAAA",
    );
    expect(await configureFailureFor(broken + key, "broken.pem")).toMatch(
      /^provider configuration: entra:clientCertificatePath \(.*\) is "<file>": cannot parse its first certificate \(.+\)$/,
    );
  });

  it("names the setting and the file when the PEM's first certificate is not its key's", async () => {
    const other = generateCertificate("Woodgrove issuing CA");
    const key = certificate.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const chainFirst = other.certificatePem + certificate.certificatePem + key;
    expect(await configureFailureFor(chainFirst, "chain-first.pem")).toBe(
      'provider configuration: entra:clientCertificatePath (or ARM_CLIENT_CERTIFICATE_PATH / AZURE_CLIENT_CERTIFICATE_PATH) is "<file>": its first certificate (CN=Woodgrove issuing CA) is not the one of its private key; put the key\'s own certificate first',
    );
    expect(tokenCalls()).toEqual([]);
  });

  it("is refused with AADSTS700027 when the app does not know the certificate", async () => {
    const other = generateCertificate("unregistered");
    await provider.configure(
      settings(certificateApp, { "entra:clientCertificatePath": writePem(dir, other) }),
    );
    const error = await failureOf(provider.create(contoso));
    expect(error.message).toMatch(
      /^creating connected organization "Contoso": .*AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application/,
    );
    expect(tokenCalls().map((r) => r.status)).toEqual([401]);
    expect(graphCalls()).toEqual([]);
  });
});

describe("app registration", () => {
  it("is refused with AADSTS700016 when the client id is not registered in the tenant", async () => {
    const unknown = appWithWritePermission("never registered");
    await provider.configure(
      settings(unknown, { "entra:clientCertificatePath": writePem(dir, certificate) }),
    );
    const error = await failureOf(provider.create(contoso));
    expect(error.message).toMatch(
      new RegExp(
        `^creating connected organization "Contoso": .*AADSTS700016: Application with identifier '${unknown.clientId}' was not found in the directory`,
      ),
    );
  });
});

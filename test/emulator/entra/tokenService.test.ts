import { createHash, webcrypto } from "node:crypto";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  AuthenticationRequiredError,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from "@azure/identity";
import * as x509 from "@peculiar/x509";
import { SignJWT, decodeJwt, exportSPKI, generateKeyPair, type KeyLike } from "jose";
import { DEMO_TENANTS, startEmulator, type RunningEmulator, type SeedApp } from "../../../emulator";
import {
  CONNECTED_ORGANIZATIONS,
  DATA_DIR,
  credentialOptions,
  graphClient,
  rawRequest,
} from "../clients";

x509.cryptoProvider.set(webcrypto);

const SECRET_APP = "9d0a7d2e-0c55-4b43-8a64-0d7e2a1f3b01";
const CERT_APP = "9d0a7d2e-0c55-4b43-8a64-0d7e2a1f3b02";
const FEDERATED_APP = "9d0a7d2e-0c55-4b43-8a64-0d7e2a1f3b03";
const TEST_SECRET = "test-only-secret-value-0123456789";
const FEDERATED_ISSUER = "https://issuer.emulator.test";
const FEDERATED_SUBJECT = "system:serviceaccount:pulumi:provider";
const ROLES = ["EntitlementManagement.ReadWrite.All"];

interface TestCertificate {
  certPem: string;
  keyPem: string;
  privateKey: KeyLike;
  sha256: string;
}

/** A self-signed RSA certificate + key, generated for this test run only. */
async function makeCertificate(): Promise<TestCertificate> {
  const algorithm = {
    name: "RSASSA-PKCS1-v1_5",
    hash: "SHA-256",
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=connected-organizations-test-client",
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 24 * 3600_000),
    keys,
    signingAlgorithm: algorithm,
  });
  const keyPem = x509.PemConverter.encode(
    await webcrypto.subtle.exportKey("pkcs8", keys.privateKey),
    "PRIVATE KEY",
  );
  const { createPrivateKey } = await import("node:crypto");
  return {
    certPem: cert.toString("pem"),
    keyPem,
    privateKey: createPrivateKey(keyPem),
    sha256: createHash("sha256").update(Buffer.from(cert.rawData)).digest("base64url"),
  };
}

let emulator: RunningEmulator;
let registered: TestCertificate;
let unregistered: TestCertificate;
let issuerKey: KeyLike;
let tempDir: string;

beforeAll(async () => {
  [registered, unregistered] = await Promise.all([makeCertificate(), makeCertificate()]);
  const issuerKeys = await generateKeyPair("ES256");
  issuerKey = issuerKeys.privateKey;
  const apps: SeedApp[] = [
    { clientId: SECRET_APP, displayName: "secret app", secrets: [TEST_SECRET], roles: ROLES },
    {
      clientId: CERT_APP,
      displayName: "certificate app",
      certificates: [registered.certPem],
      roles: ROLES,
    },
    {
      clientId: FEDERATED_APP,
      displayName: "workload identity app",
      federatedCredentials: [
        {
          issuer: FEDERATED_ISSUER,
          subject: FEDERATED_SUBJECT,
          publicKey: await exportSPKI(issuerKeys.publicKey),
        },
      ],
      roles: ROLES,
    },
  ];
  emulator = await startEmulator({ port: 0, dataDir: DATA_DIR, seed: { apps } });
  tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "emulator-token-test-"));
});

afterAll(async () => {
  await emulator.stop();
  await fs.rm(tempDir, { recursive: true, force: true });
});

const scope = () => `${emulator.graphUrl}/.default`;
const tokenEndpoint = () => `${emulator.authorityHost}/${emulator.tenantId}/oauth2/v2.0/token`;

interface TokenFailure {
  /** The credential's error message, which carries Entra's error, AADSTS code and description. */
  message: string;
  /** The HTTP status the token endpoint answered, from the emulator's request log. */
  status: number;
}

/** @azure/identity reports token-endpoint errors as AuthenticationRequiredError (message only). */
/** How the token service refuses a client assertion for the given app. */
function assertionFailure(clientId: string, assertion: string): Promise<TokenFailure> {
  return authenticationFailure(
    new ClientAssertionCredential(
      emulator.tenantId,
      clientId,
      async () => assertion,
      credentialOptions(emulator),
    ),
  );
}

async function authenticationFailure(
  credential: TokenCredential,
  forScope = scope(),
  on = emulator,
): Promise<TokenFailure> {
  on.clearRequests();
  try {
    await credential.getToken(forScope);
  } catch (error) {
    if (!(error instanceof AuthenticationRequiredError)) throw error;
    const tokenRequests = on.requests().filter((r) => r.kind === "token");
    return { message: error.message, status: tokenRequests[tokenRequests.length - 1]?.status ?? 0 };
  }
  throw new Error("expected getToken to fail");
}

function federatedToken(claims: {
  iss?: string;
  sub?: string;
  aud?: string;
  exp?: number;
}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "ES256", typ: "JWT" })
    .setIssuer(claims.iss ?? FEDERATED_ISSUER)
    .setSubject(claims.sub ?? FEDERATED_SUBJECT)
    .setAudience(claims.aud ?? "api://AzureADTokenExchange")
    .setIssuedAt(now)
    .setExpirationTime(claims.exp ?? now + 600)
    .sign(issuerKey);
}

function certificateAssertion(
  cert: TestCertificate,
  options: { exp?: number; aud?: string; thumbprintOf?: TestCertificate } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: "test" })
    .setProtectedHeader({
      alg: "PS256",
      typ: "JWT",
      "x5t#S256": (options.thumbprintOf ?? cert).sha256,
    })
    .setIssuer(CERT_APP)
    .setSubject(CERT_APP)
    .setAudience(options.aud ?? tokenEndpoint())
    .setNotBefore(now - 7200)
    .setExpirationTime(options.exp ?? now + 600)
    .sign(cert.privateKey);
}

describe("discovery", () => {
  it.each([
    [DEMO_TENANTS.home.id, DEMO_TENANTS.home.id, DEMO_TENANTS.home.id],
    ["woodgrove.example", DEMO_TENANTS.home.id, DEMO_TENANTS.home.id],
    ["organizations", "organizations", "{tenantid}"],
    ["common", "common", "{tenantid}"],
  ])(
    "serves openid-configuration for %s on the emulator's own origin",
    async (tenant, segment, issuerTenant) => {
      // Raw HTTPS: the document itself is under test; the credential tests below use it for real.
      const response = await rawRequest(
        `${emulator.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`,
      );
      expect(response.status).toBe(200);
      const config = JSON.parse(response.body) as Record<string, string>;
      expect(config.issuer).toBe(`${emulator.authorityHost}/${issuerTenant}/v2.0`);
      expect(config.token_endpoint).toBe(`${emulator.authorityHost}/${segment}/oauth2/v2.0/token`);
      expect(config.authorization_endpoint).toBe(
        `${emulator.authorityHost}/${segment}/oauth2/v2.0/authorize`,
      );
      expect(config.jwks_uri).toBe(`${emulator.authorityHost}/${segment}/discovery/v2.0/keys`);
    },
  );

  it("answers an unknown tenant with AADSTS90002", async () => {
    const response = await rawRequest(
      `${emulator.authorityHost}/nowhere.example/v2.0/.well-known/openid-configuration`,
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      error: "invalid_tenant",
      error_codes: [90002],
    });
  });

  it("publishes the signing key as JWKS, and tokens name it by kid", async () => {
    const response = await rawRequest(
      `${emulator.authorityHost}/${emulator.tenantId}/discovery/v2.0/keys`,
    );
    const jwks = JSON.parse(response.body) as { keys: { kid: string; kty: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0].kty).toBe("RSA");
    const token = await new ClientSecretCredential(
      emulator.tenantId,
      SECRET_APP,
      TEST_SECRET,
      credentialOptions(emulator),
    ).getToken(scope());
    const header = JSON.parse(Buffer.from(token.token.split(".")[0], "base64url").toString()) as {
      kid: string;
    };
    expect(header.kid).toBe(jwks.keys[0].kid);
  });

  it("answers instance discovery in MSAL's format", async () => {
    // Raw HTTPS: MSAL sends instance discovery to login.microsoftonline.com whatever the
    // authority host, which is why credentials need disableInstanceDiscovery: true offline.
    const authorize = `${emulator.authorityHost}/${emulator.tenantId}/oauth2/v2.0/authorize`;
    const response = await rawRequest(
      `${emulator.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorize)}`,
    );
    const host = new URL(emulator.authorityHost).host;
    expect(JSON.parse(response.body)).toEqual({
      tenant_discovery_endpoint: `${emulator.authorityHost}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });
});

describe("client secret", () => {
  it("gets a token the real Graph client can use", async () => {
    const credential = new ClientSecretCredential(
      emulator.tenantId,
      SECRET_APP,
      TEST_SECRET,
      credentialOptions(emulator),
    );
    const page = (await graphClient(emulator, credential).api(CONNECTED_ORGANIZATIONS).get()) as {
      value: unknown[];
    };
    expect(page.value).toEqual([]);
    const claims = decodeJwt((await credential.getToken(scope())).token);
    expect(claims).toMatchObject({ appid: SECRET_APP, roles: ROLES, appidacr: "1" });
  });

  it("refuses a wrong secret: 401 invalid_client AADSTS7000215", async () => {
    const error = await authenticationFailure(
      new ClientSecretCredential(
        emulator.tenantId,
        SECRET_APP,
        "wrong-secret",
        credentialOptions(emulator),
      ),
    );
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^invalid_client: /);
    expect(error.message).toMatch(/Description: AADSTS7000215: Invalid client secret provided\./);
  });

  it("refuses an unknown app with AADSTS700016", async () => {
    const error = await authenticationFailure(
      new ClientSecretCredential(
        emulator.tenantId,
        "2f1b7c0e-9a7d-4f55-9e43-0b6a3c7d9e10",
        TEST_SECRET,
        credentialOptions(emulator),
      ),
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^unauthorized_client: /);
    expect(error.message).toMatch(/Description: AADSTS700016: /);
  });

  it("refuses a scope for an unknown resource with AADSTS500011", async () => {
    const error = await authenticationFailure(
      new ClientSecretCredential(
        emulator.tenantId,
        SECRET_APP,
        TEST_SECRET,
        credentialOptions(emulator),
      ),
      "https://management.azure.com/.default",
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^invalid_resource: /);
    expect(error.message).toMatch(
      /Description: AADSTS500011: The resource principal named https:\/\/management\.azure\.com was not found in the tenant named /,
    );
  });

  /** A token from the emulator for the scope, checked by listing connected organizations with it. */
  async function issuedAndAccepted(on: RunningEmulator, graphScope: string, aud: string) {
    const credential = new ClientSecretCredential(
      on.tenantId,
      SECRET_APP,
      TEST_SECRET,
      credentialOptions(on),
    );
    const claims = decodeJwt((await credential.getToken(graphScope)).token);
    expect(claims).toMatchObject({ aud, appid: SECRET_APP, roles: ROLES });
    const page = (await graphClient(on, credential, "v1.0", graphScope)
      .api(CONNECTED_ORGANIZATIONS)
      .get()) as { value: unknown[] };
    expect(page.value).toEqual([]);
  }

  /** How the emulator refuses a token for another cloud's Graph: as any resource it does not know. */
  async function refusedAsUnknown(on: RunningEmulator, resource: string) {
    const error = await authenticationFailure(
      new ClientSecretCredential(on.tenantId, SECRET_APP, TEST_SECRET, credentialOptions(on)),
      `${resource}/.default`,
      on,
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^invalid_resource: /);
    expect(error.message).toContain(
      `Description: AADSTS500011: The resource principal named ${resource} was not found in the tenant named `,
    );
  }

  it.each([
    ["https://graph.microsoft.com/.default", "https://graph.microsoft.com"],
    ["https://graph.microsoft.com//.default", "https://graph.microsoft.com/"],
    ["HTTPS://Graph.Microsoft.com/.default", "https://graph.microsoft.com"],
    ["00000003-0000-0000-c000-000000000000/.default", "00000003-0000-0000-c000-000000000000"],
  ])(
    "by default (public cloud) gives %s a token for aud %s, which its Graph accepts",
    async (graphScope, aud) => {
      await issuedAndAccepted(emulator, graphScope, aud);
    },
  );

  it("gives its own origin a token for that aud, which its Graph accepts", async () => {
    await issuedAndAccepted(emulator, scope(), emulator.graphUrl);
  });

  it.each([
    "https://graph.microsoft.us",
    "https://dod-graph.microsoft.us",
    "https://microsoftgraph.chinacloudapi.cn",
  ])(
    "by default (public cloud) refuses %s, another cloud's Graph, with AADSTS500011",
    async (resource) => {
      await refusedAsUnknown(emulator, resource);
    },
  );

  describe.each([
    ["usgovernmentl4", "https://graph.microsoft.us"],
    ["usgovernmentl5", "https://dod-graph.microsoft.us"],
    ["china", "https://microsoftgraph.chinacloudapi.cn"],
  ] as const)("started with cloud %s", (cloud, graphResource) => {
    let national: RunningEmulator;
    beforeAll(async () => {
      national = await startEmulator({
        port: 0,
        dataDir: DATA_DIR,
        cloud,
        seed: { apps: [{ clientId: SECRET_APP, secrets: [TEST_SECRET], roles: ROLES }] },
      });
    });
    afterAll(() => national.stop());

    it(`gives ${graphResource} a token for that aud, which its Graph accepts`, async () => {
      await issuedAndAccepted(national, `${graphResource}/.default`, graphResource);
    });

    it("gives Graph's app id and its own origin tokens, which its Graph accepts", async () => {
      const appId = "00000003-0000-0000-c000-000000000000";
      await issuedAndAccepted(national, `${appId}/.default`, appId);
      await issuedAndAccepted(national, `${national.graphUrl}/.default`, national.graphUrl);
    });

    it("refuses https://graph.microsoft.com, the public cloud's Graph, with AADSTS500011", async () => {
      await refusedAsUnknown(national, "https://graph.microsoft.com");
    });
  });

  it("answers errors in Entra's shape", async () => {
    // Raw HTTPS: checks every field of the error body, which the credential only summarizes.
    const response = await rawRequest(tokenEndpoint(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: SECRET_APP,
        client_secret: "wrong",
        scope: scope(),
      }).toString(),
    });
    expect(response.status).toBe(401);
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body).toEqual({
      error: "invalid_client",
      error_description: expect.stringMatching(
        /^AADSTS7000215: Invalid client secret provided\. .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
      ),
      error_codes: [7000215],
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
      trace_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      correlation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      error_uri: `${emulator.authorityHost}/error?code=7000215`,
    });
  });

  it("answers a GET on the token endpoint like Entra: 400 AADSTS900561", async () => {
    const response = await rawRequest(tokenEndpoint());
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      error: "invalid_request",
      error_codes: [900561],
      error_description: expect.stringMatching(
        /^AADSTS900561: The endpoint only accepts POST, OPTIONS requests\. Received a GET request\./,
      ),
    });
  });

  it("refuses other grant types and a missing scope with 400", async () => {
    const post = (form: Record<string, string>) =>
      rawRequest(tokenEndpoint(), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      });
    const password = await post({ grant_type: "password", client_id: SECRET_APP, scope: scope() });
    expect(password.status).toBe(400);
    expect(JSON.parse(password.body)).toMatchObject({ error: "unsupported_grant_type" });
    const noScope = await post({
      grant_type: "client_credentials",
      client_id: SECRET_APP,
      client_secret: TEST_SECRET,
    });
    expect(noScope.status).toBe(400);
    expect(JSON.parse(noScope.body)).toMatchObject({
      error: "invalid_request",
      error_codes: [900144],
    });
  });
});

describe("certificate", () => {
  it("ClientCertificateCredential (PEM with certificate and key) gets a working token", async () => {
    const credential = new ClientCertificateCredential(
      emulator.tenantId,
      CERT_APP,
      { certificate: `${registered.certPem}\n${registered.keyPem}` },
      credentialOptions(emulator),
    );
    const page = (await graphClient(emulator, credential).api(CONNECTED_ORGANIZATIONS).get()) as {
      value: unknown[];
    };
    expect(page.value).toEqual([]);
    expect(decodeJwt((await credential.getToken(scope())).token)).toMatchObject({
      appid: CERT_APP,
      appidacr: "2",
    });
  });

  it("refuses a certificate that is not registered: AADSTS700027", async () => {
    const error = await authenticationFailure(
      new ClientCertificateCredential(
        emulator.tenantId,
        CERT_APP,
        { certificate: `${unregistered.certPem}\n${unregistered.keyPem}` },
        credentialOptions(emulator),
      ),
    );
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/Description: AADSTS700027: The certificate with identifier/);
  });

  it("refuses an assertion signed by another key under a registered thumbprint: AADSTS700027", async () => {
    const assertion = await certificateAssertion(unregistered, { thumbprintOf: registered });
    const error = await assertionFailure(CERT_APP, assertion);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(
      /Description: AADSTS700027: Client assertion failed signature validation/,
    );
  });

  it("refuses an expired assertion: AADSTS700024", async () => {
    const assertion = await certificateAssertion(registered, {
      exp: Math.floor(Date.now() / 1000) - 3600,
    });
    const error = await assertionFailure(CERT_APP, assertion);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/Description: AADSTS700024: /);
  });

  it("refuses an assertion for another audience", async () => {
    const assertion = await certificateAssertion(registered, {
      aud: "https://login.microsoftonline.com/x/oauth2/v2.0/token",
    });
    const error = await assertionFailure(CERT_APP, assertion);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/AADSTS700027: .*audience/);
  });

  it("accepts a hand-made PS256 assertion through ClientAssertionCredential", async () => {
    const assertion = await certificateAssertion(registered);
    const credential = new ClientAssertionCredential(
      emulator.tenantId,
      CERT_APP,
      async () => assertion,
      credentialOptions(emulator),
    );
    expect(decodeJwt((await credential.getToken(scope())).token).appid).toBe(CERT_APP);
  });
});

describe("federated credential (workload identity)", () => {
  it("WorkloadIdentityCredential exchanges a token file for a working Graph token", async () => {
    const tokenFile = path.join(tempDir, "token");
    await fs.writeFile(tokenFile, await federatedToken({}));
    const credential = new WorkloadIdentityCredential({
      tenantId: emulator.tenantId,
      clientId: FEDERATED_APP,
      tokenFilePath: tokenFile,
      ...credentialOptions(emulator),
    });
    const page = (await graphClient(emulator, credential).api(CONNECTED_ORGANIZATIONS).get()) as {
      value: unknown[];
    };
    expect(page.value).toEqual([]);
  });

  it("refuses a subject with no federated identity record: AADSTS70021", async () => {
    const assertion = await federatedToken({ sub: "system:serviceaccount:other:intruder" });
    const error = await assertionFailure(FEDERATED_APP, assertion);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(
      /Description: AADSTS70021: No matching federated identity record/,
    );
  });

  it("refuses a token signed by a key the issuer does not publish", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256" })
      .setIssuer(FEDERATED_ISSUER)
      .setSubject(FEDERATED_SUBJECT)
      .setAudience("api://AzureADTokenExchange")
      .setExpirationTime(now + 600)
      .sign(privateKey);
    const error = await assertionFailure(FEDERATED_APP, assertion);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/Description: AADSTS700027: /);
  });

  it("refuses an expired federated token: AADSTS700024", async () => {
    const assertion = await federatedToken({ exp: Math.floor(Date.now() / 1000) - 3600 });
    const error = await assertionFailure(FEDERATED_APP, assertion);
    expect(error.message).toMatch(/Description: AADSTS700024: /);
  });
});

it("refuses a token request for an unknown tenant: AADSTS90002", async () => {
  const response = await rawRequest(`${emulator.authorityHost}/nowhere.example/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: SECRET_APP,
      client_secret: TEST_SECRET,
      scope: scope(),
    }).toString(),
  });
  expect(response.status).toBe(400);
  expect(JSON.parse(response.body)).toMatchObject({ error_codes: [90002] });
});

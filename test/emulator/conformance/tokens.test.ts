// The token an app-only client-credentials call to Graph receives, and the signing keys that
// verify it, as MicrosoftDocs/entra-docs docs/identity-platform/access-token-claims-reference.md
// and the keys document of learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/
// troubleshooting-signature-validation-errors describe them.
import { X509Certificate, createHash } from "node:crypto";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from "jose";
import { DEMO_APPS, DEMO_TENANTS, startEmulator, type RunningEmulator } from "../../../emulator";
import { DATA_DIR, rawRequest, secretCredential } from "../clients";

let emulator: RunningEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dataDir: DATA_DIR });
  const issued = await secretCredential(emulator).getToken(`${emulator.graphUrl}/.default`);
  token = issued.token;
});
afterAll(() => emulator.stop());

interface KeysDocument {
  keys: (JWK & { kid: string; x5t: string; x5c: string[]; issuer?: string })[];
}

async function keysAt(path: string): Promise<KeysDocument> {
  const response = await rawRequest(`${emulator.authorityHost}/${DEMO_TENANTS.home.id}${path}`);
  expect(response.status).toBe(200);
  return JSON.parse(response.body) as KeysDocument;
}

describe("access token header (access-token-claims-reference.md, Header claims)", () => {
  it("is typ JWT, alg RS256, with kid and the v1.0 legacy x5t of the same value", () => {
    const header = decodeProtectedHeader(token);
    expect(header).toEqual({
      typ: "JWT",
      alg: "RS256",
      kid: expect.any(String),
      x5t: header.kid,
    });
  });
});

describe("access token payload (access-token-claims-reference.md, Payload claims)", () => {
  it("is a v1.0 app token for Graph: ver, iss, aud, roles, appid, appidacr, idtyp, tid, oid", () => {
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      ver: "1.0",
      iss: `https://sts.windows.net/${DEMO_TENANTS.home.id}/`,
      aud: emulator.graphUrl,
      roles: DEMO_APPS.readWrite.roles,
      appid: emulator.clientId,
      appidacr: "1",
      idtyp: "app",
      tid: DEMO_TENANTS.home.id,
      oid: DEMO_APPS.readWrite.servicePrincipalId,
      sub: DEMO_APPS.readWrite.servicePrincipalId,
    });
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.exp).toBeGreaterThan(claims.iat ?? Infinity);
    expect(claims.uti).toEqual(expect.any(String));
  });

  it("carries none of the claims only v2.0 or user tokens have", () => {
    const claims = decodeJwt(token);
    for (const claim of ["azp", "azpacr", "scp", "preferred_username", "name"]) {
      expect(claims).not.toHaveProperty(claim);
    }
  });
});

describe("signing keys (troubleshooting-signature-validation-errors, discovery keys endpoint)", () => {
  it("lists kty, use, kid, x5t, n, e, x5c and, at the v2.0 endpoint, the issuer", async () => {
    const v2 = await keysAt("/discovery/v2.0/keys");
    const v1 = await keysAt("/discovery/keys");
    expect(v2.keys).toHaveLength(1);
    const [key] = v2.keys;
    expect(Object.keys(key).sort()).toEqual(
      ["kty", "use", "kid", "x5t", "n", "e", "x5c", "issuer"].sort(),
    );
    expect(key).toMatchObject({ kty: "RSA", use: "sig", e: "AQAB", x5t: key.kid });
    expect(key.issuer).toBe(`${emulator.authorityHost}/${DEMO_TENANTS.home.id}/v2.0`);
    const withoutIssuer = Object.fromEntries(Object.entries(key).filter(([k]) => k !== "issuer"));
    expect(v1.keys).toEqual([withoutIssuer]);
  });

  it("names the key by its certificate's SHA-1 thumbprint, and the certificate holds the key", async () => {
    const [key] = (await keysAt("/discovery/v2.0/keys")).keys;
    const der = Buffer.from(key.x5c[0], "base64");
    expect(key.x5t).toBe(createHash("sha1").update(der).digest("base64url"));
    const certificate = new X509Certificate(der);
    expect(certificate.publicKey.export({ format: "jwk" })).toEqual({
      kty: "RSA",
      n: key.n,
      e: key.e,
    });
    expect(certificate.verify(certificate.publicKey)).toBe(true);
  });

  it("verifies the access token: its kid is a published key", async () => {
    const keys = await keysAt("/discovery/v2.0/keys");
    expect(keys.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(token).kid);
    const { payload } = await jwtVerify(token, createLocalJWKSet(keys), {
      algorithms: ["RS256"],
      issuer: `https://sts.windows.net/${DEMO_TENANTS.home.id}/`,
      audience: emulator.graphUrl,
    });
    expect(payload.appid).toBe(emulator.clientId);
  });
});

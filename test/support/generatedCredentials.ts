import { KeyObject, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SignJWT } from "jose";
import forge from "node-forge";
import type { RunningEmulator, SeedApp } from "../../emulator";
import { ENTITLEMENT_MANAGEMENT_READ_WRITE } from "../../emulator";

/**
 * Credential material made at test run time, so no key or password is ever committed: a key and
 * self-signed certificate (as PFX or PEM), and a federated token issuer that signs JWTs.
 */

/** Entra's audience for federated credentials' tokens. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** A fresh folder under the OS temp dir, readable by the owner only. */
export function privateTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o700);
  return dir;
}

export function randomPassword(): string {
  return randomBytes(18).toString("base64url");
}

export interface GeneratedCertificate {
  certificatePem: string;
  privateKey: KeyObject;
}

/** An RSA key and a self-signed certificate for it, valid for a day. */
export function generateCertificate(commonName: string): GeneratedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: "spki", format: "pem" }).toString(),
  );
  certificate.serialNumber = `01${randomBytes(8).toString("hex")}`;
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const name = [{ name: "commonName", value: commonName }];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.sign(forgeKey(privateKey), forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(certificate), privateKey };
}

function forgeKey(privateKey: KeyObject): forge.pki.rsa.PrivateKey {
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
}

/** Writes the certificate and its key as a password-protected PKCS#12 (.pfx) file. */
export function writePfx(
  dir: string,
  cert: GeneratedCertificate,
  password: string,
  /** Other certificates (a chain) to store before the key's own, as some exports do. */
  before: GeneratedCertificate[] = [],
): string {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forgeKey(cert.privateKey),
    [...before, cert].map((c) => forge.pki.certificateFromPem(c.certificatePem)),
    password,
    { algorithm: "aes256" },
  );
  const file = path.join(dir, `${randomUUID()}.pfx`);
  fs.writeFileSync(file, Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary"), {
    mode: 0o600,
  });
  return file;
}

/** Writes the certificate and its PKCS#8 key as one PEM file; the key is encrypted when a password is given. */
export function writePem(dir: string, cert: GeneratedCertificate, password?: string): string {
  const key = cert.privateKey.export({
    type: "pkcs8",
    format: "pem",
    ...(password !== undefined ? { cipher: "aes-256-cbc", passphrase: password } : {}),
  });
  const file = path.join(dir, `${randomUUID()}.pem`);
  fs.writeFileSync(file, `${cert.certificatePem}${key.toString()}`, { mode: 0o600 });
  return file;
}

/**
 * Base64 lines of the private key in each PEM form the provider could hold it in (PKCS#1 from a
 * PFX, PKCS#8 from a PEM file). Lines, not whole PEMs, so a JSON-escaped copy is found too.
 */
export function privateKeyFragments(privateKey: KeyObject): string[] {
  return (["pkcs1", "pkcs8"] as const).flatMap((type) =>
    privateKey
      .export({ type, format: "pem" })
      .toString()
      .split(/\r?\n/)
      .filter((line) => line.length === 64),
  );
}

/** An external OIDC issuer (a CI system, a Kubernetes cluster) trusted by a federated credential. */
export interface TokenIssuer {
  issuer: string;
  publicKeyPem: string;
  /** A federated token for `subject`, valid for ten minutes. */
  sign(subject: string, audience?: string): Promise<string>;
}

export function generateTokenIssuer(issuer: string): TokenIssuer {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomUUID();
  return {
    issuer,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    sign: (subject, audience = TOKEN_EXCHANGE_AUDIENCE) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
        .setIssuer(issuer)
        .setSubject(subject)
        .setAudience(audience)
        .setIssuedAt()
        .setNotBefore("0s")
        .setExpirationTime("10m")
        .sign(privateKey),
  };
}

/** An app registration with the write permission and no credential yet. */
export function appWithWritePermission(displayName: string): SeedApp {
  return { clientId: randomUUID(), displayName, roles: [ENTITLEMENT_MANAGEMENT_READ_WRITE] };
}

/**
 * Registers more apps in the emulator. A seed list replaces the current one, so the apps already
 * there (the demo apps and their secrets) are seeded again with them.
 */
export function registerApps(emulator: RunningEmulator, apps: SeedApp[]): void {
  const existing: SeedApp[] = (emulator.apps ?? []).map((app) => ({
    clientId: app.clientId,
    ...(app.displayName !== undefined ? { displayName: app.displayName } : {}),
    roles: app.roles,
    secrets: app.clientSecret !== undefined ? [app.clientSecret] : [],
  }));
  emulator.seed({ apps: [...existing, ...apps] });
}

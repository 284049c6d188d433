import { X509Certificate, createPrivateKey, webcrypto } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as x509 from "@peculiar/x509";
import { writeFileAtomic } from "./atomicFiles";

x509.cryptoProvider.set(webcrypto);

export interface EmulatorCertificates {
  /** PEM file of the CA, for NODE_EXTRA_CA_CERTS. */
  caPath: string;
  caPem: string;
  /** Server (leaf) certificate and key served by the HTTPS listener. */
  certPem: string;
  keyPem: string;
}

const CA_FILE = "ca.pem";
const CA_KEY_FILE = "ca-key.pem";
const CERT_FILE = "server.pem";
const KEY_FILE = "server-key.pem";
const LOCK_FILE = "generate.lock";

const CA_VALIDITY_DAYS = 825;
const LEAF_VALIDITY_DAYS = 365;
/** Certificates this close to expiry are replaced rather than served. */
const RENEW_MARGIN_MS = 24 * 3600 * 1000;
const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 60_000;

const SERVER_NAMES: x509.JsonGeneralName[] = [
  { type: "dns", value: "localhost" },
  { type: "ip", value: "127.0.0.1" },
  { type: "ip", value: "::1" },
];

const KEY_ALGORITHM: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = {
  name: "ECDSA",
  namedCurve: "P-256",
  hash: "SHA-256",
};

/**
 * Returns the emulator's CA and server certificate from `<dataDir>/tls/`, creating them when
 * missing, unreadable or about to expire. A still-valid CA is kept when only the leaf is
 * replaced, so NODE_EXTRA_CA_CERTS set by an earlier call stays correct.
 */
export async function ensureCertificates(dataDir: string): Promise<EmulatorCertificates> {
  const dir = path.resolve(dataDir, "tls");
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const existing = await readValidSet(dir);
    if (existing) return existing;
    const unlock = await tryLock(dir);
    if (unlock) {
      try {
        return (await readValidSet(dir)) ?? (await generateSet(dir));
      } finally {
        await unlock();
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${path.join(dir, LOCK_FILE)} to be released`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function tryLock(dir: string): Promise<(() => Promise<void>) | undefined> {
  const lockPath = path.join(dir, LOCK_FILE);
  try {
    const handle = await fs.open(lockPath, "wx");
    await handle.writeFile(String(process.pid));
    await handle.close();
    return () => fs.rm(lockPath, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const stat = await fs.stat(lockPath).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS) {
      await fs.rm(lockPath, { force: true });
    }
    return undefined;
  }
}

async function readText(file: string): Promise<string | undefined> {
  return fs.readFile(file, "utf8").catch(() => undefined);
}

function isCurrent(cert: X509Certificate): boolean {
  const now = Date.now();
  return (
    new Date(cert.validFrom).getTime() <= now &&
    new Date(cert.validTo).getTime() > now + RENEW_MARGIN_MS
  );
}

async function readValidCa(
  dir: string,
): Promise<{ caPem: string; caKeyPem: string; ca: X509Certificate } | undefined> {
  const caPem = await readText(path.join(dir, CA_FILE));
  const caKeyPem = await readText(path.join(dir, CA_KEY_FILE));
  if (!caPem || !caKeyPem) return undefined;
  try {
    const ca = new X509Certificate(caPem);
    if (!ca.ca || !isCurrent(ca) || !ca.checkPrivateKey(createPrivateKey(caKeyPem))) {
      return undefined;
    }
    return { caPem, caKeyPem, ca };
  } catch {
    return undefined;
  }
}

async function readValidSet(dir: string): Promise<EmulatorCertificates | undefined> {
  const caSet = await readValidCa(dir);
  if (!caSet) return undefined;
  const certPem = await readText(path.join(dir, CERT_FILE));
  const keyPem = await readText(path.join(dir, KEY_FILE));
  if (!certPem || !keyPem) return undefined;
  try {
    const leaf = new X509Certificate(certPem);
    const valid =
      isCurrent(leaf) &&
      leaf.verify(caSet.ca.publicKey) &&
      leaf.checkPrivateKey(createPrivateKey(keyPem)) &&
      leaf.checkHost("localhost") !== undefined &&
      leaf.checkIP("127.0.0.1") !== undefined &&
      leaf.checkIP("::1") !== undefined;
    if (!valid) return undefined;
  } catch {
    return undefined;
  }
  return { caPath: path.join(dir, CA_FILE), caPem: caSet.caPem, certPem, keyPem };
}

function serialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  return Buffer.from(bytes).toString("hex");
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(Date.now() - 5 * 60 * 1000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * 24 * 3600 * 1000) };
}

async function exportPrivateKey(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

async function importPrivateKey(pem: string): Promise<webcrypto.CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0];
  return webcrypto.subtle.importKey("pkcs8", der, KEY_ALGORITHM, false, ["sign"]);
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"]);
}

async function generateCa(): Promise<{ caPem: string; caKeyPem: string }> {
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: "CN=Connected Organizations Emulator Local CA, O=Offline emulator",
    ...validity(CA_VALIDITY_DAYS),
    keys,
    signingAlgorithm: KEY_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { caPem: cert.toString("pem"), caKeyPem: await exportPrivateKey(keys.privateKey) };
}

async function generateSet(dir: string): Promise<EmulatorCertificates> {
  const caSet = (await readValidCa(dir)) ?? (await generateCa());
  const ca = new x509.X509Certificate(caSet.caPem);
  const caKey = await importPrivateKey(caSet.caKeyPem);
  const keys = await generateKeys();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: "CN=localhost",
    issuer: ca.subject,
    ...validity(LEAF_VALIDITY_DAYS),
    signingKey: caKey,
    publicKey: keys.publicKey,
    signingAlgorithm: KEY_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(SERVER_NAMES),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const certPem = leaf.toString("pem");
  const keyPem = await exportPrivateKey(keys.privateKey);
  await writeFileAtomic(path.join(dir, CA_KEY_FILE), caSet.caKeyPem, 0o600);
  await writeFileAtomic(path.join(dir, KEY_FILE), keyPem, 0o600);
  await writeFileAtomic(path.join(dir, CERT_FILE), certPem, 0o644);
  await writeFileAtomic(path.join(dir, CA_FILE), caSet.caPem, 0o644);
  return { caPath: path.join(dir, CA_FILE), caPem: caSet.caPem, certPem, keyPem };
}

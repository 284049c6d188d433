import { KeyObject, X509Certificate, createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import type Forge from "node-forge";
import { ConfigurationError } from "./configurationError";
import { describeSetting } from "./settingKeys";

const PASSWORD_SETTING = describeSetting("clientCertificatePassword");

/** A certificate and its private key as PEM text, the form @azure/identity takes. */
export interface PemCertificate {
  certificate: string;
  certificatePassword?: string;
}

/**
 * Reads a client certificate: PEM (certificate and key, the key optionally encrypted) or PKCS#12
 * (.pfx/.p12), which is opened with the password and handed on as PEM, in memory only.
 */
export function loadClientCertificate(path: string, password?: string): PemCertificate {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? reasonOf(error);
    throw certificateError(
      path,
      `cannot read it (${reason}); use a PEM or PFX file holding the certificate and its private key`,
    );
  }
  const text = content.toString("utf8");
  if (text.includes("-----BEGIN")) {
    checkPem(text, path, password);
    return {
      certificate: text,
      ...(password !== undefined ? { certificatePassword: password } : {}),
    };
  }
  return pemFromPkcs12(content, path, password);
}

/**
 * Fails at configure when a PEM file lacks the certificate or the key, or its key does not open
 * with the password. Left to the first token request, these read "UnknownError: no details" or
 * "secretOrPrivateKey must be an asymmetric key".
 */
function checkPem(text: string, path: string, password?: string): void {
  const keyLabel = /-----BEGIN ([A-Z ]*PRIVATE KEY)-----/.exec(text)?.[1];
  const firstCertificate = /-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/.exec(text);
  if (firstCertificate === null || keyLabel === undefined) {
    throw certificateError(
      path,
      "the PEM file must hold the certificate and its private key (a CERTIFICATE and a PRIVATE KEY block)",
    );
  }
  const encrypted = keyLabel.startsWith("ENCRYPTED") || /Proc-Type: 4,ENCRYPTED/.test(text);
  if (encrypted && password === undefined) {
    throw certificateError(
      path,
      `its private key is encrypted and no password is set; set ${PASSWORD_SETTING}`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({
      key: text,
      format: "pem",
      ...(encrypted ? { passphrase: password } : {}),
    });
  } catch (error) {
    throw certificateError(
      path,
      encrypted
        ? `cannot decrypt its private key (${reasonOf(error)}); check ${PASSWORD_SETTING}`
        : `cannot parse its private key (${reasonOf(error)})`,
    );
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(firstCertificate[0]);
  } catch (error) {
    throw certificateError(path, `cannot parse its first certificate (${reasonOf(error)})`);
  }
  // @azure/identity signs with the first certificate's thumbprint, as for a PFX below.
  if (!certificate.checkPrivateKey(key)) {
    throw certificateError(
      path,
      `its first certificate (${certificate.subject.replace(/\n/g, ", ")}) is not the one of its private key; put the key's own certificate first`,
    );
  }
}

function pemFromPkcs12(content: Buffer, path: string, password?: string): PemCertificate {
  // node-forge takes longer to load than the rest of this module: only a PFX file needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const forge = require("node-forge") as typeof Forge;
  let der: Forge.asn1.Asn1;
  try {
    der = forge.asn1.fromDer(content.toString("binary"));
  } catch (error) {
    throw certificateError(
      path,
      `it is neither a PEM file (no "-----BEGIN" line) nor a PFX/PKCS#12 file (${reasonOf(error)})`,
    );
  }
  let p12: Forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(der, password ?? "");
  } catch (error) {
    throw certificateError(
      path,
      `cannot open the PFX file (${reasonOf(error)}); check ${PASSWORD_SETTING}`,
    );
  }
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag), ...bags(forge.pki.oids.keyBag)][0];
  const key = keyBag?.key as Forge.pki.rsa.PrivateKey | undefined;
  const certs = bags(forge.pki.oids.certBag).flatMap((bag) => (bag.cert ? [bag.cert] : []));
  // @azure/identity signs with the first certificate's thumbprint: that must be the key's own,
  // not a chain certificate exported before it.
  const own = certs.find((cert) => {
    const publicKey = cert.publicKey as Forge.pki.rsa.PublicKey;
    return key !== undefined && publicKey.n?.equals(key.n) && publicKey.e?.equals(key.e);
  });
  if (!key || !own) {
    throw certificateError(path, "the PFX file must hold a certificate and its private key");
  }
  const ordered = [own, ...certs.filter((cert) => cert !== own)];
  return {
    certificate: forge.pki.privateKeyToPem(key) + ordered.map(forge.pki.certificateToPem).join(""),
  };
}

/** Names the setting and the file: `entra:clientCertificatePath (or …) is "<file>": <problem>`. */
function certificateError(path: string, problem: string): ConfigurationError {
  return new ConfigurationError(
    `${describeSetting("clientCertificatePath")} is ${JSON.stringify(path)}: ${problem}`,
  );
}

/** The first line of an error's message, so the configuration error stays on one line. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\r?\n/)[0].trim();
}

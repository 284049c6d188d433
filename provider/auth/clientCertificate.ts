import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import forge from "node-forge";
import { ConfigurationError } from "./configurationError";
import { describeSetting } from "./settingKeys";

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
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigurationError(
      `cannot read the client certificate at ${path} (${reason}); set ${describeSetting("clientCertificatePath")} to a PEM or PFX file holding the certificate and its private key`,
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
  if (!/-----BEGIN CERTIFICATE-----/.test(text) || keyLabel === undefined) {
    throw new ConfigurationError(
      `the PEM client certificate at ${path} must hold the certificate and its private key (a CERTIFICATE and a PRIVATE KEY block)`,
    );
  }
  const encrypted = keyLabel.startsWith("ENCRYPTED") || /Proc-Type: 4,ENCRYPTED/.test(text);
  if (encrypted && password === undefined) {
    throw new ConfigurationError(
      `the private key in ${path} is encrypted and no password is set; set ${describeSetting("clientCertificatePassword")}`,
    );
  }
  try {
    createPrivateKey({ key: text, format: "pem", ...(encrypted ? { passphrase: password } : {}) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(
      encrypted
        ? `cannot decrypt the private key in ${path} (${reason}); check ${describeSetting("clientCertificatePassword")}`
        : `cannot read the private key in ${path} (${reason})`,
    );
  }
}

function pemFromPkcs12(content: Buffer, path: string, password?: string): PemCertificate {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(content.toString("binary")),
      password ?? "",
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(
      `cannot open the PFX client certificate at ${path} (${reason}); check ${describeSetting("clientCertificatePassword")}`,
    );
  }
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag), ...bags(forge.pki.oids.keyBag)][0];
  const key = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
  const certs = bags(forge.pki.oids.certBag).flatMap((bag) => (bag.cert ? [bag.cert] : []));
  // @azure/identity signs with the first certificate's thumbprint: that must be the key's own,
  // not a chain certificate exported before it.
  const own = certs.find((cert) => {
    const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
    return key !== undefined && publicKey.n?.equals(key.n) && publicKey.e?.equals(key.e);
  });
  if (!key || !own) {
    throw new ConfigurationError(
      `the PFX client certificate at ${path} must hold a certificate and its private key`,
    );
  }
  const ordered = [own, ...certs.filter((cert) => cert !== own)];
  return {
    certificate: forge.pki.privateKeyToPem(key) + ordered.map(forge.pki.certificateToPem).join(""),
  };
}

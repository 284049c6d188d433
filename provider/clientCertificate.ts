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
    return {
      certificate: text,
      ...(password !== undefined ? { certificatePassword: password } : {}),
    };
  }
  return pemFromPkcs12(content, path, password);
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
  const certBags = bags(forge.pki.oids.certBag);
  if (!keyBag?.key || certBags.length === 0 || !certBags[0].cert) {
    throw new ConfigurationError(
      `the PFX client certificate at ${path} must hold a certificate and its private key`,
    );
  }
  const certificates = certBags.flatMap((bag) =>
    bag.cert ? [forge.pki.certificateToPem(bag.cert)] : [],
  );
  return { certificate: forge.pki.privateKeyToPem(keyBag.key) + certificates.join("") };
}

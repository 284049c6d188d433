import { X509Certificate, createHash, createPublicKey, type KeyObject } from "node:crypto";
import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from "jose";
import { entraErrors } from "./entraErrors";
import type { SeedApp, SeedFederatedCredential } from "../types";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
export const DEFAULT_FEDERATED_AUDIENCE = "api://AzureADTokenExchange";
const CERTIFICATE_ALGORITHMS = ["RS256", "PS256"];
const FEDERATED_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
];
/** Clock skew Entra tolerates on assertion lifetimes. */
const CLOCK_SKEW_SECONDS = 300;

function decode(assertion: string): { header: ProtectedHeaderParameters; payload: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(assertion), payload: decodeJwt(assertion) };
  } catch {
    throw entraErrors.malformedAssertion();
  }
}

function audiences(payload: JWTPayload): string[] {
  if (typeof payload.aud === "string") return [payload.aud];
  return Array.isArray(payload.aud) ? payload.aud : [];
}

function checkLifetime(payload: JWTPayload): void {
  const now = Math.floor(Date.now() / 1000);
  const exp = typeof payload.exp === "number" ? payload.exp : undefined;
  const nbf = typeof payload.nbf === "number" ? payload.nbf : undefined;
  if (
    exp === undefined ||
    exp + CLOCK_SKEW_SECONDS < now ||
    (nbf !== undefined && nbf - CLOCK_SKEW_SECONDS > now)
  ) {
    throw entraErrors.assertionTime(
      new Date(now * 1000),
      nbf === undefined ? undefined : new Date(nbf * 1000),
      exp === undefined ? undefined : new Date(exp * 1000),
    );
  }
}

interface RegisteredCertificate {
  sha1: string;
  sha256: string;
  publicKey: KeyObject;
}

function registeredCertificates(app: SeedApp): RegisteredCertificate[] {
  return (app.certificates ?? []).flatMap((pem) => {
    try {
      const cert = new X509Certificate(pem);
      return [
        {
          sha1: createHash("sha1").update(cert.raw).digest("base64url"),
          sha256: createHash("sha256").update(cert.raw).digest("base64url"),
          publicKey: cert.publicKey,
        },
      ];
    } catch {
      return [];
    }
  });
}

function thumbprintHex(base64url: string): string {
  return Buffer.from(base64url, "base64url").toString("hex").toUpperCase();
}

/** A client assertion signed with one of the app's registered certificates (iss = sub = client_id). */
async function verifyCertificateAssertion(
  app: SeedApp,
  assertion: string,
  header: ProtectedHeaderParameters,
  payload: JWTPayload,
  tokenEndpoints: string[],
): Promise<void> {
  if (payload.sub?.toLowerCase() !== app.clientId.toLowerCase()) {
    throw entraErrors.assertionClientMismatch();
  }
  const sha256 = typeof header["x5t#S256"] === "string" ? header["x5t#S256"] : undefined;
  const sha1 = typeof header.x5t === "string" ? header.x5t : undefined;
  if (!sha256 && !sha1) {
    throw entraErrors.invalidAssertionSignature(
      "The assertion header names no certificate (x5t or x5t#S256).",
    );
  }
  const certificate = registeredCertificates(app).find((cert) =>
    sha256 ? cert.sha256 === sha256 : cert.sha1 === sha1,
  );
  if (!certificate) {
    throw entraErrors.unregisteredCertificate(thumbprintHex(sha256 ?? sha1 ?? ""), app.clientId);
  }
  try {
    await compactVerify(assertion, certificate.publicKey, { algorithms: CERTIFICATE_ALGORITHMS });
  } catch {
    throw entraErrors.invalidAssertionSignature(
      "The signature does not verify with the key of the registered certificate.",
    );
  }
  const aud = audiences(payload);
  if (!aud.some((value) => tokenEndpoints.includes(value))) {
    throw entraErrors.assertionAudience(aud.join(", "), tokenEndpoints[0]);
  }
  checkLifetime(payload);
}

async function verifyWithCredentialKey(
  credential: SeedFederatedCredential,
  assertion: string,
): Promise<void> {
  const text = credential.publicKey.trim();
  if (text.startsWith("{")) {
    const jwks = createLocalJWKSet(JSON.parse(text) as Parameters<typeof createLocalJWKSet>[0]);
    await compactVerify(assertion, jwks, { algorithms: FEDERATED_ALGORITHMS });
    return;
  }
  const key = text.includes("BEGIN CERTIFICATE")
    ? new X509Certificate(text).publicKey
    : createPublicKey(text);
  await compactVerify(assertion, key, { algorithms: FEDERATED_ALGORITHMS });
}

/** A token from a trusted external issuer, matched against the app's federated credentials. */
async function verifyFederatedAssertion(
  app: SeedApp,
  assertion: string,
  payload: JWTPayload,
): Promise<void> {
  const aud = audiences(payload);
  const credential = (app.federatedCredentials ?? []).find(
    (candidate) =>
      candidate.issuer === payload.iss &&
      candidate.subject === payload.sub &&
      (candidate.audiences ?? [DEFAULT_FEDERATED_AUDIENCE]).some((a) => aud.includes(a)),
  );
  if (!credential) {
    throw entraErrors.noFederatedRecord(payload.iss ?? "", payload.sub ?? "", aud.join(", "));
  }
  try {
    await verifyWithCredentialKey(credential, assertion);
  } catch {
    throw entraErrors.invalidAssertionSignature(
      "The signature does not verify with the key of the federated credential's issuer.",
    );
  }
  checkLifetime(payload);
}

/** Verifies a client assertion for the app; tokenEndpoints are the audiences Entra accepts. */
export async function verifyClientAssertion(
  app: SeedApp,
  assertion: string,
  tokenEndpoints: string[],
): Promise<void> {
  const { header, payload } = decode(assertion);
  if (payload.iss?.toLowerCase() === app.clientId.toLowerCase()) {
    await verifyCertificateAssertion(app, assertion, header, payload, tokenEndpoints);
  } else {
    await verifyFederatedAssertion(app, assertion, payload);
  }
}

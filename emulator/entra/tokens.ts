import { KeyObject, createHash, randomUUID, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import {
  SignJWT,
  errors as joseErrors,
  exportJWK,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from "jose";
import { servicePrincipalId } from "../graph/directory";
import type { SeedApp, SeedTenant } from "../types";

/**
 * Access tokens look like the v1.0 tokens Entra issues for Microsoft Graph:
 * iss = https://sts.windows.net/{tid}/, ver = "1.0", aud = the resource as the request named it.
 */
export function tokenIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export interface AccessTokenClaims extends JWTPayload {
  tid: string;
  appid: string;
  oid: string;
  roles?: string[];
  app_displayname?: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

/** Why a bearer token was refused, in the words Graph uses. */
export class TokenRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenRejection";
  }
}

/** How many accepted tokens are remembered (a client keeps one token for its lifetime). */
const ACCEPTED_TOKENS_KEPT = 1000;

/** One key of a signing keys document, as the identity platform publishes it. */
export interface SigningKey extends JWK {
  kid: string;
  x5t: string;
  x5c: string[];
  issuer?: string;
}

const SIGNING_ALGORITHM = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
};
const SIGNING_CERTIFICATE_DAYS = 365;

/**
 * The RS256 key pair generated at start, with a self-signed certificate: it signs every access
 * token and is published as JWKS. As in Entra, kid and x5t are the certificate's SHA-1 thumbprint.
 */
export class TokenSigner {
  /**
   * Tokens that passed every check, by token text, tenant and audiences, with their claims. Only
   * the lifetime of a token can change its verdict later, so a token seen again is checked for
   * expiry alone instead of verifying its RSA signature on every request.
   */
  private readonly accepted = new Map<string, AccessTokenClaims>();

  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    readonly publicJwk: SigningKey,
  ) {}

  static async create(): Promise<TokenSigner> {
    x509.cryptoProvider.set(webcrypto);
    const keys = (await webcrypto.subtle.generateKey(SIGNING_ALGORITHM, true, [
      "sign",
      "verify",
    ])) as webcrypto.CryptoKeyPair;
    const notBefore = new Date(Date.now() - 5 * 60 * 1000);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
        .toString("hex")
        .replace(/^[89a-f]/, "0"),
      name: "CN=Connected Organizations Emulator token signing",
      notBefore,
      notAfter: new Date(notBefore.getTime() + SIGNING_CERTIFICATE_DAYS * 24 * 3600 * 1000),
      keys,
      signingAlgorithm: SIGNING_ALGORITHM,
    });
    const der = Buffer.from(certificate.rawData);
    const thumbprint = createHash("sha1").update(der).digest("base64url");
    const publicKey = KeyObject.from(keys.publicKey);
    const { n, e } = await exportJWK(publicKey);
    return new TokenSigner(KeyObject.from(keys.privateKey), publicKey, {
      kty: "RSA",
      use: "sig",
      kid: thumbprint,
      x5t: thumbprint,
      n,
      e,
      x5c: [der.toString("base64")],
    });
  }

  /** The signing keys document; v2.0 keys also name the issuer of the tokens they verify. */
  jwks(issuer?: string): { keys: SigningKey[] } {
    return { keys: [{ ...this.publicJwk, ...(issuer ? { issuer } : {}) }] };
  }

  async issue(options: {
    tenant: SeedTenant;
    app: SeedApp;
    audience: string;
    /** Application permissions granted on the audience. */
    roles: string[];
    lifetimeSeconds: number;
    /** "1" when the app proved itself with a secret, "2" with a certificate or assertion. */
    authenticationMethod: "1" | "2";
  }): Promise<IssuedToken> {
    const { tenant, app, audience, roles, lifetimeSeconds } = options;
    const now = Math.floor(Date.now() / 1000);
    const oid = servicePrincipalId(app);
    const claims: AccessTokenClaims = {
      tid: tenant.id,
      appid: app.clientId,
      appidacr: options.authenticationMethod,
      oid,
      sub: oid,
      idp: tokenIssuer(tenant.id),
      idtyp: "app",
      ver: "1.0",
      uti: randomUUID().replace(/-/g, "").slice(0, 22),
      ...(app.displayName ? { app_displayname: app.displayName } : {}),
      ...(roles.length > 0 ? { roles: [...roles] } : {}),
    };
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({
        typ: "JWT",
        alg: "RS256",
        x5t: this.publicJwk.x5t,
        kid: this.publicJwk.kid,
      })
      .setIssuer(tokenIssuer(tenant.id))
      .setAudience(audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.privateKey);
    return { accessToken, expiresIn: lifetimeSeconds };
  }

  /** Verifies signature, issuer, audience and lifetime (no clock skew allowance). */
  async verify(token: string, tenantId: string, audiences: string[]): Promise<AccessTokenClaims> {
    const key = `${tenantId} ${audiences.join(" ")} ${token}`;
    const known = this.accepted.get(key);
    if (known) {
      // jose's rule, with no clock skew: expired once exp <= now (in whole seconds).
      if ((known.exp ?? 0) > Math.floor(Date.now() / 1000)) return known;
      this.accepted.delete(key);
      throw new TokenRejection(EXPIRED);
    }
    let claims: AccessTokenClaims;
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        algorithms: ["RS256"],
        issuer: tokenIssuer(tenantId),
        audience: audiences,
        requiredClaims: ["exp", "nbf", "iat", "appid", "tid", "oid"],
      });
      claims = payload as AccessTokenClaims;
    } catch (error) {
      throw new TokenRejection(rejectionMessage(error));
    }
    if (this.accepted.size >= ACCEPTED_TOKENS_KEPT) {
      this.accepted.delete(this.accepted.keys().next().value as string);
    }
    this.accepted.set(key, claims);
    return claims;
  }
}

const EXPIRED = "Lifetime validation failed, the token is expired.";

function rejectionMessage(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return EXPIRED;
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "Invalid audience.";
    if (error.claim === "iss") return "Invalid issuer.";
    if (error.claim === "nbf") return "Lifetime validation failed, the token is not yet valid.";
    return `Access token validation failure: claim '${error.claim}' is invalid.`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return "Access token validation failure. Invalid signature.";
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return "Access token validation failure. The signing algorithm is not allowed.";
  }
  return "CompactToken parsing failed with error code: 80049217";
}

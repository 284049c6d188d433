import * as pulumi from "@pulumi/pulumi";
import type { CloudInstance } from "../provider/resource/connectedOrganization";

/**
 * A domain, e.g. `{ domainName: "contoso.com" }`. When the domain belongs to a Microsoft Entra
 * tenant, Graph stores the tenant instead (see `resolvedIdentitySources`); the provider keeps
 * comparing against what you declared, so that rewrite never shows as a change.
 */
export interface DomainIdentitySourceArgs {
  /** A DNS domain name such as `contoso.com`. */
  domainName: pulumi.Input<string>;
  tenantId?: never;
  issuerUri?: never;
  cloudInstance?: never;
}

/** A Microsoft Entra tenant in the same cloud, e.g. `{ tenantId: "72f988bf-…" }`. */
export interface TenantIdentitySourceArgs {
  /** The tenant id, a GUID. Find it with Graph's `findTenantInformationByDomainName`. */
  tenantId: pulumi.Input<string>;
  domainName?: never;
  issuerUri?: never;
  cloudInstance?: never;
}

/** A domain federated with an external SAML or WS-Fed identity provider. */
export interface ExternalDomainFederationArgs {
  /** The federated domain, e.g. `fabrikam.com`. */
  domainName: pulumi.Input<string>;
  /** The identity provider's issuer URI: an absolute `https://` URI. */
  issuerUri: pulumi.Input<string>;
  tenantId?: never;
  cloudInstance?: never;
}

/** A Microsoft Entra tenant in another Microsoft cloud (e.g. a US Government tenant seen from the global cloud). */
export interface CrossCloudTenantIdentitySourceArgs {
  /** The tenant id, a GUID. */
  tenantId: pulumi.Input<string>;
  /** The tenant's cloud: `microsoftonline.com`, `microsoftonline.us` or `partner.microsoftonline.cn`. */
  cloudInstance: pulumi.Input<CloudInstance>;
  domainName?: never;
  issuerUri?: never;
}

/**
 * Where the organization's users sign in from: exactly one of the four forms. Graph also knows a
 * `socialIdentitySource` (e.g. Facebook), but documents no create or update that accepts one, so
 * it cannot be declared; an organization holding one shows it in `resolvedIdentitySources`.
 */
export type IdentitySourceArgs =
  | DomainIdentitySourceArgs
  | TenantIdentitySourceArgs
  | ExternalDomainFederationArgs
  | CrossCloudTenantIdentitySourceArgs;

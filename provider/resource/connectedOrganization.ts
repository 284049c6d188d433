/** Where a connected organization's users sign in from, as declared by the user. */
export type IdentitySource =
  | DomainIdentitySource
  | TenantIdentitySource
  | ExternalDomainFederationIdentitySource
  | CrossCloudTenantIdentitySource;

/** A domain. Graph stores it as the owning Entra tenant when one exists. */
export interface DomainIdentitySource {
  domainName: string;
}

/** An Entra tenant in the same cloud, by tenant id. */
export interface TenantIdentitySource {
  tenantId: string;
}

/** A domain federated with an external SAML/WS-Fed identity provider. */
export interface ExternalDomainFederationIdentitySource {
  domainName: string;
  issuerUri: string;
}

/** An Entra tenant in another Microsoft cloud. */
export interface CrossCloudTenantIdentitySource {
  tenantId: string;
  cloudInstance: CloudInstance;
}

export const CLOUD_INSTANCES = [
  "microsoftonline.com",
  "microsoftonline.us",
  "partner.microsoftonline.cn",
] as const;
export type CloudInstance = (typeof CLOUD_INSTANCES)[number];

export const CONNECTED_ORGANIZATION_STATES = ["configured", "proposed"] as const;
export type ConnectedOrganizationState = (typeof CONNECTED_ORGANIZATION_STATES)[number];

/** An identity source as Graph stores it. */
export interface ResolvedIdentitySource {
  /** Graph's `@odata.type`, e.g. `#microsoft.graph.azureActiveDirectoryTenant`. */
  odataType: string;
  displayName?: string;
  domainName?: string;
  tenantId?: string;
  issuerUri?: string;
  cloudInstance?: string;
  /** Set on a socialIdentitySource (e.g. `facebook`), a kind Graph may hold but no input declares. */
  socialIdentitySourceType?: string;
}

/** The inputs the provider receives once `check` has normalized them. */
export interface ConnectedOrganizationInputs {
  displayName: string;
  description?: string;
  identitySources: IdentitySource[];
  state?: ConnectedOrganizationState;
  internalSponsors?: string[];
  externalSponsors?: string[];
  /** The Graph id of an existing organization that create takes over instead of making a new one. */
  adoptId?: string;
}

export { SPONSOR_KINDS, type SponsorKind } from "../graph/connectedOrganizationsApi";

/** What the provider stores in state for each connected organization. */
export interface ConnectedOrganizationOutputs {
  displayName: string;
  /** Empty when the organization has no description. */
  description: string;
  /** The identity sources as declared (the intent), kept while Graph still holds what they resolved to. */
  identitySources: IdentitySource[];
  /** The state Graph reports. */
  state: string;
  /** Whether `state` was declared, and so is kept in line by the provider. */
  stateManaged: boolean;
  resolvedIdentitySources: ResolvedIdentitySource[];
  /** Object ids (lower case, sorted) of the internal sponsors; present only when declared. */
  internalSponsors?: string[];
  /** Object ids (lower case, sorted) of the external sponsors; present only when declared. */
  externalSponsors?: string[];
  createdDateTime?: string;
  modifiedDateTime?: string;
  createdBy?: string;
  modifiedBy?: string;
}

export { ConnectedOrganization } from "./connectedOrganization";
export type { ConnectedOrganizationArgs } from "./connectedOrganization";
export * from "./identitySourceArgs";
export type {
  CloudInstance,
  ConnectedOrganizationState,
  IdentitySource,
  ResolvedIdentitySource,
} from "../provider/resource/connectedOrganization";

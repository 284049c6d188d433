export { startEmulator } from "./startEmulator";
export { ensureCertificates, type EmulatorCertificates } from "./tls";
export {
  DEMO_APPS,
  DEMO_GROUPS,
  DEMO_TENANTS,
  DEMO_USERS,
  CROSS_TENANT_INFORMATION_READ,
  ENTITLEMENT_MANAGEMENT_READ,
  ENTITLEMENT_MANAGEMENT_READ_WRITE,
  readSeedFile,
} from "./seed";
export type * from "./types";

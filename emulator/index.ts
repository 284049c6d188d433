export { startEmulator } from "./server/startEmulator";
export { ensureCertificates, type EmulatorCertificates } from "./server/tls";
export {
  DEMO_APPS,
  DEMO_GROUPS,
  DEMO_TENANTS,
  DEMO_USERS,
  CROSS_TENANT_INFORMATION_READ,
  ENTITLEMENT_MANAGEMENT_READ,
  ENTITLEMENT_MANAGEMENT_READ_WRITE,
  readSeedFile,
} from "./server/seed";
export type * from "./types";

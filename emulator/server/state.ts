import type { Directory } from "../graph/directory";
import type { OrganizationStore } from "./store";
import type { TokenSigner } from "../entra/tokens";
import type { EmulatorCloud } from "../types";

/** What every handler may read: the seeded directory, stored objects, the signing key and settings. */
export interface EmulatorState {
  /** Replaced as a whole when the emulator is re-seeded. */
  directory: Directory;
  organizations: OrganizationStore;
  signer: TokenSigner;
  tokenLifetimeSeconds: number;
  /** https://host:port, the Graph base URL and the authority host. */
  baseUrl: string;
  /** The cloud whose Graph resource tokens are issued for and accepted; fixed for the emulator's life. */
  cloud: EmulatorCloud;
}

import type { Client } from "@microsoft/microsoft-graph-client";
import type { RunningEmulator } from "../../emulator";

/** A Graph client with the emulator's read-write app, as an administrator in the portal would act. */
export function adminGraphClient(emulator: RunningEmulator, version?: "beta" | "v1.0"): Client;

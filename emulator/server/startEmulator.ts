import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { connectedOrganizationRoutes } from "../graph/connectedOrganizations";
import { controlRoutes, type EmulatorControls } from "./controlApi";
import { Directory } from "../graph/directory";
import { discoveryRoutes } from "../entra/discovery";
import { ExchangeRecorder } from "./exchangeRecorder";
import { FaultInjector } from "./faults";
import { Redactor } from "./redaction";
import { RequestLog } from "./requestLog";
import { ENTITLEMENT_MANAGEMENT_READ_WRITE, demoSeed, loadDemoSecrets, mergeSeed } from "./seed";
import { createRequestListener } from "./server";
import { sponsorRoutes } from "../graph/sponsors";
import type { EmulatorState } from "./state";
import { OrganizationStore, organizationFromRecord } from "./store";
import { tenantRelationshipRoutes } from "../graph/tenantRelationships";
import { ensureCertificates } from "./tls";
import { tokenRoutes } from "../entra/tokenEndpoint";
import { DEFAULT_CLOUD, EMULATOR_CLOUDS, isEmulatorCloud } from "../entra/graphResources";
import { TokenSigner } from "../entra/tokens";
import type { EmulatorOptions, RunningEmulator, SeedData } from "../types";

const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
/** The addresses the emulator may listen on. */
export const LOOPBACK_HOSTS = ["127.0.0.1", "::1", "localhost"];

function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** Starts the HTTPS emulator of Microsoft Graph and the Entra token service on loopback. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK_HOSTS.includes(host)) {
    throw new Error(
      `the emulator listens on loopback only (127.0.0.1, ::1 or localhost), not ${host}`,
    );
  }
  const cloud = options.cloud ?? DEFAULT_CLOUD;
  if (!isEmulatorCloud(cloud)) {
    throw new Error(`cloud is '${String(cloud)}'; allowed: ${EMULATOR_CLOUDS.join(", ")}`);
  }
  const dataDir = path.resolve(options.dataDir ?? ".emulator");
  const [certificates, secrets, signer] = await Promise.all([
    ensureCertificates(dataDir),
    loadDemoSecrets(dataDir),
    TokenSigner.create(),
  ]);
  const startSeed = mergeSeed(demoSeed(secrets), options.seed ?? {});
  let currentSeed = startSeed;
  const startLifetime = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const organizations = new OrganizationStore(
    options.persistFile ? path.resolve(options.persistFile) : undefined,
  );
  const state: EmulatorState = {
    directory: new Directory(startSeed),
    organizations,
    signer,
    tokenLifetimeSeconds: startLifetime,
    baseUrl: "",
    cloud,
  };
  if (!organizations.load()) {
    organizations.replaceAll(startSeed.connectedOrganizations.map(organizationFromRecord));
  }

  const faults = new FaultInjector();
  for (const fault of options.faults ?? []) faults.add(fault);
  const log = new RequestLog();
  const recorder = options.recordFile
    ? new ExchangeRecorder(
        path.resolve(options.recordFile),
        new Redactor(() => currentSeed.apps.flatMap((app) => app.secrets ?? [])),
      )
    : undefined;

  const applySeed = (seed: Required<SeedData>, replaceOrganizations: boolean): void => {
    currentSeed = seed;
    state.directory = new Directory(seed);
    if (replaceOrganizations) {
      organizations.replaceAll(seed.connectedOrganizations.map(organizationFromRecord));
    }
  };

  const primaryApp = (): { clientId: string; clientSecret: string } => {
    const app =
      currentSeed.apps.find(
        (a) => a.roles.includes(ENTITLEMENT_MANAGEMENT_READ_WRITE) && (a.secrets ?? []).length > 0,
      ) ?? currentSeed.apps[0];
    return { clientId: app?.clientId ?? "", clientSecret: app?.secrets?.[0] ?? "" };
  };

  const controls: EmulatorControls = {
    info: () => ({
      graphUrl: state.baseUrl,
      authorityHost: state.baseUrl,
      tenantId: state.directory.homeTenant.id,
      clientId: primaryApp().clientId,
      tokenLifetimeSeconds: state.tokenLifetimeSeconds,
      cloud: state.cloud,
    }),
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    faults: () => faults.list(),
    addFault: (fault) => faults.add(fault),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    reset: () => {
      applySeed(startSeed, true);
      faults.clear();
      log.clear();
      state.tokenLifetimeSeconds = startLifetime;
    },
    seed: (data) =>
      applySeed(mergeSeed(currentSeed, data), data.connectedOrganizations !== undefined),
    setTokenLifetime: (seconds) => {
      if (!Number.isInteger(seconds) || seconds < 1) {
        throw new Error("token lifetime must be a positive whole number of seconds");
      }
      state.tokenLifetimeSeconds = seconds;
    },
  };

  const routes = [
    ...controlRoutes(controls),
    ...discoveryRoutes(() => state),
    ...tokenRoutes(() => state),
    ...connectedOrganizationRoutes(() => state),
    ...sponsorRoutes(() => state),
    ...tenantRelationshipRoutes(() => state),
  ];
  const server = createServer(
    { cert: certificates.certPem, key: certificates.keyPem, minVersion: "TLSv1.2" },
    createRequestListener({ routes, faults, log, recorder, state: () => state }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch((error: unknown) => {
    recorder?.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `https://${urlHost(host)}:${port}`;

  return {
    graphUrl: state.baseUrl,
    authorityHost: state.baseUrl,
    caPath: certificates.caPath,
    caPem: certificates.caPem,
    cloud,
    get tenantId() {
      return state.directory.homeTenant.id;
    },
    get clientId() {
      return primaryApp().clientId;
    },
    get clientSecret() {
      return primaryApp().clientSecret;
    },
    get apps() {
      return currentSeed.apps.map((app) => ({
        clientId: app.clientId,
        displayName: app.displayName,
        clientSecret: app.secrets?.[0],
        roles: [...app.roles],
      }));
    },
    reset: controls.reset,
    seed: controls.seed,
    addFault: controls.addFault,
    clearFaults: controls.clearFaults,
    setTokenLifetime: controls.setTokenLifetime,
    requests: controls.requests,
    clearRequests: controls.clearRequests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          recorder?.close();
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

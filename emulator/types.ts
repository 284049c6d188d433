/** A tenant known to the emulator: its domains resolve to it. */
export interface SeedTenant {
  id: string;
  displayName: string;
  defaultDomainName: string;
  /** Every verified domain of the tenant, defaultDomainName included. */
  domains: string[];
  federationBrandName?: string;
}

/** A trusted issuer for federated (workload identity) client assertions. */
export interface SeedFederatedCredential {
  issuer: string;
  subject: string;
  /** Defaults to ["api://AzureADTokenExchange"]. */
  audiences?: string[];
  /** PEM public key or JWKS (JSON text) that verifies the issuer's tokens. */
  publicKey: string;
}

/** An app registration in the home tenant that can get app-only tokens. */
export interface SeedApp {
  clientId: string;
  displayName?: string;
  /** Client secrets accepted for this app. */
  secrets?: string[];
  /** PEM certificates whose keys may sign client assertions for this app. */
  certificates?: string[];
  federatedCredentials?: SeedFederatedCredential[];
  /** Granted application permissions, e.g. EntitlementManagement.ReadWrite.All. */
  roles: string[];
  /** Object id of the app's service principal (the token's oid); derived from clientId when omitted. */
  servicePrincipalId?: string;
}

export interface SeedUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

export interface SeedGroup {
  id: string;
  displayName: string;
}

/** Everything the emulator can be seeded with; every list replaces the current one. */
export interface SeedData {
  /** The home tenant, where the apps live and tokens are issued. */
  homeTenant?: SeedTenant;
  /** Other tenants: their domains are rewritten into tenant identity sources. */
  tenants?: SeedTenant[];
  apps?: SeedApp[];
  users?: SeedUser[];
  groups?: SeedGroup[];
  /**
   * Other APIs (application ID URIs) of the home tenant that tokens can be issued for besides
   * Graph; Graph refuses such tokens (wrong audience). Default: ["api://woodgrove-inventory"].
   */
  resources?: string[];
  /** Stored connected organizations, in the beta shape (createdBy/modifiedBy included). */
  connectedOrganizations?: Record<string, unknown>[];
}

/** A fault to inject; off unless added. Matching is by method and route. */
export interface FaultSpec {
  /**
   * throttle: 429 with Retry-After; status: the given status (503, 504, …) with
   * Retry-After if set, instead of handling the request; status-after: handle the
   * request (a write commits) and then answer with the given status (500, 502,
   * 504, …); latency: delay the response; reset-before: destroy the socket
   * without handling the request; reset-after: handle the request (a write
   * commits) and then destroy the socket; read-lag: an object created or changed
   * less than lagMs ago answers 404 to GET. A 502 is answered with a gateway's
   * HTML page, every other status with Graph's JSON error.
   */
  kind:
    | "throttle"
    | "status"
    | "status-after"
    | "latency"
    | "reset-before"
    | "reset-after"
    | "read-lag";
  /** HTTP method to match (GET, POST, PATCH, DELETE); all when omitted. */
  method?: string;
  /** Substring or /regex/ matched against the request path; all Graph routes when omitted. */
  route?: string;
  /** Apply to the next N matching requests; unlimited when neither count nor fraction is set. */
  count?: number;
  /** Apply to this fraction (0..1) of matching requests. */
  fraction?: number;
  status?: number;
  /** Seconds asked for in Retry-After; may be fractional (e.g. 1.5), sent with its fraction. */
  retryAfterSeconds?: number;
  /**
   * How Retry-After is written: "seconds" (default) or "http-date", the IMF-fixdate of the
   * moment the wait ends, rounded up to the next whole second.
   */
  retryAfterFormat?: "seconds" | "http-date";
  latencyMs?: number;
  lagMs?: number;
}

/** One request seen by the emulator; never holds a token. */
export interface RequestRecord {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Normalized route, e.g. "POST /beta/identityGovernance/entitlementManagement/connectedOrganizations/{id}". */
  route: string;
  kind: "graph" | "token" | "discovery" | "control";
  /** 0 when the connection was reset instead of answered. */
  status: number;
  /** The kind of the injected fault that shaped this answer, if any. */
  fault?: FaultSpec["kind"];
  /** ISO time the request arrived. */
  at: string;
}

/**
 * One line of a recording (`recordFile`, `--record`): a request and its answer, with every
 * credential replaced by "[redacted]": Authorization, Cookie and Set-Cookie headers; the
 * client_secret, client_assertion, assertion, access_token, refresh_token, id_token, password,
 * secrets and clientSecret fields of forms, queries and JSON; any JWT; any seeded client secret.
 */
export interface RecordedExchange {
  /** ISO time the request arrived. */
  time: string;
  /** Milliseconds from arrival to the last byte of the answer (or the reset). */
  durationMs: number;
  method: string;
  /** Path and query string. */
  url: string;
  route: RequestRecord["route"];
  kind: RequestRecord["kind"];
  /** 0 when the connection was reset instead of answered. */
  status: number;
  fault?: RequestRecord["fault"];
  request: {
    headers: Record<string, string | string[]>;
    /** JSON as its value, a form as an object of its fields, anything else as text. */
    body?: unknown;
  };
  /** Absent when the connection was reset. */
  response?: { headers: Record<string, string | string[]>; body?: unknown };
}

/** A cloud the emulator can stand in for, by the names entra:environment uses. */
export type EmulatorCloud = "public" | "usgovernmentl4" | "usgovernmentl5" | "china";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback address to bind; default 127.0.0.1. */
  host?: string;
  /** Folder for the cached CA and leaf certificate (and nothing secret of the user's); default `.emulator` in the current directory. */
  dataDir?: string;
  /** When set, the store is loaded from and saved to this JSON file. */
  persistFile?: string;
  /** Replaces the built-in demo seed. */
  seed?: SeedData;
  /** Access token lifetime; default 3600. */
  tokenLifetimeSeconds?: number;
  /** Faults active from the start. */
  faults?: FaultSpec[];
  /** When set, every exchange is written to this file as a line of JSON (RecordedExchange); the file is replaced at start. */
  recordFile?: string;
  /**
   * The cloud the emulator stands in for: public (default), usgovernmentl4, usgovernmentl5 or
   * china, as entra:environment names them. Tokens are issued for, and its Graph accepts, only
   * that cloud's Graph resource (besides Graph's app id and the emulator's own origin).
   */
  cloud?: EmulatorCloud;
}

export interface RunningEmulator {
  /** Base URL of Microsoft Graph, e.g. https://127.0.0.1:41234 (no trailing slash, no version). */
  graphUrl: string;
  /** Authority host for @azure/identity, e.g. https://127.0.0.1:41234. */
  authorityHost: string;
  /** PEM file of the CA that signed the server certificate (for NODE_EXTRA_CA_CERTS). */
  caPath: string;
  caPem: string;
  /** The cloud stood in for (EmulatorOptions.cloud): tokens are issued and accepted for its Graph. */
  cloud: EmulatorCloud;
  /** The home tenant id. */
  tenantId: string;
  /** A seeded app with EntitlementManagement.ReadWrite.All and a client secret. */
  clientId: string;
  clientSecret: string;
  /** Every seeded app with its first client secret (if any), for tests that need other permissions. */
  apps?: { clientId: string; displayName?: string; clientSecret?: string; roles: string[] }[];
  /** Back to the seed the emulator started with; clears faults, requests and short token lifetimes. */
  reset(): void;
  /** Replace parts of the seed (see SeedData) without restarting. */
  seed(data: SeedData): void;
  /** Adds a fault and returns its id. */
  addFault(fault: FaultSpec): string;
  clearFaults(): void;
  setTokenLifetime(seconds: number): void;
  requests(): RequestRecord[];
  clearRequests(): void;
  stop(): Promise<void>;
}

import { CLOUD_NAMES, Cloud, findCloud, graphResource } from "./clouds";
import { intendedKey } from "../keySpelling";
import { domainNameProblem, guidProblem, httpsUriProblem, isGuid } from "../rfcSyntax";
import { OidcTokenSource } from "./oidcToken";
import { ConfigurationError } from "./configurationError";
import {
  CONFIG_NAMESPACE,
  CREDENTIAL_KEYS,
  SETTING_SOURCES,
  SettingKey,
  configKey,
  describeSetting,
} from "./settingKeys";

export const API_VERSIONS = ["beta", "v1.0"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

export type CredentialSettings =
  | { kind: "clientSecret"; tenantId: string; clientId: string; clientSecret: string }
  | {
      kind: "clientCertificate";
      tenantId: string;
      clientId: string;
      certificatePath: string;
      certificatePassword?: string;
    }
  | { kind: "workloadIdentity"; tenantId: string; clientId: string; token: OidcTokenSource }
  | { kind: "managedIdentity"; clientId?: string }
  | { kind: "azureCli"; tenantId?: string }
  | { kind: "default"; tenantId?: string; clientId?: string };

export interface Settings {
  cloud: Cloud["name"] | "custom";
  /** Graph origin, e.g. https://graph.microsoft.com: where Graph requests go. */
  graphEndpoint: string;
  /**
   * The resource Graph tokens are asked for (scope "<graphAudience>/.default"), e.g.
   * https://graph.microsoft.com: a Microsoft Graph endpoint's own, else the cloud's Graph.
   */
  graphAudience: string;
  /** Entra authority host, e.g. https://login.microsoftonline.com. */
  authorityHost: string;
  /** True when the authority host is not one of the Microsoft clouds' (an emulator or private deployment). */
  customAuthority: boolean;
  apiVersion: ApiVersion;
  credential: CredentialSettings;
  /**
   * Longest time one Graph call may spend waiting on throttling (429) and, except for creates, on
   * 502/503/504, before it fails.
   */
  retryDeadlineSeconds: number;
  /** Longest time to wait for a just-written object to become readable. */
  replicationTimeoutSeconds: number;
  /** Whether a create first checks that Graph holds no organization with the same name and source. */
  preventDuplicates: boolean;
}

export type ConfigLookup = (key: string) => string | undefined;

const DEFAULT_RETRY_DEADLINE_SECONDS = 900;
const DEFAULT_REPLICATION_TIMEOUT_SECONDS = 60;
/** One day: also keeps every wait below Node's longest timer (about 24.8 days). */
const MAX_SECONDS = 86_400;
const EXAMPLE_GUID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLOUDS_GRAPH = "https://graph.microsoft.com";

/**
 * Settings from stack config (`entra:<key>`) first, then the environment. The settings that pick a
 * credential come from one source only, so an AZURE_CLIENT_SECRET left in a shell never
 * contradicts a certificate set in stack config. `configKeys`, every key of stack config, lets a
 * misspelt `entra:` key fail instead of being ignored.
 */
export function resolveSettings(
  config: ConfigLookup,
  env: NodeJS.ProcessEnv,
  configKeys: readonly string[] = [],
): Settings {
  checkConfigKeys(configKeys);
  const fromConfig = (key: SettingKey) => nonBlank(config(configKey(key)));
  const fromEnv = (key: SettingKey) =>
    SETTING_SOURCES[key].map((name) => nonBlank(env[name])).find((v) => v !== undefined);
  const credentialsFromConfig = CREDENTIAL_KEYS.some((key) => fromConfig(key) !== undefined);
  /** The value as given; URIs are checked with their whitespace, which they must not hold. */
  const getExact = (key: SettingKey): string | undefined => {
    if (CREDENTIAL_KEYS.includes(key) || key === "clientCertificatePassword") {
      return credentialsFromConfig ? fromConfig(key) : fromEnv(key);
    }
    return fromConfig(key) ?? fromEnv(key);
  };
  const get = (key: SettingKey): string | undefined => getExact(key)?.trim();

  const environment = get("environment") ?? "public";
  const cloud = findCloud(environment);
  if (!cloud) {
    throw new ConfigurationError(
      `${describeSetting("environment")} is ${quote(environment)}; allowed: ${CLOUD_NAMES.join(", ")} (aliases such as global, usgovernment, dod, azurechinacloud are accepted)`,
    );
  }
  const graphEndpoint =
    endpoint(getExact("graphEndpoint"), "graphEndpoint", cloud.graphEndpoint) ??
    cloud.graphEndpoint;
  const authorityHost =
    endpoint(getExact("authorityHost"), "authorityHost", cloud.authorityHost) ??
    cloud.authorityHost;
  const apiVersion = get("apiVersion") ?? "beta";
  if (!(API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new ConfigurationError(
      `${describeSetting("apiVersion")} is ${quote(apiVersion)}; allowed: ${API_VERSIONS.join(", ")}`,
    );
  }
  const knownAuthority = CLOUD_NAMES.some(
    (name) => findCloud(name)?.authorityHost === authorityHost,
  );
  return {
    cloud: graphEndpoint === cloud.graphEndpoint ? cloud.name : "custom",
    graphEndpoint,
    graphAudience:
      checked(get, "graphAudience", audienceProblem) ?? graphResource(graphEndpoint, cloud),
    authorityHost,
    customAuthority: !knownAuthority,
    apiVersion: apiVersion as ApiVersion,
    credential: resolveCredential(get),
    retryDeadlineSeconds: seconds(get, "retryDeadlineSeconds", DEFAULT_RETRY_DEADLINE_SECONDS),
    replicationTimeoutSeconds: seconds(
      get,
      "replicationTimeoutSeconds",
      DEFAULT_REPLICATION_TIMEOUT_SECONDS,
    ),
    preventDuplicates: get("preventDuplicates") === undefined || flag(get, "preventDuplicates"),
  };
}

function resolveCredential(get: (key: SettingKey) => string | undefined): CredentialSettings {
  const tenantId = checked(get, "tenantId", tenantProblem);
  const clientId = checked(get, "clientId", (id) =>
    guidProblem(id, `the application (client) id, a GUID such as ${EXAMPLE_GUID}`),
  );
  const clientSecret = get("clientSecret");
  const certificatePath = get("clientCertificatePath");
  const tokenFilePath = get("oidcTokenFilePath");
  const oidcToken = get("oidcToken");
  const useOidc = flag(get, "useOidc") || tokenFilePath !== undefined || oidcToken !== undefined;
  const useMsi = flag(get, "useMsi");
  const useCli = flag(get, "useCli");

  const chosen: [SettingKey, boolean][] = [
    ["clientSecret", clientSecret !== undefined],
    ["clientCertificatePath", certificatePath !== undefined],
    ["useOidc", useOidc],
    ["useMsi", useMsi],
    ["useCli", useCli],
  ];
  const picked = chosen.filter(([, on]) => on).map(([key]) => key);
  if (picked.length > 1) {
    throw new ConfigurationError(
      `more than one way to sign in is set: ${picked.map(describeSetting).join(", ")}; set only one`,
    );
  }
  const requireIds = (what: string): { tenantId: string; clientId: string } => {
    const missing = [
      tenantId === undefined ? "tenantId" : undefined,
      clientId === undefined ? "clientId" : undefined,
    ].filter((k): k is SettingKey => k !== undefined);
    if (missing.length > 0) {
      throw new ConfigurationError(
        `${what} is set, so ${missing.map(describeSetting).join(" and ")} must be set too`,
      );
    }
    return { tenantId: tenantId as string, clientId: clientId as string };
  };

  switch (picked[0]) {
    case "clientSecret":
      return {
        kind: "clientSecret",
        ...requireIds("a client secret"),
        clientSecret: clientSecret as string,
      };
    case "clientCertificatePath": {
      const password = get("clientCertificatePassword");
      return {
        kind: "clientCertificate",
        ...requireIds("a client certificate"),
        certificatePath: certificatePath as string,
        ...(password !== undefined ? { certificatePassword: password } : {}),
      };
    }
    case "useOidc":
      return {
        kind: "workloadIdentity",
        ...requireIds("workload identity (OIDC)"),
        token: oidcTokenSource(get, tokenFilePath, oidcToken),
      };
    case "useMsi":
      return { kind: "managedIdentity", ...(clientId !== undefined ? { clientId } : {}) };
    case "useCli":
      return { kind: "azureCli", ...(tenantId !== undefined ? { tenantId } : {}) };
    default:
      return {
        kind: "default",
        ...(tenantId !== undefined ? { tenantId } : {}),
        ...(clientId !== undefined ? { clientId } : {}),
      };
  }
}

function oidcTokenSource(
  get: (key: SettingKey) => string | undefined,
  path: string | undefined,
  token: string | undefined,
): OidcTokenSource {
  if (path !== undefined) return { kind: "file", path };
  if (token !== undefined) return { kind: "value", token };
  const url = checked(get, "oidcRequestUrl", (value) =>
    httpsUriProblem(value, "https://pipelines.actions.githubusercontent.com/…"),
  );
  const bearer = get("oidcRequestToken");
  if (url !== undefined && bearer !== undefined) return { kind: "request", url, bearer };
  throw new ConfigurationError(
    `workload identity (OIDC) is on, so set ${describeSetting("oidcTokenFilePath")} to the federated token file, or ${describeSetting("oidcToken")}, or run in GitHub Actions with "permissions: id-token: write" so ${describeSetting("oidcRequestUrl")} and ${describeSetting("oidcRequestToken")} are set`,
  );
}

/**
 * Refuses every key of the `entra` namespace that is not a setting, however it is spelt (case,
 * whitespace or punctuation variants of a setting's name, or of the namespace itself).
 */
function checkConfigKeys(keys: readonly string[]): void {
  const known = Object.keys(SETTING_SOURCES) as SettingKey[];
  const knownKeys = known.map(configKey);
  for (const key of keys) {
    const separator = key.indexOf(":");
    const namespace = key.slice(0, Math.max(separator, 0)).trim().toLowerCase();
    if (namespace !== CONFIG_NAMESPACE || knownKeys.includes(key)) continue;
    const name = key.slice(separator + 1);
    const meant = known.includes(name as SettingKey) ? name : intendedKey(name, known);
    const hint = meant === undefined ? "" : ` (did you mean "${CONFIG_NAMESPACE}:${meant}"?)`;
    throw new ConfigurationError(
      `stack config key ${quote(key)} is not a setting of this provider${hint}; allowed: ${knownKeys.join(", ")}`,
    );
  }
}

/** A value that is not only whitespace, as given. */
function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** JSON quoting keeps a value with a line break or a control character on one line. */
function quote(value: string): string {
  return JSON.stringify(value);
}

function checked(
  get: (key: SettingKey) => string | undefined,
  key: SettingKey,
  problemOf: (value: string) => string | undefined,
): string | undefined {
  const value = get(key);
  const problem = value === undefined ? undefined : problemOf(value);
  if (problem !== undefined) {
    throw new ConfigurationError(
      `${describeSetting(key)} is ${quote(value as string)}; it ${problem}`,
    );
  }
  return value;
}

/** A tenant is named by its id or by one of its verified domains (contoso.onmicrosoft.com). */
function tenantProblem(value: string): string | undefined {
  const allowed = `the directory (tenant) id, a GUID such as ${EXAMPLE_GUID}, or a verified domain of the tenant such as contoso.onmicrosoft.com`;
  if (isGuid(value)) return guidProblem(value, allowed);
  const problem = domainNameProblem(value);
  if (problem === undefined || problem.startsWith("is an internationalized")) return problem;
  return `must be ${allowed}`;
}

/**
 * The Graph audience names a resource as Entra knows it: an https URL (Graph's is
 * https://graph.microsoft.com), an app ID URI such as api://…, or an application id.
 */
function audienceProblem(value: string): string | undefined {
  const what = `the resource to ask tokens for: an https URL such as ${CLOUDS_GRAPH}, an app ID URI such as api://contoso.com/graph, or an application id (GUID)`;
  const allowed = `must be ${what}`;
  if (/\/\.default$/i.test(value)) {
    return `${allowed}, without "/.default" (the provider adds it to make the scope)`;
  }
  if (isGuid(value)) return guidProblem(value, what);
  if (/^api:/i.test(value)) {
    return /^api:\/\/[\x21-\x7e]+$/i.test(value)
      ? undefined
      : `${allowed}; an app ID URI is api:// followed by a name with no whitespace`;
  }
  if (/^http:\/\//i.test(value)) return `${allowed}; an https URL, not http`;
  const problem = httpsUriProblem(value, CLOUDS_GRAPH);
  if (problem !== undefined) return `${allowed}; it ${problem}`;
  if (/[?#]/.test(value)) return `${allowed}; with no query or fragment`;
  return undefined;
}

function flag(get: (key: SettingKey) => string | undefined, key: SettingKey): boolean {
  const value = get(key);
  if (value === undefined) return false;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new ConfigurationError(
    `${describeSetting(key)} is ${quote(value)}; allowed: true or false`,
  );
}

function endpoint(value: string | undefined, key: SettingKey, example: string): string | undefined {
  if (value === undefined) return undefined;
  const problem = httpsUriProblem(value, example, true);
  if (problem !== undefined) {
    const http = /^http:\/\//i.test(value.trim())
      ? " (Graph and Entra clients refuse plain http)"
      : "";
    const version =
      key === "graphEndpoint" && /^https:\/\/[^/]+\/(v1\.0|beta)\b/i.test(value)
        ? `; the API version is set by ${configKey("apiVersion")}`
        : "";
    throw new ConfigurationError(
      `${describeSetting(key)} is ${quote(value)}; it ${problem}${http}${version}`,
    );
  }
  return new URL(value).origin;
}

function seconds(get: (key: SettingKey) => string | undefined, key: SettingKey, fallback: number) {
  const value = get(key);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || parsed > MAX_SECONDS) {
    throw new ConfigurationError(
      `${describeSetting(key)} is ${quote(value)}; it must be a plain decimal number of seconds from 0 to ${MAX_SECONDS}, such as ${fallback}`,
    );
  }
  return parsed;
}

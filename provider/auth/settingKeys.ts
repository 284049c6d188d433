/** Stack configuration namespace of every setting: `pulumi config set entra:<key>`. */
export const CONFIG_NAMESPACE = "entra";

/** Each setting, and the environment variables read when stack config does not set it (first set wins). */
export const SETTING_SOURCES = {
  tenantId: ["ARM_TENANT_ID", "AZURE_TENANT_ID"],
  clientId: ["ARM_CLIENT_ID", "AZURE_CLIENT_ID"],
  clientSecret: ["ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"],
  clientCertificatePath: ["ARM_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PATH"],
  clientCertificatePassword: [
    "ARM_CLIENT_CERTIFICATE_PASSWORD",
    "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  ],
  useOidc: ["ARM_USE_OIDC"],
  oidcTokenFilePath: ["ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"],
  oidcToken: ["ARM_OIDC_TOKEN"],
  oidcRequestUrl: ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"],
  oidcRequestToken: ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
  useMsi: ["ARM_USE_MSI"],
  useCli: ["ARM_USE_CLI"],
  environment: ["ARM_ENVIRONMENT"],
  graphEndpoint: ["ENTRA_GRAPH_ENDPOINT"],
  graphAudience: ["ENTRA_GRAPH_AUDIENCE"],
  authorityHost: ["AZURE_AUTHORITY_HOST"],
  apiVersion: ["ENTRA_GRAPH_API_VERSION"],
  retryDeadlineSeconds: ["ENTRA_RETRY_DEADLINE_SECONDS"],
  replicationTimeoutSeconds: ["ENTRA_REPLICATION_TIMEOUT_SECONDS"],
  preventDuplicates: ["ENTRA_PREVENT_DUPLICATES"],
} as const;

export type SettingKey = keyof typeof SETTING_SOURCES;

/** Settings that choose how the provider signs in; they are taken from one source only. */
export const CREDENTIAL_KEYS: SettingKey[] = [
  "clientSecret",
  "clientCertificatePath",
  "useOidc",
  "oidcTokenFilePath",
  "oidcToken",
  "useMsi",
  "useCli",
];

export function configKey(key: SettingKey): string {
  return `${CONFIG_NAMESPACE}:${key}`;
}

/** How to name a setting in an error: the config key and its environment variables. */
export function describeSetting(key: SettingKey): string {
  return `${configKey(key)} (or ${SETTING_SOURCES[key].join(" / ")})`;
}

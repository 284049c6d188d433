import { SETTING_SOURCES, SettingKey, configKey } from "../../provider/auth/settingKeys";

/** What each setting does, in a few words, for `--help`. */
const MEANING: Record<SettingKey, string> = {
  tenantId: "the tenant (directory) id",
  clientId: "the app (client) id",
  clientSecret: "a client secret (better in the environment: flags show in process lists)",
  clientCertificatePath: "a PEM (certificate and key) or PFX file",
  clientCertificatePassword: "the password of an encrypted key",
  useOidc: "true: workload identity federation",
  oidcTokenFilePath: "the federated token file (turns OIDC on)",
  oidcToken: "the federated token itself (turns OIDC on)",
  oidcRequestUrl: "where OIDC asks for a token (GitHub Actions)",
  oidcRequestToken: "the bearer token for that request (GitHub Actions)",
  useMsi: "true: managed identity",
  useCli: "true: the Azure CLI's login",
  environment: "public, usgovernmentl4, usgovernmentl5 or china (default public)",
  graphEndpoint: "Graph origin override, e.g. https://127.0.0.1:8443",
  graphAudience: "the resource Graph tokens are for (default the cloud's Graph)",
  authorityHost: "Entra authority override",
  apiVersion: "beta (default) or v1.0",
  retryDeadlineSeconds: "longest wait on throttling per call (default 900)",
  replicationTimeoutSeconds: "not used by export; accepted so provider settings can be reused",
  preventDuplicates: "not used by export; accepted so provider settings can be reused",
};

/** `tenantId` → `tenant-id`. */
export function flagName(key: SettingKey): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export const SETTING_KEYS = Object.keys(SETTING_SOURCES) as SettingKey[];

/** parseArgs options: one string flag per setting. */
export function settingOptions(): Record<string, { type: "string" }> {
  return Object.fromEntries(
    SETTING_KEYS.map((key) => [flagName(key), { type: "string" as const }]),
  );
}

/**
 * The flags as the provider's stack config: `--tenant-id x` reads as `entra:tenantId: x`, so
 * flags win over the environment exactly as stack config does.
 */
export function configFromFlags(
  values: Record<string, string | boolean | undefined>,
): (key: string) => string | undefined {
  const config = new Map<string, string>();
  for (const key of SETTING_KEYS) {
    const value = values[flagName(key)];
    if (typeof value === "string") config.set(configKey(key), value);
  }
  return (key) => config.get(key);
}

/** The settings part of `--help`: each flag, what it sets, and its environment variables. */
export function settingsHelp(): string {
  const flags = SETTING_KEYS.map((key) => `  --${flagName(key)} <value>`);
  const width = Math.max(...flags.map((flag) => flag.length)) + 2;
  return SETTING_KEYS.map(
    (key, i) =>
      `${flags[i].padEnd(width)}${MEANING[key]}\n${" ".repeat(width + 2)}(${SETTING_SOURCES[key].join(", ")})`,
  ).join("\n");
}

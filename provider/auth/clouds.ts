/** A Microsoft cloud: where its Graph and its Entra token service live. */
export interface Cloud {
  name: CloudName;
  graphEndpoint: string;
  authorityHost: string;
}

export type CloudName = "public" | "usgovernmentl4" | "usgovernmentl5" | "china";

export const CLOUDS: Record<CloudName, Cloud> = {
  public: {
    name: "public",
    graphEndpoint: "https://graph.microsoft.com",
    authorityHost: "https://login.microsoftonline.com",
  },
  usgovernmentl4: {
    name: "usgovernmentl4",
    graphEndpoint: "https://graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
  },
  usgovernmentl5: {
    name: "usgovernmentl5",
    graphEndpoint: "https://dod-graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
  },
  china: {
    name: "china",
    graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
    authorityHost: "https://login.partner.microsoftonline.cn",
  },
};

const ALIASES: Record<string, CloudName> = {
  public: "public",
  global: "public",
  azurecloud: "public",
  azurepubliccloud: "public",
  usgovernment: "usgovernmentl4",
  usgovernmentl4: "usgovernmentl4",
  usgov: "usgovernmentl4",
  gcchigh: "usgovernmentl4",
  azureusgovernment: "usgovernmentl4",
  azureusgovernmentcloud: "usgovernmentl4",
  usgovernmentl5: "usgovernmentl5",
  dod: "usgovernmentl5",
  china: "china",
  azurechina: "china",
  azurechinacloud: "china",
};

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

/** The cloud a name or common alias refers to, or undefined. Case, spaces, dashes and underscores are ignored. */
export function findCloud(name: string): Cloud | undefined {
  const alias = ALIASES[name.toLowerCase().replace(/[\s_-]/g, "")];
  return alias ? CLOUDS[alias] : undefined;
}

/**
 * The resource app-only Graph tokens are asked for: a Microsoft Graph host's own (its origin), so
 * tokens never cross clouds; for any other host (the emulator, a forwarding proxy), the chosen
 * cloud's Graph, which is the audience such a host stands in for.
 */
export function graphResource(graphEndpoint: string, cloud: Cloud): string {
  const origin = new URL(graphEndpoint).origin;
  const graphHost = Object.values(CLOUDS).find((c) => c.graphEndpoint === origin);
  return (graphHost ?? cloud).graphEndpoint;
}

/** The OAuth scope that asks for an app-only token for a resource: "<resource>/.default". */
export function graphScope(resource: string): string {
  return `${resource.replace(/\/+$/, "")}/.default`;
}

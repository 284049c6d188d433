import type { EmulatorState } from "../server/state";
import type { EmulatorCloud } from "../types";

/** Microsoft Graph's application id: a token may be asked for by it, as by a Graph URL. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** Microsoft Graph's resource URI in each cloud (global, US Government L4 and L5, China). */
export const GRAPH_RESOURCE_URIS: Record<EmulatorCloud, string> = {
  public: "https://graph.microsoft.com",
  usgovernmentl4: "https://graph.microsoft.us",
  usgovernmentl5: "https://dod-graph.microsoft.us",
  china: "https://microsoftgraph.chinacloudapi.cn",
};

export const EMULATOR_CLOUDS = Object.keys(GRAPH_RESOURCE_URIS) as EmulatorCloud[];

export const DEFAULT_CLOUD: EmulatorCloud = "public";

export function isEmulatorCloud(name: string): name is EmulatorCloud {
  return (EMULATOR_CLOUDS as string[]).includes(name);
}

function withoutTrailingSlash(resource: string): string {
  return resource.replace(/\/$/, "");
}

/**
 * The audience of a token asked for the Graph of the cloud the emulator stands in for, or
 * undefined for another resource (another cloud's Graph included, as in a real cloud). Entra puts
 * in a v1.0 token's aud the resource as the request named it (a URI, or the app id); the
 * emulator's own origin reads as its base URL.
 */
export function graphAudienceFor(state: EmulatorState, resource: string): string | undefined {
  const name = withoutTrailingSlash(resource);
  if (name === state.baseUrl) return state.baseUrl;
  if (name.toLowerCase() === GRAPH_APP_ID) return GRAPH_APP_ID;
  const uri = GRAPH_RESOURCE_URIS[state.cloud];
  return name.toLowerCase() === uri ? `${uri}${resource.endsWith("/") ? "/" : ""}` : undefined;
}

/** Every aud the emulator's Graph accepts: what graphAudienceFor can give. */
export function acceptedGraphAudiences(state: EmulatorState): string[] {
  const uri = GRAPH_RESOURCE_URIS[state.cloud];
  return [state.baseUrl, `${state.baseUrl}/`, GRAPH_APP_ID, uri, `${uri}/`];
}

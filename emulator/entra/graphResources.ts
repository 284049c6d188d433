import type { EmulatorState } from "../server/state";

/** Microsoft Graph's application id: a token may be asked for by it, as by a Graph URL. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/**
 * Microsoft Graph's resource URIs in each cloud (global, US Government L4 and L5, China). The
 * emulator stands in for Graph in any of them, so a client built for a real cloud works against it
 * with only its host mapped, as well as one pointed at the emulator's own origin.
 */
export const GRAPH_RESOURCE_URIS = [
  "https://graph.microsoft.com",
  "https://graph.microsoft.us",
  "https://dod-graph.microsoft.us",
  "https://microsoftgraph.chinacloudapi.cn",
];

function withoutTrailingSlash(resource: string): string {
  return resource.replace(/\/$/, "");
}

/**
 * The audience of a token asked for a Graph resource, or undefined for another resource. Entra
 * puts in a v1.0 token's aud the resource as the request named it (a URI, or the app id); the
 * emulator's own origin reads as its base URL.
 */
export function graphAudienceFor(state: EmulatorState, resource: string): string | undefined {
  const name = withoutTrailingSlash(resource);
  if (name === state.baseUrl) return state.baseUrl;
  if (name.toLowerCase() === GRAPH_APP_ID) return GRAPH_APP_ID;
  const uri = GRAPH_RESOURCE_URIS.find((candidate) => candidate === name.toLowerCase());
  return uri === undefined ? undefined : `${uri}${resource.endsWith("/") ? "/" : ""}`;
}

/** Every aud the emulator's Graph accepts: what graphAudienceFor can give. */
export function acceptedGraphAudiences(state: EmulatorState): string[] {
  return [
    state.baseUrl,
    `${state.baseUrl}/`,
    GRAPH_APP_ID,
    ...GRAPH_RESOURCE_URIS.flatMap((uri) => [uri, `${uri}/`]),
  ];
}

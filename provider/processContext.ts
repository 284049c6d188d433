/* eslint-disable @typescript-eslint/no-require-imports -- the Graph stack is loaded on first use on purpose */
import * as nodeModule from "node:module";
import type { Settings } from "./auth/settings";
import type { ConnectedOrganizationsApi } from "./graph/connectedOrganizationsApi";
import type { ProviderContext } from "./resource/providerContext";

/**
 * The context of the provider process: its settings, and one credential and Graph client built
 * on first use: the first Graph call, or the background load after a diff that finds a change.
 * check and diff of an unchanged stack (all that its preview runs) never load @azure/identity,
 * MSAL and the Graph transport, which are most of the provider's start-up time. A client
 * certificate is still read at once, so a bad file fails configure with what to fix.
 */
export function processContext(settings: Settings): ProviderContext {
  let api: ConnectedOrganizationsApi | undefined;
  if (settings.credential.kind === "clientCertificate") api = connect(settings);
  return {
    settings,
    get api() {
      return (api ??= connect(settings));
    },
  };
}

/**
 * On Node 22.1 and later, the compiled code of the Graph stack (about 400 modules) is kept on
 * disk, in NODE_COMPILE_CACHE's directory or else the system's temporary one, for later provider
 * processes to load it faster. Node checks each file against what it cached;
 * NODE_DISABLE_COMPILE_CACHE=1 turns the cache off. The cache is written once the stack is loaded
 * (Node 22.10+), as the engine may stop the process before it exits by itself. Node 20 has none.
 */
const compileCache = nodeModule as {
  enableCompileCache?: () => unknown;
  flushCompileCache?: () => void;
};

function connect(settings: Settings): ConnectedOrganizationsApi {
  compileCache.enableCompileCache?.();
  const { createCredential } = require("./auth/credentials") as typeof import("./auth/credentials");
  const { shareTokens } = require("./auth/sharedToken") as typeof import("./auth/sharedToken");
  const { createGraphClient } =
    require("./graph/graphClient") as typeof import("./graph/graphClient");
  const { ConnectedOrganizationsApi } =
    require("./graph/connectedOrganizationsApi") as typeof import("./graph/connectedOrganizationsApi");
  setImmediate(() => compileCache.flushCompileCache?.());
  const credential = shareTokens(createCredential(settings));
  return new ConnectedOrganizationsApi(createGraphClient(settings, credential));
}

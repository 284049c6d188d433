/* eslint-disable @typescript-eslint/no-require-imports -- the Graph lifecycle is loaded on first use on purpose */
/**
 * The dynamic provider of ConnectedOrganization. The SDK's `__provider` object forwards each
 * method here by package name, so deployed state always runs the installed code.
 */
import { diffConnectedOrganization, DiffResult } from "./resource/diff";
import type { ProviderContext } from "./resource/providerContext";
import { ConfigLookup, resolveSettings } from "./auth/settings";
import {
  ConnectedOrganizationInputs,
  ConnectedOrganizationOutputs,
} from "./resource/connectedOrganization";
import { CheckFailure, checkInputs } from "./resource/validation";
import { adoptsAnother } from "./resource/adoptId";
import { processContext } from "./processContext";

export type { Settings } from "./auth/settings";
export * from "./resource/connectedOrganization";
export { CONFIG_NAMESPACE, SETTING_SOURCES } from "./auth/settingKeys";
export { GraphOperationError } from "./graph/graphOperationError";
export { ConfigurationError } from "./auth/configurationError";

interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

/**
 * Every key of stack config. The engine's dynamic provider host hands configure a Config whose
 * `rawConfig` holds them all; its type declares only `get`, so this reads it when present.
 */
function configKeys(config: ConfigureRequest["config"]): string[] {
  const raw = (config as { rawConfig?: unknown }).rawConfig;
  return raw !== null && typeof raw === "object" ? Object.keys(raw) : [];
}

type GraphLifecycle = typeof import("./resource/lifecycle") &
  typeof import("./resource/adoption") &
  typeof import("./resource/duplicateGuard") &
  typeof import("./resource/listedReads");

let graphLifecycle: GraphLifecycle | undefined;

/**
 * The methods that call Graph, loaded by the first of them, or in the background after a diff
 * that finds a change: a preview of an unchanged stack never loads the Graph client library.
 */
function lifecycle(): GraphLifecycle {
  return (graphLifecycle ??= {
    ...(require("./resource/lifecycle") as typeof import("./resource/lifecycle")),
    ...(require("./resource/adoption") as typeof import("./resource/adoption")),
    ...(require("./resource/duplicateGuard") as typeof import("./resource/duplicateGuard")),
    ...(require("./resource/listedReads") as typeof import("./resource/listedReads")),
  });
}

let configured: { key: string; context: ProviderContext } | undefined;
let configureFailure: unknown;

/**
 * Resolves settings once per provider process: one credential and one Graph client, built at the
 * first Graph call (processContext.ts) and reused by every resource so tokens are shared. A bad
 * setting fails here with what to set, and every later call of the process fails the same way
 * instead of running on other settings.
 */
export async function configure(request: ConfigureRequest): Promise<void> {
  try {
    useSettings((key) => request.config.get(key), configKeys(request.config));
    configureFailure = undefined;
    graphLifecycle?.forgetListing();
    graphLifecycle?.forgetListedReads();
  } catch (error) {
    configureFailure = error;
    throw error;
  }
}

function useSettings(config: ConfigLookup, keys: string[] = []): ProviderContext {
  const settings = resolveSettings(config, process.env, keys);
  const key = JSON.stringify(settings);
  if (configured?.key !== key) configured = { key, context: processContext(settings) };
  return configured.context;
}

function context(): ProviderContext {
  if (configureFailure !== undefined) throw configureFailure;
  return configured?.context ?? useSettings(() => undefined);
}

export async function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
  return checkInputs(news);
}

export async function diff(
  id: string,
  olds: ConnectedOrganizationOutputs,
  news: ConnectedOrganizationInputs | Record<string, unknown>,
): Promise<DiffResult> {
  const { settings } = context();
  let result = diffConnectedOrganization(
    olds,
    news as Record<string, unknown>,
    settings.apiVersion,
  );
  if (adoptsAnother(id, news.adoptId)) {
    result = { ...result, changes: true, replaces: [...result.replaces, "adoptId"] };
  }
  if (result.changes) prepareGraphCalls();
  return result;
}

let preparing = false;

/**
 * A change found by diff is written next in an `up` (a preview stops at the diff): the Graph
 * libraries are loaded and the client built in the background meanwhile, so the write does not
 * wait for them (about 0.4 s). Nothing is sent: no token request, no Graph call.
 */
function prepareGraphCalls(): void {
  if (preparing) return;
  preparing = true;
  setImmediate(() => {
    try {
      lifecycle();
      void context().api;
    } catch {
      // A bad setting fails the write itself, with what to fix.
    }
  });
}

export async function create(
  inputs: ConnectedOrganizationInputs & { __provider?: unknown },
): Promise<{ id: string; outs: ConnectedOrganizationOutputs }> {
  const ctx = context();
  const { adoptId } = inputs;
  const graph = lifecycle();
  if (adoptId !== undefined) {
    return graph.adoptConnectedOrganization(ctx, { ...inputs, adoptId }, inputs.__provider);
  }
  await graph.refuseDuplicate(ctx, inputs);
  return graph.createConnectedOrganization(ctx, inputs, inputs.__provider);
}

export async function read(
  id: string,
  props: Partial<ConnectedOrganizationOutputs> = {},
): Promise<{
  id?: string;
  props?: ConnectedOrganizationOutputs;
  inputs?: ConnectedOrganizationInputs;
}> {
  return lifecycle().readConnectedOrganization(context(), id, props);
}

export async function update(
  id: string,
  olds: ConnectedOrganizationOutputs,
  news: ConnectedOrganizationInputs,
): Promise<{ outs: ConnectedOrganizationOutputs }> {
  return { outs: await lifecycle().updateConnectedOrganization(context(), id, olds, news) };
}

export async function deleteResource(
  id: string,
  props: Partial<ConnectedOrganizationOutputs>,
): Promise<void> {
  return lifecycle().deleteConnectedOrganization(context(), id, props);
}

export { deleteResource as delete };

/** The lifecycle methods the SDK's `__provider` takes on when the engine configures it. */
export const resourceProvider = {
  check,
  diff,
  create,
  read,
  update,
  delete: deleteResource,
};

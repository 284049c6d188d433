import { randomUUID } from "node:crypto";
import { authenticate, requireRole, type Caller } from "./graphAuth";
import { GraphRequestError, badRequest } from "./graphErrors";
import { isGuid } from "./ids";
import { resolveIdentitySources } from "./identitySources";
import {
  applySelect,
  encodeSkipToken,
  matchesFilter,
  parseCollectionQuery,
  parseEntityQuery,
  type QueryShape,
} from "./odataQuery";
import { ENTITLEMENT_MANAGEMENT_READ, ENTITLEMENT_MANAGEMENT_READ_WRITE } from "../server/seed";
import {
  isRecord,
  json,
  noContent,
  type EmulatorResponse,
  type RequestContext,
  type Route,
} from "../server/routing";
import { readJsonPayload, UNREADABLE_PAYLOAD } from "./jsonPayload";
import type { EmulatorState } from "../server/state";
import type { StoredConnectedOrganization } from "../server/store";

export type GraphVersion = "v1.0" | "beta";

export const READ_ROLES = [ENTITLEMENT_MANAGEMENT_READ, ENTITLEMENT_MANAGEMENT_READ_WRITE];
export const WRITE_ROLES = [ENTITLEMENT_MANAGEMENT_READ_WRITE];

export const COLLECTION_PATH = "identityGovernance/entitlementManagement/connectedOrganizations";

/** Page size when the caller sets no $top. */
export const DEFAULT_PAGE_SIZE = 100;

/** States a request may set; unknownFutureValue is the evolvable-enum sentinel, never writable. */
const WRITABLE_STATES = ["configured", "proposed"];
const WRITABLE = ["displayName", "description", "state", "identitySources"];
const READ_ONLY = ["id", "createdDateTime", "modifiedDateTime", "createdBy", "modifiedBy"];
const SPONSORS = ["internalSponsors", "externalSponsors"];
const TYPE_NAME = "microsoft.graph.connectedOrganization";

function shapeFor(version: GraphVersion): QueryShape {
  const properties = [
    "id",
    "displayName",
    "description",
    "state",
    "createdDateTime",
    "modifiedDateTime",
  ];
  if (version === "beta") properties.push("createdBy", "modifiedBy");
  return { typeName: TYPE_NAME, properties, collections: ["identitySources"] };
}

function versionOf(ctx: RequestContext): GraphVersion {
  return ctx.params.version === "beta" ? "beta" : "v1.0";
}

function contextUrl(ctx: RequestContext, select?: string[], entity = false): string {
  const selection = select ? `(${select.join(",")})` : "";
  return `${ctx.baseUrl}/${versionOf(ctx)}/$metadata#${COLLECTION_PATH}${selection}${entity ? "/$entity" : ""}`;
}

/** Renders a stored organization the way the given API version shows it. */
export function renderOrganization(
  organization: StoredConnectedOrganization,
  version: GraphVersion,
  options: { createResponse?: boolean } = {},
): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    id: organization.id,
    displayName: organization.displayName,
    description: organization.description,
  };
  if (version === "beta") rendered.createdBy = organization.createdBy;
  rendered.createdDateTime = organization.createdDateTime;
  if (version === "beta") rendered.modifiedBy = organization.modifiedBy;
  rendered.modifiedDateTime = organization.modifiedDateTime;
  rendered.state = organization.state;
  if (!options.createResponse) {
    rendered.identitySources = organization.identitySources.map((source) => ({ ...source }));
  } else if (version === "v1.0") {
    rendered.identitySources = [];
  }
  return rendered;
}

function notFound(id: string): GraphRequestError {
  return new GraphRequestError(
    404,
    "ResourceNotFound",
    `The connected organization with id '${id}' was not found.`,
  );
}

/** The organization named by the {id} route parameter, or 404 (also while a read-lag fault hides it). */
export function findOrganization(
  state: EmulatorState,
  ctx: RequestContext,
  options: { read: boolean },
): StoredConnectedOrganization {
  const id = ctx.params.id;
  if (!isGuid(id)) {
    throw badRequest(
      `Invalid value '${id}' for the key of connectedOrganizations: expected a GUID.`,
    );
  }
  const organization = state.organizations.get(id);
  if (!organization) throw notFound(id);
  if (options.read && ctx.hidesRecentWrite?.(organization.changedAt)) throw notFound(id);
  return organization;
}

function readBody(ctx: RequestContext): Record<string, unknown> {
  const body = readJsonPayload(ctx);
  if (!isRecord(body)) throw badRequest(UNREADABLE_PAYLOAD);
  return body;
}

function checkProperties(body: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(body)) {
    if (key === "@odata.type") {
      if (body[key] !== `#${TYPE_NAME}` && body[key] !== TYPE_NAME) {
        throw badRequest(
          `A type named '${String(body[key]).replace(/^#/, "")}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`,
        );
      }
      continue;
    }
    if (SPONSORS.includes(key) || SPONSORS.some((s) => key.startsWith(`${s}@`))) {
      throw badRequest(
        `The model is invalid: '${key}' is a relationship, not a property. Add or remove sponsors through …/${key.split("@")[0]}/$ref.`,
      );
    }
    if (READ_ONLY.includes(key)) {
      throw badRequest(`The property '${key}' is read-only and cannot be set.`);
    }
    if (!allowed.includes(key)) {
      throw badRequest(
        `The property '${key}' does not exist on type '${TYPE_NAME}'. Make sure to only use property names that are defined by the type.`,
      );
    }
  }
}

function checkDisplayName(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw badRequest("The property 'displayName' is required and must be a non-empty string.");
  }
  if (value.length > 256)
    throw badRequest("The property 'displayName' is longer than 256 characters.");
  return value;
}

function checkDescription(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string") throw badRequest("The property 'description' must be a string.");
  return value;
}

function checkState(value: unknown): string {
  if (typeof value !== "string" || !WRITABLE_STATES.includes(value)) {
    throw badRequest(
      `The value '${String(value)}' is not valid for property 'state' of type 'microsoft.graph.connectedOrganizationState'. Allowed values: configured, proposed.`,
    );
  }
  return value;
}

async function authorized(
  state: EmulatorState,
  ctx: RequestContext,
  roles: readonly string[],
): Promise<Caller> {
  const caller = await authenticate(state, ctx);
  requireRole(caller, roles);
  return caller;
}

async function list(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  await authorized(state, ctx, READ_ROLES);
  const version = versionOf(ctx);
  const query = parseCollectionQuery(ctx.url, shapeFor(version), version === "beta");
  const filter = query.filter;
  const matching = state.organizations
    .list()
    .map((organization) => renderOrganization(organization, version))
    .filter((entity) => (filter ? matchesFilter(filter, entity) : true));
  const pageSize = query.top ?? DEFAULT_PAGE_SIZE;
  const page = matching.slice(query.skip, query.skip + pageSize);
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx, query.select) };
  if (query.skip + pageSize < matching.length) {
    const parameters = [...ctx.url.searchParams].filter(
      ([key]) => key !== "$skiptoken" && !(version === "beta" && key.toLowerCase() === "skiptoken"),
    );
    parameters.push(["$skiptoken", encodeSkipToken(query.skip + pageSize)]);
    const queryText = parameters
      .map(
        ([key, value]) =>
          `${key.replace(/[^$\w.-]/g, encodeURIComponent)}=${encodeURIComponent(value)}`,
      )
      .join("&");
    body["@odata.nextLink"] = `${ctx.baseUrl}${ctx.url.pathname}?${queryText}`;
  }
  body.value = page.map((entity) => applySelect(entity, query.select));
  return json(200, body);
}

async function create(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  const caller = await authorized(state, ctx, WRITE_ROLES);
  const version = versionOf(ctx);
  const body = readBody(ctx);
  checkProperties(body, WRITABLE);
  const displayName = checkDisplayName(body.displayName);
  if (body.identitySources === undefined) {
    throw badRequest(
      "The property 'identitySources' is required: give exactly one identity source.",
    );
  }
  const identitySources = resolveIdentitySources(body.identitySources, state.directory, true);
  const now = new Date();
  const organization: StoredConnectedOrganization = {
    id: randomUUID(),
    displayName,
    description: checkDescription(body.description),
    state: body.state === undefined ? "configured" : checkState(body.state),
    identitySources,
    createdDateTime: now.toISOString(),
    modifiedDateTime: now.toISOString(),
    createdBy: caller.principalName,
    modifiedBy: caller.principalName,
    internalSponsors: [],
    externalSponsors: [],
    changedAt: now.getTime(),
  };
  state.organizations.put(organization);
  return json(
    201,
    {
      "@odata.context": contextUrl(ctx, undefined, true),
      ...renderOrganization(organization, version, { createResponse: true }),
    },
    { location: `${ctx.baseUrl}/${version}/${COLLECTION_PATH}/${organization.id}` },
  );
}

async function get(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  await authorized(state, ctx, READ_ROLES);
  const version = versionOf(ctx);
  const select = parseEntityQuery(ctx.url, shapeFor(version), version === "beta");
  const organization = findOrganization(state, ctx, { read: true });
  return json(200, {
    "@odata.context": contextUrl(ctx, select, true),
    ...applySelect(renderOrganization(organization, version), select),
  });
}

async function update(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  const caller = await authorized(state, ctx, WRITE_ROLES);
  const version = versionOf(ctx);
  const existing = findOrganization(state, ctx, { read: false });
  const body = readBody(ctx);
  if (version === "beta" && "identitySources" in body) {
    throw badRequest(
      "The property 'identitySources' cannot be updated in beta; only displayName, description and state can be changed.",
    );
  }
  checkProperties(body, WRITABLE);
  const updated: StoredConnectedOrganization = { ...existing };
  if ("displayName" in body) updated.displayName = checkDisplayName(body.displayName);
  if ("description" in body) updated.description = checkDescription(body.description);
  if ("state" in body) updated.state = checkState(body.state);
  if ("identitySources" in body) {
    updated.identitySources = resolveIdentitySources(body.identitySources, state.directory, false);
  }
  const now = new Date();
  updated.modifiedDateTime = now.toISOString();
  updated.modifiedBy = caller.principalName;
  updated.changedAt = now.getTime();
  state.organizations.put(updated);
  if (version === "beta") return noContent();
  return json(202, {
    "@odata.context": contextUrl(ctx, undefined, true),
    ...renderOrganization(updated, version),
  });
}

async function remove(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  await authorized(state, ctx, WRITE_ROLES);
  const organization = findOrganization(state, ctx, { read: false });
  state.organizations.delete(organization.id);
  return noContent();
}

const VERSION = "(?<version>v1\\.0|beta)";
const COLLECTION = `^/${VERSION}/identityGovernance/entitlementManagement/connectedOrganizations/?$`;
const ENTITY = `^/${VERSION}/identityGovernance/entitlementManagement/connectedOrganizations/(?<id>[^/]+)$`;
const NAME = "/{version}/identityGovernance/entitlementManagement/connectedOrganizations";

export function connectedOrganizationRoutes(state: () => EmulatorState): Route[] {
  const route = (
    method: string,
    pattern: string,
    name: string,
    handler: (s: EmulatorState, ctx: RequestContext) => Promise<EmulatorResponse>,
  ): Route => ({
    method,
    pattern: new RegExp(pattern),
    name: `${method} ${name}`,
    kind: "graph",
    handle: (ctx) => handler(state(), ctx),
  });
  return [
    route("GET", COLLECTION, NAME, list),
    route("POST", COLLECTION, NAME, create),
    route("GET", ENTITY, `${NAME}/{id}`, get),
    route("PATCH", ENTITY, `${NAME}/{id}`, update),
    route("DELETE", ENTITY, `${NAME}/{id}`, remove),
  ];
}

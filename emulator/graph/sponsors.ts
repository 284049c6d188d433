import {
  COLLECTION_PATH,
  READ_ROLES,
  WRITE_ROLES,
  findOrganization,
} from "./connectedOrganizations";
import type { DirectoryObject } from "./directory";
import { authenticate, requireRole } from "./graphAuth";
import { GraphRequestError, badRequest } from "./graphErrors";
import { isGuid } from "./ids";
import {
  isRecord,
  json,
  noContent,
  type EmulatorResponse,
  type RequestContext,
  type Route,
} from "../server/routing";
import { readJsonPayload } from "./jsonPayload";
import type { EmulatorState } from "../server/state";
import type { SponsorKind } from "../server/store";

function sponsorKind(ctx: RequestContext): SponsorKind {
  return ctx.params.relation === "externalSponsors" ? "externalSponsors" : "internalSponsors";
}

function directoryObjectNotFound(id: string): GraphRequestError {
  return new GraphRequestError(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function renderDirectoryObject(object: DirectoryObject): Record<string, unknown> {
  if (object.type === "user") {
    return {
      "@odata.type": "#microsoft.graph.user",
      id: object.user.id,
      displayName: object.user.displayName,
      userPrincipalName: object.user.userPrincipalName,
    };
  }
  return {
    "@odata.type": "#microsoft.graph.group",
    id: object.group.id,
    displayName: object.group.displayName,
  };
}

const REFERENCE = /(?:^|\/)(directoryObjects|users|groups)\/([^/?#]+)\/?$/;

/** The object id named by an @odata.id reference: …/directoryObjects|users|groups/{id}, any host. */
function referencedObject(state: EmulatorState, reference: string): DirectoryObject {
  let refPath = reference;
  if (URL.canParse(reference)) refPath = new URL(reference).pathname;
  const match = REFERENCE.exec(decodeURIComponent(refPath));
  if (!match || !isGuid(match[2])) {
    throw badRequest(
      `Invalid object identifier '${reference}': expected a URL ending in directoryObjects/{id}, users/{id} or groups/{id}.`,
      "Request_BadRequest",
    );
  }
  const [, segment, id] = match;
  const object = state.directory.directoryObject(id);
  if (
    !object ||
    (segment === "users" && object.type !== "user") ||
    (segment === "groups" && object.type !== "group")
  ) {
    throw directoryObjectNotFound(id);
  }
  return object;
}

function objectId(object: DirectoryObject): string {
  return object.type === "user" ? object.user.id : object.group.id;
}

async function listSponsors(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  requireRole(await authenticate(state, ctx), READ_ROLES);
  const organization = findOrganization(state, ctx, { read: true });
  const value = organization[sponsorKind(ctx)]
    .map((id) => state.directory.directoryObject(id))
    .filter((object): object is DirectoryObject => object !== undefined)
    .map(renderDirectoryObject);
  return json(200, {
    "@odata.context": `${ctx.baseUrl}/${ctx.params.version}/$metadata#directoryObjects`,
    value,
  });
}

async function addSponsor(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  requireRole(await authenticate(state, ctx), WRITE_ROLES);
  const organization = findOrganization(state, ctx, { read: false });
  const body = readJsonPayload(ctx);
  if (!isRecord(body) || typeof body["@odata.id"] !== "string") {
    throw badRequest(
      'The request body must be a reference: {"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}.',
      "Request_BadRequest",
    );
  }
  const kind = sponsorKind(ctx);
  const id = objectId(referencedObject(state, body["@odata.id"]));
  if (organization[kind].some((existing) => existing.toLowerCase() === id.toLowerCase())) {
    throw badRequest(
      `One or more added object references already exist for the following modified properties: '${kind}'.`,
      "Request_BadRequest",
    );
  }
  state.organizations.put({ ...organization, [kind]: [...organization[kind], id] });
  return noContent();
}

async function removeSponsor(state: EmulatorState, ctx: RequestContext): Promise<EmulatorResponse> {
  requireRole(await authenticate(state, ctx), WRITE_ROLES);
  const organization = findOrganization(state, ctx, { read: false });
  const kind = sponsorKind(ctx);
  const id = ctx.params.objectId;
  const remaining = organization[kind].filter(
    (existing) => existing.toLowerCase() !== id.toLowerCase(),
  );
  if (remaining.length === organization[kind].length) throw directoryObjectNotFound(id);
  state.organizations.put({ ...organization, [kind]: remaining });
  return noContent();
}

function postWithoutRef(): EmulatorResponse {
  throw badRequest(
    'Sponsors are references: POST {"@odata.id": …} to …/internalSponsors/$ref or …/externalSponsors/$ref.',
  );
}

const BASE = `^/(?<version>v1\\.0|beta)/${COLLECTION_PATH}/(?<id>[^/]+)/(?<relation>internalSponsors|externalSponsors)`;
const NAME = `/{version}/${COLLECTION_PATH}/{id}`;

export function sponsorRoutes(state: () => EmulatorState): Route[] {
  const route = (
    method: string,
    suffix: string,
    name: string,
    handler: (
      s: EmulatorState,
      ctx: RequestContext,
    ) => Promise<EmulatorResponse> | EmulatorResponse,
  ): Route => ({
    method,
    pattern: new RegExp(`${BASE}${suffix}$`),
    name: `${method} ${NAME}/{relation}${name}`,
    kind: "graph",
    handle: (ctx) => handler(state(), ctx),
  });
  return [
    route("GET", "/?", "", listSponsors),
    route("POST", "/\\$ref", "/$ref", addSponsor),
    route("POST", "/?", "", postWithoutRef),
    route("DELETE", "/(?<objectId>[^/]+)/\\$ref", "/{objectId}/$ref", removeSponsor),
  ];
}

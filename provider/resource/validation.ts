import { isCloudInstance, normalizeIdentitySource } from "./identitySources";
import { didYouMean } from "../keySpelling";
import { domainNameProblem, guidProblem, httpsUriProblem } from "../rfcSyntax";
import { normalizeSponsors } from "./sponsorIds";
import {
  CLOUD_INSTANCES,
  CONNECTED_ORGANIZATION_STATES,
  IdentitySource,
  SPONSOR_KINDS,
  SponsorKind,
} from "./connectedOrganization";
import { isUnknown } from "./unknowns";
import { ADOPT_ID, checkAdoptId } from "./adoptId";

export interface CheckFailure {
  property: string;
  reason: string;
}

const IDENTITY_SOURCE_FORMS =
  "{ domainName }, { tenantId }, { domainName, issuerUri } or { tenantId, cloudInstance }";
const KNOWN_INPUTS = [
  "displayName",
  "description",
  "identitySources",
  "state",
  ...SPONSOR_KINDS,
  ADOPT_ID,
];
const SOURCE_KEYS = ["domainName", "tenantId", "issuerUri", "cloudInstance"];
/** Graph's field of a socialIdentitySource, and the keys that name a Graph type. */
const SOCIAL_KEY = "socialIdentitySourceType";
const TYPE_KEYS = ["@odata.type", "odataType"];
const SOCIAL_SOURCE_REFUSAL =
  "a socialIdentitySource (socialIdentitySourceType, e.g. facebook) cannot be declared: Graph lists it only among the kinds a connected organization may hold, while create takes a domainIdentitySource or externalDomainFederation (https://learn.microsoft.com/graph/api/entitlementmanagement-post-connectedorganizations?view=graph-rest-beta) and update an azureActiveDirectoryTenant, domainIdentitySource or externalDomainFederation (https://learn.microsoft.com/graph/api/connectedorganization-update?view=graph-rest-1.0)";
export const MAX_DISPLAY_NAME_LENGTH = 256;
/** The one input the SDK adds itself: the serialized provider. */
const PROVIDER_KEY = "__provider";
const EXAMPLE_GUID = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/**
 * Validates raw inputs and returns them normalized. Values not known until apply pass through
 * untouched; the engine checks again once they are known.
 */
export function checkInputs(news: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
} {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(news)) {
    if (KNOWN_INPUTS.includes(key) || key === PROVIDER_KEY) continue;
    failures.push({
      property: key,
      reason: `${JSON.stringify(key)} is not an input of ConnectedOrganization${didYouMean(key, KNOWN_INPUTS)}; allowed: ${KNOWN_INPUTS.join(", ")}`,
    });
  }

  const displayName = news.displayName;
  if (isUnknown(displayName)) {
    inputs.displayName = displayName;
  } else if (typeof displayName !== "string" || displayName.trim() === "") {
    failures.push({
      property: "displayName",
      reason: "displayName is required and must be a non-empty string",
    });
  } else if (displayName.length > MAX_DISPLAY_NAME_LENGTH) {
    failures.push({
      property: "displayName",
      reason: `displayName must be at most ${MAX_DISPLAY_NAME_LENGTH} characters (got ${displayName.length})`,
    });
  } else {
    inputs.displayName = displayName;
  }

  const description = news.description;
  if (isUnknown(description)) {
    inputs.description = description;
  } else if (description !== undefined && description !== null && typeof description !== "string") {
    failures.push({ property: "description", reason: "description must be a string" });
  } else if (typeof description === "string" && description !== "") {
    inputs.description = description;
  }

  const sources = checkIdentitySources(news.identitySources, failures);
  if (sources !== undefined) inputs.identitySources = sources;

  const state = news.state;
  if (isUnknown(state)) {
    inputs.state = state;
  } else if (state !== undefined && state !== null) {
    if (
      typeof state !== "string" ||
      !(CONNECTED_ORGANIZATION_STATES as readonly string[]).includes(state)
    ) {
      failures.push({
        property: "state",
        reason: `state must be one of ${CONNECTED_ORGANIZATION_STATES.map((s) => `"${s}"`).join(", ")}, or omitted to leave it unmanaged (got ${JSON.stringify(state)})`,
      });
    } else {
      inputs.state = state;
    }
  }
  for (const kind of SPONSOR_KINDS) {
    const sponsors = checkSponsors(news[kind], kind, failures);
    if (sponsors !== undefined) inputs[kind] = sponsors;
  }
  const adoption = checkAdoptId(news[ADOPT_ID]);
  if (adoption.reason) failures.push({ property: ADOPT_ID, reason: adoption.reason });
  if (adoption.value !== undefined) inputs[ADOPT_ID] = adoption.value;
  return { inputs, failures };
}

function checkSponsors(value: unknown, kind: SponsorKind, failures: CheckFailure[]): unknown {
  if (isUnknown(value) || value === undefined || value === null) {
    return isUnknown(value) ? value : undefined;
  }
  const allowed = `${kind} must be a list of object ids (GUIDs) of users or groups, or omitted to leave sponsors unmanaged`;
  if (!Array.isArray(value)) {
    failures.push({ property: kind, reason: `${allowed} (got ${JSON.stringify(value)})` });
    return undefined;
  }
  const before = failures.length;
  const seen = new Set<string>();
  value.forEach((id, i) => {
    if (isUnknown(id)) return;
    const problem =
      typeof id === "string"
        ? guidProblem(id, "the object id (GUID) of a user or group")
        : "must be the object id (GUID) of a user or group";
    if (typeof id !== "string" || problem !== undefined) {
      failures.push({
        property: `${kind}[${i}]`,
        reason: `${kind}[${i}] ${problem} (got ${JSON.stringify(id)})`,
      });
    } else if (seen.has(id.toLowerCase())) {
      failures.push({ property: `${kind}[${i}]`, reason: `${id} is listed twice in ${kind}` });
    } else {
      seen.add(id.toLowerCase());
    }
  });
  if (failures.length > before) return undefined;
  return value.some(isUnknown) ? value : normalizeSponsors(value as string[]);
}

function checkIdentitySources(value: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (!Array.isArray(value) || value.length !== 1) {
    const got = Array.isArray(value) ? `${value.length} elements` : JSON.stringify(value ?? null);
    failures.push({
      property: "identitySources",
      reason: `identitySources must be a list of exactly one identity source, one of ${IDENTITY_SOURCE_FORMS} (got ${got})`,
    });
    return undefined;
  }
  const checked = value.map((source, i) =>
    checkIdentitySource(source, `identitySources[${i}]`, failures),
  );
  return checked.every((source) => source !== undefined) ? checked : undefined;
}

function checkIdentitySource(source: unknown, path: string, failures: CheckFailure[]): unknown {
  if (isUnknown(source)) return source;
  if (source === null || typeof source !== "object" || Array.isArray(source)) {
    failures.push({ property: path, reason: `${path} must be one of ${IDENTITY_SOURCE_FORMS}` });
    return undefined;
  }
  const fields = source as Record<string, unknown>;
  if (isSocialSource(fields)) {
    failures.push({ property: path, reason: SOCIAL_SOURCE_REFUSAL });
    return undefined;
  }
  const before = failures.length;
  const extra = Object.keys(fields).filter((key) => !SOURCE_KEYS.includes(key));
  for (const key of extra) {
    failures.push({
      property: `${path}.${key}`,
      reason: `${JSON.stringify(key)} is not a field of an identity source${didYouMean(key, SOURCE_KEYS)}; use one of ${IDENTITY_SOURCE_FORMS}`,
    });
  }
  const has = (key: string) => fields[key] !== undefined && fields[key] !== null;
  const form = has("cloudInstance")
    ? ["tenantId", "cloudInstance"]
    : has("issuerUri")
      ? ["domainName", "issuerUri"]
      : has("tenantId")
        ? ["tenantId"]
        : ["domainName"];
  for (const key of SOURCE_KEYS.filter((k) => has(k) && !form.includes(k))) {
    failures.push({
      property: `${path}.${key}`,
      reason: `${key} cannot be combined with ${form.filter(has).join(" and ")}; use one of ${IDENTITY_SOURCE_FORMS}`,
    });
  }
  for (const key of form) checkSourceField(fields[key], key, `${path}.${key}`, failures);
  if (failures.length > before) return undefined;
  const known = form.every((key) => !isUnknown(fields[key]));
  const picked = Object.fromEntries(form.map((key) => [key, fields[key]]));
  return known ? normalizeIdentitySource(picked as unknown as IdentitySource) : picked;
}

function isSocialSource(fields: Record<string, unknown>): boolean {
  return (
    SOCIAL_KEY in fields ||
    TYPE_KEYS.some(
      (key) =>
        typeof fields[key] === "string" && /socialIdentitySource$/i.test(fields[key] as string),
    )
  );
}

function checkSourceField(value: unknown, key: string, path: string, failures: CheckFailure[]) {
  if (isUnknown(value)) return;
  if (typeof value !== "string" || value.trim() === "") {
    failures.push({
      property: path,
      reason: `${key} is required here and must be a non-empty string`,
    });
    return;
  }
  const problems: Record<string, (v: string) => string | undefined> = {
    domainName: domainNameProblem,
    tenantId: (v) => guidProblem(v, `a tenant id GUID such as ${EXAMPLE_GUID}`),
    issuerUri: (v) => httpsUriProblem(v, "https://idp.contoso.com/saml"),
    cloudInstance: (v) =>
      isCloudInstance(v) ? undefined : `must be one of ${CLOUD_INSTANCES.join(", ")}`,
  };
  const problem = problems[key](value);
  if (problem !== undefined) {
    failures.push({
      property: path,
      reason: `${key} ${problem} (got ${JSON.stringify(value)})`,
    });
  }
}

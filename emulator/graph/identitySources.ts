import type { Directory } from "./directory";
import { badRequest } from "./graphErrors";
import { isGuid } from "./ids";
import { isRecord } from "../server/routing";
import type { IdentitySourceType, StoredIdentitySource } from "../server/store";

export const CLOUD_INSTANCES = [
  "microsoftonline.com",
  "microsoftonline.us",
  "partner.microsoftonline.cn",
];

interface SourceShape {
  fields: readonly (keyof StoredIdentitySource)[];
  required: readonly (keyof StoredIdentitySource)[];
}

/** The kinds a create or update may carry; a socialIdentitySource is only ever read. */
type WritableSourceType = Exclude<IdentitySourceType, typeof SOCIAL>;
const SOCIAL = "#microsoft.graph.socialIdentitySource";

const SHAPES: Record<WritableSourceType, SourceShape> = {
  "#microsoft.graph.domainIdentitySource": {
    fields: ["domainName", "displayName"],
    required: ["domainName"],
  },
  "#microsoft.graph.externalDomainFederation": {
    fields: ["domainName", "displayName", "issuerUri"],
    required: ["domainName", "issuerUri"],
  },
  "#microsoft.graph.azureActiveDirectoryTenant": {
    fields: ["tenantId", "displayName"],
    required: ["tenantId"],
  },
  "#microsoft.graph.crossCloudAzureActiveDirectoryTenant": {
    fields: ["tenantId", "displayName", "cloudInstance"],
    required: ["tenantId", "cloudInstance"],
  },
};

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function typeName(odataType: string): string {
  return odataType.replace(/^#/, "");
}

function isSourceType(value: string): value is WritableSourceType {
  return Object.prototype.hasOwnProperty.call(SHAPES, value);
}

/**
 * Validates one identitySource from a request body and resolves it as Graph stores it: a domain
 * that belongs to a known Entra tenant becomes an azureActiveDirectoryTenant source.
 */
export function resolveIdentitySource(value: unknown, directory: Directory): StoredIdentitySource {
  if (!isRecord(value)) throw badRequest("Each identity source must be a JSON object.");
  const odataType = value["@odata.type"];
  if (typeof odataType !== "string") {
    throw badRequest(
      "An identity source must name its type with '@odata.type', e.g. '#microsoft.graph.domainIdentitySource'.",
    );
  }
  const normalizedType = odataType.startsWith("#") ? odataType : `#${odataType}`;
  if (normalizedType === SOCIAL) {
    throw badRequest(
      "A socialIdentitySource cannot be written to a connected organization: create takes a domainIdentitySource or externalDomainFederation, update an azureActiveDirectoryTenant, domainIdentitySource or externalDomainFederation.",
    );
  }
  if (!isSourceType(normalizedType)) {
    throw badRequest(
      `A type named '${typeName(normalizedType)}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`,
    );
  }
  const shape = SHAPES[normalizedType];
  for (const [key, field] of Object.entries(value)) {
    if (key === "@odata.type") continue;
    if (!shape.fields.includes(key as keyof StoredIdentitySource)) {
      throw badRequest(
        `The property '${key}' does not exist on type '${typeName(normalizedType)}'. Make sure to only use property names that are defined by the type.`,
      );
    }
    if (field !== null && typeof field !== "string") {
      throw badRequest(`The property '${key}' of an identity source must be a string.`);
    }
  }
  for (const key of shape.required) {
    if (typeof value[key] !== "string" || (value[key] as string).trim() === "") {
      throw badRequest(`The property '${key}' is required on type '${typeName(normalizedType)}'.`);
    }
  }
  const text = (key: string): string | undefined =>
    typeof value[key] === "string" ? (value[key] as string) : undefined;
  const displayName = text("displayName") ?? null;

  switch (normalizedType) {
    case "#microsoft.graph.domainIdentitySource": {
      const domainName = checkDomain(text("domainName") as string);
      const tenant = directory.tenantByDomain(domainName);
      if (tenant) {
        return {
          "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant",
          displayName: tenant.displayName,
          tenantId: tenant.id,
        };
      }
      return { "@odata.type": normalizedType, displayName: displayName ?? domainName, domainName };
    }
    case "#microsoft.graph.externalDomainFederation": {
      const domainName = checkDomain(text("domainName") as string);
      const issuerUri = text("issuerUri") as string;
      if (!URL.canParse(issuerUri)) {
        throw badRequest(`The issuerUri '${issuerUri}' is not a valid absolute URI.`);
      }
      return { "@odata.type": normalizedType, displayName, domainName, issuerUri };
    }
    case "#microsoft.graph.azureActiveDirectoryTenant": {
      const tenantId = checkTenantId(text("tenantId") as string);
      const tenant = directory.tenantById(tenantId);
      return {
        "@odata.type": normalizedType,
        displayName: tenant?.displayName ?? displayName,
        tenantId: tenant?.id ?? tenantId.toLowerCase(),
      };
    }
    case "#microsoft.graph.crossCloudAzureActiveDirectoryTenant": {
      const tenantId = checkTenantId(text("tenantId") as string);
      const cloudInstance = text("cloudInstance") as string;
      if (!CLOUD_INSTANCES.includes(cloudInstance)) {
        throw badRequest(
          `The cloudInstance '${cloudInstance}' is not valid. Allowed values: ${CLOUD_INSTANCES.join(", ")}.`,
        );
      }
      return {
        "@odata.type": normalizedType,
        displayName,
        tenantId: tenantId.toLowerCase(),
        cloudInstance,
      };
    }
  }
}

function checkDomain(domainName: string): string {
  if (!DOMAIN.test(domainName)) {
    throw badRequest(`The domain name '${domainName}' is not a valid domain name.`);
  }
  return domainName.toLowerCase();
}

function checkTenantId(tenantId: string): string {
  if (!isGuid(tenantId)) {
    throw badRequest(`Invalid tenant identifier '${tenantId}': a tenant id is a GUID.`);
  }
  return tenantId;
}

/** identitySources of a create (exactly one) or a v1.0 update (one or more). */
export function resolveIdentitySources(
  value: unknown,
  directory: Directory,
  exactlyOne: boolean,
): StoredIdentitySource[] {
  if (!Array.isArray(value))
    throw badRequest("The property 'identitySources' must be a collection.");
  if (exactlyOne && value.length !== 1) {
    throw badRequest(
      `A connected organization must be created with exactly one identity source; ${value.length} were given.`,
    );
  }
  if (value.length === 0) throw badRequest("The property 'identitySources' must not be empty.");
  return value.map((source) => resolveIdentitySource(source, directory));
}

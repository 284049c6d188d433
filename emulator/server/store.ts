import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { writeFileAtomicSync } from "./atomicFiles";
import { isRecord } from "./routing";

export type IdentitySourceType =
  | "#microsoft.graph.domainIdentitySource"
  | "#microsoft.graph.externalDomainFederation"
  | "#microsoft.graph.azureActiveDirectoryTenant"
  | "#microsoft.graph.crossCloudAzureActiveDirectoryTenant"
  | "#microsoft.graph.socialIdentitySource";

export interface StoredIdentitySource {
  "@odata.type": IdentitySourceType;
  displayName: string | null;
  domainName?: string;
  issuerUri?: string;
  tenantId?: string;
  cloudInstance?: string;
  socialIdentitySourceType?: string;
}

export type SponsorKind = "internalSponsors" | "externalSponsors";

/** A connected organization as stored: every property of both API versions, plus sponsors. */
export interface StoredConnectedOrganization {
  id: string;
  displayName: string;
  description: string | null;
  state: string;
  identitySources: StoredIdentitySource[];
  createdDateTime: string;
  modifiedDateTime: string;
  createdBy: string;
  modifiedBy: string;
  internalSponsors: string[];
  externalSponsors: string[];
  /** Epoch milliseconds of the last write; drives read-after-write lag. */
  changedAt: number;
}

const SOURCE_TYPES: readonly string[] = [
  "#microsoft.graph.domainIdentitySource",
  "#microsoft.graph.externalDomainFederation",
  "#microsoft.graph.azureActiveDirectoryTenant",
  "#microsoft.graph.crossCloudAzureActiveDirectoryTenant",
  "#microsoft.graph.socialIdentitySource",
];

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function idList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => (isRecord(item) ? item.id : item))
    .filter((id): id is string => typeof id === "string");
}

/**
 * Reads a connected organization given in the beta shape (seed files, persisted state).
 * Sponsors may be listed as `internalSponsors` / `externalSponsors` (ids or objects with id).
 */
export function organizationFromRecord(
  record: Record<string, unknown>,
): StoredConnectedOrganization {
  const now = new Date().toISOString();
  const sources = Array.isArray(record.identitySources) ? record.identitySources : [];
  return {
    id: optionalString(record.id) ?? randomUUID(),
    displayName: optionalString(record.displayName) ?? "",
    description: optionalString(record.description) ?? null,
    state: optionalString(record.state) ?? "configured",
    identitySources: sources.filter(isRecord).map((source) => {
      const type = optionalString(source["@odata.type"]) ?? "";
      if (!SOURCE_TYPES.includes(type)) {
        throw new Error(`unsupported identity source type '${type}' in stored data`);
      }
      const stored: StoredIdentitySource = {
        "@odata.type": type as IdentitySourceType,
        displayName: optionalString(source.displayName) ?? null,
      };
      for (const key of [
        "domainName",
        "issuerUri",
        "tenantId",
        "cloudInstance",
        "socialIdentitySourceType",
      ] as const) {
        const value = optionalString(source[key]);
        if (value !== undefined) stored[key] = value;
      }
      return stored;
    }),
    createdDateTime: optionalString(record.createdDateTime) ?? now,
    modifiedDateTime: optionalString(record.modifiedDateTime) ?? now,
    createdBy: optionalString(record.createdBy) ?? "",
    modifiedBy: optionalString(record.modifiedBy) ?? "",
    internalSponsors: idList(record.internalSponsors),
    externalSponsors: idList(record.externalSponsors),
    changedAt: 0,
  };
}

/** Connected organizations in memory, optionally mirrored to a JSON file after every change. */
export class OrganizationStore {
  private readonly organizations = new Map<string, StoredConnectedOrganization>();

  constructor(private readonly persistFile?: string) {}

  /** Loads the persisted file; false when there is none. */
  load(): boolean {
    if (!this.persistFile) return false;
    let text: string;
    try {
      text = readFileSync(this.persistFile, "utf8");
    } catch {
      return false;
    }
    const parsed = JSON.parse(text) as unknown;
    const list = isRecord(parsed) ? parsed.connectedOrganizations : undefined;
    if (!Array.isArray(list)) {
      throw new Error(`${this.persistFile}: expected {"connectedOrganizations": [...]}`);
    }
    this.organizations.clear();
    for (const record of list.filter(isRecord)) {
      const organization = organizationFromRecord(record);
      this.organizations.set(organization.id.toLowerCase(), organization);
    }
    return true;
  }

  replaceAll(organizations: StoredConnectedOrganization[]): void {
    this.organizations.clear();
    for (const organization of organizations) {
      this.organizations.set(organization.id.toLowerCase(), organization);
    }
    this.save();
  }

  list(): StoredConnectedOrganization[] {
    return [...this.organizations.values()];
  }

  get(id: string): StoredConnectedOrganization | undefined {
    return this.organizations.get(id.toLowerCase());
  }

  put(organization: StoredConnectedOrganization): void {
    this.organizations.set(organization.id.toLowerCase(), organization);
    this.save();
  }

  delete(id: string): boolean {
    const deleted = this.organizations.delete(id.toLowerCase());
    if (deleted) this.save();
    return deleted;
  }

  private save(): void {
    if (!this.persistFile) return;
    mkdirSync(path.dirname(this.persistFile), { recursive: true });
    const connectedOrganizations = this.list().map((organization) => ({
      ...organization,
      changedAt: undefined,
    }));
    writeFileAtomicSync(
      this.persistFile,
      `${JSON.stringify({ connectedOrganizations }, null, 2)}\n`,
    );
  }
}

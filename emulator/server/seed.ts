import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { createFileOnce, writeFileAtomic } from "./atomicFiles";
import { isRecord } from "./routing";
import type { SeedApp, SeedData, SeedGroup, SeedTenant, SeedUser } from "../types";

export const DEMO_TENANTS = {
  home: {
    id: "7f193189-709f-4a64-becf-6192884c27c5",
    displayName: "Woodgrove (emulated)",
    defaultDomainName: "woodgrove.example",
    domains: ["woodgrove.example", "woodgrove.onmicrosoft.com"],
    federationBrandName: "Woodgrove",
  },
  contoso: {
    id: "1867b94c-059a-4a8a-b819-8ecd534913a3",
    displayName: "Contoso",
    defaultDomainName: "contoso.com",
    domains: ["contoso.com", "contoso.onmicrosoft.com"],
    federationBrandName: "Contoso Ltd",
  },
  fabrikam: {
    id: "08bdfc91-29f8-42a3-9086-17121fe3f12f",
    displayName: "Fabrikam",
    defaultDomainName: "fabrikam.com",
    domains: ["fabrikam.com"],
  },
} satisfies Record<string, SeedTenant>;

/** Users of the home tenant, usable as internal or external sponsors. */
export const DEMO_USERS = {
  adele: {
    id: "4d79dec2-5b32-4b82-abc8-c080acdfd63e",
    userPrincipalName: "adele.vance@woodgrove.example",
    displayName: "Adele Vance",
  },
  megan: {
    id: "da7d3e08-5333-45b6-b23d-de4c62f083e9",
    userPrincipalName: "megan.bowen@woodgrove.example",
    displayName: "Megan Bowen",
  },
  lee: {
    id: "57c50ee9-b8ca-44a0-bdbc-7edf4acaf6b6",
    userPrincipalName: "lee.gu@woodgrove.example",
    displayName: "Lee Gu",
  },
} satisfies Record<string, SeedUser>;

export const DEMO_GROUPS = {
  partnerSponsors: { id: "68043968-25db-451c-97ac-dc84e6be5c63", displayName: "Partner sponsors" },
  procurement: { id: "3c893f93-c350-4a82-98ba-e2b3f8d0bac2", displayName: "Procurement" },
} satisfies Record<string, SeedGroup>;

export const ENTITLEMENT_MANAGEMENT_READ = "EntitlementManagement.Read.All";
export const ENTITLEMENT_MANAGEMENT_READ_WRITE = "EntitlementManagement.ReadWrite.All";
export const CROSS_TENANT_INFORMATION_READ = "CrossTenantInformation.ReadBasic.All";

/** App registrations of the demo seed; their client secrets are generated per data folder. */
export const DEMO_APPS = {
  readWrite: {
    clientId: "cebee493-e66f-46f5-af30-5a35bbf289a1",
    displayName: "Connected organizations provider (emulated)",
    servicePrincipalId: "18d0af2c-9b1d-4634-aaa8-875df7e5ad34",
    roles: [
      ENTITLEMENT_MANAGEMENT_READ_WRITE,
      ENTITLEMENT_MANAGEMENT_READ,
      CROSS_TENANT_INFORMATION_READ,
    ],
  },
  readOnly: {
    clientId: "3da44b93-5fae-4840-89e7-dc1b7772ee80",
    displayName: "Connected organizations reader (emulated)",
    servicePrincipalId: "0451cc7d-4e0f-49a7-bd63-e656bdb5b549",
    roles: [ENTITLEMENT_MANAGEMENT_READ],
  },
  noRoles: {
    clientId: "4d450be2-818c-4785-8248-c5e6e05bf7e4",
    displayName: "App without permissions (emulated)",
    servicePrincipalId: "50fc70c3-4aef-43a0-930d-63f9a16ce5d0",
    roles: [],
  },
} satisfies Record<string, SeedApp>;

/** A non-Graph API of the home tenant: tokens for it are valid, but not for Graph. */
export const DEMO_API_RESOURCE = "api://woodgrove-inventory";

const SECRETS_FILE = "demo-app-secrets.json";

/** An Entra-looking client secret value (40 characters with the "8Q~" marker). */
export function generateClientSecret(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.";
  const bytes = randomBytes(37);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]);
  return `${chars.slice(0, 3).join("")}8Q~${chars.slice(3).join("")}`;
}

function parseSecrets(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!isRecord(parsed)) return undefined;
    const secrets: Record<string, string> = {};
    for (const app of Object.values(DEMO_APPS)) {
      const secret = parsed[app.clientId];
      if (typeof secret !== "string" || secret.length < 16) return undefined;
      secrets[app.clientId] = secret;
    }
    return secrets;
  } catch {
    return undefined;
  }
}

/**
 * The demo apps' client secrets, generated on first use and kept in `<dataDir>/demo-app-secrets.json`
 * (mode 0600) so a restarted emulator accepts the same secret.
 */
export async function loadDemoSecrets(dataDir: string): Promise<Record<string, string>> {
  const file = path.resolve(dataDir, SECRETS_FILE);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const existing = parseSecrets(await fs.readFile(file, "utf8").catch(() => undefined));
  if (existing) return existing;
  const fresh: Record<string, string> = {};
  for (const app of Object.values(DEMO_APPS)) fresh[app.clientId] = generateClientSecret();
  const content = `${JSON.stringify(fresh, null, 2)}\n`;
  const stored = parseSecrets(await createFileOnce(file, content, 0o600));
  if (stored) return stored;
  await writeFileAtomic(file, content, 0o600);
  return fresh;
}

/** The built-in demo seed (no connected organizations). */
export function demoSeed(secrets: Record<string, string>): Required<SeedData> {
  const copy = <T>(value: T): T => structuredClone(value);
  return {
    homeTenant: copy(DEMO_TENANTS.home),
    tenants: [copy(DEMO_TENANTS.contoso), copy(DEMO_TENANTS.fabrikam)],
    apps: Object.values(DEMO_APPS).map((app) => ({
      ...copy(app),
      secrets: [secrets[app.clientId]],
    })),
    users: Object.values(DEMO_USERS).map(copy),
    groups: Object.values(DEMO_GROUPS).map(copy),
    resources: [DEMO_API_RESOURCE],
    connectedOrganizations: [],
  };
}

/** Seed lists that are present replace the base's; absent ones are kept. */
export function mergeSeed(base: Required<SeedData>, update: SeedData): Required<SeedData> {
  return {
    homeTenant: structuredClone(update.homeTenant ?? base.homeTenant),
    tenants: structuredClone(update.tenants ?? base.tenants),
    apps: structuredClone(update.apps ?? base.apps),
    users: structuredClone(update.users ?? base.users),
    groups: structuredClone(update.groups ?? base.groups),
    resources: structuredClone(update.resources ?? base.resources),
    connectedOrganizations: structuredClone(
      update.connectedOrganizations ?? base.connectedOrganizations,
    ),
  };
}

export async function readSeedFile(file: string): Promise<SeedData> {
  const parsed = JSON.parse(await fs.readFile(file, "utf8")) as unknown;
  return validateSeed(parsed);
}

function fail(message: string): never {
  throw new Error(`invalid seed: ${message}`);
}

function checkTenant(value: unknown, where: string): void {
  if (!isRecord(value)) fail(`${where} must be an object`);
  if (typeof value.id !== "string") fail(`${where}.id must be a string`);
  if (typeof value.displayName !== "string") fail(`${where}.displayName must be a string`);
  if (typeof value.defaultDomainName !== "string") {
    fail(`${where}.defaultDomainName must be a string`);
  }
  if (!Array.isArray(value.domains) || !value.domains.every((d) => typeof d === "string")) {
    fail(`${where}.domains must be a list of strings`);
  }
}

function checkList(
  value: unknown,
  where: string,
  check: (item: unknown, at: string) => void,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(`${where} must be a list`);
  value.forEach((item, index) => check(item, `${where}[${index}]`));
}

/** Checks the shape of seed data from JSON (a file or the control API). */
export function validateSeed(value: unknown): SeedData {
  if (!isRecord(value)) fail("the seed must be a JSON object");
  if (value.homeTenant !== undefined) checkTenant(value.homeTenant, "homeTenant");
  checkList(value.tenants, "tenants", checkTenant);
  checkList(value.apps, "apps", (app, at) => {
    if (!isRecord(app) || typeof app.clientId !== "string") fail(`${at}.clientId must be a string`);
    if (!Array.isArray(app.roles) || !app.roles.every((r) => typeof r === "string")) {
      fail(`${at}.roles must be a list of strings`);
    }
  });
  checkList(value.users, "users", (user, at) => {
    if (!isRecord(user) || typeof user.id !== "string" || typeof user.displayName !== "string") {
      fail(`${at} needs id and displayName`);
    }
  });
  checkList(value.groups, "groups", (group, at) => {
    if (!isRecord(group) || typeof group.id !== "string" || typeof group.displayName !== "string") {
      fail(`${at} needs id and displayName`);
    }
  });
  checkList(value.resources, "resources", (resource, at) => {
    if (typeof resource !== "string") fail(`${at} must be a string`);
  });
  checkList(value.connectedOrganizations, "connectedOrganizations", (org, at) => {
    if (!isRecord(org) || typeof org.displayName !== "string")
      fail(`${at}.displayName is required`);
  });
  return value as SeedData;
}

import { guidFromName } from "./ids";
import type { SeedApp, SeedData, SeedGroup, SeedTenant, SeedUser } from "../types";

export type DirectoryObject =
  { type: "user"; user: SeedUser } | { type: "group"; group: SeedGroup };

/** The tenants, apps, users and groups the emulator knows, with the lookups handlers need. */
export class Directory {
  readonly homeTenant: SeedTenant;
  readonly tenants: SeedTenant[];
  readonly apps: SeedApp[];
  /** Non-Graph resources tokens may be issued for. */
  readonly resources: string[];
  private readonly users = new Map<string, SeedUser>();
  private readonly groups = new Map<string, SeedGroup>();

  constructor(seed: Required<SeedData>) {
    this.homeTenant = seed.homeTenant;
    this.tenants = [seed.homeTenant, ...seed.tenants];
    this.apps = seed.apps;
    this.resources = seed.resources;
    for (const user of seed.users) this.users.set(user.id.toLowerCase(), user);
    for (const group of seed.groups) this.groups.set(group.id.toLowerCase(), group);
  }

  tenantById(id: string): SeedTenant | undefined {
    return this.tenants.find((tenant) => tenant.id.toLowerCase() === id.toLowerCase());
  }

  tenantByDomain(domain: string): SeedTenant | undefined {
    const wanted = domain.toLowerCase();
    return this.tenants.find((tenant) =>
      [tenant.defaultDomainName, ...tenant.domains].some((d) => d.toLowerCase() === wanted),
    );
  }

  /** A tenant named by GUID or by one of its domains, as in an authority URL. */
  tenantByIdOrDomain(value: string): SeedTenant | undefined {
    return this.tenantById(value) ?? this.tenantByDomain(value);
  }

  app(clientId: string): SeedApp | undefined {
    return this.apps.find((app) => app.clientId.toLowerCase() === clientId.toLowerCase());
  }

  directoryObject(id: string): DirectoryObject | undefined {
    const user = this.users.get(id.toLowerCase());
    if (user) return { type: "user", user };
    const group = this.groups.get(id.toLowerCase());
    if (group) return { type: "group", group };
    return undefined;
  }
}

export function servicePrincipalId(app: SeedApp): string {
  return app.servicePrincipalId ?? guidFromName(`service-principal:${app.clientId}`);
}

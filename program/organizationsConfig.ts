import type { ConnectedOrganizationArgs } from "pulumi-entra-connected-organizations";

/** One entry of the `organizations` list in `Pulumi.<stack>.yaml`. */
export interface OrganizationEntry extends ConnectedOrganizationArgs {
  /** The Pulumi resource name: stable, unique in the stack. Renaming it replaces the organization. */
  name: string;
}

/** Reads the list and fails with the entry and field at fault. */
export function parseOrganizations(value: unknown): OrganizationEntry[] {
  if (!Array.isArray(value)) {
    throw new Error("config organizations: must be a list of organizations");
  }
  const names = new Set<string>();
  return value.map((entry, i) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      throw new Error(
        `config organizations[${i}]: must be a mapping with name, displayName and identitySources`,
      );
    }
    const name = (entry as { name?: unknown }).name;
    if (typeof name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      throw new Error(
        `config organizations[${i}].name: must be a resource name of letters, digits, ".", "_" or "-" (got ${JSON.stringify(name)})`,
      );
    }
    if (names.has(name)) {
      throw new Error(
        `config organizations[${i}].name: "${name}" is used twice; names must be unique`,
      );
    }
    names.add(name);
    return entry as OrganizationEntry;
  });
}

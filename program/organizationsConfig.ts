import type { ConnectedOrganizationArgs } from "pulumi-entra-connected-organizations";

/** One entry of the `organizations` list in `Pulumi.<stack>.yaml`. */
export interface OrganizationEntry extends ConnectedOrganizationArgs {
  /** The Pulumi resource name: stable, unique in the stack. */
  name: string;
  /**
   * Names this entry had before: renaming an entry keeps its organization (no replace) when the
   * old name is listed here. They become the resource's `aliases`.
   */
  previousNames?: string[];
  /** When true, removing the entry or destroying the stack leaves the organization in Graph. */
  retainOnDelete?: boolean;
}

const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_RULE = 'a resource name of letters, digits, ".", "_" or "-"';

/** Reads the list and fails with the entry and field at fault. */
export function parseOrganizations(value: unknown): OrganizationEntry[] {
  if (!Array.isArray(value)) {
    throw new Error("config organizations: must be a list of organizations");
  }
  const names = new Map<string, string>();
  const adopted = new Map<string, string>();
  const claim = (name: string, where: string) => {
    const holder = names.get(name);
    if (holder !== undefined) {
      throw new Error(
        `config ${where}: "${name}" is already used by ${holder}; names and previous names must be unique`,
      );
    }
    names.set(name, where);
  };
  return value.map((entry, i) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      throw new Error(
        `config organizations[${i}]: must be a mapping with name, displayName and identitySources`,
      );
    }
    const { name, previousNames, retainOnDelete, adoptId } = entry as Record<string, unknown>;
    if (typeof name !== "string" || !RESOURCE_NAME.test(name)) {
      throw new Error(
        `config organizations[${i}].name: must be ${NAME_RULE} (got ${JSON.stringify(name)})`,
      );
    }
    claim(name, `organizations[${i}].name`);
    if (previousNames !== undefined) {
      if (!Array.isArray(previousNames)) {
        throw new Error(
          `config organizations[${i}].previousNames: must be a list of the names this entry had before (got ${JSON.stringify(previousNames)})`,
        );
      }
      previousNames.forEach((previous, j) => {
        const where = `organizations[${i}].previousNames[${j}]`;
        if (typeof previous !== "string" || !RESOURCE_NAME.test(previous)) {
          throw new Error(
            `config ${where}: must be ${NAME_RULE} (got ${JSON.stringify(previous)})`,
          );
        }
        claim(previous, where);
      });
    }
    if (retainOnDelete !== undefined && typeof retainOnDelete !== "boolean") {
      throw new Error(
        `config organizations[${i}].retainOnDelete: must be true or false (got ${JSON.stringify(retainOnDelete)})`,
      );
    }
    if (typeof adoptId === "string") {
      const holder = adopted.get(adoptId.toLowerCase());
      if (holder !== undefined) {
        throw new Error(
          `config organizations[${i}].adoptId: ${adoptId} is already adopted by ${holder}; one organization can be managed by one entry only`,
        );
      }
      adopted.set(adoptId.toLowerCase(), `organizations[${i}]`);
    }
    return entry as OrganizationEntry;
  });
}

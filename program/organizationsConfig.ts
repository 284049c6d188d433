import * as pulumi from "@pulumi/pulumi";
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

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_RULE =
  'a resource name of letters, digits, ".", "_" or "-", starting with a letter or digit';
const ENTRY =
  "a mapping with name, displayName and identitySources (and optionally description, state, internalSponsors, externalSponsors, adoptId, previousNames, retainOnDelete)";

/**
 * Reads the list from the text of stack config key `key` (undefined when it is not set). Every
 * problem is a RunError, which the engine prints as its one-line message, without a stack trace;
 * the fields of each entry are checked by the provider, which names the entry by its name.
 */
export function parseOrganizations(text: string | undefined, key: string): OrganizationEntry[] {
  if (text === undefined) {
    return failAt(
      `stack config ${key}`,
      `not set; list the organizations under it in Pulumi.<stack>.yaml, each ${ENTRY}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  return organizationsIn(value, key, "stack config");
}

/**
 * Checks a list of organizations read from `where` (a config key or a file), and returns its
 * entries. Errors start with `source` and name the entry as `where[i]`.
 */
export function organizationsIn(
  value: unknown,
  where: string,
  source: "stack config" | "organizations file",
): OrganizationEntry[] {
  const fail = (at: string, problem: string): never => failAt(`${source} ${at}`, problem);
  if (!Array.isArray(value)) {
    return fail(where, `must be a list of organizations, each ${ENTRY} (got ${describe(value)})`);
  }
  const names = new Map<string, string>();
  const adopted = new Map<string, string>();
  const claim = (name: string, where: string) => {
    const holder = names.get(name);
    if (holder !== undefined) {
      fail(
        where,
        `"${name}" is already used by ${holder}; names and previous names must be unique`,
      );
    }
    names.set(name, where);
  };
  return value.map((entry: unknown, i) => {
    const at = `${where}[${i}]`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      return fail(at, `must be ${ENTRY} (got ${describe(entry)})`);
    }
    const { name, previousNames, retainOnDelete, adoptId } = entry as Record<string, unknown>;
    if (typeof name !== "string" || !NAME.test(name)) {
      const misspelt = Object.keys(entry).find((k) => k !== "name" && /^\s*name\s*$/i.test(k));
      const hint =
        misspelt === undefined ? "" : `; the key is spelt "name", not ${describe(misspelt)}`;
      return fail(`${at}.name`, `must be ${NAME_RULE} (got ${describe(name)})${hint}`);
    }
    claim(name, `${at}.name`);
    if (previousNames !== undefined) {
      if (!Array.isArray(previousNames)) {
        fail(
          `${at}.previousNames`,
          `must be a list of the names this entry had before (got ${describe(previousNames)})`,
        );
      }
      (previousNames as unknown[]).forEach((previous, j) => {
        const where = `${at}.previousNames[${j}]`;
        if (typeof previous !== "string" || !NAME.test(previous)) {
          fail(where, `must be ${NAME_RULE} (got ${describe(previous)})`);
        }
        claim(previous as string, where);
      });
    }
    if (retainOnDelete !== undefined && typeof retainOnDelete !== "boolean") {
      fail(`${at}.retainOnDelete`, `must be true or false (got ${describe(retainOnDelete)})`);
    }
    if (typeof adoptId === "string") {
      const holder = adopted.get(adoptId.toLowerCase());
      if (holder !== undefined) {
        fail(
          `${at}.adoptId`,
          `${adoptId} is already adopted by ${holder}; one organization can be managed by one entry only`,
        );
      }
      adopted.set(adoptId.toLowerCase(), at);
    }
    return entry as OrganizationEntry;
  });
}

function failAt(at: string, problem: string): never {
  throw new pulumi.RunError(`${at}: ${problem}`);
}

/** A value as it reads in an error: JSON on one line, shortened. */
function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

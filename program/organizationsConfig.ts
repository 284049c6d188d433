import * as pulumi from "@pulumi/pulumi";
import type { ConnectedOrganizationArgs } from "pulumi-entra-connected-organizations";

/** One entry of the `organizations` list in `Pulumi.<stack>.yaml`. */
export interface OrganizationEntry extends ConnectedOrganizationArgs {
  /** The Pulumi resource name: stable, unique in the stack. Renaming it replaces the organization. */
  name: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ENTRY =
  "a mapping with name, displayName and identitySources (and optionally description, state, internalSponsors, externalSponsors)";

/**
 * Reads the list from the text of stack config key `key` (undefined when it is not set). Every
 * problem is a RunError, which the engine prints as its one-line message, without a stack trace;
 * the fields of each entry are checked by the provider, which names the entry by its name.
 */
export function parseOrganizations(text: string | undefined, key: string): OrganizationEntry[] {
  const fail = (at: string, problem: string): never => {
    throw new pulumi.RunError(`stack config ${at}: ${problem}`);
  };
  if (text === undefined) {
    return fail(
      key,
      `not set; list the organizations under it in Pulumi.<stack>.yaml, each ${ENTRY}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  if (!Array.isArray(value)) {
    return fail(key, `must be a list of organizations, each ${ENTRY} (got ${describe(value)})`);
  }
  const names = new Set<string>();
  return value.map((entry: unknown, i) => {
    const at = `${key}[${i}]`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      return fail(at, `must be ${ENTRY} (got ${describe(entry)})`);
    }
    const name = (entry as { name?: unknown }).name;
    if (typeof name !== "string" || !NAME.test(name)) {
      const misspelt = Object.keys(entry).find((k) => k !== "name" && /^\s*name\s*$/i.test(k));
      const hint =
        misspelt === undefined ? "" : `; the key is spelt "name", not ${describe(misspelt)}`;
      return fail(
        `${at}.name`,
        `must be a resource name of letters, digits, ".", "_" or "-", starting with a letter or digit (got ${describe(name)})${hint}`,
      );
    }
    if (names.has(name)) {
      return fail(`${at}.name`, `"${name}" is used twice; names must be unique`);
    }
    names.add(name);
    return entry as OrganizationEntry;
  });
}

/** A value as it reads in an error: JSON on one line, shortened. */
function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

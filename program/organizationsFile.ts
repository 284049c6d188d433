import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { OrganizationEntry, organizationsIn, parseOrganizations } from "./organizationsConfig";

/** The part of `pulumi.Config` read here. */
export interface ConfigLookup {
  name: string;
  get(key: string): string | undefined;
}

/**
 * The organizations of the stack: the `organizations` list in `Pulumi.<stack>.yaml`, or the YAML
 * or JSON file that `organizationsFile` names (relative to the project directory). A file suits a
 * long list: the engine hands all stack config to the program in one environment variable, which
 * Linux caps at 128 KiB, about a thousand organizations.
 */
export function loadOrganizations(config: ConfigLookup): OrganizationEntry[] {
  const listKey = `${config.name}:organizations`;
  const fileKey = `${config.name}:organizationsFile`;
  const file = config.get("organizationsFile");
  const list = config.get("organizations");
  if (file === undefined) return parseOrganizations(list, listKey);
  if (list !== undefined) {
    throw new pulumi.RunError(
      `stack config ${listKey} and ${fileKey} are both set; keep the organizations in one of them`,
    );
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new pulumi.RunError(
      `stack config ${fileKey}: cannot read "${file}" (${reason}); give a path relative to the project directory, ${process.cwd()}`,
    );
  }
  const json = file.toLowerCase().endsWith(".json");
  let value: unknown;
  try {
    value = json ? JSON.parse(text) : parseYamlOrJson(text);
  } catch (error) {
    const kind = json ? "JSON" : "YAML or JSON";
    throw new pulumi.RunError(
      `organizations file ${file}: not ${kind}: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  return organizationsIn(value, file, "organizations file");
}

/**
 * JSON is YAML too, but JSON.parse reads a long list some 25 times faster than the YAML parser,
 * which is loaded (80 ms) only for a file that is not JSON.
 */
function parseYamlOrJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require("yaml") as typeof import("yaml");
    return parse(text);
  }
}

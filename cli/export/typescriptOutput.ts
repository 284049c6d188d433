import type { OrganizationEntry } from "./organizationEntries";
import type { ExportSource } from "./yamlOutput";

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with yield let static implements interface package private " +
    "protected public await arguments eval undefined ids pulumi ConnectedOrganization"
  ).split(" "),
);

/** A program of `new ConnectedOrganization(...)` calls, one per entry, exporting their ids. */
export function typescriptOutput(
  entries: readonly OrganizationEntry[],
  source: ExportSource,
): string {
  const variables = variableNames(entries.map((entry) => entry.name));
  const lines = [
    `// ${entries.length} connected organizations of ${source.graphEndpoint} (${source.apiVersion}), written by`,
    "// `pulumi-entra-connected-organizations export --format typescript`. `pulumi up` adopts each",
    "// existing organization through its adoptId, changing nothing; once adopted, the adoptId lines",
    "// may be removed.",
    'import { ConnectedOrganization } from "pulumi-entra-connected-organizations";',
    "",
  ];
  entries.forEach((entry, i) => {
    const { name, ...args } = entry;
    lines.push(
      `const ${variables[i]} = new ConnectedOrganization(${literal(name)}, ${literal(args, "")});`,
      "",
    );
  });
  lines.push("/** Graph object id of each organization, by resource name. */");
  lines.push("export const ids = {");
  entries.forEach((entry, i) => lines.push(`  ${key(entry.name)}: ${variables[i]}.id,`));
  lines.push("};", "");
  return lines.join("\n");
}

/** A TypeScript literal of a JSON value, one property per line. */
function literal(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === "string")) {
      return `[${value.map((item) => literal(item)).join(", ")}]`;
    }
    return `[${value.map((item) => literal(item, indent)).join(", ")}]`;
  }
  if (value !== null && typeof value === "object") {
    const fields = Object.entries(value);
    const flat = fields.every(([, field]) => typeof field === "string");
    if (flat && indent !== "") {
      return `{ ${fields.map(([k, field]) => `${key(k)}: ${literal(field)}`).join(", ")} }`;
    }
    const inner = `${indent}  `;
    const body = fields.map(([k, field]) => `${inner}${key(k)}: ${literal(field, inner)},`);
    return `{\n${body.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** camelCase identifiers for resource names, unique and never a reserved word. */
function variableNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let base = name.replace(/[-._]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
    base = base.replace(/[^\w$]/g, "");
    if (!/^[A-Za-z_$]/.test(base)) base = `org${base.charAt(0).toUpperCase()}${base.slice(1)}`;
    if (RESERVED.has(base)) base = `${base}Organization`;
    let variable = base;
    for (let n = 2; used.has(variable); n++) variable = `${base}${n}`;
    used.add(variable);
    return variable;
  });
}

import { stringify } from "yaml";
import type { OrganizationEntry } from "./organizationEntries";

/** Where the output came from, for its heading. */
export interface ExportSource {
  graphEndpoint: string;
  apiVersion: string;
}

/**
 * Entries of the root program's `organizations` list, to paste under
 * `connected-organizations:organizations:` in `Pulumi.<stack>.yaml`.
 */
export function yamlOutput(entries: readonly OrganizationEntry[], source: ExportSource): string {
  const heading = [
    `# ${entries.length} connected organizations of ${source.graphEndpoint} (${source.apiVersion}), written by`,
    "# `pulumi-entra-connected-organizations export`. Paste under `connected-organizations:organizations:`",
    "# in Pulumi.<stack>.yaml (indented below it) and run `pulumi up`: each adoptId takes over the",
    "# existing organization, changing nothing. Once adopted, the adoptId lines may be removed.",
  ].join("\n");
  if (entries.length === 0) return `${heading}\n[]\n`;
  return `${heading}\n${stringify(entries, { lineWidth: 0 })}`;
}

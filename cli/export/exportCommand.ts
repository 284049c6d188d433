import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { createCredential } from "../../provider/auth/credentials";
import { resolveSettings } from "../../provider/auth/settings";
import { shareTokens } from "../../provider/auth/sharedToken";
import { ConnectedOrganizationsApi } from "../../provider/graph/connectedOrganizationsApi";
import { createGraphClient } from "../../provider/graph/graphClient";
import { ProviderError } from "../../provider/providerError";
import { organizationEntries } from "./organizationEntries";
import { Progress } from "./progress";
import { configFromFlags, settingOptions, settingsHelp } from "./settingFlags";
import { readTenantOrganizations } from "./tenantOrganizations";
import { typescriptOutput } from "./typescriptOutput";
import { yamlOutput } from "./yamlOutput";

const FORMATS = ["yaml", "typescript"] as const;

export const EXPORT_USAGE = `Usage: pulumi-entra-connected-organizations export [options]

Lists every connected organization of the tenant (all pages, with their sponsors) and writes them
as code that adopts them: each with its Graph id as adoptId, so \`pulumi up\` takes them over
without creating, deleting or changing anything.

Options:
  --format yaml|typescript  yaml (default): entries to paste under
                            connected-organizations:organizations in Pulumi.<stack>.yaml;
                            typescript: a program of new ConnectedOrganization(...) calls
  --output <file>           write there instead of to stdout
  --help                    this text

Signing in, exactly as the provider does: each setting from its flag, else from the environment
variables listed (the first set wins). Flags take the place of stack config: when a flag sets a
way to sign in, the environment's are ignored.
${settingsHelp()}

Progress and counts go to stderr. Exit status: 0 written, 1 failed (settings, sign-in or Graph;
the message says which), 2 bad command line.`;

/** A command-line mistake: the usage follows the message. */
export class UsageError extends Error {}

export async function runExport(args: string[]): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        format: { type: "string", default: "yaml" },
        output: { type: "string" },
        help: { type: "boolean", default: false },
        ...settingOptions(),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${EXPORT_USAGE}\n`);
    return;
  }
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format is "${format}"; allowed: ${FORMATS.join(", ")}`);
  }
  if (values.output === "") throw new UsageError("--output needs a file name");

  const settings = resolveSettings(configFromFlags(values), process.env);
  const client = createGraphClient(settings, shareTokens(createCredential(settings)));
  const progress = new Progress();
  const organizations = await readTenantOrganizations(
    new ConnectedOrganizationsApi(client),
    progress,
  );
  const { entries, skipped } = organizationEntries(organizations);
  const source = { graphEndpoint: settings.graphEndpoint, apiVersion: settings.apiVersion };
  const text = format === "yaml" ? yamlOutput(entries, source) : typescriptOutput(entries, source);
  if (typeof values.output === "string") {
    fs.writeFileSync(values.output, text);
  } else {
    process.stdout.write(text);
  }
  for (const org of skipped) {
    progress.say(`skipped "${org.displayName}" (${org.id}): ${org.reason}`);
  }
  const proposed = entries.filter((entry) => entry.state === "proposed").length;
  const sponsored = entries.filter((e) => e.internalSponsors || e.externalSponsors).length;
  progress.say(
    `exported ${entries.length} connected organizations (${proposed} proposed, ${sponsored} with sponsors, ${skipped.length} skipped) as ${format}${typeof values.output === "string" ? ` to ${values.output}` : ""}`,
  );
}

/** How a failure is shown: the provider's own message for settings and Graph errors. */
export function describeFailure(error: unknown): string {
  if (error instanceof ProviderError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

import * as pulumi from "@pulumi/pulumi";
import { ConnectedOrganization } from "pulumi-entra-connected-organizations";
import { parseOrganizations } from "./organizationsConfig";

// Each entry of `organizations` in Pulumi.<stack>.yaml becomes one connected organization, so a
// platform team manages its partners by editing YAML alone. The provider's check validates each
// field and names the one at fault.
const config = new pulumi.Config();
const entries = parseOrganizations(config.get("organizations"), config.name + ":organizations");

/** Graph object id of each organization, by its name in the list. */
export const ids: Record<string, pulumi.Output<string>> = Object.fromEntries(
  entries.map(({ name, previousNames, retainOnDelete, ...args }) => [
    name,
    new ConnectedOrganization(name, args, {
      aliases: (previousNames ?? []).map((previous) => ({ name: previous })),
      retainOnDelete: retainOnDelete ?? false,
    }).id,
  ]),
);

import * as pulumi from "@pulumi/pulumi";
import { ConnectedOrganization } from "pulumi-entra-connected-organizations";
import { loadOrganizations } from "./organizationsFile";

// Each entry of `organizations` in Pulumi.<stack>.yaml (or of the file `organizationsFile` names)
// becomes one connected organization, so a platform team manages its partners by editing YAML
// alone. The provider's check validates each field and names the one at fault.
const entries = loadOrganizations(new pulumi.Config());

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

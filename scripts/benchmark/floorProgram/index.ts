import * as pulumi from "@pulumi/pulumi";
import { FloorOrganization } from "./floorOrganization";

// The root program with the package's resource swapped for the floor's: same config, same names.
const entries = new pulumi.Config().requireObject<{ name: string }[]>("organizations");

export const ids: Record<string, pulumi.Output<string>> = Object.fromEntries(
  entries.map(({ name, ...args }) => [name, new FloorOrganization(name, args).id]),
);

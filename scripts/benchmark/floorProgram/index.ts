import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { FloorOrganization } from "./floorOrganization";

// The root program with the package's resource swapped for the floor's: same file, same names.
const file = new pulumi.Config().require("organizationsFile");
const entries = JSON.parse(fs.readFileSync(file, "utf8")) as { name: string }[];

export const ids: Record<string, pulumi.Output<string>> = Object.fromEntries(
  entries.map(({ name, ...args }) => [name, new FloorOrganization(name, args).id]),
);

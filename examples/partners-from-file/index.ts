import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConnectedOrganization, IdentitySourceArgs } from "pulumi-entra-connected-organizations";

/** One row of partners.json, in the words of the team that owns the file. */
interface Partner {
  key: string;
  name: string;
  purpose?: string;
  domain?: string;
  tenantId?: string;
  approved: boolean;
}

const file = new pulumi.Config().get("partnersFile") ?? path.join(__dirname, "partners.json");
const partners = JSON.parse(fs.readFileSync(file, "utf8")) as Partner[];

function identitySource(partner: Partner): IdentitySourceArgs {
  if (partner.tenantId) return { tenantId: partner.tenantId };
  if (partner.domain) return { domainName: partner.domain };
  throw new Error(`${file}: partner "${partner.key}" needs a domain or a tenantId`);
}

/** Graph object id of each partner, by key. */
export const ids = Object.fromEntries(
  partners.map((partner) => [
    partner.key,
    new ConnectedOrganization(partner.key, {
      displayName: partner.name,
      description: partner.purpose,
      identitySources: [identitySource(partner)],
      // Approved partners are in scope of policies for "all configured connected organizations".
      state: partner.approved ? "configured" : "proposed",
    }).id,
  ]),
);

import { RunningEmulator } from "../../emulator";
import { DEMO_GROUPS, DEMO_USERS } from "../../emulator/server/seed";
import { CONNECTED_ORGANIZATIONS, adminGraphClient } from "./emulator";

const TYPE = "#microsoft.graph.";

/** A tenant id made from a number, so the seed is the same on every run. */
function tenantId(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `2c0f6d1e-8b3a-4c5d-9e7f-${hex}`;
}

/** The identity sources of the i-th organization: every kind the resource can declare, in turn. */
function identitySource(i: number): Record<string, string> {
  switch (i % 5) {
    case 0:
      return {
        "@odata.type": `${TYPE}domainIdentitySource`,
        domainName: `partner${i}.example`,
        displayName: `partner${i}.example`,
      };
    case 1:
      return { "@odata.type": `${TYPE}azureActiveDirectoryTenant`, tenantId: tenantId(i) };
    case 2:
      return {
        "@odata.type": `${TYPE}externalDomainFederation`,
        domainName: `federated${i}.example`,
        issuerUri: `https://idp.federated${i}.example/saml`,
        displayName: `federated${i}.example`,
      };
    case 3:
      return {
        "@odata.type": `${TYPE}crossCloudAzureActiveDirectoryTenant`,
        tenantId: tenantId(i),
        cloudInstance: i % 2 === 0 ? "microsoftonline.us" : "partner.microsoftonline.cn",
      };
    default:
      // A domain owned by a tenant: Graph stores the tenant.
      return {
        "@odata.type": `${TYPE}domainIdentitySource`,
        domainName: i % 2 === 0 ? "contoso.com" : "fabrikam.com",
        displayName: "",
      };
  }
}

const NAMES = [
  "Société Générale Partner",
  "Contoso",
  "Contoso",
  "Ünited Logistics",
  "A&B Consulting",
];

/**
 * Creates `count` connected organizations through Graph, as an administrator or a script would
 * before Pulumi: every identity source kind, some proposed, some with a description, some with
 * internal and external sponsors (users and groups), and a few display names that collide.
 */
export async function createExistingOrganizations(
  emulator: RunningEmulator,
  count: number,
): Promise<string[]> {
  const admin = adminGraphClient(emulator);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await admin.api(CONNECTED_ORGANIZATIONS).post({
      displayName: NAMES[i] ?? `Partner ${String(i).padStart(2, "0")}`,
      ...(i % 4 === 0 ? {} : { description: `Partner number ${i}` }),
      state: i % 3 === 0 ? "proposed" : "configured",
      identitySources: [identitySource(i)],
    });
    const sponsor = async (kind: string, objectId: string) =>
      admin
        .api(`${CONNECTED_ORGANIZATIONS}/${id}/${kind}/$ref`)
        .post({ "@odata.id": `${emulator.graphUrl}/beta/directoryObjects/${objectId}` });
    if (i % 3 === 1) await sponsor("internalSponsors", DEMO_USERS.adele.id);
    if (i % 6 === 1) await sponsor("internalSponsors", DEMO_GROUPS.procurement.id);
    if (i % 4 === 2) await sponsor("externalSponsors", DEMO_USERS.lee.id);
    ids.push(id);
  }
  return ids;
}

"use strict";
// The soak's own view of Graph, as an administrator in the portal would have it.
const { adminGraphClient } = require("../engine/adminGraphClient");

const PATH = "/identityGovernance/entitlementManagement/connectedOrganizations";

async function all(client, first) {
  let page = await first;
  const found = [...page.value];
  while (page["@odata.nextLink"]) {
    page = await client.api(page["@odata.nextLink"]).get();
    found.push(...page.value);
  }
  return found;
}

/** Every connected organization, with its internal sponsors' ids. */
async function listOrganizations(client) {
  const orgs = await all(client, client.api(PATH).get());
  for (const org of orgs) {
    const sponsors = await all(
      client,
      client.api(`${PATH}/${org.id}/internalSponsors`).select("id").get(),
    );
    org.internalSponsors = sponsors.map((s) => s.id);
  }
  return orgs;
}

function editOrganization(client, id, patch) {
  return client.api(`${PATH}/${id}`).patch(patch);
}

module.exports = { adminGraphClient, listOrganizations, editOrganization };

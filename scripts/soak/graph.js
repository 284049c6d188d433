"use strict";
// The soak's own view of Graph, as an administrator in the portal would have it.
const { ClientSecretCredential } = require("@azure/identity");
const { Client } = require("@microsoft/microsoft-graph-client");
const {
  TokenCredentialAuthenticationProvider,
} = require("@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials");

const PATH = "/identityGovernance/entitlementManagement/connectedOrganizations";

function adminClient(emulator) {
  const credential = new ClientSecretCredential(
    emulator.tenantId,
    emulator.clientId,
    emulator.clientSecret,
    {
      authorityHost: emulator.authorityHost,
      disableInstanceDiscovery: true,
    },
  );
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, {
      scopes: [`${emulator.graphUrl}/.default`],
    }),
    baseUrl: emulator.graphUrl,
    defaultVersion: "v1.0",
    customHosts: new Set([new URL(emulator.graphUrl).hostname]),
  });
}

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

module.exports = { adminClient, listOrganizations, editOrganization };

"use strict";
// A Graph client acting behind Pulumi's back, as an administrator in the portal would: the tests
// and the soak use it to seed, change and inspect what the emulator holds.
const { ClientSecretCredential } = require("@azure/identity");
const { Client } = require("@microsoft/microsoft-graph-client");
const {
  TokenCredentialAuthenticationProvider,
} = require("@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials");

function adminGraphClient(emulator, version = "beta") {
  const credential = new ClientSecretCredential(
    emulator.tenantId,
    emulator.clientId,
    emulator.clientSecret,
    { authorityHost: emulator.authorityHost, disableInstanceDiscovery: true },
  );
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, {
      scopes: [`${emulator.graphUrl}/.default`],
    }),
    baseUrl: emulator.graphUrl,
    defaultVersion: version,
    customHosts: new Set([new URL(emulator.graphUrl).hostname]),
  });
}

module.exports = { adminGraphClient };

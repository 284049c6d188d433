"use strict";
// Signs in and lists connected organizations with nothing but the environment, through the
// provider's own settings, credential and Graph client (built, from dist/). Prints what it got
// as JSON: the settings it resolved, the access token, and how many organizations Graph holds.
const { resolveSettings } = require("../../dist/provider/auth/settings");
const { createCredential } = require("../../dist/provider/auth/credentials");
const { graphScope } = require("../../dist/provider/auth/clouds");
const { createGraphClient } = require("../../dist/provider/graph/graphClient");

const CONNECTED_ORGANIZATIONS = "/identityGovernance/entitlementManagement/connectedOrganizations";

async function main() {
  const settings = resolveSettings(() => undefined, process.env);
  const credential = createCredential(settings);
  const token = await credential.getToken(graphScope(settings.graphAudience));
  const listed = await createGraphClient(settings, credential).api(CONNECTED_ORGANIZATIONS).get();
  process.stdout.write(
    JSON.stringify({
      graphEndpoint: settings.graphEndpoint,
      authorityHost: settings.authorityHost,
      credential: settings.credential.kind,
      tenantId: settings.credential.tenantId,
      accessToken: token.token,
      organizations: listed.value.length,
    }),
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

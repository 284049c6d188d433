import { resolveSettings } from "../../../provider/auth/settings";
import { CLOUDS, findCloud, graphScope } from "../../../provider/auth/clouds";
import { directoryObjectReference } from "../../../provider/resource/sponsors";

const TENANT = "11111111-1111-1111-1111-111111111111";
const CLIENT = "22222222-2222-2222-2222-222222222222";

function settingsFrom(config: Record<string, string>, env: Record<string, string> = {}) {
  return resolveSettings((key) => config[key], env);
}

describe("clouds", () => {
  it.each([
    ["public", "https://graph.microsoft.com", "https://login.microsoftonline.com"],
    ["global", "https://graph.microsoft.com", "https://login.microsoftonline.com"],
    ["usgovernmentl4", "https://graph.microsoft.us", "https://login.microsoftonline.us"],
    ["USGovernment", "https://graph.microsoft.us", "https://login.microsoftonline.us"],
    ["usgovernmentl5", "https://dod-graph.microsoft.us", "https://login.microsoftonline.us"],
    ["dod", "https://dod-graph.microsoft.us", "https://login.microsoftonline.us"],
    [
      "china",
      "https://microsoftgraph.chinacloudapi.cn",
      "https://login.partner.microsoftonline.cn",
    ],
    [
      "AzureChinaCloud",
      "https://microsoftgraph.chinacloudapi.cn",
      "https://login.partner.microsoftonline.cn",
    ],
  ])("maps %s to its Graph and authority hosts", (name, graph, authority) => {
    expect(findCloud(name)).toMatchObject({ graphEndpoint: graph, authorityHost: authority });
  });

  it("derives the token scope from the Graph host", () => {
    expect(graphScope(CLOUDS.usgovernmentl5.graphEndpoint)).toBe(
      "https://dod-graph.microsoft.us/.default",
    );
    expect(graphScope("https://127.0.0.1:8443")).toBe("https://127.0.0.1:8443/.default");
  });

  it("follows the chosen cloud unless an endpoint is overridden", () => {
    const china = settingsFrom({ "entra:environment": "china" });
    expect(china).toMatchObject({
      cloud: "china",
      graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
      authorityHost: "https://login.partner.microsoftonline.cn",
      customAuthority: false,
    });
    const emulated = settingsFrom({
      "entra:graphEndpoint": "https://127.0.0.1:8443/",
      "entra:authorityHost": "https://127.0.0.1:8443",
    });
    expect(emulated).toMatchObject({
      cloud: "custom",
      graphEndpoint: "https://127.0.0.1:8443",
      customAuthority: true,
    });
  });
});

describe("resolveSettings", () => {
  it("defaults to the public cloud, beta, and the default credential chain", () => {
    expect(settingsFrom({})).toMatchObject({
      cloud: "public",
      apiVersion: "beta",
      credential: { kind: "default" },
      retryDeadlineSeconds: 900,
    });
  });

  it("prefers stack config to ARM_* and ARM_* to AZURE_*", () => {
    const settings = settingsFrom(
      { "entra:tenantId": TENANT },
      {
        ARM_TENANT_ID: "arm",
        AZURE_TENANT_ID: "azure",
        ARM_CLIENT_ID: CLIENT,
        AZURE_CLIENT_ID: "x",
        AZURE_CLIENT_SECRET: "s",
      },
    );
    expect(settings.credential).toEqual({
      kind: "clientSecret",
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: "s",
    });
  });

  it("takes credential settings from stack config alone when it sets any", () => {
    const settings = settingsFrom(
      {
        "entra:tenantId": TENANT,
        "entra:clientId": CLIENT,
        "entra:clientCertificatePath": "/c.pem",
      },
      { AZURE_CLIENT_SECRET: "left over in the shell" },
    );
    expect(settings.credential).toEqual({
      kind: "clientCertificate",
      tenantId: TENANT,
      clientId: CLIENT,
      certificatePath: "/c.pem",
    });
  });

  it("finds the federated token in a file, a value, or GitHub Actions' token endpoint", () => {
    const ids = { ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_USE_OIDC: "true" };
    expect(settingsFrom({}, { ...ids, ARM_OIDC_TOKEN_FILE_PATH: "/t" }).credential).toMatchObject({
      token: { kind: "file", path: "/t" },
    });
    expect(settingsFrom({}, { ...ids, ARM_OIDC_TOKEN: "jwt" }).credential).toMatchObject({
      token: { kind: "value", token: "jwt" },
    });
    const github = {
      ...ids,
      ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/x?api-version=2.0",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "bearer",
    };
    expect(settingsFrom({}, github).credential).toMatchObject({
      kind: "workloadIdentity",
      token: { kind: "request", url: github.ACTIONS_ID_TOKEN_REQUEST_URL, bearer: "bearer" },
    });
  });

  it.each([
    [
      {
        ARM_USE_OIDC: "true",
        ARM_TENANT_ID: TENANT,
        ARM_CLIENT_ID: CLIENT,
        ARM_OIDC_TOKEN_FILE_PATH: "/t",
      },
      "workloadIdentity",
    ],
    [
      { AZURE_FEDERATED_TOKEN_FILE: "/t", AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT },
      "workloadIdentity",
    ],
    [{ ARM_USE_MSI: "true" }, "managedIdentity"],
    [{ ARM_USE_CLI: "true" }, "azureCli"],
  ])("picks the credential the environment asks for", (env, kind) => {
    expect(settingsFrom({}, env).credential.kind).toBe(kind);
  });

  it.each([
    [
      { "entra:clientSecret": "s" },
      /client secret is set, so entra:tenantId .* and entra:clientId .* must be set too/,
    ],
    [
      { "entra:clientSecret": "s", "entra:useCli": "true" },
      /more than one way to sign in.*set only one/,
    ],
    [
      { "entra:useOidc": "true", "entra:tenantId": TENANT, "entra:clientId": CLIENT },
      /set entra:oidcTokenFilePath .* to the federated token file, or entra:oidcToken .*id-token: write/,
    ],
    [{ "entra:environment": "mars" }, /allowed: public, usgovernmentl4, usgovernmentl5, china/],
    [{ "entra:apiVersion": "v2" }, /allowed: beta, v1.0/],
    [{ "entra:graphEndpoint": "http://127.0.0.1:8443" }, /must use https/],
    [{ "entra:useMsi": "maybe" }, /allowed: true or false/],
    [{ "entra:retryDeadlineSeconds": "soon" }, /number of seconds/],
  ])("rejects a contradictory or incomplete combination with what to set", (config, message) => {
    expect(() => settingsFrom(config)).toThrow(message);
  });
});

describe("sponsor references", () => {
  it("name the user or group on the Graph host and version in use", () => {
    const id = "4d79dec2-5b32-4b82-abc8-c080acdfd63e";
    const gov = settingsFrom({ "entra:environment": "usgovernmentl5", "entra:apiVersion": "v1.0" });
    expect(directoryObjectReference(gov, id)).toBe(
      `https://dod-graph.microsoft.us/v1.0/directoryObjects/${id}`,
    );
    const china = settingsFrom({ "entra:environment": "china" });
    expect(directoryObjectReference(china, id)).toBe(
      `https://microsoftgraph.chinacloudapi.cn/beta/directoryObjects/${id}`,
    );
  });
});

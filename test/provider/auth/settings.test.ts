import * as provider from "../../../provider";
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

  it("makes the token scope from the resource", () => {
    expect(graphScope(CLOUDS.usgovernmentl5.graphEndpoint)).toBe(
      "https://dod-graph.microsoft.us/.default",
    );
    expect(graphScope("https://127.0.0.1:8443/")).toBe("https://127.0.0.1:8443/.default");
    expect(graphScope("00000003-0000-0000-c000-000000000000")).toBe(
      "00000003-0000-0000-c000-000000000000/.default",
    );
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

describe("the Graph audience", () => {
  it.each([
    [{}, "https://graph.microsoft.com"],
    [{ "entra:environment": "usgovernment" }, "https://graph.microsoft.us"],
    [{ "entra:environment": "china" }, "https://microsoftgraph.chinacloudapi.cn"],
    // Another host stands in for the cloud's Graph: its tokens are still for the cloud's Graph.
    [{ "entra:graphEndpoint": "https://127.0.0.1:8443" }, "https://graph.microsoft.com"],
    [
      { "entra:environment": "dod", "entra:graphEndpoint": "https://graph-proxy.contoso.com" },
      "https://dod-graph.microsoft.us",
    ],
    // A Microsoft Graph host is its own audience, whichever cloud is named.
    [
      {
        "entra:environment": "usgovernmentl4",
        "entra:graphEndpoint": "https://dod-graph.microsoft.us",
      },
      "https://dod-graph.microsoft.us",
    ],
    [
      {
        "entra:graphEndpoint": "https://127.0.0.1:8443",
        "entra:graphAudience": "https://127.0.0.1:8443",
      },
      "https://127.0.0.1:8443",
    ],
    [
      { "entra:graphAudience": "00000003-0000-0000-c000-000000000000" },
      "00000003-0000-0000-c000-000000000000",
    ],
    [{ "entra:graphAudience": "api://contoso.com/graph" }, "api://contoso.com/graph"],
  ])("of %j is %s", (config, audience) => {
    expect(settingsFrom(config).graphAudience).toBe(audience);
  });

  it("is read from ENTRA_GRAPH_AUDIENCE, after stack config", () => {
    const env = { ENTRA_GRAPH_AUDIENCE: "https://graph.microsoft.us" };
    expect(settingsFrom({}, env).graphAudience).toBe("https://graph.microsoft.us");
    expect(
      settingsFrom({ "entra:graphAudience": "https://graph.microsoft.com" }, env).graphAudience,
    ).toBe("https://graph.microsoft.com");
  });

  const allowed =
    "must be the resource to ask tokens for: an https URL such as https://graph.microsoft.com, an app ID URI such as api://contoso.com/graph, or an application id (GUID)";
  it.each([
    [
      "https://graph.microsoft.com/.default",
      `${allowed}, without "/.default" (the provider adds it to make the scope)`,
    ],
    ["http://graph.microsoft.com", `${allowed}; an https URL, not http`],
    [
      "graph.microsoft.com",
      `${allowed}; it must be an absolute https URI such as https://graph.microsoft.com`,
    ],
    ["https://graph.microsoft.com/?x=1", `${allowed}; with no query or fragment`],
    ["api://", `${allowed}; an app ID URI is api:// followed by a name with no whitespace`],
    [
      "00000000-0000-0000-0000-000000000000",
      `${allowed}, not the nil GUID, which no tenant or object has`,
    ],
  ])("refuses %j naming the setting", (value, problem) => {
    expect(() => settingsFrom({ "entra:graphAudience": value })).toThrow(
      `provider configuration: entra:graphAudience (or ENTRA_GRAPH_AUDIENCE) is ${JSON.stringify(value)}; it ${problem}`,
    );
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
    [
      { "entra:graphEndpoint": "http://127.0.0.1:8443" },
      /must be an https origin .*refuse plain http/,
    ],
    [{ "entra:useMsi": "maybe" }, /allowed: true or false/],
    [{ "entra:retryDeadlineSeconds": "soon" }, /plain decimal number of seconds/],
  ])("rejects a contradictory or incomplete combination with what to set", (config, message) => {
    expect(() => settingsFrom(config)).toThrow(message);
  });
});

describe("setting values, checked as Entra, Graph and the RFCs allow", () => {
  const NIL = "00000000-0000-0000-0000-000000000000";
  const secretFor = (ids: Record<string, string>) =>
    settingsFrom({ "entra:clientSecret": "s", ...ids });

  it.each([
    [
      { "entra:tenantId": NIL, "entra:clientId": CLIENT },
      /entra:tenantId .* is "0{8}-0{4}-0{4}-0{4}-0{12}"; it must be the directory \(tenant\) id, .*not the nil GUID/,
    ],
    [
      { "entra:tenantId": "contoso", "entra:clientId": CLIENT },
      /tenant\) id, a GUID such as .* or a verified domain of the tenant such as contoso\.onmicrosoft\.com/,
    ],
    [
      { "entra:tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db4", "entra:clientId": CLIENT },
      /must be the directory \(tenant\) id/,
    ],
    [
      { "entra:tenantId": "bücher.example", "entra:clientId": CLIENT },
      /use its punycode form "xn--bcher-kva\.example" instead/,
    ],
    [
      { "entra:tenantId": TENANT, "entra:clientId": NIL },
      /entra:clientId .* application \(client\) id, .*not the nil GUID/,
    ],
    [
      { "entra:tenantId": TENANT, "entra:clientId": "my-app" },
      /entra:clientId \(or ARM_CLIENT_ID \/ AZURE_CLIENT_ID\) is "my-app"; it must be the application \(client\) id, a GUID/,
    ],
  ])("refuses ids no tenant or app can have: %j", (ids, message) => {
    expect(() => secretFor(ids)).toThrow(message);
  });

  it("accepts a tenant named by its id or by a verified domain", () => {
    for (const tenantId of [TENANT, "contoso.onmicrosoft.com", "Contoso.com"]) {
      expect(
        secretFor({ "entra:tenantId": tenantId, "entra:clientId": CLIENT }).credential,
      ).toMatchObject({ tenantId });
    }
  });

  it.each([
    [
      "graphEndpoint",
      "https://graph.microsoft.com/v1.0",
      /no path\) such as https:\/\/graph\.microsoft\.com; it must not have a path, query or fragment; the API version is set by entra:apiVersion/,
    ],
    ["graphEndpoint", "https://graph.microsoft.com/beta/", /must not have a path/],
    [
      "authorityHost",
      "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47",
      /entra:authorityHost .* must be an https origin .* must not have a path/,
    ],
    [
      "authorityHost",
      "https://login.microsoftonline.com?x=1",
      /must not have a path, query or fragment/,
    ],
    ["graphEndpoint", " https://127.0.0.1:8443", /no whitespace anywhere/],
    ["graphEndpoint", "https://127.0.0.1:8443\n", /no whitespace anywhere/],
    ["graphEndpoint", "https://graph.micro soft.com", /no whitespace anywhere/],
    ["graphEndpoint", "https:graph.microsoft.com", /must be an https origin/],
    ["graphEndpoint", "https://user@graph.microsoft.com", /must not hold a user name/],
    ["authorityHost", "https://lögin.example", /use "https:\/\/xn--lgin-5qa\.example" instead/],
    ["graphEndpoint", "graph.microsoft.com", /must be an https origin/],
  ])("refuses entra:%s %j", (key, value, message) => {
    expect(() => settingsFrom({ [`entra:${key}`]: value })).toThrow(message);
  });

  it("takes an endpoint given as an origin, with or without a trailing slash", () => {
    expect(settingsFrom({ "entra:graphEndpoint": "https://localhost:8443/" })).toMatchObject({
      graphEndpoint: "https://localhost:8443",
    });
    expect(settingsFrom({ "entra:authorityHost": "https://[::1]:8443" })).toMatchObject({
      authorityHost: "https://[::1]:8443",
    });
  });

  it.each(["0x10", "1e3", "-1", "+5", "Infinity", "NaN", "12 seconds", "1,5", ".5", "5.", "86401"])(
    "refuses the number of seconds %j: only plain decimal numbers from 0 to 86400",
    (value) => {
      for (const key of ["retryDeadlineSeconds", "replicationTimeoutSeconds"]) {
        expect(() => settingsFrom({ [`entra:${key}`]: value })).toThrow(
          `entra:${key} (or ${key === "retryDeadlineSeconds" ? "ENTRA_RETRY_DEADLINE_SECONDS" : "ENTRA_REPLICATION_TIMEOUT_SECONDS"}) is ${JSON.stringify(value)}; it must be a plain decimal number of seconds from 0 to 86400`,
        );
      }
    },
  );

  it("takes plain decimal numbers of seconds, from stack config or the environment", () => {
    expect(settingsFrom({ "entra:retryDeadlineSeconds": "0" }).retryDeadlineSeconds).toBe(0);
    expect(settingsFrom({}, { ENTRA_RETRY_DEADLINE_SECONDS: "2.5" }).retryDeadlineSeconds).toBe(
      2.5,
    );
    expect(
      settingsFrom({ "entra:replicationTimeoutSeconds": "86400" }).replicationTimeoutSeconds,
    ).toBe(86400);
  });

  it("keeps a value with a line break on the one line of its message", () => {
    let message = "";
    try {
      settingsFrom({ "entra:environment": "public\nchina" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'provider configuration: entra:environment (or ARM_ENVIRONMENT) is "public\\nchina"; allowed: public, usgovernmentl4, usgovernmentl5, china (aliases such as global, usgovernment, dod, azurechinacloud are accepted)',
    );
  });
});

describe("setting names", () => {
  const settingsWithKeys = (config: Record<string, string>) =>
    resolveSettings((key) => config[key], {}, Object.keys(config));

  it.each([
    ["entra:clientsecret", "entra:clientSecret"],
    ["entra:ClientSecret", "entra:clientSecret"],
    ["entra:client_secret", "entra:clientSecret"],
    ["entra:tenantId ", "entra:tenantId"],
    ["Entra:tenantId", "entra:tenantId"],
    [" entra:graphEndpoint", "entra:graphEndpoint"],
    ["entra:retry-deadline-seconds", "entra:retryDeadlineSeconds"],
  ])("refuses %j and names the setting meant", (key, meant) => {
    expect(() => settingsWithKeys({ [key]: "x" })).toThrow(
      `provider configuration: stack config key ${JSON.stringify(key)} is not a setting of this provider (did you mean "${meant}"?); allowed: entra:tenantId, entra:clientId, entra:clientSecret,`,
    );
  });

  it("refuses an unknown key of the entra namespace, and leaves other namespaces alone", () => {
    expect(() => settingsWithKeys({ "entra:subscriptionId": "x" })).toThrow(
      /stack config key "entra:subscriptionId" is not a setting of this provider; allowed: entra:tenantId, /,
    );
    expect(
      settingsWithKeys({
        "connected-organizations:organizations": "[]",
        "azure-native:location": "westeurope",
        "entra:apiVersion": "v1.0",
      }).apiVersion,
    ).toBe("v1.0");
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

describe("configure", () => {
  it("checks every stack config key the engine's Config holds", async () => {
    // The shape the engine's dynamic provider host passes: get(), and every key in rawConfig.
    const rawConfig = { "entra:apiVersion": "v1.0", "entra:ApiVersion": "beta" };
    const config = { get: (key: string) => rawConfig[key as keyof typeof rawConfig], rawConfig };
    await expect(provider.configure({ config })).rejects.toThrow(
      'provider configuration: stack config key "entra:ApiVersion" is not a setting of this provider (did you mean "entra:apiVersion"?)',
    );
  });
});

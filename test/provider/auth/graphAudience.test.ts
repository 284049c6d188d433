import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";
import { decodeJwt } from "jose";
import { RunningEmulator, startEmulator } from "../../../emulator";
import * as provider from "../../../provider";
import { ConnectedOrganizationInputs, SETTING_SOURCES } from "../../../provider";
import { createCredential } from "../../../provider/auth/credentials";
import { resolveSettings } from "../../../provider/auth/settings";
import { createGraphClient } from "../../../provider/graph/graphClient";
import {
  CONNECTED_ORGANIZATIONS,
  EMULATOR_DATA_DIR,
  configRequest,
  emulatorConfig,
  startTestEmulator,
} from "../../support/emulator";

/**
 * The Graph endpoint says where requests go; the token is for the cloud's Graph resource unless
 * entra:graphAudience names another. The emulator answers as Entra and Graph do for each: it
 * stands in for one cloud, public unless started for another.
 */

let emulator: RunningEmulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  for (const name of Object.values(SETTING_SOURCES).flat()) delete process.env[name];
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.stop();
  process.env = savedEnv;
});
beforeEach(() => emulator.reset());

interface Issued {
  scopes: string[];
  aud: unknown;
}

/** The provider's own credential, recording the scopes it is asked for and the aud it got. */
function recorded(credential: TokenCredential, issued: Issued[]): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions) {
      const token: AccessToken | null = await credential.getToken(scopes, options);
      issued.push({
        scopes: [scopes].flat(),
        aud: token ? decodeJwt(token.token).aud : undefined,
      });
      return token;
    },
  };
}

/** Lists connected organizations with the provider's credential and Graph client. */
async function listWith(
  config: Record<string, string | undefined>,
  on = emulator,
): Promise<Issued[]> {
  const settings = resolveSettings((key) => emulatorConfig(on, config)[key], {});
  const issued: Issued[] = [];
  const client = createGraphClient(settings, recorded(createCredential(settings), issued));
  const page = (await client.api(CONNECTED_ORGANIZATIONS).get()) as { value: unknown[] };
  expect(Array.isArray(page.value)).toBe(true);
  return issued;
}

const calls = (kind: "token" | "graph", on = emulator) =>
  on
    .requests()
    .filter((r) => r.kind === kind)
    .map((r) => r.status);

it("asks a Graph at another origin for a token for the cloud's Graph, https://graph.microsoft.com", async () => {
  const issued = await listWith({});
  expect(issued).toEqual([
    { scopes: ["https://graph.microsoft.com/.default"], aud: "https://graph.microsoft.com" },
  ]);
  expect(calls("token")).toEqual([200]);
  expect(calls("graph")).toEqual([200]);
});

it.each([
  ["usgovernmentl4", "https://graph.microsoft.us"],
  ["usgovernmentl5", "https://dod-graph.microsoft.us"],
  ["china", "https://microsoftgraph.chinacloudapi.cn"],
] as const)(
  "asks for the %s cloud's Graph, %s, which an emulator for that cloud issues",
  async (environment, resource) => {
    const national = await startEmulator({
      port: 0,
      dataDir: EMULATOR_DATA_DIR,
      cloud: environment,
    });
    try {
      const issued = await listWith({ "entra:environment": environment }, national);
      expect(issued).toEqual([{ scopes: [`${resource}/.default`], aud: resource }]);
      expect(calls("token", national)).toEqual([200]);
      expect(calls("graph", national)).toEqual([200]);
    } finally {
      await national.stop();
    }
  },
);

it("reports Entra's AADSTS500011 when entra:environment names another cloud than the emulator's, before any Graph call", async () => {
  await provider.configure(
    configRequest(emulatorConfig(emulator, { "entra:environment": "usgovernmentl4" })),
  );
  const contoso = {
    displayName: "Contoso",
    identitySources: [{ domainName: "contoso.com" }],
  } as ConnectedOrganizationInputs;
  await expect(provider.create(contoso)).rejects.toThrow(
    /^creating connected organization "Contoso": .*AADSTS500011: The resource principal named https:\/\/graph\.microsoft\.us was not found in the tenant named /,
  );
  expect(calls("token")).toEqual([400]);
  expect(calls("graph")).toEqual([]);
});

it("asks for the resource entra:graphAudience names: the emulator's own origin", async () => {
  const issued = await listWith({ "entra:graphAudience": emulator.graphUrl });
  expect(issued).toEqual([{ scopes: [`${emulator.graphUrl}/.default`], aud: emulator.graphUrl }]);
  expect(calls("graph")).toEqual([200]);
});

it("asks for the resource entra:graphAudience names: Graph's application id", async () => {
  const graphAppId = "00000003-0000-0000-c000-000000000000";
  const issued = await listWith({ "entra:graphAudience": graphAppId });
  expect(issued).toEqual([{ scopes: [`${graphAppId}/.default`], aud: graphAppId }]);
  expect(calls("graph")).toEqual([200]);
});

it("reports Entra's AADSTS500011 for an audience the tenant does not know, before any Graph call", async () => {
  await provider.configure(
    configRequest(
      emulatorConfig(emulator, { "entra:graphAudience": "https://management.azure.com" }),
    ),
  );
  const contoso = {
    displayName: "Contoso",
    identitySources: [{ domainName: "contoso.com" }],
  } as ConnectedOrganizationInputs;
  await expect(provider.create(contoso)).rejects.toThrow(
    /^creating connected organization "Contoso": .*AADSTS500011: The resource principal named https:\/\/management\.azure\.com was not found in the tenant named /,
  );
  expect(calls("token")).toEqual([400]);
  expect(calls("graph")).toEqual([]);
});

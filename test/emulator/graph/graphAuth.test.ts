import type { AccessToken, TokenCredential } from "@azure/identity";
import { SignJWT, decodeJwt, generateKeyPair } from "jose";
import { DEMO_APPS, DEMO_TENANTS, startEmulator, type RunningEmulator } from "../../../emulator";
import {
  CONNECTED_ORGANIZATIONS,
  DATA_DIR,
  appCredential,
  domainSource,
  failure,
  graphClient,
  rawRequest,
  secretCredential,
  sleep,
} from "../clients";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dataDir: DATA_DIR });
});

afterAll(() => emulator.stop());

beforeEach(() => emulator.reset());

/** A credential that always hands out the same access token (forged, stale, or for another API). */
function fixedToken(token: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({
      token,
      expiresOnTimestamp: Date.now() + 3600_000,
    }),
  };
}

async function graphToken(scope = `${emulator.graphUrl}/.default`): Promise<string> {
  return (await secretCredential(emulator).getToken(scope)).token;
}

describe("401 InvalidAuthenticationToken", () => {
  it("without an Authorization header, with a Graph envelope and a WWW-Authenticate challenge", async () => {
    // Raw HTTPS: the Graph SDK always sends an Authorization header.
    const response = await rawRequest(`${emulator.graphUrl}/v1.0${CONNECTED_ORGANIZATIONS}`, {
      headers: { "client-request-id": "5f0b3a4e-1111-4b39-9c1d-2a6c1f1f0001" },
    });
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer realm="", authorization_uri="/);
    expect(response.headers["request-id"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(response.headers["client-request-id"]).toBe("5f0b3a4e-1111-4b39-9c1d-2a6c1f1f0001");
    expect(Number.isNaN(Date.parse(String(response.headers.date)))).toBe(false);
    const body = JSON.parse(response.body) as { error: Record<string, unknown> };
    expect(body.error).toEqual({
      code: "InvalidAuthenticationToken",
      message: "Access token is empty.",
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        "request-id": response.headers["request-id"],
        "client-request-id": "5f0b3a4e-1111-4b39-9c1d-2a6c1f1f0001",
      },
    });
  });

  it("for a malformed token", async () => {
    const error = await failure(
      graphClient(emulator, fixedToken("not-a-jwt")).api(CONNECTED_ORGANIZATIONS).get(),
    );
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe("InvalidAuthenticationToken");
    expect(error.headers?.get("www-authenticate")).toMatch(/^Bearer /);
  });

  it("for a forged token (right claims, wrong key)", async () => {
    const genuine = decodeJwt(await graphToken());
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT(genuine)
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "forged" })
      .sign(privateKey);
    const error = await failure(
      graphClient(emulator, fixedToken(forged)).api(CONNECTED_ORGANIZATIONS).get(),
    );
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe("InvalidAuthenticationToken");
    expect(error.message).toMatch(/signature/i);
  });

  it("for an expired token", async () => {
    emulator.setTokenLifetime(1);
    const stale = await graphToken();
    await sleep(2100);
    const error = await failure(
      graphClient(emulator, fixedToken(stale)).api(CONNECTED_ORGANIZATIONS).get(),
    );
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe("InvalidAuthenticationToken");
    expect(error.message).toMatch(/expired/);
  });

  it("for a token it accepted before, once that token has expired", async () => {
    emulator.setTokenLifetime(2);
    const token = await graphToken();
    const client = graphClient(emulator, fixedToken(token));
    await client.api(CONNECTED_ORGANIZATIONS).get();
    await sleep(3100);
    const error = await failure(client.api(CONNECTED_ORGANIZATIONS).get());
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe("InvalidAuthenticationToken");
    expect(error.message).toBe("Lifetime validation failed, the token is expired.");
  });

  it("for a token issued to another API (wrong audience)", async () => {
    const other = await graphToken("api://woodgrove-inventory/.default");
    expect(decodeJwt(other).aud).toBe("api://woodgrove-inventory");
    const error = await failure(
      graphClient(emulator, fixedToken(other)).api(CONNECTED_ORGANIZATIONS).get(),
    );
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/audience/i);
  });

  it.each([
    ["public", "https://graph.microsoft.us"],
    ["public", "https://dod-graph.microsoft.us"],
    ["public", "https://microsoftgraph.chinacloudapi.cn"],
    ["china", "https://graph.microsoft.com"],
  ] as const)(
    "in the %s cloud, for a token for %s, another cloud's Graph (wrong audience)",
    async (cloud, otherGraph) => {
      const own =
        cloud === "public" ? emulator : await startEmulator({ port: 0, dataDir: DATA_DIR, cloud });
      try {
        // The token service refuses another cloud's Graph, so it is seeded as one of the tenant's
        // other APIs: the token then carries that aud and the emulator's own signature.
        own.seed({ resources: [otherGraph] });
        const token = (await secretCredential(own).getToken(`${otherGraph}/.default`)).token;
        expect(decodeJwt(token).aud).toBe(otherGraph);
        const error = await failure(
          graphClient(own, fixedToken(token)).api(CONNECTED_ORGANIZATIONS).get(),
        );
        expect(error.statusCode).toBe(401);
        expect(error.code).toBe("InvalidAuthenticationToken");
        expect(error.message).toBe("Invalid audience.");
      } finally {
        if (own !== emulator) await own.stop();
      }
    },
  );

  it("for a token of another emulator instance (its own signing key)", async () => {
    const other = await startEmulator({ port: 0, dataDir: DATA_DIR });
    try {
      const foreign = (await secretCredential(other).getToken(`${other.graphUrl}/.default`)).token;
      const error = await failure(
        graphClient(emulator, fixedToken(foreign)).api(CONNECTED_ORGANIZATIONS).get(),
      );
      expect(error.statusCode).toBe(401);
    } finally {
      await other.stop();
    }
  });
});

describe("403 Authorization_RequestDenied", () => {
  it("refuses every call of an app without permissions", async () => {
    const client = graphClient(emulator, appCredential(emulator, DEMO_APPS.noRoles.clientId));
    const error = await failure(client.api(CONNECTED_ORGANIZATIONS).get());
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("Authorization_RequestDenied");
    expect(error.message).toMatch(/^Insufficient privileges to complete the operation\./);
    expect(error.message).toMatch(/EntitlementManagement\.Read\.All/);
  });

  it("lets a read-only app read but not write", async () => {
    const client = graphClient(emulator, appCredential(emulator, DEMO_APPS.readOnly.clientId));
    const page = (await client.api(CONNECTED_ORGANIZATIONS).get()) as { value: unknown[] };
    expect(page.value).toEqual([]);
    const error = await failure(
      client
        .api(CONNECTED_ORGANIZATIONS)
        .post({ displayName: "X", identitySources: [domainSource("contoso.com")] }),
    );
    expect(error.statusCode).toBe(403);
    expect(error.message).toMatch(/EntitlementManagement\.ReadWrite\.All/);
  });
});

describe("tokens", () => {
  it("carry the app's roles, tenant and the Graph audience", async () => {
    const claims = decodeJwt(await graphToken());
    expect(claims).toMatchObject({
      aud: emulator.graphUrl,
      iss: `https://sts.windows.net/${DEMO_TENANTS.home.id}/`,
      tid: DEMO_TENANTS.home.id,
      appid: emulator.clientId,
      oid: DEMO_APPS.readWrite.servicePrincipalId,
      roles: DEMO_APPS.readWrite.roles,
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    // access-token-claims-reference.md: azp and azpacr are "only present in v2.0 tokens".
    expect(claims).not.toHaveProperty("azp");
    expect(claims).not.toHaveProperty("azpacr");
  });

  it("with a short lifetime are fetched again by the real credential, and calls keep working", async () => {
    emulator.setTokenLifetime(2);
    const client = graphClient(emulator);
    await client.api(CONNECTED_ORGANIZATIONS).get();
    await client.api(CONNECTED_ORGANIZATIONS).get();
    const kinds = emulator.requests().map((r) => `${r.kind} ${r.status}`);
    expect(kinds.filter((k) => k === "token 200")).toHaveLength(2);
    expect(kinds.filter((k) => k === "graph 200")).toHaveLength(2);
  });
});

it("answers unknown Graph segments with 400 BadRequest after checking the token", async () => {
  const client = graphClient(emulator);
  const error = await failure(
    client.api("/identityGovernance/entitlementManagement/nothingHere").get(),
  );
  expect(error.statusCode).toBe(400);
  expect(error.code).toBe("BadRequest");
  expect(error.message).toMatch(/Resource not found for the segment/);
});

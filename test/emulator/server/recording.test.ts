import * as fs from "node:fs";
import * as path from "node:path";
import { ClientAssertionCredential, ClientSecretCredential } from "@azure/identity";
import {
  startEmulator,
  type RecordedExchange,
  type RequestRecord,
  type RunningEmulator,
} from "../../../emulator";
import {
  appWithWritePermission,
  generateTokenIssuer,
  privateTempDir,
  randomPassword,
  registerApps,
} from "../../support/generatedCredentials";
import {
  CONNECTED_ORGANIZATIONS,
  DATA_DIR,
  credentialOptions,
  domainSource,
  failure,
  graphClient,
  rawRequest,
  secretCredential,
} from "../clients";

const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;
const SUBJECT = "repo:contoso/identity:ref:refs/heads/main";

let dir: string;
let recordFile: string;
let emulator: RunningEmulator;
let clientId: string;
/** Every credential and token the exchanges below carried. */
const secrets: string[] = [];
let seen: RequestRecord[];
let text: string;
let exchanges: RecordedExchange[];

const exchange = (predicate: (e: RecordedExchange) => boolean): RecordedExchange => {
  const found = exchanges.filter(predicate);
  expect(found).toHaveLength(1);
  return found[0];
};

beforeAll(async () => {
  dir = privateTempDir("emulator-recording-");
  recordFile = path.join(dir, "requests.jsonl");
  fs.writeFileSync(recordFile, "left from an earlier run\n");
  emulator = await startEmulator({ port: 0, dataDir: DATA_DIR, recordFile });
  const scope = `${emulator.graphUrl}/.default`;
  clientId = emulator.clientId;
  secrets.push(emulator.clientSecret);

  const credential = secretCredential(emulator);
  const secretToken = (await credential.getToken(scope)).token;
  const graph = graphClient(emulator, credential, "beta");
  await graph.api(CONNECTED_ORGANIZATIONS).get();
  const created = (await graph.api(CONNECTED_ORGANIZATIONS).post({
    displayName: "Recorded",
    identitySources: [domainSource("recorded.example")],
  })) as { id: string };
  await failure(graph.api(`${CONNECTED_ORGANIZATIONS}/${emulator.tenantId}`).get());
  await graph.api(`${CONNECTED_ORGANIZATIONS}/${created.id}`).delete();

  const issuer = generateTokenIssuer("https://issuer.recording.example");
  const federatedApp = {
    ...appWithWritePermission("Recorded workload"),
    federatedCredentials: [
      { issuer: issuer.issuer, subject: SUBJECT, publicKey: issuer.publicKeyPem },
    ],
  };
  registerApps(emulator, [federatedApp]);
  const assertion = await issuer.sign(SUBJECT);
  const assertionToken = (
    await new ClientAssertionCredential(
      emulator.tenantId,
      federatedApp.clientId,
      async () => assertion,
      credentialOptions(emulator),
    ).getToken(scope)
  ).token;

  const wrongSecret = randomPassword();
  await expect(
    new ClientSecretCredential(
      emulator.tenantId,
      emulator.clientId,
      wrongSecret,
      credentialOptions(emulator),
    ).getToken(scope),
  ).rejects.toThrow(/AADSTS7000215/);

  const seededSecret = randomPassword();
  const seeded = await rawRequest(`${emulator.graphUrl}/_emulator/seed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      apps: [{ ...appWithWritePermission("Seeded over HTTP"), secrets: [seededSecret] }],
    }),
  });
  expect(seeded.status).toBe(204);

  secrets.push(secretToken, assertion, assertionToken, wrongSecret, seededSecret);
  seen = emulator.requests();
  await emulator.stop();
  text = fs.readFileSync(recordFile, "utf8");
  exchanges = text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as RecordedExchange);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the file holds one line per exchange, in the order the request log has them", () => {
  expect(text.endsWith("\n")).toBe(true);
  expect(exchanges.map((e) => [e.method, e.url.split("?")[0], e.status])).toEqual(
    seen.map((r) => [r.method, encodeURI(r.path), r.status]),
  );
  expect(exchanges.map((e) => e.kind)).toEqual(seen.map((r) => r.kind));
  for (const e of exchanges) {
    expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(typeof e.durationMs).toBe("number");
    expect(e.response?.headers["request-id"]).toEqual(expect.any(String));
  }
});

test("it records the Graph calls with their bodies, and every status", () => {
  const statuses = exchanges.filter((e) => e.kind === "graph").map((e) => [e.method, e.status]);
  expect(statuses).toEqual([
    ["GET", 200],
    ["POST", 201],
    ["GET", 404],
    ["DELETE", 204],
  ]);
  const post = exchange((e) => e.kind === "graph" && e.method === "POST");
  expect(post.request.body).toEqual({
    displayName: "Recorded",
    identitySources: [domainSource("recorded.example")],
  });
  expect(post.response?.body).toMatchObject({ displayName: "Recorded" });
  expect(post.request.headers.authorization).toBe("[redacted]");
  const missing = exchange((e) => e.kind === "graph" && e.status === 404);
  expect(missing.response?.body).toMatchObject({ error: { code: "ResourceNotFound" } });
});

test("token requests are recorded with their secrets, assertions and tokens redacted", () => {
  const tokens = exchanges.filter((e) => e.kind === "token");
  expect(tokens.map((e) => [e.method, e.status])).toEqual([
    ["POST", 200],
    ["POST", 200],
    ["POST", 401],
  ]);
  expect(tokens[0].request.body).toMatchObject({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: "[redacted]",
  });
  expect(tokens[0].response?.body).toMatchObject({
    token_type: "Bearer",
    access_token: "[redacted]",
  });
  expect(tokens[1].request.body).toMatchObject({
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: "[redacted]",
  });
  expect(tokens[2].request.body).toMatchObject({ client_secret: "[redacted]" });
  expect(tokens[2].response?.body).toMatchObject({ error: "invalid_client" });
});

test("the control API's app secrets are redacted too", () => {
  const seed = exchange((e) => e.method === "POST" && e.url === "/_emulator/seed");
  expect(seed.request.body).toMatchObject({ apps: [{ secrets: "[redacted]" }] });
});

test("no secret, assertion or token appears anywhere in the file", () => {
  expect(secrets).toHaveLength(6);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(JWT);
  expect(text).not.toContain("left from an earlier run");
});

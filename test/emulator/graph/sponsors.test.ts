import type { Client } from "@microsoft/microsoft-graph-client";
import {
  DEMO_APPS,
  DEMO_GROUPS,
  DEMO_USERS,
  startEmulator,
  type RunningEmulator,
} from "../../../emulator";
import {
  CONNECTED_ORGANIZATIONS,
  DATA_DIR,
  appCredential,
  domainSource,
  failure,
  graphClient,
} from "../clients";

let emulator: RunningEmulator;
let client: Client;
let organizationId: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dataDir: DATA_DIR });
  client = graphClient(emulator);
});

afterAll(() => emulator.stop());

beforeEach(async () => {
  emulator.reset();
  const created = (await client
    .api(CONNECTED_ORGANIZATIONS)
    .post({ displayName: "Contoso", identitySources: [domainSource("contoso.com")] })) as {
    id: string;
  };
  organizationId = created.id;
});

const sponsors = (relation: string) => `${CONNECTED_ORGANIZATIONS}/${organizationId}/${relation}`;

describe.each(["internalSponsors", "externalSponsors"])("%s", (relation) => {
  it("adds users and groups by $ref (204) and lists them as directory objects", async () => {
    const raw = (await client
      .api(`${sponsors(relation)}/$ref`)
      .responseType("raw" as never)
      .post({
        "@odata.id": `${emulator.graphUrl}/v1.0/directoryObjects/${DEMO_USERS.adele.id}`,
      })) as Response;
    expect(raw.status).toBe(204);
    await client.api(`${sponsors(relation)}/$ref`).post({
      "@odata.id": `https://graph.microsoft.com/v1.0/groups/${DEMO_GROUPS.procurement.id}`,
    });
    await client
      .api(`${sponsors(relation)}/$ref`)
      .post({ "@odata.id": `https://graph.microsoft.com/beta/users/${DEMO_USERS.megan.id}` });
    const listed = (await client.api(sponsors(relation)).get()) as {
      value: Record<string, unknown>[];
    };
    expect(listed.value).toEqual([
      {
        "@odata.type": "#microsoft.graph.user",
        id: DEMO_USERS.adele.id,
        displayName: DEMO_USERS.adele.displayName,
        userPrincipalName: DEMO_USERS.adele.userPrincipalName,
      },
      {
        "@odata.type": "#microsoft.graph.group",
        id: DEMO_GROUPS.procurement.id,
        displayName: DEMO_GROUPS.procurement.displayName,
      },
      {
        "@odata.type": "#microsoft.graph.user",
        id: DEMO_USERS.megan.id,
        displayName: DEMO_USERS.megan.displayName,
        userPrincipalName: DEMO_USERS.megan.userPrincipalName,
      },
    ]);
  });

  it("rejects a duplicate reference with 400", async () => {
    const ref = { "@odata.id": `${emulator.graphUrl}/v1.0/directoryObjects/${DEMO_USERS.lee.id}` };
    await client.api(`${sponsors(relation)}/$ref`).post(ref);
    const error = await failure(client.api(`${sponsors(relation)}/$ref`).post(ref));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("Request_BadRequest");
    expect(error.message).toBe(
      `One or more added object references already exist for the following modified properties: '${relation}'.`,
    );
  });

  it("needs a JSON Content-Type on $ref (400) and adds nothing without one", async () => {
    const ref = { "@odata.id": `${emulator.graphUrl}/v1.0/directoryObjects/${DEMO_USERS.lee.id}` };
    const error = await failure(
      client
        .api(`${sponsors(relation)}/$ref`)
        .header("Content-Type", "text/plain")
        .post(JSON.stringify(ref)),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("BadRequest");
    expect(error.message).toMatch(/^Unable to read JSON request payload\./);
    expect(((await client.api(sponsors(relation)).get()) as { value: unknown[] }).value).toEqual(
      [],
    );
  });

  it("answers 404 for an unknown directory object", async () => {
    const error = await failure(
      client.api(`${sponsors(relation)}/$ref`).post({
        "@odata.id": `${emulator.graphUrl}/v1.0/directoryObjects/8af02cce-7ac9-4dce-820f-e076c829d041`,
      }),
    );
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("Request_ResourceNotFound");
  });

  it("removes a sponsor (204) and answers 404 for a non-sponsor", async () => {
    await client
      .api(`${sponsors(relation)}/$ref`)
      .post({ "@odata.id": `${emulator.graphUrl}/v1.0/directoryObjects/${DEMO_USERS.adele.id}` });
    const raw = (await client
      .api(`${sponsors(relation)}/${DEMO_USERS.adele.id}/$ref`)
      .responseType("raw" as never)
      .delete()) as Response;
    expect(raw.status).toBe(204);
    expect(((await client.api(sponsors(relation)).get()) as { value: unknown[] }).value).toEqual(
      [],
    );
    const error = await failure(
      client.api(`${sponsors(relation)}/${DEMO_USERS.adele.id}/$ref`).delete(),
    );
    expect(error.statusCode).toBe(404);
  });
});

it("keeps internal and external sponsors apart", async () => {
  await client
    .api(`${sponsors("internalSponsors")}/$ref`)
    .post({ "@odata.id": `${emulator.graphUrl}/v1.0/directoryObjects/${DEMO_USERS.adele.id}` });
  const external = (await client.api(sponsors("externalSponsors")).get()) as { value: unknown[] };
  expect(external.value).toEqual([]);
});

it("answers 404 for sponsors of an unknown connected organization", async () => {
  const error = await failure(
    client
      .api(`${CONNECTED_ORGANIZATIONS}/8af02cce-7ac9-4dce-820f-e076c829d041/internalSponsors`)
      .get(),
  );
  expect(error.statusCode).toBe(404);
  expect(error.code).toBe("ResourceNotFound");
});

it("needs EntitlementManagement.ReadWrite.All to add a sponsor, Read.All to list", async () => {
  const reader = graphClient(emulator, appCredential(emulator, DEMO_APPS.readOnly.clientId));
  const listed = (await reader.api(sponsors("internalSponsors")).get()) as { value: unknown[] };
  expect(listed.value).toEqual([]);
  const error = await failure(
    reader
      .api(`${sponsors("internalSponsors")}/$ref`)
      .post({ "@odata.id": `${emulator.graphUrl}/v1.0/directoryObjects/${DEMO_USERS.adele.id}` }),
  );
  expect(error.statusCode).toBe(403);
  expect(error.code).toBe("Authorization_RequestDenied");
  expect(error.message).toMatch(/EntitlementManagement\.ReadWrite\.All/);
});

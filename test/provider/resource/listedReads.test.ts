import { RunningEmulator } from "../../../emulator";
import * as provider from "../../../provider";
import { ConnectedOrganizationInputs } from "../../../provider";
import {
  CONNECTED_ORGANIZATIONS,
  adminGraphClient,
  configRequest,
  emulatorConfig,
  providerOnEmulator,
} from "../../support/emulator";

let emulator: RunningEmulator;
providerOnEmulator((started) => (emulator = started));

interface Listed {
  id: string;
  displayName: string;
  description?: string;
}

const graphCalls = () => emulator.requests().filter((r) => r.kind === "graph");
const listings = () =>
  graphCalls().filter((r) => r.method === "GET" && r.route.endsWith("/connectedOrganizations"));
const gets = () =>
  graphCalls().filter((r) => r.method === "GET" && !r.route.endsWith("/connectedOrganizations"));

/** Every organization of the tenant, as the admin app lists it. */
async function listAll(): Promise<Listed[]> {
  const admin = adminGraphClient(emulator);
  const all: Listed[] = [];
  let page = await admin.api(CONNECTED_ORGANIZATIONS).get();
  all.push(...page.value);
  while (page["@odata.nextLink"]) {
    page = await admin.api(page["@odata.nextLink"]).get();
    all.push(...page.value);
  }
  return all;
}

/**
 * Seeds `count` organizations beside those the tenant holds, returns the seeded ones as Graph
 * lists them, and clears the request log.
 */
async function seedTenant(count: number): Promise<Listed[]> {
  const kept = await listAll();
  emulator.seed({
    connectedOrganizations: [
      ...(kept as unknown as Record<string, unknown>[]),
      ...Array.from({ length: count }, (_, i) => ({
        displayName: `Partner ${String(i).padStart(4, "0")}`,
        identitySources: [
          {
            "@odata.type": "#microsoft.graph.domainIdentitySource",
            domainName: `partner${i}.example`,
            displayName: `partner${i}.example`,
          },
        ],
      })),
    ],
  });
  const keptIds = new Set(kept.map((org) => org.id));
  const seeded = (await listAll()).filter((org) => !keptIds.has(org.id));
  expect(seeded).toHaveLength(count);
  emulator.clearRequests();
  return seeded;
}

/** Lets a page request the listing may still send reach the emulator's log. */
const afterAnyPageInFlight = () => new Promise((resolve) => setTimeout(resolve, 500));

/** What a stack's state holds of an organization the stack declares by its domain. */
function stateOf(org: Listed, index: number) {
  return {
    displayName: org.displayName,
    identitySources: [{ domainName: `partner${index}.example` }],
  };
}

/** The next deployment: a new configure, as each `pulumi` command's provider process gets. */
const nextDeployment = () => provider.configure(configRequest(emulatorConfig(emulator)));

async function checked(news: Record<string, unknown>): Promise<ConnectedOrganizationInputs> {
  const { inputs, failures } = await provider.check({}, news);
  expect(failures).toEqual([]);
  return inputs as unknown as ConnectedOrganizationInputs;
}

test("a refresh of 250 organizations reads them from 3 listing pages, not 250 GETs, and shows no drift", async () => {
  const declared = ["Litware", "Northwind", "Tailspin"].map((name) => ({
    displayName: name,
    description: `${name} suppliers`,
    identitySources: [{ domainName: `${name.toLowerCase()}.example` }],
    state: "configured",
  }));
  const created = [];
  for (const args of declared) created.push(await provider.create(await checked(args)));
  const seeded = await seedTenant(247);
  await nextDeployment();
  emulator.clearRequests();

  const reads = await Promise.all([
    ...created.map(({ id, outs }) => provider.read(id, outs)),
    ...seeded.map((org, i) => provider.read(org.id, stateOf(org, i))),
  ]);

  expect(listings()).toHaveLength(3);
  expect(gets()).toEqual([]);
  created.forEach(({ id, outs }, i) => {
    expect(reads[i]).toEqual({ id, props: outs, inputs: expect.anything() });
  });
  for (const [i, args] of declared.entries()) {
    const { changes } = await provider.diff(created[i].id, reads[i].props!, await checked(args));
    expect(changes).toBe(false);
  }
  seeded.forEach((org, i) => {
    expect(reads[created.length + i]).toMatchObject({
      id: org.id,
      props: {
        displayName: org.displayName,
        resolvedIdentitySources: [expect.objectContaining({ domainName: `partner${i}.example` })],
      },
    });
  });
});

test("a small stack in a large tenant stops listing early and reads by GET", async () => {
  const tenant = await seedTenant(1000);
  const stack = tenant.slice(-2);
  const reads = await Promise.all(
    stack.map((org) => provider.read(org.id, stateOf(org, tenant.indexOf(org)))),
  );
  reads.forEach((read, i) => expect(read.props?.displayName).toBe(stack[i].displayName));
  // Never more requests than twice a GET each: here two pages of a hundred, then the two GETs.
  expect(listings()).toHaveLength(2);
  expect(gets()).toHaveLength(2);
});

test("a large tenant is listed no further than the reads waiting need", async () => {
  const tenant = await seedTenant(1000);
  const stack = tenant.slice(0, 3);
  const reads = await Promise.all(stack.map((org, i) => provider.read(org.id, stateOf(org, i))));
  reads.forEach((read, i) => expect(read.props?.displayName).toBe(stack[i].displayName));
  await afterAnyPageInFlight();
  expect(listings()).toHaveLength(1);
  expect(gets()).toEqual([]);
});

test("reads that use half of what the listing holds have it ask for the next page before a read waits for it", async () => {
  const tenant = await seedTenant(250);
  const readInTurn = async (from: number, to: number) => {
    for (let i = from; i < to; i++) await provider.read(tenant[i].id, stateOf(tenant[i], i));
    await afterAnyPageInFlight();
  };
  await readInTurn(0, 49);
  expect(listings()).toHaveLength(1);
  await readInTurn(49, 50);
  expect(listings()).toHaveLength(2);
  emulator.clearRequests();
  await readInTurn(50, 200);
  expect(listings()).toHaveLength(1);
  expect(gets()).toEqual([]);
});

test("an organization this process wrote is read by GET, even by a listing begun after the write", async () => {
  const [first, second] = await seedTenant(3);
  const state = await provider.read(first.id, stateOf(first, 0));
  await nextDeployment();
  const news = await checked({ ...stateOf(first, 0), description: "Changed by this deployment" });
  await provider.update(first.id, state.props!, news);
  emulator.clearRequests();

  const [again, other] = await Promise.all([
    provider.read(first.id, state.props!),
    provider.read(second.id, stateOf(second, 1)),
  ]);
  expect(again.props?.description).toBe("Changed by this deployment");
  expect(other.props?.displayName).toBe(second.displayName);
  expect(gets().map((r) => r.path)).toEqual([`/beta${CONNECTED_ORGANIZATIONS}/${first.id}`]);
  expect(listings()).toHaveLength(1);
});

test("an organization the listing does not hold is read by GET, and a 404 there means gone", async () => {
  const tenant = await seedTenant(10);
  const deleted = tenant[4];
  await adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${deleted.id}`).delete();
  emulator.clearRequests();
  const reads = await Promise.all(tenant.map((org, i) => provider.read(org.id, stateOf(org, i))));
  expect(reads[4]).toEqual({});
  expect(reads.filter((read) => read.id !== undefined)).toHaveLength(9);
  expect(listings()).toHaveLength(1);
  expect(gets().map((r) => r.path)).toEqual([`/beta${CONNECTED_ORGANIZATIONS}/${deleted.id}`]);
});

test("an organization this process changed after the listing began is read by GET", async () => {
  const tenant = await seedTenant(3);
  const [first] = tenant;
  const state = await provider.read(first.id, stateOf(first, 0));
  expect(state.props?.description).toBe("");
  const news = await checked({ ...stateOf(first, 0), description: "Changed by this deployment" });
  await provider.update(first.id, state.props!, news);
  emulator.clearRequests();

  const again = await provider.read(first.id, state.props!);
  expect(again.props?.description).toBe("Changed by this deployment");
  expect(gets().map((r) => r.path)).toEqual([`/beta${CONNECTED_ORGANIZATIONS}/${first.id}`]);
  expect(listings()).toEqual([]);
});

test("a failed listing leaves each read to its own GET", async () => {
  const tenant = await seedTenant(3);
  await provider.configure(
    configRequest(emulatorConfig(emulator, { "entra:retryDeadlineSeconds": "0" })),
  );
  emulator.addFault({
    kind: "status",
    status: 503,
    method: "GET",
    route: "/connectedOrganizations$/",
    count: 1,
  });
  const reads = await Promise.all(tenant.map((org, i) => provider.read(org.id, stateOf(org, i))));
  reads.forEach((read, i) => expect(read.props?.displayName).toBe(tenant[i].displayName));
  expect(listings()).toHaveLength(1);
  expect(gets()).toHaveLength(3);
});

test("a listing serves reads for a minute after it began, then the tenant is listed again", async () => {
  const tenant = await seedTenant(3);
  const now = Date.now();
  const clock = jest.spyOn(Date, "now").mockReturnValue(now);
  try {
    await provider.read(tenant[0].id, stateOf(tenant[0], 0));
    await adminGraphClient(emulator)
      .api(`${CONNECTED_ORGANIZATIONS}/${tenant[1].id}`)
      .patch({ description: "Changed in the portal" });
    clock.mockReturnValue(now + 59_000);
    const fresh = await provider.read(tenant[1].id, stateOf(tenant[1], 1));
    expect(fresh.props?.description).toBe("");
    expect(listings()).toHaveLength(1);

    clock.mockReturnValue(now + 61_000);
    const later = await provider.read(tenant[1].id, stateOf(tenant[1], 1));
    expect(later.props?.description).toBe("Changed in the portal");
    expect(listings()).toHaveLength(2);
    expect(gets()).toEqual([]);
  } finally {
    clock.mockRestore();
  }
});

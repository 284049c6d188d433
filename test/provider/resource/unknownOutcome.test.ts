import { RunningEmulator } from "../../../emulator";
import type { FaultSpec } from "../../../emulator/types";
import * as provider from "../../../provider";
import { ConnectedOrganizationInputs } from "../../../provider";
import {
  CONNECTED_ORGANIZATIONS,
  adminGraphClient,
  configRequest,
  emulatorConfig,
  providerOnEmulator,
} from "../../support/emulator";
import { PARTNER_NAMES } from "../../support/partnerNames";

let emulator: RunningEmulator;
providerOnEmulator((started) => (emulator = started));

async function checked(displayName: string): Promise<ConnectedOrganizationInputs> {
  const { inputs, failures } = await provider.check(
    {},
    { displayName, description: "Supplier", identitySources: [{ domainName: "contoso.com" }] },
  );
  expect(failures).toEqual([]);
  return inputs as unknown as ConnectedOrganizationInputs;
}

/** Every organization Graph holds, by id and name. */
async function stored(): Promise<{ id: string; displayName: string }[]> {
  const page = await adminGraphClient(emulator).api(CONNECTED_ORGANIZATIONS).get();
  return (page.value as { id: string; displayName: string }[]).map(({ id, displayName }) => ({
    id,
    displayName,
  }));
}

const posts = () =>
  emulator
    .requests()
    .filter((r) => r.method === "POST" && r.path.endsWith("/connectedOrganizations"));

const createsOnly = { method: "POST", route: "/connectedOrganizations$/" };

describe("a create whose answer leaves its outcome unknown", () => {
  const committed: [string, FaultSpec][] = [
    ["500", { kind: "status-after", status: 500 }],
    ["502 with an HTML page", { kind: "status-after", status: 502 }],
    ["504", { kind: "status-after", status: 504 }],
    ["a dropped connection", { kind: "reset-after" }],
  ];

  it.each(committed)(
    "takes over what it committed when answered with %s, sending it once",
    async (_, fault) => {
      emulator.addFault({ ...fault, ...createsOnly, count: 1 });
      const { id, outs } = await provider.create(await checked("Contoso"));
      expect(await stored()).toEqual([{ id, displayName: "Contoso" }]);
      expect(outs.description).toBe("Supplier");
      expect(posts()).toHaveLength(1);
    },
  );

  it("sends it again when Graph answered 500 before carrying it out", async () => {
    emulator.addFault({ kind: "status", status: 500, ...createsOnly, count: 1 });
    const { id } = await provider.create(await checked("Contoso"));
    expect(await stored()).toEqual([{ id, displayName: "Contoso" }]);
    expect(posts().map((r) => r.status)).toEqual([500, 201]);
  });

  it("fails after three unknown outcomes with nothing made, quoting the gateway's page", async () => {
    emulator.addFault({ kind: "status", status: 502, ...createsOnly });
    const failure = provider.create(await checked("Contoso"));
    await expect(failure).rejects.toThrow(
      /^creating connected organization "Contoso": Graph 502 BadGateway \(request-id [0-9a-f-]{36}\): the answer was not Graph's but a page reading "502 Bad Gateway 502 Bad Gateway The gateway received an invalid response from the upstream server\."\. Each of 3 creates left open whether Graph carried it out, and no matching organization appeared, so none was taken over; run `pulumi up` again\.$/,
    );
    expect(await stored()).toEqual([]);
    expect(posts()).toHaveLength(3);
  });

  it("says the organization may exist when looking for it fails too", async () => {
    // An earlier create of the deployment made its one listing for the duplicate check.
    await provider.create(await checked("Fabrikam"));
    emulator.addFault({ kind: "status-after", status: 500, ...createsOnly, count: 1 });
    emulator.addFault({ kind: "status", status: 500, method: "GET", count: 1 });
    await expect(provider.create(await checked("Contoso"))).rejects.toThrow(
      /^creating connected organization "Contoso": Graph 500 InternalServerError \(request-id [0-9a-f-]{36}\): the create's outcome was unknown \(Graph answered 500\) and looking for what it may have made failed: An internal server error occurred\. The organization may exist: look for it by name before running `pulumi up` again\.$/,
    );
    expect((await stored()).map((o) => o.displayName).sort()).toEqual(["Contoso", "Fabrikam"]);
  });

  it("names every candidate when several matching organizations appeared", async () => {
    // The duplicate check would refuse this create before sending it; here it is off so that
    // a match appearing between that check and the create is played.
    await provider.configure(
      configRequest(emulatorConfig(emulator, { "entra:preventDuplicates": "false" })),
    );
    const admin = adminGraphClient(emulator);
    const body = {
      displayName: "Contoso",
      description: "Supplier",
      identitySources: [
        { "@odata.type": "#microsoft.graph.domainIdentitySource", domainName: "contoso.com" },
      ],
    };
    const first = await admin.api(CONNECTED_ORGANIZATIONS).post(body);
    emulator.addFault({ kind: "status-after", status: 504, ...createsOnly, count: 1 });
    const failure = provider.create(await checked("Contoso"));
    await expect(failure).rejects.toThrow(
      /^creating connected organization "Contoso": AmbiguousCreate: the create's outcome was unknown \(Graph answered 504\) and 2 matching organizations appeared since \(/,
    );
    const ids = (await stored()).map((o) => o.id);
    expect(ids).toHaveLength(2);
    await expect(failure).rejects.toThrow(first.id);
    await expect(failure).rejects.toThrow(ids.find((id) => id !== first.id));
  });

  it.each(PARTNER_NAMES.map((name) => [name]))(
    "finds what it committed for %j, whatever characters the name holds",
    async (displayName) => {
      emulator.addFault({ kind: "reset-after", ...createsOnly, count: 1 });
      const { id } = await provider.create(await checked(displayName));
      expect(await stored()).toEqual([{ id, displayName }]);
      expect(posts()).toHaveLength(1);
    },
  );
});

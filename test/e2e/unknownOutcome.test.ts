import type { Stack } from "@pulumi/pulumi/automation";
import { RunningEmulator } from "../../emulator";
import type { FaultSpec } from "../../emulator/types";
import { CONNECTED_ORGANIZATIONS, adminGraphClient, startTestEmulator } from "../support/emulator";
import {
  DEPLOYMENT_TIMEOUT_MS,
  configureForEmulator,
  connectedOrganizationsIn,
  exportStoredState,
  graphCalls,
  rootProgramStack,
  setOrganizations,
} from "./harness";

jest.setTimeout(DEPLOYMENT_TIMEOUT_MS);

/** Each create is committed by Graph and then answered with one of these. */
const FAULTS: FaultSpec[] = [
  { kind: "status-after", status: 500 },
  { kind: "status-after", status: 502 },
  { kind: "status-after", status: 504 },
  { kind: "reset-after" },
];

const organizations = ["Alpine & Co", "Birch + Sons", "Cedar #3", "Dogwood O'Neil"].map(
  (displayName, index) => ({
    name: `partner${index}`,
    displayName,
    identitySources: [{ domainName: `partner${index}.example` }],
  }),
);

let emulator: RunningEmulator;
let stack: Stack;

beforeAll(async () => {
  emulator = await startTestEmulator();
  stack = await rootProgramStack("unknown-outcome");
  await configureForEmulator(stack, emulator);
  await setOrganizations(stack, organizations);
});
afterAll(async () => {
  await stack?.destroy().catch(() => undefined);
  await emulator?.stop();
});

test("creates answered with 500, 502, 504 or a dropped connection after they committed end with exactly one organization each", async () => {
  for (const fault of FAULTS) {
    emulator.addFault({
      ...fault,
      method: "POST",
      route: "/connectedOrganizations$/",
      count: 1,
    });
  }
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: organizations.length + 1 });

  const creates = graphCalls(emulator).filter(
    (r) => r.method === "POST" && r.path.endsWith("/connectedOrganizations"),
  );
  expect(creates.map((r) => r.fault).sort()).toEqual([
    "reset-after",
    "status-after",
    "status-after",
    "status-after",
  ]);

  const page = await adminGraphClient(emulator).api(CONNECTED_ORGANIZATIONS).get();
  const stored = page.value as { id: string; displayName: string }[];
  expect(stored.map((o) => o.displayName).sort()).toEqual(
    organizations.map((o) => o.displayName).sort(),
  );
  const inState = connectedOrganizationsIn(await exportStoredState(stack));
  expect(inState.map((r) => r.id).sort()).toEqual(stored.map((o) => o.id).sort());

  const preview = await stack.preview();
  expect(preview.changeSummary).toEqual({ same: organizations.length + 1 });
});

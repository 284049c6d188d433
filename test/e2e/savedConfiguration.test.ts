import type { Stack } from "@pulumi/pulumi/automation";
import { RunningEmulator, SeedApp } from "../../emulator";
import { generateClientSecret } from "../../emulator/server/seed";
import { CONNECTED_ORGANIZATIONS, adminGraphClient, startTestEmulator } from "../support/emulator";
import { appWithWritePermission, registerApps } from "../support/generatedCredentials";
import {
  DEPLOYMENT_TIMEOUT_MS,
  connectedOrganizationsIn,
  exportStoredState,
  graphCalls,
  rootProgramStack,
  setOrganizations,
} from "./harness";

// `pulumi refresh` and `pulumi destroy` run the provider with the stack configuration saved by
// the last `up`. These tests rotate an app's client secret after `up`, as a pipeline does when a
// secret expires, and show what works afterwards.
jest.setTimeout(DEPLOYMENT_TIMEOUT_MS * 2);

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.stop());

/** A new app with one client secret, its own so rotating it touches no other test. */
function registerApp(name: string): SeedApp & { secrets: string[] } {
  const app = { ...appWithWritePermission(name), secrets: [generateClientSecret()] };
  registerApps(emulator, [app]);
  return app;
}

/** Replaces the app's secret in Entra: the old one stops working at once. */
function rotateSecret(app: SeedApp & { secrets: string[] }): string {
  const others = (emulator.apps ?? [])
    .filter((a) => a.clientId !== app.clientId)
    .map((a) => ({
      clientId: a.clientId,
      ...(a.displayName !== undefined ? { displayName: a.displayName } : {}),
      roles: a.roles,
      secrets: a.clientSecret !== undefined ? [a.clientSecret] : [],
    }));
  app.secrets = [generateClientSecret()];
  emulator.seed({ apps: [...others, app] });
  return app.secrets[0];
}

async function stackWithOneOrganization(name: string, env: Record<string, string> = {}) {
  const stack = await rootProgramStack(name, env);
  await stack.setAllConfig({
    "entra:graphEndpoint": { value: emulator.graphUrl },
    "entra:authorityHost": { value: emulator.authorityHost },
  });
  await setOrganizations(stack, [
    {
      name: "contoso",
      displayName: `Contoso (${name})`,
      identitySources: [{ domainName: "contoso.com" }],
    },
  ]);
  return stack;
}

async function deployedId(stack: Stack): Promise<string> {
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  return ((await stack.outputs()).ids.value as Record<string, string>).contoso;
}

const organization = (id: string) =>
  adminGraphClient(emulator).api(`${CONNECTED_ORGANIZATIONS}/${id}`).get();

function failureOf(run: Promise<unknown>): Promise<Error> {
  return run.then(
    () => {
      throw new Error("expected the command to fail");
    },
    (error: Error) => error,
  );
}

test("a secret rotated in stack config after up: refresh and destroy need --run-program", async () => {
  const app = registerApp("Deployer with a rotating secret in stack config");
  const stack = await stackWithOneOrganization("saved-config-stack-secret");
  await stack.setAllConfig({
    "entra:tenantId": { value: emulator.tenantId },
    "entra:clientId": { value: app.clientId },
    "entra:clientSecret": { value: app.secrets[0], secret: true },
  });
  const id = await deployedId(stack);

  const rotated = rotateSecret(app);
  await stack.setConfig("entra:clientSecret", { value: rotated, secret: true });
  emulator.clearRequests();

  // The saved configuration holds the old secret, which Entra now refuses.
  const refresh = await failureOf(stack.refresh());
  expect(refresh.message).toMatch(
    /reading connected organization "Contoso \(saved-config-stack-secret\)": .*AADSTS7000215: Invalid client secret provided\..* If the credential was changed in stack config since the last `pulumi up`: `pulumi refresh` and `pulumi destroy` use the configuration saved by that `up`; run them with --run-program to use the current one, or pass credentials in environment variables/,
  );
  expect(refresh.message).not.toContain(rotated);
  expect(graphCalls(emulator)).toEqual([]);
  const destroy = await failureOf(stack.destroy());
  expect(destroy.message).toMatch(
    /deleting connected organization "Contoso \(saved-config-stack-secret\)": .*AADSTS7000215.* run them with --run-program/,
  );
  expect(await organization(id)).toMatchObject({ id });

  // With the program run, the provider gets the current stack config.
  const refreshed = await stack.refresh({ runProgram: true });
  expect(refreshed.summary.result).toBe("succeeded");
  const destroyed = await stack.destroy({ runProgram: true });
  // The program runs first, so the engine also counts its resources as unchanged ("same").
  expect(destroyed.summary.resourceChanges).toMatchObject({ delete: 2 });
  await expect(organization(id)).rejects.toMatchObject({ statusCode: 404 });
  expect(connectedOrganizationsIn(await exportStoredState(stack))).toEqual([]);
});

test("a secret from the environment: refresh and destroy use the rotated one as they are", async () => {
  const app = registerApp("Deployer with a rotating secret in the environment");
  const stack = await stackWithOneOrganization("saved-config-environment", {
    ARM_TENANT_ID: emulator.tenantId,
    ARM_CLIENT_ID: app.clientId,
    ARM_CLIENT_SECRET: app.secrets[0],
  });
  const id = await deployedId(stack);

  stack.workspace.envVars.ARM_CLIENT_SECRET = rotateSecret(app);
  emulator.clearRequests();
  const refreshed = await stack.refresh();
  expect(refreshed.summary.result).toBe("succeeded");
  const tokens = emulator.requests().filter((r) => r.kind === "token");
  expect(tokens.map((r) => r.status)).toEqual([200]);
  const destroyed = await stack.destroy();
  expect(destroyed.summary.resourceChanges).toEqual({ delete: 2 });
  await expect(organization(id)).rejects.toMatchObject({ statusCode: 404 });
});

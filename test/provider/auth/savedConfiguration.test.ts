import { RunningEmulator } from "../../../emulator";
import * as provider from "../../../provider";
import { ConnectedOrganizationInputs } from "../../../provider";
import { configRequest, emulatorConfig, startTestEmulator } from "../../support/emulator";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.stop());

const HINT =
  "If the credential was changed in stack config since the last `pulumi up`: `pulumi refresh` and `pulumi destroy` use the configuration saved by that `up`; run them with --run-program to use the current one, or pass credentials in environment variables (ARM_CLIENT_SECRET, ARM_CLIENT_CERTIFICATE_PATH), which every run reads afresh.";

async function failureOf(run: Promise<unknown>): Promise<Error> {
  return run.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: Error) => error,
  );
}

describe("a client secret Entra refuses", () => {
  beforeAll(() =>
    provider.configure(
      configRequest(emulatorConfig(emulator, { "entra:clientSecret": "an-old-secret-value" })),
    ),
  );

  it.each([
    [
      "reading",
      () => provider.read("4f1b5c6e-2f0a-4d43-9a51-3c1c2b0e9f10", { displayName: "Contoso" }),
    ],
    [
      "deleting",
      () => provider.delete("4f1b5c6e-2f0a-4d43-9a51-3c1c2b0e9f10", { displayName: "Contoso" }),
    ],
  ])(
    "while %s (refresh, destroy) says how to use the current stack config",
    async (operation, run) => {
      const error = await failureOf(run());
      expect(error.message).toMatch(
        new RegExp(
          `^${operation} connected organization "Contoso": .*AADSTS7000215: Invalid client secret provided\\.`,
        ),
      );
      expect(error.message.endsWith(` ${HINT}`)).toBe(true);
      expect(error.message).not.toContain("an-old-secret-value");
    },
  );

  it("while creating (up, which always uses the current stack config) says nothing of it", async () => {
    const contoso = {
      displayName: "Contoso",
      identitySources: [{ domainName: "contoso.com" }],
    } as ConnectedOrganizationInputs;
    const error = await failureOf(provider.create(contoso));
    expect(error.message).toMatch(/AADSTS7000215/);
    expect(error.message).not.toContain("--run-program");
  });
});

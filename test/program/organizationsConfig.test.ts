import { RunError } from "@pulumi/pulumi";
import { parseOrganizations } from "../../program/organizationsConfig";

const KEY = "connected-organizations:organizations";
const contoso = {
  name: "contoso",
  displayName: "Contoso",
  identitySources: [{ domainName: "contoso.com" }],
};

function failureOf(text: string | undefined): Error {
  try {
    parseOrganizations(text, KEY);
  } catch (error) {
    return error as Error;
  }
  throw new Error("no failure");
}

describe("parseOrganizations", () => {
  it("returns the entries, unchanged, for the provider to check", () => {
    expect(parseOrganizations(JSON.stringify([contoso]), KEY)).toEqual([contoso]);
    expect(parseOrganizations("[]", KEY)).toEqual([]);
  });

  it.each([
    [
      undefined,
      `stack config ${KEY}: not set; list the organizations under it in Pulumi.<stack>.yaml, each a mapping with name, displayName and identitySources`,
    ],
    [
      "contoso",
      `stack config ${KEY}: must be a list of organizations, each a mapping with name, displayName and identitySources (and optionally description, state, internalSponsors, externalSponsors, adoptId, previousNames, retainOnDelete) (got "contoso")`,
    ],
    ['{"contoso":{}}', `stack config ${KEY}: must be a list of organizations, each a mapping`],
    [
      "[1]",
      `stack config ${KEY}[0]: must be a mapping with name, displayName and identitySources (and optionally description, state, internalSponsors, externalSponsors, adoptId, previousNames, retainOnDelete) (got 1)`,
    ],
    ["[[]]", `stack config ${KEY}[0]: must be a mapping`],
    [
      JSON.stringify([{ displayName: "Contoso" }]),
      `stack config ${KEY}[0].name: must be a resource name of letters, digits, ".", "_" or "-", starting with a letter or digit (got nothing)`,
    ],
    [
      JSON.stringify([{ ...contoso, name: "contoso ltd" }]),
      `stack config ${KEY}[0].name: must be a resource name of letters, digits, ".", "_" or "-", starting with a letter or digit (got "contoso ltd")`,
    ],
    [JSON.stringify([{ ...contoso, name: "a\nb" }]), `(got "a\\nb")`],
    [
      JSON.stringify([{ Name: "contoso", displayName: "Contoso" }]),
      `stack config ${KEY}[0].name: must be a resource name of letters, digits, ".", "_" or "-", starting with a letter or digit (got nothing); the key is spelt "name", not "Name"`,
    ],
    [
      JSON.stringify([contoso, { ...contoso, name: "b", previousNames: ["contoso"] }]),
      `stack config ${KEY}[1].previousNames[0]: "contoso" is already used by ${KEY}[0].name; names and previous names must be unique`,
    ],
    [
      JSON.stringify([{ ...contoso, previousNames: "old" }]),
      `stack config ${KEY}[0].previousNames: must be a list of the names this entry had before (got "old")`,
    ],
    [
      JSON.stringify([{ ...contoso, previousNames: ["old name"] }]),
      `stack config ${KEY}[0].previousNames[0]: must be a resource name of letters, digits, ".", "_" or "-", starting with a letter or digit (got "old name")`,
    ],
    [
      JSON.stringify([{ ...contoso, retainOnDelete: "yes" }]),
      `stack config ${KEY}[0].retainOnDelete: must be true or false (got "yes")`,
    ],
    [
      JSON.stringify([
        { ...contoso, adoptId: "3A9C2F4E-7B1D-4E6A-8C5F-0D2E4B6A8C1E" },
        { ...contoso, name: "b", adoptId: "3a9c2f4e-7b1d-4e6a-8c5f-0d2e4b6a8c1e" },
      ]),
      `stack config ${KEY}[1].adoptId: 3a9c2f4e-7b1d-4e6a-8c5f-0d2e4b6a8c1e is already adopted by ${KEY}[0]; one organization can be managed by one entry only`,
    ],
    [
      JSON.stringify([contoso, contoso]),
      `stack config ${KEY}[1].name: "contoso" is already used by ${KEY}[0].name; names and previous names must be unique`,
    ],
  ])("refuses %j with one line naming the key and what is allowed", (text, message) => {
    const error = failureOf(text);
    // The engine prints a RunError as its message alone, without a stack trace.
    expect(RunError.isInstance(error)).toBe(true);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain("\n");
  });

  it("accepts previous names and retainOnDelete", () => {
    const parsed = parseOrganizations(
      JSON.stringify([
        { ...contoso, name: "contoso-ltd", previousNames: ["contoso"], retainOnDelete: true },
        { ...contoso, name: "fabrikam" },
      ]),
      KEY,
    );
    expect(parsed.map((e) => [e.name, e.previousNames, e.retainOnDelete])).toEqual([
      ["contoso-ltd", ["contoso"], true],
      ["fabrikam", undefined, undefined],
    ]);
  });

  it("shortens a long value in the message", () => {
    const message = failureOf(JSON.stringify({ description: "x".repeat(500) })).message;
    // 77 characters of the JSON value, then "...".
    expect(message).toMatch(/\(got \{"description":"x{61}\.\.\.\)$/);
  });
});

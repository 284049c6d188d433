import { parseOrganizations } from "../../program/organizationsConfig";

const entry = (fields: Record<string, unknown>) => ({
  displayName: "Contoso",
  identitySources: [{ domainName: "contoso.com" }],
  ...fields,
});

test("accepts previous names and retainOnDelete", () => {
  const parsed = parseOrganizations([
    entry({ name: "contoso-ltd", previousNames: ["contoso"], retainOnDelete: true }),
    entry({ name: "fabrikam" }),
  ]);
  expect(parsed.map((e) => [e.name, e.previousNames, e.retainOnDelete])).toEqual([
    ["contoso-ltd", ["contoso"], true],
    ["fabrikam", undefined, undefined],
  ]);
});

test.each([
  [
    [entry({ name: "a" }), entry({ name: "b", previousNames: ["a"] })],
    'config organizations[1].previousNames[0]: "a" is already used by organizations[0].name; names and previous names must be unique',
  ],
  [
    [entry({ name: "a", previousNames: "b" })],
    'config organizations[0].previousNames: must be a list of the names this entry had before (got "b")',
  ],
  [
    [entry({ name: "a", previousNames: ["old name"] })],
    'config organizations[0].previousNames[0]: must be a resource name of letters, digits, ".", "_" or "-" (got "old name")',
  ],
  [
    [entry({ name: "a", retainOnDelete: "yes" })],
    'config organizations[0].retainOnDelete: must be true or false (got "yes")',
  ],
  [
    [
      entry({ name: "a", adoptId: "3A9C2F4E-7B1D-4E6A-8C5F-0D2E4B6A8C1E" }),
      entry({ name: "b", adoptId: "3a9c2f4e-7b1d-4e6a-8c5f-0d2e4b6a8c1e" }),
    ],
    "config organizations[1].adoptId: 3a9c2f4e-7b1d-4e6a-8c5f-0d2e4b6a8c1e is already adopted by organizations[0]; one organization can be managed by one entry only",
  ],
  [
    [entry({ name: "a" }), entry({ name: "a" })],
    'config organizations[1].name: "a" is already used by organizations[0].name; names and previous names must be unique',
  ],
])("names the entry and field at fault", (organizations, message) => {
  expect(() => parseOrganizations(organizations)).toThrow(message);
});

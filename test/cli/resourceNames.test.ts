import { baseName, resourceNames } from "../../cli/export/resourceNames";

test.each([
  ["Contoso", "contoso"],
  ["Contoso Ltd.", "contoso-ltd"],
  ["Société Générale", "societe-generale"],
  ["  A&B -- Consulting  ", "a-b-consulting"],
  ["株式会社", "organization"],
  ["x".repeat(300), "x".repeat(60)],
  [`${"a".repeat(59)} b`, "a".repeat(59)],
])("%j is named %j", (displayName, name) => {
  expect(baseName(displayName)).toBe(name);
});

test("colliding names: the oldest keeps the plain name, the others add the start of their id", () => {
  const names = resourceNames([
    {
      id: "BBBBBBBB-0000-4000-8000-000000000002",
      displayName: "Contoso",
      createdDateTime: "2025-02-01T00:00:00Z",
    },
    {
      id: "aaaaaaaa-0000-4000-8000-000000000001",
      displayName: "contoso!",
      createdDateTime: "2025-01-01T00:00:00Z",
    },
    { id: "cccccccc-0000-4000-8000-000000000003", displayName: "Fabrikam" },
  ]);
  expect(Object.fromEntries(names)).toEqual({
    "aaaaaaaa-0000-4000-8000-000000000001": "contoso",
    "BBBBBBBB-0000-4000-8000-000000000002": "contoso-bbbbbbbb",
    "cccccccc-0000-4000-8000-000000000003": "fabrikam",
  });
});

test("a display name that reads like another's suffixed name never takes it twice", () => {
  const names = resourceNames([
    { id: "aaaaaaaa-0000-4000-8000-000000000001", displayName: "X", createdDateTime: "1" },
    { id: "bbbbbbbb-0000-4000-8000-000000000002", displayName: "X", createdDateTime: "2" },
    { id: "cccccccc-0000-4000-8000-000000000003", displayName: "X bbbbbbbb" },
  ]);
  expect(new Set(names.values()).size).toBe(3);
});

test("names do not depend on the order Graph lists organizations in", () => {
  const organizations = Array.from({ length: 20 }, (_, i) => ({
    id: `${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`,
    displayName: i % 3 === 0 ? "Same" : `Partner ${i}`,
    createdDateTime: `2025-01-${String(20 - i).padStart(2, "0")}T00:00:00Z`,
  }));
  const forward = Object.fromEntries(resourceNames(organizations));
  const backward = Object.fromEntries(resourceNames([...organizations].reverse()));
  expect(backward).toEqual(forward);
  expect(forward["00000018-0000-4000-8000-000000000000"]).toBe("same");
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunError } from "@pulumi/pulumi";
import { loadOrganizations } from "../../program/organizationsFile";

const contoso = {
  name: "contoso",
  displayName: "Contoso",
  identitySources: [{ domainName: "contoso.com" }],
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "organizations-file-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function config(values: Record<string, string>) {
  return { name: "connected-organizations", get: (key: string) => values[key] };
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function failureOf(values: Record<string, string>): Error {
  try {
    loadOrganizations(config(values));
  } catch (error) {
    return error as Error;
  }
  throw new Error("no failure");
}

test("reads the list from stack config when no file is named", () => {
  expect(loadOrganizations(config({ organizations: JSON.stringify([contoso]) }))).toEqual([
    contoso,
  ]);
});

test("reads a YAML file, and a JSON one, with the same entries", () => {
  const yamlFile = write(
    "partners.yaml",
    "- name: contoso\n  displayName: Contoso\n  identitySources:\n    - domainName: contoso.com\n",
  );
  const jsonFile = write("partners.json", JSON.stringify([contoso]));
  expect(loadOrganizations(config({ organizationsFile: yamlFile }))).toEqual([contoso]);
  expect(loadOrganizations(config({ organizationsFile: jsonFile }))).toEqual([contoso]);
});

test("holds more organizations than stack config can pass to the program", () => {
  const many = Array.from({ length: 2000 }, (_, i) => ({
    name: `partner-${i}`,
    displayName: `Partner ${i}`,
    identitySources: [{ domainName: `partner${i}.example` }],
  }));
  const file = write("partners.json", JSON.stringify(many));
  expect(fs.statSync(file).size).toBeGreaterThan(128 * 1024);
  expect(loadOrganizations(config({ organizationsFile: file }))).toHaveLength(2000);
});

test("refuses both places at once", () => {
  const file = write("partners.json", "[]");
  const failure = failureOf({ organizations: "[]", organizationsFile: file });
  expect(failure).toBeInstanceOf(RunError);
  expect(failure.message).toBe(
    "stack config connected-organizations:organizations and connected-organizations:organizationsFile are both set; keep the organizations in one of them",
  );
});

test("names a file it cannot read, and where relative paths start", () => {
  const missing = path.join(dir, "missing.yaml");
  expect(failureOf({ organizationsFile: missing }).message).toBe(
    `stack config connected-organizations:organizationsFile: cannot read "${missing}" (ENOENT); give a path relative to the project directory, ${process.cwd()}`,
  );
});

test("names the file and the entry at fault", () => {
  const notYaml = write("broken.yaml", "- name: [unclosed\n");
  expect(failureOf({ organizationsFile: notYaml }).message).toMatch(
    new RegExp(`^organizations file ${notYaml}: not YAML or JSON: `),
  );
  // A .json file is JSON: its own error, not the YAML parser's (which would take a trailing comma).
  const trailingComma = write("partners.json", '[{"name": "contoso"},]');
  expect(failureOf({ organizationsFile: trailingComma }).message).toMatch(
    new RegExp(`^organizations file ${trailingComma}: not JSON: `),
  );
  const notList = write("map.yaml", "contoso: {}\n");
  expect(failureOf({ organizationsFile: notList }).message).toBe(
    `organizations file ${notList}: must be a list of organizations, each a mapping with name, displayName and identitySources (and optionally description, state, internalSponsors, externalSponsors, adoptId, previousNames, retainOnDelete) (got {"contoso":{}})`,
  );
  const twice = write("twice.yaml", JSON.stringify([contoso, contoso]));
  expect(failureOf({ organizationsFile: twice }).message).toBe(
    `organizations file ${twice}[1].name: "contoso" is already used by ${twice}[0].name; names and previous names must be unique`,
  );
});

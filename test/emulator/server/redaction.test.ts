import { REDACTED, Redactor } from "../../../emulator/server/redaction";

const SEEDED = "seeded-secret-value";
const redactor = new Redactor(() => [SEEDED]);

describe("a recorded body that is neither a well-formed form nor JSON", () => {
  test.each([
    [
      "a form sent as text/plain",
      "client_id=app&client_secret=unseeded-s3cret&scope=x",
      "text/plain",
    ],
    [
      "an assertion in a form without its content type",
      "assertion=opaque-assertion&grant_type=x",
      "",
    ],
    [
      "app secrets in a seed cut short",
      '{"apps":[{"clientId":"app","secrets":["unseeded-s3cret","opaque-assertion"],',
      "application/json",
    ],
    ["a client secret in JSON cut short", '{"clientSecret": "unseeded-s3cret"', "application/json"],
  ])("hides the credential fields of %s", (_name, body, contentType) => {
    const recorded = redactor.body(body, contentType);
    expect(typeof recorded).toBe("string");
    expect(recorded).toContain(REDACTED);
    expect(recorded).not.toMatch(/unseeded-s3cret|opaque-assertion/);
  });

  test("keeps the other fields, and hides a seeded secret wherever it stands", () => {
    expect(redactor.body(`client_id=app&note=${SEEDED}&client_secret=x`, "text/plain")).toBe(
      `client_id=app&note=${REDACTED}&client_secret=${REDACTED}`,
    );
  });
});

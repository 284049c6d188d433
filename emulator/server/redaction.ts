import type { IncomingHttpHeaders } from "node:http";

/** What a recording shows instead of a secret. */
export const REDACTED = "[redacted]";

/** Headers that carry credentials. */
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);

/**
 * Form fields, query parameters and JSON properties that carry credentials: OAuth's secrets,
 * assertions and tokens, and the control API's app secrets.
 */
const SECRET_FIELDS = new Set([
  "client_secret",
  "client_assertion",
  "assertion",
  "access_token",
  "refresh_token",
  "id_token",
  "password",
  "secrets",
  "clientsecret",
]);

const FIELD_NAMES = [...SECRET_FIELDS].join("|");
/** `field=value` of a credential field in text that is not a well-formed form. */
const LOOSE_FORM_FIELD = new RegExp(`(^|[&?;\\s])(${FIELD_NAMES})=[^&\\s]*`, "gi");
/** `"field": value` of a credential field in text that is not well-formed JSON. */
const LOOSE_JSON_FIELD = new RegExp(
  `("(?:${FIELD_NAMES})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|\\[[^\\]]*\\]?|[^,}\\s]*)`,
  "gi",
);

/** A compact JWS or JWT: base64url header (always `{"…`, so `eyJ`), payload and signature. */
const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** Shorter strings are not treated as secrets when scrubbing text, so no ordinary word is hidden. */
const MIN_SECRET_LENGTH = 8;

export type RedactedHeaders = Record<string, string | string[]>;

/**
 * Hides credentials in what the emulator records. Fields and headers known to carry them are
 * replaced whole; every other string loses any JWT and any of the given secrets it contains.
 */
export class Redactor {
  constructor(private readonly secrets: () => readonly string[]) {}

  text(value: string): string {
    let result = value.replace(JWT, REDACTED);
    for (const secret of this.secrets()) {
      if (secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join(REDACTED);
    }
    return result;
  }

  headers(headers: IncomingHttpHeaders | Record<string, string>): RedactedHeaders {
    const result: RedactedHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      const key = name.toLowerCase();
      if (SECRET_HEADERS.has(key)) result[key] = REDACTED;
      else result[key] = Array.isArray(value) ? value.map((v) => this.text(v)) : this.text(value);
    }
    return result;
  }

  /** Path and query, with credential parameters hidden. */
  url(url: URL): string {
    const query = [...url.searchParams.entries()]
      .map(([name, value]) =>
        SECRET_FIELDS.has(name.toLowerCase())
          ? `${name}=${REDACTED}`
          : `${name}=${encodeURIComponent(this.text(value))}`,
      )
      .join("&");
    return `${this.text(url.pathname)}${query ? `?${query}` : ""}`;
  }

  /**
   * A body as recorded: JSON as its value, a form as an object of its fields (a repeated field as
   * a list), anything else as text; undefined when empty.
   */
  body(raw: Buffer | string | undefined, contentType: string | undefined): unknown {
    const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : raw;
    if (text === undefined || text === "") return undefined;
    const type = (contentType ?? "").toLowerCase();
    if (type.includes("application/x-www-form-urlencoded")) return this.form(text);
    if (type.includes("json") || type === "") {
      try {
        return this.json(JSON.parse(text) as unknown);
      } catch {
        // not JSON after all: recorded as text
      }
    }
    return this.text(
      text
        .replace(LOOSE_FORM_FIELD, `$1$2=${REDACTED}`)
        .replace(LOOSE_JSON_FIELD, `$1"${REDACTED}"`),
    );
  }

  json(value: unknown, key?: string): unknown {
    if (key !== undefined && SECRET_FIELDS.has(key.toLowerCase())) return REDACTED;
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.json(item));
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([name, item]) => [this.text(name), this.json(item, name)]),
      );
    }
    return value;
  }

  private form(text: string): Record<string, string | string[]> {
    const fields = Object.create(null) as Record<string, string | string[]>;
    for (const [name, value] of new URLSearchParams(text)) {
      const shown = this.field(name, value);
      const before = fields[name];
      fields[name] =
        before === undefined ? shown : Array.isArray(before) ? [...before, shown] : [before, shown];
    }
    return fields;
  }

  private field(name: string, value: string): string {
    return SECRET_FIELDS.has(name.toLowerCase()) ? REDACTED : this.text(value);
  }
}

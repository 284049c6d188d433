import { domainToASCII } from "node:url";
import { decode as decodePunycode, encode as encodePunycode } from "punycode/";

/**
 * The syntax of GUIDs (RFC 9562), domain names (RFC 1035, with RFC 1123's leading digits) and
 * https URIs (RFC 3986), checked as written, unlike WHATWG URL parsing, which trims spaces, drops
 * tabs, adds missing slashes and percent-encodes what a URI cannot hold. Each check returns what is wrong, as a clause to put after the
 * setting's or input's name, or undefined when the value is fine.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_GUID = "00000000-0000-0000-0000-000000000000";
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const TOP_LEVEL_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i;
const NON_ASCII = /[^\p{ASCII}]/u;
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}\p{Cf}]/u;
/** unreserved, sub-delims, gen-delims and "%" of RFC 3986 section 2. */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:/?#[\]@%]*$/;
const PERCENT_ENCODING = /%(?![0-9a-f]{2})/i;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/**
 * What is wrong with an id of a tenant, app or directory object: a GUID, never the nil GUID.
 * `allowed` reads like "a tenant id GUID such as 72f988bf-…".
 */
export function guidProblem(value: string, allowed: string): string | undefined {
  if (!isGuid(value)) return `must be ${allowed}`;
  if (value === NIL_GUID) {
    return `must be ${allowed}, not the nil GUID, which no tenant or object has`;
  }
  return undefined;
}

/**
 * What is wrong with a domain name. An internationalized one is refused with its punycode form
 * (IDNA via Node's own `domainToASCII`), which is what Graph and Entra store.
 */
export function domainNameProblem(value: string): string | undefined {
  if (WHITESPACE_OR_CONTROL.test(value)) {
    return "must be a DNS domain name such as contoso.com, with no whitespace anywhere";
  }
  if (NON_ASCII.test(value)) {
    const ascii = domainToASCII(value);
    return ascii !== "" && hostProblem(ascii, true) === undefined
      ? `is an internationalized domain name; use its punycode form "${ascii}" instead`
      : "is not a valid internationalized domain name";
  }
  return hostProblem(value, true);
}

function hostProblem(value: string, requireDomain: boolean): string | undefined {
  const allowed =
    "must be a DNS domain name such as contoso.com: labels of letters, digits and hyphens, at most 63 characters each, not starting or ending with a hyphen, separated by dots";
  if (value.endsWith(".")) return `${allowed}, without a trailing dot`;
  if (value.length > 253) return `${allowed}, at most 253 characters in all`;
  const labels = value.split(".");
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) return allowed;
  const last = labels[labels.length - 1];
  if (requireDomain && labels.length < 2) return allowed;
  if (!TOP_LEVEL_LABEL.test(last) && (requireDomain || /^\d+$/.test(last))) {
    return `${allowed}, ending in a top-level domain of letters`;
  }
  // Labels that start "xn--" must be valid punycode; Node 26's domainToASCII no longer says so.
  if (
    /(^|\.)xn--/i.test(value) &&
    (domainToASCII(value) === "" || !labels.every(decodesAsPunycode))
  ) {
    return "holds a label starting with xn-- that is not valid punycode";
  }
  return undefined;
}

/**
 * Whether a label starting "xn--" is punycode (RFC 3492) of letters, marks, digits and hyphens with
 * one beyond ASCII, which encodes back to the same label; any other label passes. decode alone
 * takes "a" (a control character) or "abc-" (plain ASCII).
 */
function decodesAsPunycode(label: string): boolean {
  if (!/^xn--/i.test(label)) return true;
  const encoded = label.slice(4).toLowerCase();
  try {
    const decoded = decodePunycode(encoded);
    return (
      /[^\p{ASCII}]/u.test(decoded) &&
      /^[\p{L}\p{M}\p{N}-]+$/u.test(decoded) &&
      encodePunycode(decoded) === encoded
    );
  } catch {
    return false;
  }
}

/**
 * What is wrong with an absolute https URI. With `originOnly`, only scheme, host and port are
 * allowed (a trailing "/" is fine): no user, path, query or fragment.
 */
export function httpsUriProblem(
  value: string,
  example: string,
  originOnly = false,
): string | undefined {
  const allowed = originOnly
    ? `must be an https origin (scheme, host and optional port, no path) such as ${example}`
    : `must be an absolute https URI such as ${example}`;
  if (WHITESPACE_OR_CONTROL.test(value)) return `${allowed}, with no whitespace anywhere`;
  if (NON_ASCII.test(value)) {
    const ascii = asciiUri(value);
    return ascii === undefined
      ? `${allowed}, in ASCII (RFC 3986)`
      : `${allowed}, in ASCII (RFC 3986): use "${ascii}" instead`;
  }
  if (!URI_CHARACTERS.test(value) || PERCENT_ENCODING.test(value)) {
    return `${allowed}; it holds characters a URI cannot (RFC 3986): percent-encode them`;
  }
  const parts = /^https:\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(value);
  if (parts === null) return allowed;
  const [, authority, path, query, fragment] = parts;
  const at = authority.lastIndexOf("@");
  const hostAndPort = authority.slice(at + 1);
  const hostPort = /^(\[[0-9a-f:.]+\]|[^:]*)(?::(\d*))?$/i.exec(hostAndPort);
  if (hostPort === null || hostPort[1] === "") return `${allowed}; it has no host`;
  const [, host, port] = hostPort;
  if (port !== undefined && (port === "" || Number(port) > 65535)) {
    return `${allowed}; its port must be a number from 0 to 65535`;
  }
  if (!host.startsWith("[") && !IPV4.test(host)) {
    const problem = hostProblem(host, false);
    if (problem !== undefined) return `${allowed}; its host ${problem}`;
  }
  try {
    new URL(value);
  } catch {
    return allowed;
  }
  if (originOnly) {
    if (at >= 0) return `${allowed}; it must not hold a user name`;
    if ((path !== "" && path !== "/") || query !== undefined || fragment !== undefined) {
      return `${allowed}; it must not have a path, query or fragment`;
    }
  }
  return undefined;
}

/** The ASCII spelling of a URI given with an internationalized host or non-ASCII path. */
function asciiUri(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "https:"
      ? url.href.replace(/\/$/, value.endsWith("/") ? "/" : "")
      : undefined;
  } catch {
    return undefined;
  }
}

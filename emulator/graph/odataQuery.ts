import { badRequest } from "./graphErrors";

/** A parsed $filter: only what connected organizations need (eq/ne, and/or/not, any()). */
export type FilterExpression =
  | { kind: "and" | "or"; left: FilterExpression; right: FilterExpression }
  | { kind: "not"; operand: FilterExpression }
  | { kind: "compare"; operator: "eq" | "ne"; path: string[]; value: string | boolean | null }
  | { kind: "any"; collection: string; variable: string; predicate: FilterExpression };

export interface CollectionQuery {
  filter?: FilterExpression;
  select?: string[];
  top?: number;
  skip: number;
}

export interface QueryShape {
  /** The OData type name used in error messages, e.g. microsoft.graph.connectedOrganization. */
  typeName: string;
  /** Properties that may appear in $select and $filter. */
  properties: readonly string[];
  /** Collection-valued properties that may be used with any(). */
  collections: readonly string[];
}

const SUPPORTED_OPTIONS = ["$filter", "$select", "$top", "$skiptoken", "$count"];

type Token =
  | { type: "word"; text: string }
  | { type: "string"; text: string }
  | { type: "punct"; text: "(" | ")" | ":" | "," };

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const ch = filter[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let text = "";
      i++;
      for (;;) {
        if (i >= filter.length)
          throw badRequest(`Invalid filter clause: unterminated string literal.`);
        if (filter[i] === "'") {
          if (filter[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += filter[i++];
      }
      tokens.push({ type: "string", text });
    } else if (ch === "(" || ch === ")" || ch === ":" || ch === ",") {
      tokens.push({ type: "punct", text: ch });
      i++;
    } else {
      const match = /^[A-Za-z0-9_./@#-]+/.exec(filter.slice(i));
      if (!match) throw badRequest(`Invalid filter clause: unexpected character '${ch}'.`);
      tokens.push({ type: "word", text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

class FilterParser {
  private position = 0;
  private readonly variables = new Set<string>();

  constructor(
    private readonly tokens: Token[],
    private readonly shape: QueryShape,
  ) {}

  parse(): FilterExpression {
    const expression = this.parseOr();
    if (this.position < this.tokens.length) {
      throw badRequest(`Invalid filter clause: unexpected '${this.tokens[this.position].text}'.`);
    }
    return expression;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw badRequest("Invalid filter clause: the expression ends too early.");
    return token;
  }

  private expectPunct(text: string): void {
    const token = this.next();
    if (token.type !== "punct" || token.text !== text) {
      throw badRequest(`Invalid filter clause: expected '${text}' but found '${token.text}'.`);
    }
  }

  private isWord(text: string): boolean {
    const token = this.peek();
    return token?.type === "word" && token.text === text;
  }

  private parseOr(): FilterExpression {
    let left = this.parseAnd();
    while (this.isWord("or")) {
      this.position++;
      left = { kind: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpression {
    let left = this.parseUnary();
    while (this.isWord("and")) {
      this.position++;
      left = { kind: "and", left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterExpression {
    if (this.isWord("not")) {
      this.position++;
      return { kind: "not", operand: this.parseUnary() };
    }
    const token = this.next();
    if (token.type === "punct" && token.text === "(") {
      const inner = this.parseOr();
      this.expectPunct(")");
      return inner;
    }
    if (token.type !== "word") {
      throw badRequest(`Invalid filter clause: unexpected '${token.text}'.`);
    }
    const lambda = /^([A-Za-z]+)\/any$/.exec(token.text);
    if (lambda) return this.parseAny(lambda[1]);
    const path = this.parsePath(token.text);
    const operator = this.next();
    if (operator.type !== "word" || (operator.text !== "eq" && operator.text !== "ne")) {
      throw badRequest(
        `Invalid filter clause: the operator '${operator.text}' is not supported; use eq or ne.`,
      );
    }
    return { kind: "compare", operator: operator.text, path, value: this.parseLiteral() };
  }

  private parseAny(collection: string): FilterExpression {
    if (!this.shape.collections.includes(collection)) {
      throw badRequest(
        `Could not find a property named '${collection}' on type '${this.shape.typeName}'.`,
      );
    }
    this.expectPunct("(");
    const variable = this.next();
    if (variable.type !== "word" || !/^[A-Za-z_]\w*$/.test(variable.text)) {
      throw badRequest("Invalid filter clause: any() needs a range variable, e.g. any(s:s/…).");
    }
    this.expectPunct(":");
    this.variables.add(variable.text);
    const predicate = this.parseOr();
    this.variables.delete(variable.text);
    this.expectPunct(")");
    return { kind: "any", collection, variable: variable.text, predicate };
  }

  private parsePath(text: string): string[] {
    const segments = text.split("/");
    if (this.variables.has(segments[0])) return segments;
    if (segments.length !== 1 || !this.shape.properties.includes(segments[0])) {
      throw badRequest(
        `Could not find a property named '${segments[0]}' on type '${this.shape.typeName}'.`,
      );
    }
    return segments;
  }

  private parseLiteral(): string | boolean | null {
    const token = this.next();
    if (token.type === "string") return token.text;
    if (token.type === "word" && token.text === "null") return null;
    if (token.type === "word" && (token.text === "true" || token.text === "false")) {
      return token.text === "true";
    }
    throw badRequest(`Invalid filter clause: '${token.text}' is not a supported literal.`);
  }
}

export function parseFilter(filter: string, shape: QueryShape): FilterExpression {
  return new FilterParser(tokenize(filter), shape).parse();
}

type Scope = Record<string, unknown>;

function resolvePath(path: string[], scope: Scope): unknown {
  let current: unknown = scope[path[0]];
  for (const segment of path.slice(1)) {
    if (typeof current !== "object" || current === null) return undefined;
    const record = current as Record<string, unknown>;
    if (segment.startsWith("microsoft.graph.")) {
      if (record["@odata.type"] !== `#${segment}`) return undefined;
      continue;
    }
    current = record[segment];
  }
  return current;
}

function equalValues(actual: unknown, expected: string | boolean | null): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === "string" && typeof actual === "string") {
    return actual.toLowerCase() === expected.toLowerCase();
  }
  return actual === expected;
}

function evaluate(expression: FilterExpression, scope: Scope): boolean {
  switch (expression.kind) {
    case "and":
      return evaluate(expression.left, scope) && evaluate(expression.right, scope);
    case "or":
      return evaluate(expression.left, scope) || evaluate(expression.right, scope);
    case "not":
      return !evaluate(expression.operand, scope);
    case "compare": {
      const actual = resolvePath(expression.path, scope);
      if (expression.path.length > 1 && actual === undefined) return false;
      const equal = equalValues(actual, expression.value);
      return expression.operator === "eq" ? equal : !equal;
    }
    case "any": {
      const items = scope[expression.collection];
      if (!Array.isArray(items)) return false;
      return items.some((item) =>
        evaluate(expression.predicate, { ...scope, [expression.variable]: item }),
      );
    }
  }
}

export function matchesFilter(
  expression: FilterExpression,
  entity: Record<string, unknown>,
): boolean {
  return evaluate(expression, entity);
}

export function parseSelect(select: string, shape: QueryShape): string[] {
  const names = select
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  for (const name of names) {
    if (!shape.properties.includes(name) && !shape.collections.includes(name)) {
      throw badRequest(`Could not find a property named '${name}' on type '${shape.typeName}'.`);
    }
  }
  return names;
}

export function applySelect(
  entity: Record<string, unknown>,
  select: string[] | undefined,
): Record<string, unknown> {
  if (!select) return entity;
  const picked: Record<string, unknown> = {};
  for (const name of select) {
    if (name in entity) picked[name] = entity[name];
  }
  return picked;
}

export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), "utf8").toString("base64url");
}

function decodeSkipToken(token: string): number {
  try {
    const decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    const offset = (decoded as { offset?: unknown }).offset;
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the error below
  }
  throw badRequest("The $skiptoken is invalid or has expired.");
}

/** OData system query options, by their names without "$". */
const SYSTEM_OPTIONS = [
  "count",
  "expand",
  "filter",
  "format",
  "orderby",
  "search",
  "select",
  "skip",
  "skiptoken",
  "top",
];

/**
 * The system query options of a request, each under its "$" name. On beta the "$" is optional,
 * so `filter` is `$filter` there; on v1.0 a name without "$" is not a system option and is left
 * alone. An option given twice (as `$filter` and `filter`) is refused.
 */
export function systemQueryOptions(url: URL, dollarOptional: boolean): Map<string, string> {
  const options = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    const name = key.startsWith("$")
      ? key
      : dollarOptional && SYSTEM_OPTIONS.includes(key.toLowerCase())
        ? `$${key}`
        : undefined;
    if (name === undefined) continue;
    if (options.has(name)) {
      throw badRequest(
        `Query option '${name}' was specified more than once, but it must be specified at most once.`,
      );
    }
    options.set(name, value);
  }
  return options;
}

/** Parses the query options of a collection GET; unsupported system options are rejected. */
export function parseCollectionQuery(
  url: URL,
  shape: QueryShape,
  dollarOptional: boolean,
): CollectionQuery {
  const options = systemQueryOptions(url, dollarOptional);
  for (const key of options.keys()) {
    if (!SUPPORTED_OPTIONS.includes(key)) {
      throw badRequest(`Query option '${key}' is not supported on this resource.`);
    }
  }
  const query: CollectionQuery = { skip: 0 };
  const filter = options.get("$filter");
  if (filter !== undefined) query.filter = parseFilter(filter, shape);
  const select = options.get("$select");
  if (select !== undefined) query.select = parseSelect(select, shape);
  const top = options.get("$top");
  if (top !== undefined) {
    if (!/^\d+$/.test(top) || Number(top) < 1) {
      throw badRequest(`Invalid value '${top}' for $top query option found.`);
    }
    query.top = Number(top);
  }
  const skipToken = options.get("$skiptoken");
  if (skipToken !== undefined) query.skip = decodeSkipToken(skipToken);
  return query;
}

/** Parses the query options of a single-entity GET ($select only). */
export function parseEntityQuery(
  url: URL,
  shape: QueryShape,
  dollarOptional: boolean,
): string[] | undefined {
  const options = systemQueryOptions(url, dollarOptional);
  for (const key of options.keys()) {
    if (key !== "$select") {
      throw badRequest(`Query option '${key}' is not supported on this resource.`);
    }
  }
  const select = options.get("$select");
  return select === undefined ? undefined : parseSelect(select, shape);
}

import type { IncomingHttpHeaders } from "node:http";
import type { RequestRecord } from "../types";

/** What a handler answers; the server adds the headers every response carries. */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless it is already a string. */
  body?: unknown;
}

export interface RequestContext {
  method: string;
  url: URL;
  /** Decoded path, without the query string. */
  path: string;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
  clientRequestId: string;
  receivedAt: Date;
  /** https://host:port of this emulator. */
  baseUrl: string;
  /** Set while a read-lag fault is in force: true when an object written at changedAt must look absent. */
  hidesRecentWrite?: (changedAt: number) => boolean;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** Normalized route for the request log, e.g. "GET /{version}/…/{id}". */
  name: string;
  kind: RequestRecord["kind"];
  handle(ctx: RequestContext): Promise<EmulatorResponse> | EmulatorResponse;
}

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): EmulatorResponse {
  return { status, body, headers };
}

export function noContent(headers?: Record<string, string>): EmulatorResponse {
  return { status: 204, headers };
}

/** The request body parsed as JSON; undefined when it is not valid JSON. */
export function parseJsonBody(ctx: RequestContext): unknown {
  try {
    return JSON.parse(ctx.body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

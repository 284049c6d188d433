import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { EntraError, entraErrorResponse, entraErrors } from "../entra/entraErrors";
import { acceptedGraphAudiences } from "../entra/graphResources";
import type { ExchangeRecorder } from "./exchangeRecorder";
import type { FaultDecision, FaultInjector } from "./faults";
import { authenticate, bearerToken } from "../graph/graphAuth";
import { GraphRequestError, badRequest, graphErrorResponse } from "../graph/graphErrors";
import type { RequestLog } from "./requestLog";
import type { EmulatorResponse, RequestContext, Route } from "./routing";
import type { EmulatorState } from "./state";
import type { RequestRecord } from "../types";

const MAX_BODY_BYTES = 1024 * 1024;
const GRAPH_CONTENT_TYPE =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
/** What Graph's diagnostic header holds; the fields say where a request was served. */
const AGS_DIAGNOSTIC = JSON.stringify({
  ServerInfo: {
    DataCenter: "Emulator",
    Slice: "E",
    Ring: "0",
    ScaleUnit: "000",
    RoleInstance: "emulator",
  },
});
/** A first path segment shaped like a Graph version (v1.0, v2, ...), known or not. */
const VERSION_SEGMENT = /^\/(v\d+(\.\d+)?|beta)(\/|$)/i;
/** Route parameters whose values are spelled out in the logged route name. */
const LITERAL_PARAMS = ["version", "relation"];

export interface ServerParts {
  routes: Route[];
  faults: FaultInjector;
  log: RequestLog;
  /** Writes each exchange to a file, when recording is on. */
  recorder?: ExchangeRecorder;
  state: () => EmulatorState;
}

function kindOfPath(path: string): RequestRecord["kind"] {
  if (path.startsWith("/_emulator/") || path === "/_emulator") return "control";
  if (VERSION_SEGMENT.test(path)) return "graph";
  if (/\/oauth2\//.test(path)) return "token";
  return "discovery";
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/** Whom a throttle fault tracks: the app of a valid token, the client_id of a token request, else the address. */
async function clientKey(
  state: EmulatorState,
  ctx: RequestContext,
  kind: RequestRecord["kind"],
  remoteAddress: string,
): Promise<string> {
  if (kind === "graph") {
    const token = bearerToken(ctx);
    if (token) {
      try {
        const claims = await state.signer.verify(
          token,
          state.directory.homeTenant.id,
          acceptedGraphAudiences(state),
        );
        return `app:${claims.appid}`;
      } catch {
        // an invalid token is throttled by address
      }
    }
  }
  if (kind === "token") {
    const form = new URLSearchParams(ctx.body.toString("utf8"));
    const clientId = form.get("client_id");
    if (clientId) return `app:${clientId.toLowerCase()}`;
  }
  return `address:${remoteAddress}`;
}

/** What a gateway in front of Graph answers when the service behind it fails: HTML, not JSON. */
const BAD_GATEWAY_PAGE =
  "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>" +
  "<hr><center>The gateway received an invalid response from the upstream server.</center></body></html>";

function faultResponse(
  ctx: RequestContext,
  kind: RequestRecord["kind"],
  reject: { status: number; retryAfter?: string },
): EmulatorResponse {
  const headers: Record<string, string> = {};
  if (reject.retryAfter !== undefined) headers["retry-after"] = reject.retryAfter;
  if (kind !== "graph") {
    const failure =
      reject.status === 429
        ? new EntraError(429, "temporarily_unavailable", 90033, "Too many requests; retry later.")
        : new EntraError(
            reject.status,
            "temporarily_unavailable",
            90033,
            "A transient error has occurred. Please try again.",
          );
    const response = entraErrorResponse(ctx, failure);
    return { ...response, headers: { ...response.headers, ...headers } };
  }
  if (reject.status === 502) {
    return {
      status: 502,
      headers: { ...headers, "content-type": "text/html" },
      body: BAD_GATEWAY_PAGE,
    };
  }
  const [code, message] =
    reject.status === 429
      ? ["TooManyRequests", "Too many requests. Please retry after the time given in Retry-After."]
      : reject.status === 503
        ? ["ServiceUnavailable", "The service is temporarily unavailable. Please try again later."]
        : reject.status === 504
          ? ["GatewayTimeout", "The gateway timed out waiting for the service."]
          : reject.status === 500
            ? ["InternalServerError", "An internal server error occurred."]
            : ["UnknownError", `The service answered ${reject.status}.`];
  return graphErrorResponse(ctx, reject.status, code, message, headers);
}

function errorToResponse(
  ctx: RequestContext,
  kind: RequestRecord["kind"],
  error: unknown,
): EmulatorResponse {
  if (error instanceof GraphRequestError) {
    return graphErrorResponse(ctx, error.status, error.code, error.message, error.headers);
  }
  if (error instanceof EntraError) return entraErrorResponse(ctx, error);
  const message = error instanceof Error ? error.message : String(error);
  if (kind === "graph") {
    return graphErrorResponse(ctx, 500, "InternalServerError", `Emulator failure: ${message}`);
  }
  return { status: 500, body: { error: { code: "InternalServerError", message } } };
}

/** The node:https request listener: routing, faults, common headers, the request log and recording. */
export function createRequestListener(
  parts: ServerParts,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(parts, req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(String(error));
      } else {
        res.destroy();
      }
    });
  };
}

async function handle(
  parts: ServerParts,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const state = parts.state();
  const receivedAt = new Date();
  const startedAt = process.hrtime.bigint();
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", state.baseUrl);
  const path = decodePath(url.pathname);
  const requestId = randomUUID();
  const givenClientRequestId = req.headers["client-request-id"];
  const clientRequestId =
    typeof givenClientRequestId === "string" && givenClientRequestId !== ""
      ? givenClientRequestId
      : requestId;

  const matchingPath = parts.routes.filter((route) => route.pattern.test(path));
  const route = matchingPath.find((candidate) => candidate.method === method);
  const kind = route?.kind ?? matchingPath[0]?.kind ?? kindOfPath(path);
  const params = route ? { ...(route.pattern.exec(path)?.groups ?? {}) } : {};
  let routeName = route?.name ?? `${method} ${path}`;
  for (const name of LITERAL_PARAMS) {
    if (params[name]) routeName = routeName.replace(`{${name}}`, params[name]);
  }

  let body: Buffer = Buffer.alloc(0);
  const record = (
    status: number,
    fault?: RequestRecord["fault"],
    response?: { headers: Record<string, string>; payload?: string },
  ): void => {
    const entry: RequestRecord = {
      method,
      path,
      route: routeName,
      kind,
      status,
      at: receivedAt.toISOString(),
      ...(fault ? { fault } : {}),
    };
    parts.log.add(entry);
    parts.recorder?.write({
      record: entry,
      url,
      startedAt,
      requestHeaders: req.headers,
      requestBody: body,
      ...(response ? { response } : {}),
    });
  };

  try {
    body = await readBody(req);
  } catch {
    const headers = { "request-id": requestId, "client-request-id": clientRequestId };
    res.writeHead(413, headers);
    res.end();
    record(413, undefined, { headers });
    return;
  }

  const ctx: RequestContext = {
    method,
    url,
    path,
    params,
    headers: req.headers,
    body,
    requestId,
    clientRequestId,
    receivedAt,
    baseUrl: state.baseUrl,
  };

  let decision: FaultDecision | undefined;
  if (kind !== "control") {
    decision = parts.faults.decide({
      method,
      path,
      route: routeName,
      kind,
      clientKey: await clientKey(state, ctx, kind, req.socket.remoteAddress ?? "unknown"),
    });
    if (decision.resetBefore) {
      record(0, "reset-before");
      req.socket.destroy();
      return;
    }
    if (decision.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, decision?.latencyMs));
    }
    ctx.hidesRecentWrite = decision.hidesRecentWrite;
  }

  let response: EmulatorResponse;
  if (decision?.reject) {
    response = faultResponse(ctx, kind, decision.reject);
  } else {
    try {
      if (route) {
        response = await route.handle(ctx);
      } else if (matchingPath.length > 0) {
        response =
          kind === "graph"
            ? graphErrorResponse(
                ctx,
                405,
                "Request_BadRequest",
                `The HTTP method '${method}' is not allowed for this resource.`,
              )
            : kind === "token"
              ? entraErrorResponse(ctx, entraErrors.postOnly(method))
              : { status: 405, body: { error: "method_not_allowed" } };
      } else if (kind === "graph") {
        const version = path.split("/")[1];
        if (version !== "v1.0" && version !== "beta") {
          throw badRequest(`Invalid version: ${version}`);
        }
        await authenticate(state, ctx);
        const segment = path.split("/").filter(Boolean).slice(1).join("/");
        throw badRequest(`Resource not found for the segment '${segment}'.`);
      } else {
        response = {
          status: 404,
          body: { error: { code: "NotFound", message: `No route for ${path}` } },
        };
      }
    } catch (error) {
      response = errorToResponse(ctx, kind, error);
    }
  }

  const fault = decision?.applied.find((applied) => applied !== "latency") ?? decision?.applied[0];
  if (decision?.resetAfter && !decision.reject) {
    record(0, "reset-after");
    req.socket.destroy();
    return;
  }
  if (decision?.statusAfter && !decision.reject) {
    response = faultResponse(ctx, kind, decision.statusAfter);
  }

  const headers: Record<string, string> = {
    "request-id": requestId,
    "client-request-id": clientRequestId,
    ...(kind === "token" || kind === "discovery" ? { "x-ms-request-id": requestId } : {}),
    ...(kind === "graph" ? { "x-ms-ags-diagnostic": AGS_DIAGNOSTIC } : {}),
    ...(response.headers ?? {}),
  };
  let payload: string | undefined;
  if (response.body !== undefined) {
    payload = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
    headers["content-type"] ??=
      kind === "graph" ? GRAPH_CONTENT_TYPE : "application/json; charset=utf-8";
    if (headers["content-type"] === GRAPH_CONTENT_TYPE) headers["odata-version"] = "4.0";
  }
  res.writeHead(response.status, headers);
  res.end(payload);
  record(response.status, fault, { headers, ...(payload !== undefined ? { payload } : {}) });
}

import type { EmulatorResponse, RequestContext } from "../server/routing";

/** Thrown by Graph handlers; the server turns it into a Graph error envelope. */
export class GraphRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GraphRequestError";
  }
}

export function badRequest(message: string, code = "BadRequest"): GraphRequestError {
  return new GraphRequestError(400, code, message);
}

/** {"error":{"code","message","details"?,"innerError":{"date","request-id","client-request-id"}}} */
export function graphErrorResponse(
  ctx: RequestContext,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d{3}Z$/, ""),
          "request-id": ctx.requestId,
          "client-request-id": ctx.clientRequestId,
        },
      },
    },
  };
}

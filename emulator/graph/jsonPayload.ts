import { badRequest } from "./graphErrors";
import { parseJsonBody, type RequestContext } from "../server/routing";

/** Graph's answer to a write whose body it cannot read: no JSON Content-Type, or not JSON. */
export const UNREADABLE_PAYLOAD =
  "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.";

/**
 * The JSON body of a Graph write (POST, PATCH). Like Graph, it needs a JSON Content-Type
 * (application/json, parameters allowed): without one, or with a body that is not JSON, 400.
 */
export function readJsonPayload(ctx: RequestContext): unknown {
  const mediaType = String(ctx.headers["content-type"] ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  const body = mediaType === "application/json" ? parseJsonBody(ctx) : undefined;
  if (body === undefined) throw badRequest(UNREADABLE_PAYLOAD);
  return body;
}

import { ProviderError } from "../providerError";

export type Operation = "creating" | "adopting" | "reading" | "updating" | "deleting";

/** A failed Graph call, explained: operation, object, HTTP status, Graph code and request-id. */
export class GraphOperationError extends ProviderError {
  readonly statusCode: number;
  readonly code: string;
  readonly requestId?: string;
  /** Set when the object exists although the operation failed, so the engine keeps it in state. */
  id?: string;
  properties?: Record<string, unknown>;
  reasons?: string[];

  constructor(
    operation: Operation,
    displayName: string,
    statusCode: number,
    code: string,
    detail: string,
    requestId?: string,
  ) {
    const status = statusCode > 0 ? `Graph ${statusCode} ${code}` : code;
    const request = requestId ? ` (request-id ${requestId})` : "";
    super(`${operation} connected organization "${displayName}": ${status}${request}: ${detail}`);
    this.statusCode = statusCode;
    this.code = code;
    this.requestId = requestId;
  }
}

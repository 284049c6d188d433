import { GraphError } from "@microsoft/microsoft-graph-client";
import { GraphOperationError, Operation } from "./graphOperationError";
import { MAX_RETRIES, RetryHistory, retryHistoryOf } from "./retryPolicy";
import { savedConfigurationHint } from "../auth/savedConfiguration";

const WRITE_PERMISSION =
  "the caller needs the EntitlementManagement.ReadWrite.All application permission or the Identity Governance Administrator role";
const READ_PERMISSION =
  "the caller needs EntitlementManagement.Read.All (or EntitlementManagement.ReadWrite.All) or the Identity Governance Administrator role";

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

export function statusOf(error: unknown): number | undefined {
  if (error instanceof GraphOperationError) return error.statusCode;
  if (error instanceof GraphError) return error.statusCode;
  return undefined;
}

/** True when no HTTP answer came back, so a write may or may not have happened. */
export function isNoResponse(error: unknown): boolean {
  return error instanceof GraphError && error.statusCode <= 0 && error.code === "NetworkError";
}

/** Answers after which a write may or may not have been carried out. */
const UNKNOWN_OUTCOME_STATUSES = [500, 502, 503, 504];

/** True when a write may have happened although it failed: no answer, or a 5xx. */
export function isUnknownOutcome(error: unknown): boolean {
  return isNoResponse(error) || UNKNOWN_OUTCOME_STATUSES.includes(statusOf(error) ?? 0);
}

const DEADLINE_SETTING = "entra:retryDeadlineSeconds (or ENTRA_RETRY_DEADLINE_SECONDS)";

/** Turns whatever the Graph client threw into one clear message. */
export function explainGraphError(
  error: unknown,
  operation: Operation,
  displayName: string,
  step?: string,
): GraphOperationError {
  if (error instanceof GraphOperationError) return error;
  const during = step ? `${step}: ` : "";
  if (!(error instanceof GraphError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new GraphOperationError(operation, displayName, 0, "Error", during + message);
  }
  const requestId = error.requestId ?? error.headers?.get("request-id") ?? undefined;
  // An error the Graph client did not recognize as one (a credential's, say) is kept in body.
  const cause = (typeof error.body === "object" ? error.body : undefined) as
    { name?: string; message?: string } | undefined;
  const code = error.code ?? cause?.name ?? "UnknownError";
  const graphMessage = firstLine(error.message || (cause?.message ?? ""));
  const history = retryHistoryOf(error.headers ?? undefined);
  const advice = history
    ? retryAdvice(error.statusCode, history)
    : adviceFor(error.statusCode, code, operation, graphMessage, step);
  return new GraphOperationError(
    operation,
    displayName,
    error.statusCode,
    code,
    during +
      (history ? `${sentence(graphMessage)}${advice}` : advice) +
      savedConfigurationHint(operation, graphMessage),
    requestId,
  );
}

/** Why the retries of a call stopped: the deadline, or the most retries one call makes. */
function retryAdvice(status: number, history: RetryHistory): string {
  const retried =
    history.retries === 0
      ? ""
      : `Graph kept answering ${status} through ${plural(history.retries, "retry", "retries")} over ${seconds(history.waitedMs)} of waiting`;
  if (history.refusedWaitMs !== undefined) {
    const next = history.refusedWaitAsked
      ? `Graph asked (Retry-After) to wait ${seconds(history.refusedWaitMs)}`
      : `the next backoff wait is ${seconds(history.refusedWaitMs)}`;
    const passes = `which would pass ${DEADLINE_SETTING} of ${history.deadlineSeconds} s`;
    const join = retried
      ? `${retried}; then ${next} more, ${passes}`
      : `${capitalize(next)}, ${passes}, so it was not retried`;
    return `${join}. Raise ${DEADLINE_SETTING}, or try again later.`;
  }
  return `${retried} (${MAX_RETRIES} is the most one call makes). Try again later, or deploy with less parallelism (\`pulumi up --parallel 4\`).`;
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function sentence(text: string): string {
  return text ? `${text.replace(/\.?$/, ".")} ` : "";
}

function adviceFor(
  status: number,
  code: string,
  operation: Operation,
  message: string,
  step?: string,
): string {
  const said = message ? `${message.replace(/\.?$/, ".")} ` : "";
  if (status === 403 && /NoLicense/i.test(code)) {
    return `${said}The tenant needs a Microsoft Entra ID Governance (or Entra ID P2) licence to use entitlement management.`;
  }
  if (status === 403) {
    const needed = operation === "reading" ? READ_PERMISSION : WRITE_PERMISSION;
    return `${said}${capitalize(needed)}.`;
  }
  if (status === 401 && /expired/i.test(message)) {
    return `${said}The access token expired on its way; run the command again.`;
  }
  if (status === 401) {
    return `${said}Graph rejected the access token: check that the token's tenant and cloud match the Graph endpoint.`;
  }
  const unknownWrite = UNKNOWN_OUTCOME_STATUSES.includes(status) && operation !== "reading";
  // A create with an unknown outcome is followed up in lifecycle.ts, which says what it found.
  if (unknownWrite && operation === "creating" && step === undefined) return said.trim();
  if (unknownWrite && (step === undefined || /^(adding|removing)/.test(step))) {
    return `${said}The request may have been carried out or not, so it was not sent again.`;
  }
  if (status === 404 && step?.startsWith("adding")) {
    return `${said}Check that the object id is a user or group of this tenant.`;
  }
  if (status === 404 && operation === "updating" && step === undefined) {
    return `${said}The connected organization no longer exists; run \`pulumi refresh\` so the next \`pulumi up\` creates it again.`;
  }
  if (code === "AuthenticationError" || code === "CredentialUnavailableError") {
    return `could not get a Graph token: ${message}`;
  }
  return message || "no details";
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0].trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

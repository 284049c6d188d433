import { GraphRequestError } from "./graphErrors";
import type { RequestContext } from "../server/routing";
import type { EmulatorState } from "../server/state";
import { GRAPH_APP_ID, acceptedGraphAudiences } from "../entra/graphResources";
import { TokenRejection, type AccessTokenClaims } from "../entra/tokens";

export interface Caller {
  appId: string;
  roles: string[];
  /** UPN-like name recorded in createdBy / modifiedBy (beta). */
  principalName: string;
  claims: AccessTokenClaims;
}

function unauthenticated(state: EmulatorState, message: string): GraphRequestError {
  return new GraphRequestError(401, "InvalidAuthenticationToken", message, {
    "www-authenticate": `Bearer realm="", authorization_uri="${state.baseUrl}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
  });
}

/** The bearer token from the Authorization header, or undefined when there is none. */
export function bearerToken(ctx: RequestContext): string | undefined {
  const header = ctx.headers.authorization;
  if (typeof header !== "string") return undefined;
  const match = /^Bearer\s+(.*)$/i.exec(header.trim());
  return match ? match[1].trim() : undefined;
}

/** Verifies the bearer token against the emulator's own signing key; 401 when it does not hold. */
export async function authenticate(state: EmulatorState, ctx: RequestContext): Promise<Caller> {
  const header = ctx.headers.authorization;
  if (typeof header !== "string" || header.trim() === "") {
    throw unauthenticated(state, "Access token is empty.");
  }
  const token = bearerToken(ctx);
  if (token === undefined) {
    throw unauthenticated(state, "Authorization header must use the Bearer scheme.");
  }
  if (token === "") throw unauthenticated(state, "Access token is empty.");
  let claims: AccessTokenClaims;
  try {
    claims = await state.signer.verify(
      token,
      state.directory.homeTenant.id,
      acceptedGraphAudiences(state),
    );
  } catch (error) {
    if (error instanceof TokenRejection) throw unauthenticated(state, error.message);
    throw error;
  }
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((r) => typeof r === "string")
    : [];
  return {
    appId: claims.appid,
    roles,
    principalName: `${claims.appid}@${state.directory.homeTenant.defaultDomainName}`,
    claims,
  };
}

/** 403 Authorization_RequestDenied unless the token carries one of the roles. */
export function requireRole(caller: Caller, anyOf: readonly string[]): void {
  if (anyOf.some((role) => caller.roles.includes(role))) return;
  throw new GraphRequestError(
    403,
    "Authorization_RequestDenied",
    `Insufficient privileges to complete the operation. The calling application needs one of these application permissions: ${anyOf.join(", ")}.`,
  );
}

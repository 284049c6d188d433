import { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";

/** Renew this long before expiry, as MSAL does, so no call leaves with a token about to lapse. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/**
 * Resources deploy in parallel; MSAL caches a token only once one request completes, so
 * concurrent calls would each ask for one. This shares a request in flight and the token it got.
 */
export function shareTokens(credential: TokenCredential): TokenCredential {
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken | null> | undefined;
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions) {
      if (current && current.expiresOnTimestamp - Date.now() > RENEW_BEFORE_MS) return current;
      pending ??= credential.getToken(scopes, options).finally(() => (pending = undefined));
      const token = await pending;
      current = token ?? undefined;
      return token;
    },
  };
}

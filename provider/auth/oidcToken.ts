import { readFile } from "node:fs/promises";
import { bufferedFetch } from "../http/bufferedFetch";
import { NoAnswerError } from "../http/noAnswerError";
import { describeSetting } from "./settingKeys";

/** The audience Entra expects on federated credentials' tokens. */
const ENTRA_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export type OidcTokenSource =
  | { kind: "file"; path: string }
  | { kind: "value"; token: string }
  | { kind: "request"; url: string; bearer: string };

/**
 * Gets the federated token to exchange for an Entra token: from a file (AKS, azure/login), a
 * value, or GitHub Actions' token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN). Called for each
 * exchange, as these tokens are short-lived.
 */
export async function getOidcToken(source: OidcTokenSource): Promise<string> {
  switch (source.kind) {
    case "file":
      return readTokenFile(source.path);
    case "value":
      return source.token;
    case "request": {
      const url = new URL(source.url);
      url.searchParams.set("audience", ENTRA_TOKEN_EXCHANGE_AUDIENCE);
      const response = await bufferedFetch(url, {
        headers: { Authorization: `Bearer ${source.bearer}` },
      }).catch((error: unknown) => {
        if (!(error instanceof NoAnswerError)) throw error;
        throw new Error(`the OIDC token request to ${url.origin} got no answer: ${error.reason}`);
      });
      if (!response.ok) {
        throw new Error(`the OIDC token request to ${url.origin} answered ${response.status}`);
      }
      const body = (await response.json()) as { value?: string };
      if (!body.value) throw new Error(`the OIDC token request to ${url.origin} returned no token`);
      return body.value;
    }
  }
}

async function readTokenFile(path: string): Promise<string> {
  let token: string;
  try {
    token = (await readFile(path, "utf8")).trim();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(
      `cannot read the federated token file ${path} (${reason}); set ${describeSetting("oidcTokenFilePath")} to the file your platform writes the token to`,
    );
  }
  if (token === "") throw new Error(`the federated token file ${path} is empty`);
  return token;
}

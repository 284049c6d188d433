import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { ensureCertificates } from "../../emulator";
import { EMULATOR_DATA_DIR } from "./emulator";
import type { TokenIssuer } from "./generatedCredentials";

export interface TokenRequest {
  authorization?: string;
  audience: string | null;
  apiVersion: string | null;
}

/**
 * Stands in for ACTIONS_ID_TOKEN_REQUEST_URL: answers {"value": <jwt>} to a GET with the runner's
 * bearer token, minting a token for `subject` and the audience asked for, as GitHub does. Served
 * over HTTPS with the emulator's certificate.
 */
export class FakeActionsTokenService {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly seen: TokenRequest[],
  ) {}

  static async start(
    issuer: TokenIssuer,
    subject: string,
    requestToken: string,
  ): Promise<FakeActionsTokenService> {
    const { certPem, keyPem } = await ensureCertificates(EMULATOR_DATA_DIR);
    const seen: TokenRequest[] = [];
    const server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
      const url = new URL(req.url ?? "/", "https://127.0.0.1");
      const audience = url.searchParams.get("audience");
      seen.push({
        authorization: req.headers.authorization,
        audience,
        apiVersion: url.searchParams.get("api-version"),
      });
      if (req.headers.authorization !== `Bearer ${requestToken}`) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "Bad credentials" }));
        return;
      }
      issuer.sign(subject, audience ?? "https://github.com/contoso").then((jwt) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ count: jwt.length, value: jwt }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const url = `https://127.0.0.1:${port}/_apis/distributedtask/token?api-version=2.0`;
    return new FakeActionsTokenService(server, url, seen);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

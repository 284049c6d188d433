import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { Client, RedirectHandler, RedirectHandlerOptions } from "@microsoft/microsoft-graph-client";
import { bufferedFetch } from "../../../provider/http/bufferedFetch";
import { NoAnswerError } from "../../../provider/http/noAnswerError";
import { FetchHandler } from "../../../provider/graph/fetchHandler";
import { closedPort } from "../../support/closedPort";

/** What the server was sent, by path. */
interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let origin: string;
const received = new Map<string, Received>();

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const path = request.url ?? "/";
      received.set(path, { method: request.method ?? "", headers: request.headers, body });
      if (path === "/v1.0/moved") {
        response
          .writeHead(307, { location: `${origin.replace("127.0.0.1", "localhost")}/v1.0/here` })
          .end();
      } else if (path === "/gone") {
        response.writeHead(204).end();
      } else {
        response
          .writeHead(200, { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] })
          .end(JSON.stringify({ path }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => received.clear());

describe("bufferedFetch", () => {
  it("sends the method, headers and body, and answers with status, headers, body and URL", async () => {
    const answer = await bufferedFetch(`${origin}/orgs?$top=1`, {
      method: "post",
      headers: { "Content-Type": "application/json", "client-request-id": "c-1" },
      body: JSON.stringify({ displayName: "Fabrikam" }),
    });
    expect(received.get("/orgs?$top=1")).toMatchObject({
      method: "POST",
      headers: { "content-type": "application/json", "client-request-id": "c-1" },
      body: '{"displayName":"Fabrikam"}',
    });
    expect(answer.status).toBe(200);
    expect(answer.statusText).toBe("OK");
    expect(answer.url).toBe(`${origin}/orgs?$top=1`);
    expect(answer.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(await answer.json()).toEqual({ path: "/orgs?$top=1" });
  });

  it("answers a 204 with no body, and a Request's parts are sent as given", async () => {
    const answer = await bufferedFetch(
      new Request(`${origin}/gone`, { method: "DELETE", headers: { "if-match": "*" } }),
    );
    expect(received.get("/gone")).toMatchObject({ method: "DELETE", headers: { "if-match": "*" } });
    expect(answer.status).toBe(204);
    expect(answer.body).toBeNull();
  });

  it("turns a refused connection into NoAnswerError, with the system's reason as its cause", async () => {
    const port = await closedPort();
    const failure = await bufferedFetch(`http://127.0.0.1:${port}/orgs`).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NoAnswerError);
    expect((failure as NoAnswerError).message).toBe(`no answer from http://127.0.0.1:${port}`);
    expect((failure as NoAnswerError).cause).toMatchObject({ code: "ECONNREFUSED" });
    expect((failure as NoAnswerError).reason).toBe("ECONNREFUSED");
  });

  it("lets the Graph client follow a redirect to another host without the Authorization", async () => {
    // The redirect handler compares the answer's URL with the redirect's to drop Authorization.
    const redirects = new RedirectHandler(new RedirectHandlerOptions());
    redirects.setNext(new FetchHandler());
    const client = Client.initWithMiddleware({ middleware: redirects, baseUrl: origin });
    const answer: unknown = await client.api("/moved").header("Authorization", "Bearer t-1").get();
    expect(answer).toEqual({ path: "/v1.0/here" });
    expect(received.get("/v1.0/moved")?.headers.authorization).toBe("Bearer t-1");
    expect(received.get("/v1.0/here")?.headers.host).toMatch(/^localhost:/);
    expect(received.get("/v1.0/here")?.headers).not.toHaveProperty("authorization");
  });
});

import type { Context } from "@microsoft/microsoft-graph-client";
import { ErrorBodyHandler, readableExcerpt } from "../../../provider/graph/errorBodies";

async function through(answer: Response): Promise<Response | undefined> {
  const handler = new ErrorBodyHandler();
  handler.setNext({
    execute: async (context: Context) => {
      context.response = answer;
    },
  });
  const context: Context = { request: "https://graph.example/v1.0/x", options: {} };
  await handler.execute(context);
  return context.response;
}

describe("ErrorBodyHandler", () => {
  it("puts an empty failed answer into Graph's error shape, keeping status and headers", async () => {
    const answer = await through(
      new Response(null, { status: 504, headers: { "request-id": "r-1" } }),
    );
    expect(answer?.status).toBe(504);
    expect(answer?.headers.get("request-id")).toBe("r-1");
    expect(await answer?.json()).toEqual({
      error: { code: "GatewayTimeout", message: "the answer was not Graph's and had no body" },
    });
  });

  it("leaves Graph's own JSON errors and successful answers alone", async () => {
    const graphError = new Response('{"error":{"code":"x"}}', {
      status: 503,
      headers: { "content-type": "application/json;odata.metadata=minimal" },
    });
    expect(await through(graphError)).toBe(graphError);
    const page = new Response("<html></html>", {
      status: 200,
      headers: { "content-type": "text/html" },
    });
    expect(await through(page)).toBe(page);
  });
});

describe("readableExcerpt", () => {
  it("keeps the words of an HTML page, without markup, scripts or styles", () => {
    const page = `<!DOCTYPE html><html><head><title>504 Gateway Time-out</title>
      <style>body { color: red }</style><script>var a = "<b>";</script></head>
      <body><h1>Gateway&nbsp;Time-out</h1><p>Fabrikam &amp; Co &lt;proxy&gt;</p></body></html>`;
    expect(readableExcerpt(page)).toBe(
      "504 Gateway Time-out Gateway Time-out Fabrikam & Co <proxy>",
    );
  });

  it("keeps plain text as it is, and shortens a long answer to 160 characters", () => {
    expect(readableExcerpt("upstream connect error\n")).toBe("upstream connect error");
    const long = readableExcerpt("word ".repeat(100));
    expect(long).toHaveLength(160);
    expect(long.endsWith("…")).toBe(true);
  });

  it("finds nothing to show in an empty answer", () => {
    expect(readableExcerpt("  <html></html> ")).toBe("");
  });
});

import { STATUS_CODES } from "node:http";
import { Context, Middleware } from "@microsoft/microsoft-graph-client";

/**
 * A gateway in front of Graph answers a 502 or 504 with an HTML page instead of Graph's JSON
 * error. The Graph client would hand back that page as an unread stream, with no message and
 * without the answer's headers (so no request-id). This puts a failed answer that is not JSON
 * into the shape of Graph's error, coded by its HTTP status and saying that it is not Graph's,
 * with a short excerpt of the page; status and headers stay as they came.
 */
export class ErrorBodyHandler implements Middleware {
  private next!: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    await this.next.execute(context);
    const answer = context.response;
    if (
      !answer ||
      answer.status < 400 ||
      /[/+]json\b/i.test(answer.headers.get("content-type") ?? "")
    ) {
      return;
    }
    const excerpt = readableExcerpt(await answer.text());
    const message = excerpt
      ? `the answer was not Graph's but a page reading "${excerpt}"`
      : "the answer was not Graph's and had no body";
    const code = STATUS_CODES[answer.status]?.replace(/[^A-Za-z]/g, "") ?? "UnknownError";
    const headers = new Headers(answer.headers);
    headers.set("content-type", "application/json");
    context.response = new Response(JSON.stringify({ error: { code, message } }), {
      status: answer.status,
      statusText: answer.statusText,
      headers,
    });
  }
}

const EXCERPT_LENGTH = 160;
const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** The first words of a text or HTML answer, without markup, for an error message. */
export function readableExcerpt(body: string): string {
  const text = body
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name: string) => ENTITIES[name])
    .replace(/\s+/g, " ")
    .trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
}

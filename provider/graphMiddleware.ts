import { Context, Middleware } from "@microsoft/microsoft-graph-client";

/** Base class for the small handlers of the chain: each wraps the next one. */
abstract class ChainLink implements Middleware {
  protected next!: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  abstract execute(context: Context): Promise<void>;
}

/**
 * Turns a failed connection into an error that says which endpoint could not be reached and why
 * (fetch itself only says "fetch failed"). Its name marks calls that got no answer at all.
 */
export class NetworkErrorHandler extends ChainLink {
  async execute(context: Context): Promise<void> {
    try {
      await this.next.execute(context);
    } catch (error) {
      // fetch rejects with a TypeError (from its own realm, so no instanceof) when no answer came.
      const failed = error as {
        name?: string;
        message?: string;
        cause?: { code?: string; message?: string };
      };
      if (failed?.name !== "TypeError") throw error;
      const reason = failed.cause?.code ?? failed.cause?.message ?? failed.message;
      const url = typeof context.request === "string" ? context.request : context.request.url;
      const failure = new Error(`no answer from ${new URL(url).origin}: ${reason}`);
      failure.name = "NetworkError";
      throw failure;
    }
  }
}

/**
 * Retries a call once when Graph says the access token expired in flight, so the credential
 * (which renews tokens before they expire) is asked again.
 */
export class ExpiredTokenHandler extends ChainLink {
  async execute(context: Context): Promise<void> {
    await this.next.execute(context);
    if (context.response?.status !== 401) return;
    const body = (await context.response
      .clone()
      .json()
      .catch(() => undefined)) as { error?: { message?: string } } | undefined;
    if (!/expired/i.test(body?.error?.message ?? "")) return;
    const headers = context.options?.headers as Record<string, string> | undefined;
    if (headers) delete headers.Authorization;
    await this.next.execute(context);
  }
}

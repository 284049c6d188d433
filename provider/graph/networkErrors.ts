import { Context, Middleware } from "@microsoft/microsoft-graph-client";

/**
 * Turns a failed connection into an error that says which endpoint could not be reached and why
 * (fetch itself only says "fetch failed"). Its name marks calls that got no answer at all.
 */
export class NetworkErrorHandler implements Middleware {
  private next!: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

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

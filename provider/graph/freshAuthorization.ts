import { Context, Middleware } from "@microsoft/microsoft-graph-client";

/**
 * Sits between the retry and authentication handlers. The AuthenticationHandler appends its
 * header, so on a retry this drops the one the previous attempt carried: each attempt then sends
 * exactly one token, current at the time it leaves.
 */
export class FreshAuthorizationHandler implements Middleware {
  private next!: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const headers = context.options?.headers;
    if (headers instanceof Headers) headers.delete("Authorization");
    else if (headers && !Array.isArray(headers))
      delete (headers as Record<string, string>).Authorization;
    await this.next.execute(context);
  }
}

import { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { NoAnswerError } from "../http/noAnswerError";

/**
 * Turns a failed connection into an error that says which endpoint could not be reached and why.
 * Its name marks calls that got no answer at all.
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
      if (!(error instanceof NoAnswerError)) throw error;
      const failure = new Error(`${error.message}: ${error.reason}`);
      failure.name = "NetworkError";
      throw failure;
    }
  }
}

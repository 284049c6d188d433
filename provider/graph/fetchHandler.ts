import { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { bufferedFetch } from "../http/bufferedFetch";

/** The end of the chain: sends the request, through the environment's proxy if it names one. */
export class FetchHandler implements Middleware {
  async execute(context: Context): Promise<void> {
    context.response = await bufferedFetch(context.request, context.options);
  }
}

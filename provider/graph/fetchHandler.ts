import { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { proxiedFetch } from "../proxiedFetch";

/** The end of the chain: sends the request, through the environment's proxy if it names one. */
export class FetchHandler implements Middleware {
  async execute(context: Context): Promise<void> {
    context.response = await proxiedFetch(context.request, context.options);
  }
}

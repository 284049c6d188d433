import { validateFault } from "./faults";
import {
  isRecord,
  json,
  noContent,
  parseJsonBody,
  type EmulatorResponse,
  type Route,
} from "./routing";
import { validateSeed } from "./seed";
import type { FaultSpec, RequestRecord, SeedData } from "../types";

/** What the control API can do to a running emulator (a subset of RunningEmulator). */
export interface EmulatorControls {
  info(): Record<string, unknown>;
  requests(): RequestRecord[];
  clearRequests(): void;
  faults(): (FaultSpec & { id: string })[];
  addFault(fault: FaultSpec): string;
  removeFault(id: string): boolean;
  clearFaults(): void;
  reset(): void;
  seed(data: SeedData): void;
  setTokenLifetime(seconds: number): void;
}

function controlError(status: number, message: string): EmulatorResponse {
  return json(status, { error: { code: status === 404 ? "NotFound" : "BadRequest", message } });
}

function withBody(handler: (body: unknown) => EmulatorResponse): Route["handle"] {
  return (ctx) => {
    const body = parseJsonBody(ctx);
    if (body === undefined) return controlError(400, "the body must be JSON");
    try {
      return handler(body);
    } catch (error) {
      return controlError(400, error instanceof Error ? error.message : String(error));
    }
  };
}

/** Unauthenticated routes under /_emulator/ (loopback only) for tests and demos. */
export function controlRoutes(controls: EmulatorControls): Route[] {
  const route = (method: string, path: string, handle: Route["handle"]): Route => ({
    method,
    pattern: new RegExp(`^/_emulator/${path}$`),
    name: `${method} /_emulator/${path.replace("(?<id>[^/]+)", "{id}")}`,
    kind: "control",
    handle,
  });
  return [
    route("GET", "info", () => json(200, controls.info())),
    route("GET", "requests", () => json(200, { value: controls.requests() })),
    route("DELETE", "requests", () => {
      controls.clearRequests();
      return noContent();
    }),
    route("GET", "faults", () => json(200, { value: controls.faults() })),
    route(
      "POST",
      "faults",
      withBody((body) => json(201, { id: controls.addFault(validateFault(body)) })),
    ),
    route("DELETE", "faults", () => {
      controls.clearFaults();
      return noContent();
    }),
    route("DELETE", "faults/(?<id>[^/]+)", (ctx) =>
      controls.removeFault(ctx.params.id) ? noContent() : controlError(404, "no such fault"),
    ),
    route("POST", "reset", () => {
      controls.reset();
      return noContent();
    }),
    route(
      "POST",
      "seed",
      withBody((body) => {
        controls.seed(validateSeed(body));
        return noContent();
      }),
    ),
    route(
      "POST",
      "token-lifetime",
      withBody((body) => {
        const seconds = isRecord(body) ? body.seconds : undefined;
        if (!Number.isInteger(seconds) || (seconds as number) < 1) {
          throw new Error('expected {"seconds": <positive integer>}');
        }
        controls.setTokenLifetime(seconds as number);
        return noContent();
      }),
    ),
  ];
}

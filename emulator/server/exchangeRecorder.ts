import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import * as path from "node:path";
import type { Redactor } from "./redaction";
import type { RecordedExchange, RequestRecord } from "../types";

/** A request and its answer as the server saw them, before redaction. */
export interface Exchange {
  record: RequestRecord;
  url: URL;
  /** process.hrtime.bigint() when the request arrived. */
  startedAt: bigint;
  requestHeaders: IncomingHttpHeaders;
  requestBody: Buffer;
  response?: { headers: Record<string, string>; payload?: string };
}

function contentType(headers: IncomingHttpHeaders | Record<string, string>): string | undefined {
  const value = headers["content-type"];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Writes each exchange as one line of JSON, redacted. Lines are written synchronously, in the
 * order the answers end, so the file is complete whenever a client has its answer.
 */
export class ExchangeRecorder {
  private fd: number | undefined;

  constructor(
    file: string,
    private readonly redactor: Redactor,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, "w", 0o600);
  }

  write(exchange: Exchange): void {
    if (this.fd === undefined) return;
    const { record, response } = exchange;
    const line: RecordedExchange = {
      time: record.at,
      durationMs: Number((process.hrtime.bigint() - exchange.startedAt) / 1000n) / 1000,
      method: record.method,
      url: this.redactor.url(exchange.url),
      route: this.redactor.text(record.route),
      kind: record.kind,
      status: record.status,
      ...(record.fault ? { fault: record.fault } : {}),
      request: this.part(exchange.requestHeaders, exchange.requestBody),
      ...(response ? { response: this.part(response.headers, response.payload) } : {}),
    };
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private part(
    headers: IncomingHttpHeaders | Record<string, string>,
    body: Buffer | string | undefined,
  ): RecordedExchange["request"] {
    const shown = this.redactor.body(body, contentType(headers));
    return {
      headers: this.redactor.headers(headers),
      ...(shown !== undefined ? { body: shown } : {}),
    };
  }
}

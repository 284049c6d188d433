import type { RequestRecord } from "../types";

const MAX_RECORDS = 10_000;

/** What the emulator saw: method, path, route, kind, status, time. Never headers, queries or bodies. */
export class RequestLog {
  private records: RequestRecord[] = [];

  add(record: RequestRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS)
      this.records.splice(0, this.records.length - MAX_RECORDS);
  }

  list(): RequestRecord[] {
    return this.records.map((record) => ({ ...record }));
  }

  clear(): void {
    this.records = [];
  }
}

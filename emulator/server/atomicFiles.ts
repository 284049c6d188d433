import { randomBytes } from "node:crypto";
import { promises as fs, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";

function tempName(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
}

/** Writes through a temporary file and a rename, so readers never see a half-written file. */
export async function writeFileAtomic(file: string, content: string, mode: number): Promise<void> {
  const temp = tempName(file);
  await fs.writeFile(temp, content, { mode });
  await fs.rename(temp, file);
}

export function writeFileAtomicSync(file: string, content: string, mode = 0o644): void {
  const temp = tempName(file);
  writeFileSync(temp, content, { mode });
  renameSync(temp, file);
}

/**
 * Creates `file` with `content` unless it already exists, and returns what the file holds
 * afterwards: when two processes race, both get the content of the one that won.
 */
export async function createFileOnce(file: string, content: string, mode: number): Promise<string> {
  const temp = tempName(file);
  await fs.writeFile(temp, content, { mode });
  try {
    await fs.link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
  return fs.readFile(file, "utf8");
}

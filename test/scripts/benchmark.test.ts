import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

const ROOT = path.resolve(__dirname, "../..");
const ORGANIZATIONS = 5;

/** The table's rows, each split into its cells (two or more spaces apart). */
function tableRows(stdout: string): string[][] {
  const lines = stdout.split("\n");
  const rule = lines.findIndex((line) => /^-+( {2}-+)+$/.test(line));
  expect(rule).toBeGreaterThan(0);
  const rows = [lines[rule - 1]];
  for (const line of lines.slice(rule + 1)) {
    if (line.trim() === "") break;
    rows.push(line);
  }
  return rows.map((row) => row.trim().split(/ {2,}/));
}

// A smoke run of `npm run benchmark`, so it keeps working: it checks the table's shape and the
// package's Graph requests, never its timings.
it("runs every step on the floor and the package and prints the table", async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "scripts/benchmark.js",
      "--organizations",
      String(ORGANIZATIONS),
      "--latency",
      "0",
      "--no-build",
    ],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  const [header, ...rows] = tableRows(stdout);
  expect(header).toEqual([
    "step",
    "floor s",
    "package s",
    "ratio",
    "GET",
    "POST",
    "PATCH",
    "DELETE",
    "token",
    "floor MB",
    "package MB",
    "floor CPU",
    "package CPU",
    "emulator CPU",
  ]);
  expect(rows.map((row) => row[0])).toEqual([
    "up (create all)",
    "preview (no change)",
    "up (no change)",
    "up (one description changed)",
    "refresh",
    "destroy",
  ]);
  const steps = Object.fromEntries(
    rows.map(([label, ...cells]) => {
      expect(cells).toHaveLength(13);
      for (const cell of cells) expect(cell).toMatch(/^\d+(\.\d+)?$/);
      const [floor, pkg, ratio, get, post, patch, del, token, floorMb, packageMb, ...cpu] =
        cells.map(Number);
      const [floorCpu, packageCpu] = cpu;
      // Every step starts a provider process, which takes CPU to load.
      expect(floorCpu).toBeGreaterThan(0);
      expect(packageCpu).toBeGreaterThan(0);
      expect(floor).toBeGreaterThan(0);
      expect(pkg).toBeGreaterThan(0);
      expect(ratio).toBeGreaterThan(0);
      expect(floorMb).toBeGreaterThan(0);
      expect(packageMb).toBeGreaterThan(0);
      return [label, { get, post, patch, del, token }];
    }),
  );
  const n = ORGANIZATIONS;
  const none = { get: 0, post: 0, patch: 0, del: 0, token: 0 };
  expect(steps["preview (no change)"]).toEqual(none);
  expect(steps["up (no change)"]).toEqual(none);
  // A read-back per create, and the duplicate check's one listing of the deployment.
  expect(steps["up (create all)"]).toEqual({ get: n + 1, post: n, patch: 0, del: 0, token: 1 });
  expect(steps["up (one description changed)"]).toEqual({
    get: 1,
    post: 0,
    patch: 1,
    del: 0,
    token: 1,
  });
  // One page of the tenant's listing serves every read.
  expect(steps.refresh).toEqual({ get: 1, post: 0, patch: 0, del: 0, token: 1 });
  expect(steps.destroy).toEqual({ get: 0, post: 0, patch: 0, del: n, token: 1 });
  expect(stdout).toMatch(new RegExp(`^${n} organizations, 0 ms Graph latency, median of 1, `, "m"));
}, 900_000);

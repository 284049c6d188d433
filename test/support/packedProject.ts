import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { repoRoot } from "../../scripts/engine/stack";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const quietly = ["--no-audit", "--no-fund", "--loglevel=error"];

function runNpm(args: string[], cwd: string): string {
  return execFileSync(npm, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export interface PackedTarball {
  file: string;
  /** Paths inside the tarball, relative to its package folder. */
  files: string[];
}

/**
 * `npm pack` of the repository as it is built (scripts are skipped: `prepare` would rebuild dist/
 * under the other tests' feet).
 */
export function packRepository(destination: string): PackedTarball {
  const [packed] = JSON.parse(
    runNpm(["pack", "--json", "--ignore-scripts", "--pack-destination", destination], repoRoot),
  ) as { filename: string; files: { path: string }[] }[];
  return { file: path.join(destination, packed.filename), files: packed.files.map((f) => f.path) };
}

/**
 * The newest @pulumi/pulumi that the package's peer range allows and the running Node supports,
 * as a user of this Node would install.
 */
export function newestPulumiForThisNode(): string {
  const range = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"))
    .peerDependencies["@pulumi/pulumi"] as string;
  const candidates = JSON.parse(
    runNpm(
      ["view", `@pulumi/pulumi@${range}`, "version", "engines", "--json", "--prefer-offline"],
      repoRoot,
    ),
  ) as { version: string; engines?: { node?: string } }[];
  const runnable = candidates
    .filter((c) => semver.satisfies(process.version, c.engines?.node ?? "*"))
    .map((c) => c.version);
  const newest = semver.maxSatisfying(runnable, range);
  if (!newest) throw new Error(`no @pulumi/pulumi@${range} supports Node ${process.version}`);
  return newest;
}

/**
 * A Pulumi project in `dir` that depends on @pulumi/pulumi `pulumiVersion` and on the tarball, as
 * a user's project would, installed from the npm cache where it can be.
 */
export function installProject(
  dir: string,
  tarball: string,
  pulumiVersion: string,
  program: string,
) {
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "packed-tarball-project",
        private: true,
        main: "index.js",
        dependencies: {
          "@pulumi/pulumi": pulumiVersion,
          "pulumi-entra-connected-organizations": `file:${tarball}`,
        },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: packed-tarball\nmain: index.js\nruntime: nodejs\n",
  );
  fs.writeFileSync(path.join(dir, "index.js"), program);
  runNpm(["install", "--prefer-offline", ...quietly], dir);
}

/** Every folder holding a copy of `name` in the project's tree (`npm ls --all --parseable`). */
export function installedCopies(dir: string, name: string): string[] {
  return runNpm(["ls", name, "--all", "--parseable"], dir)
    .split("\n")
    .filter(Boolean)
    .filter((line, i, all) => all.indexOf(line) === i)
    .map((line) => path.relative(dir, line));
}

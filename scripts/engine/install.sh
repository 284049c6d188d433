#!/usr/bin/env bash
# Gets a Pulumi CLI that matches this repo's @pulumi/pulumi and prints a bin
# directory holding `pulumi` and the `pulumi-resource-pulumi-nodejs` plugin
# (last line of output). Uses a compatible `pulumi` from PATH when there is one,
# otherwise builds the CLI from the Go module proxy once into a per-user cache.
#
# Environment:
#   PULUMI_ENGINE_CACHE  cache root (default: ${XDG_CACHE_HOME:-~/.cache}/pulumi-entra-connected-organizations/engine)
#   PULUMI_ENGINE_BUILD  set to 1 to ignore any `pulumi` on PATH and use the pinned build
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
plugin_src="$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

version="$(grep -Eo 'github\.com/pulumi/pulumi/pkg/v3 v[0-9][0-9.]*' "$here/cli/go.mod" | head -n1 | cut -d' ' -f2)"
minor="$(cut -d. -f2 <<<"$version")"
host_version="$(grep -Eo 'github\.com/pulumi/pulumi/sdk/v3 v[0-9][0-9.]*' "$here/language-host/go.mod" | head -n1 | cut -d' ' -f2)"
cache_root="${PULUMI_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-connected-organizations/engine}"

say() { echo "engine: $*" >&2; }
die() {
  echo "engine: error: $*" >&2
  exit 1
}

[[ -f $plugin_src ]] || die "$plugin_src is missing; run 'npm install' in $repo first."

# Accept v3.N.x with N >= the pinned minor: newer CLIs run older Node SDKs.
compatible_path_cli() {
  local cli found
  cli="$(command -v pulumi)" || return 1
  cli="$(realpath "$cli")"
  [[ $cli != "$cache_root/$version/bin/pulumi" ]] || return 1
  found="$(PULUMI_SKIP_UPDATE_CHECK=true "$cli" version 2>/dev/null | tr -d '[:space:]')" || return 1
  [[ $found =~ ^v3\.([0-9]+)\. ]] && ((BASH_REMATCH[1] >= minor)) || return 1
  echo "$cli"
}

# bin dir = pulumi + the dynamic-provider plugin. The plugin script is copied,
# not linked, because the cache outlives any one clone; it resolves
# @pulumi/pulumi from the Pulumi project directory at run time.
install_plugin() {
  local bin_dir="$1"
  if ! cmp -s "$plugin_src" "$bin_dir/pulumi-resource-pulumi-nodejs"; then
    install -m 0755 "$plugin_src" "$bin_dir/pulumi-resource-pulumi-nodejs"
  fi
}

go_build() { # <module dir> <package> <version> <output file>
  # -mod=readonly with the committed go.sum pins every module hash, so no
  # checksum-database lookup is needed.
  (cd "$1" && GOWORK=off go build -mod=readonly -o "$4" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$3" "$2")
}

build_engine() {
  local out_dir="$1"
  command -v go >/dev/null 2>&1 || die "Go is not installed, and no Pulumi CLI ${version%.*}.x or newer is on PATH.
  Either install Pulumi the usual way (curl -fsSL https://get.pulumi.com | sh, or brew install pulumi/tap/pulumi),
  or install Go >= 1.21 (it fetches the Go 1.25.11 toolchain this build needs from the module proxy) and rerun."
  say "building Pulumi CLI $version from the Go module proxy into $out_dir (a few minutes, once)"
  tmp="$(mktemp -d "$out_dir/.build.XXXXXX")" # global: the EXIT trap needs it
  trap 'rm -rf "$tmp"' EXIT
  go_build "$here/cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$version" "$tmp/pulumi" ||
    die "building the Pulumi CLI failed (see the go output above)."
  [[ "$("$tmp/pulumi" version)" == "$version" ]] || die "the built CLI does not report $version."
  # The Go module proxy does not serve the language host released with the CLI; v3.68.0, the
  # last one shipped inside sdk/v3, runs the project's own @pulumi/pulumi and works with it.
  go_build "$here/language-host" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
    "$host_version" "$tmp/pulumi-language-nodejs" ||
    die "building pulumi-language-nodejs $host_version failed (see the go output above)."
  mkdir -p "$out_dir/bin"
  mv -f "$tmp"/pulumi* "$out_dir/bin/"
  touch "$out_dir/.complete"
}

if [[ ${PULUMI_ENGINE_BUILD:-} != 1 ]] && path_cli="$(compatible_path_cli)"; then
  bin_dir="$cache_root/path/bin"
  mkdir -p "$bin_dir"
  [[ "$(readlink "$bin_dir/pulumi" 2>/dev/null)" == "$path_cli" ]] || ln -sfn "$path_cli" "$bin_dir/pulumi"
else
  out_dir="$cache_root/$version"
  bin_dir="$out_dir/bin"
  if [[ ! -f $out_dir/.complete ]]; then
    mkdir -p "$out_dir"
    exec 9>"$out_dir/.lock"
    command -v flock >/dev/null 2>&1 && flock 9
    [[ -f $out_dir/.complete ]] || build_engine "$out_dir"
  fi
fi

install_plugin "$bin_dir"
echo "$bin_dir"

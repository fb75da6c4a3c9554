#!/usr/bin/env bash
# Build @flotilla/core as it was at a commit (default 3c41abd, the baseline of
# the per-task cost targets) into a cache directory, and print the path of its
# ESM entry (dist/index.js) on stdout. Give that path to the bench:
#
#   pnpm --filter @flotilla/bench bench -- --only instructions --baseline "$(apps/bench/scripts/build-baseline.sh)"
#
# The sources come from `git archive` (the work tree is not touched); the build
# uses the repository's own tsup with the options of packages/core/tsup.config.ts
# minus the type declarations, which the bench does not need. A second call for
# the same commit prints the cached entry without building.
# Cache: $FLOTILLA_BENCH_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/flotilla-bench.
set -euo pipefail

commit="${1:-3c41abd}"
root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
sha="$(git -C "$root" rev-parse --verify "${commit}^{commit}")"
cache="${FLOTILLA_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flotilla-bench}"
dir="$cache/core-$sha"
entry="$dir/packages/core/dist/index.js"

if [[ ! -f "$entry" ]]; then
  tsup="$root/node_modules/.bin/tsup"
  [[ -x "$tsup" ]] || { echo "no $tsup: run pnpm install at the repository root first" >&2; exit 1; }
  mkdir -p "$cache"
  tmp="$(mktemp -d "$cache/.build.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "building @flotilla/core at ${sha:0:12} in $dir" >&2
  git -C "$root" archive "$sha" packages/core tsconfig.base.json | tar -x -C "$tmp"
  (cd "$tmp/packages/core" && "$tsup" src/index.ts src/testing.ts src/internal.ts --no-config \
    --format esm,cjs --target es2022 --platform neutral --external vitest --sourcemap --clean --silent) >&2
  [[ -f "$tmp/packages/core/dist/index.js" ]] || { echo "the build wrote no dist/index.js" >&2; exit 1; }
  rm -rf "$dir"
  mv "$tmp" "$dir"
  trap - EXIT
fi
echo "$entry"

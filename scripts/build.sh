#!/usr/bin/env bash
# Configures and builds Shoal. Usage: scripts/build.sh [build-dir] [extra cmake args...]
# SHOAL_SANITIZE=1 builds with ASan + UBSan.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
shift || true
# ccache keys on paths relative to the checkout, so clones in other
# directories share the cache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
args=(-G Ninja -DCMAKE_BUILD_TYPE="${SHOAL_BUILD_TYPE:-RelWithDebInfo}")
if [ "${SHOAL_SANITIZE:-0}" = "1" ]; then args+=(-DSHOAL_SANITIZE=ON); fi
cmake -S "$root" -B "$build" "${args[@]}" "$@" >/dev/null
jobs="${SHOAL_JOBS:-$(nproc)}"
cmake --build "$build" -j "$jobs"

#!/usr/bin/env bash
# Configures and builds Shoal. Usage: scripts/build.sh [build-dir] [extra cmake args...]
# SHOAL_SANITIZE=1 builds with ASan + UBSan.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
shift || true
args=(-G Ninja -DCMAKE_BUILD_TYPE="${SHOAL_BUILD_TYPE:-RelWithDebInfo}")
if [ "${SHOAL_SANITIZE:-0}" = "1" ]; then args+=(-DSHOAL_SANITIZE=ON); fi
cmake -S "$root" -B "$build" "${args[@]}" "$@" >/dev/null
jobs="${SHOAL_JOBS:-$(nproc)}"
cmake --build "$build" -j "$jobs"

#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with ctest.
# SHOAL_SANITIZE=1 runs the suite under ASan + UBSan (separate build dir).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
build="$root/build"
if [ "${SHOAL_SANITIZE:-0}" = "1" ]; then build="$root/build-asan"; fi
"$root/scripts/build.sh" "$build"
cd "$build"
ctest --output-on-failure --timeout 600 -j "${SHOAL_TEST_JOBS:-2}" "$@"

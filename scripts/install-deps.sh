#!/usr/bin/env bash
# Installs what Shoal needs from Debian 12 packages, only if missing.
# Idempotent and quiet when everything is present.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config ccache
  # libraries
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libboost-dev nlohmann-json3-dev libspdlog-dev libgtest-dev libgmock-dev libcli11-dev
  libjemalloc-dev
  liblua5.1-0-dev lua-cjson-dev lua-bitop-dev
  # reference server and real clients for compatibility tests and benchmarks
  redis-server redis-tools python3-redis ruby-redis
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian redis-server package starts a system service on 6379; Shoal's
# main job wants that port, and tests start their own reference servers.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  $SUDO systemctl stop redis-server || true
  $SUDO systemctl disable redis-server >/dev/null 2>&1 || true
fi

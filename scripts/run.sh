#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs a shoal-node on
# 127.0.0.1:6379 (admin gRPC on 7379). Stop it with Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build"
echo
echo "Starting shoal-node on 127.0.0.1:6379 (admin gRPC on 127.0.0.1:7379)."
echo "Try it:   redis-cli -p 6379 ping"
echo "          build/clusterctl/clusterctl info 127.0.0.1:7379"
echo
exec "$root/build/node/shoal-node" "$root/examples/shoal.conf" --bind 127.0.0.1 --port 6379 "$@"

#!/usr/bin/env bash
# Runs the main job on the embedded sandboxes: no credentials, nothing outside this machine.
# Installs system libraries if missing, builds, then runs `ml-connector demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
swift build --product ml-connector
exec "$(swift build --show-bin-path)/ml-connector" demo "$@"

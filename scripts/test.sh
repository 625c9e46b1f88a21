#!/usr/bin/env bash
# Runs the whole test suite: unit tests and loopback integration tests against the
# Procore sandbox and the Sage 100 agent simulator. Installs system libraries if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
swift build --build-tests
swift test --skip-build "$@"

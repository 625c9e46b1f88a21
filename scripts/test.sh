#!/usr/bin/env bash
# Runs the whole test suite: unit tests and loopback integration tests against the
# Procore sandbox and the Sage 100 agent simulator. Installs system libraries if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
swift build --build-tests
# The crash test runs the CLI as a child process: make sure that binary is this build.
swift build --product ml-connector
swift test --skip-build "$@"

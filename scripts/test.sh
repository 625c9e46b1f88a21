#!/usr/bin/env bash
# Runs the whole test suite: unit tests and loopback integration tests against the
# Procore sandbox and the Sage 100 agent simulator, and the hosted mode's store suite on
# SQLite and on a throwaway PostgreSQL server (scripts/postgres.sh). Installs system
# libraries and PostgreSQL if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
swift build --build-tests
# The crash test runs the CLI as a child process: make sure that binary is this build.
swift build --product ml-connector

# PostgreSQL for the lease store suite, on a socket in a folder of its own, stopped on exit.
postgres_dir=$(mktemp -u /tmp/ml-connector-postgres.XXXXXX)
trap './scripts/postgres.sh stop "$postgres_dir"' EXIT
ML_CONNECTOR_TEST_POSTGRES_URL=$(./scripts/postgres.sh start "$postgres_dir")
export ML_CONNECTOR_TEST_POSTGRES_URL
# The same server's TLS listener (a self-signed certificate), when openssl made one.
if [ -f "$postgres_dir/tls-url" ]; then
  ML_CONNECTOR_TEST_POSTGRES_TLS_URL=$(cat "$postgres_dir/tls-url")
  export ML_CONNECTOR_TEST_POSTGRES_TLS_URL
fi
swift test --skip-build "$@"

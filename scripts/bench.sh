#!/usr/bin/env bash
# Builds release and runs every benchmark, each printing its figures next to the floor it
# cannot beat (see docs/benchmarks.md). Production runs release builds; debug figures say
# little about them.
#   ./scripts/bench.sh              every benchmark at its default size
#   ./scripts/bench.sh --json DIR   also write each benchmark's JSON figures into DIR
# Takes about a quarter of an hour on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
json_dir=""
if [ "${1:-}" = "--json" ]; then
    json_dir="${2:?--json needs a folder}"
    mkdir -p "$json_dir"
fi
swift build -c release --product ml-connector
binary="$(swift build -c release --show-bin-path)/ml-connector"
status=0
for benchmark in pull pull-memory sage transform transform-memory incremental tenants; do
    echo
    echo "== ml-connector bench $benchmark"
    if [ -n "$json_dir" ]; then
        "$binary" bench "$benchmark" --json > "$json_dir/$benchmark.json" || status=1
        cat "$json_dir/$benchmark.json"
    else
        "$binary" bench "$benchmark" || status=1
    fi
done
exit "$status"

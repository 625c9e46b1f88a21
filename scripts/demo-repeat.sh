#!/usr/bin/env bash
# Runs the demo pay cycle N times (default 20) on a release build, each in a fresh folder, and
# says how many ended reconciled. A release build is several times faster than a debug one and
# shows ordering and timing bugs a debug build hides; every run must end reconciled.
#   ./scripts/demo-repeat.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
runs="${1:-20}"
swift build -c release --product ml-connector
binary="$(swift build -c release --show-bin-path)/ml-connector"
root="$(mktemp -d "${TMPDIR:-/tmp}/ml-connector-demo-repeat.XXXXXX")"
trap 'rm -rf "$root"' EXIT
reconciled=0
for i in $(seq 1 "$runs"); do
    if CI=1 "$binary" demo --dir "$root/run-$i" > "$root/run-$i.log" 2>&1; then
        reconciled=$((reconciled + 1))
        echo "run $i: reconciled"
    else
        echo "run $i: NOT reconciled (exit $?); its output:"
        tail -20 "$root/run-$i.log" | sed 's/^/    /'
    fi
done
echo "$reconciled of $runs demo runs ended reconciled"
[ "$reconciled" -eq "$runs" ]

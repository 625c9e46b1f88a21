#!/usr/bin/env bash
# Makes sure the system libraries ml-connector builds against are installed.
# As root it installs what is missing with apt-get; as another user it prints the exact
# command to run and stops.
set -euo pipefail

needed=(libsqlite3-dev libcurl4-openssl-dev libxml2-dev pkg-config)
missing=()
for pkg in "${needed[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ! command -v swift >/dev/null 2>&1; then
  echo "error: the Swift toolchain (swift) is not on PATH. Install Swift 6 from swift.org and retry." >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing system libraries: ${missing[*]}. Install their equivalents with your package manager." >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ml-connector needs these Debian packages: ${missing[*]}" >&2
  echo "Run this, then retry:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing system libraries: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq "${missing[@]}" >&2

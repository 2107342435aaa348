#!/usr/bin/env bash
# Installs the build and test dependencies from Debian packages (Debian 12 / bookworm).
# Idempotent: when every package is already installed it does nothing (and needs no network).
# Relacy is not packaged anywhere; see README / cmake/Relacy.cmake for how it is found.
set -euo pipefail

packages=(g++ cmake ninja-build libgtest-dev libgmock-dev libbenchmark-dev libabsl-dev
          git ca-certificates python3)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
else
  missing=("${packages[@]}")
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all packages already installed (${packages[*]}); nothing to do."
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: not root, not installing; missing or unknown: ${missing[*]}" >&2
  echo "install-deps: run as root: apt-get install -y --no-install-recommends ${packages[*]}" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: apt-get not available; install these by other means: ${missing[*]}" >&2
  exit 0
fi

echo "install-deps: missing: ${missing[*]}"
echo "install-deps: + apt-get update"
apt-get update
echo "install-deps: + apt-get install -y --no-install-recommends ${packages[*]}"
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
echo "install-deps: done."

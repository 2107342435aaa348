#!/usr/bin/env bash
# Installs the build and test dependencies from Debian packages (Debian 12 / bookworm).
# Idempotent: when every package is already installed it does nothing (and needs no network).
# Relacy is not packaged anywhere; see README / cmake/Relacy.cmake for how it is found.
set -euo pipefail

packages=(g++ cmake ninja-build libgtest-dev libgmock-dev libbenchmark-dev libabsl-dev
          git ca-certificates python3 python3-yaml)

# Best effort, without which parts are skipped with one sentence: kernel mode's sources
# (full kernel tarballs under /usr/src; nothing is unpacked here; without them the kernel
# variants are not built), Chromium (the HTML report's browser test), clang-format (the
# format check).
optional_packages=(linux-source-6.1 linux-source-6.12 chromium clang-format)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
install_optional_packages() {
  local want=()
  for p in "${optional_packages[@]}"; do installed "$p" || want+=("$p"); done
  [[ ${#want[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: optional ${want[*]} not installed (apt-get install as root); the parts that need them are skipped."
    return 0
  fi
  echo "install-deps: + apt-get install -y --no-install-recommends ${want[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${want[@]}" ||
    echo "install-deps: could not install ${want[*]}; the parts that need them are skipped."
}

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
  echo "install-deps: all packages already installed (${packages[*]})."
  command -v dpkg-query >/dev/null 2>&1 && install_optional_packages
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
install_optional_packages
echo "install-deps: done."

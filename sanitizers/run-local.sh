#!/usr/bin/env bash
# Run pagewait's tests under a sanitizer on your machine.
#   usage: sanitizers/run-local.sh tsan|asan [ctest label, default unit]
# Configures and builds the preset (build/<preset>) and runs ctest on that label with the
# options from sanitizers/options.sh (your own TSAN_OPTIONS/ASAN_OPTIONS/UBSAN_OPTIONS win).
set -euo pipefail

usage="usage: sanitizers/run-local.sh tsan|asan [ctest label, default unit]"
if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "run-local.sh: expected a sanitizer (tsan or asan) and an optional ctest label; $usage" >&2
  exit 2
fi
preset=$1
label=${2:-unit}
case $preset in
  tsan|asan) ;;
  *) echo "run-local.sh: unknown sanitizer '$preset'; accepted: tsan, asan ($usage)." >&2; exit 2 ;;
esac
if [[ -z $label ]]; then
  echo "run-local.sh: the ctest label must not be empty ($usage)." >&2
  exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=sanitizers/options.sh
source sanitizers/options.sh
echo "run-local: TSAN_OPTIONS=$TSAN_OPTIONS"
echo "run-local: ASAN_OPTIONS=$ASAN_OPTIONS"
echo "run-local: UBSAN_OPTIONS=$UBSAN_OPTIONS"

cmake --preset "$preset"
cmake --build --preset "$preset" -j"${PAGEWAIT_JOBS:-2}"
ctest --preset "$preset" -L "^${label}\$" --output-on-failure --no-tests=error

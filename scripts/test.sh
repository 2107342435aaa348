#!/usr/bin/env bash
# The one test command: bash scripts/test.sh
#
# For each preset: configure, build, run its ctest label.
#   default, asan -> labels "unit", "stress", "kernel"   tsan -> "unit", "tsan", "kernel"
#   kernel-src -> "kernel" (kernel mode on a user tree: the 6.12 files default extracted)
#   relacy -> "relacy"
# PAGEWAIT_PRESETS="default tsan" runs a subset (in the given order);
# PAGEWAIT_JOBS sets build parallelism (default 2).
# Sanitizer options come from sanitizers/options.sh (values already in the environment win).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Set-up first (idempotent: does nothing when every Debian package is present).
bash scripts/install-deps.sh

# shellcheck source=sanitizers/options.sh
source sanitizers/options.sh

presets=${PAGEWAIT_PRESETS:-default kernel-src asan tsan relacy}
jobs=${PAGEWAIT_JOBS:-2}

label_for() {
  case $1 in
    default|asan) echo 'unit|stress|kernel' ;;
    tsan) echo 'unit|tsan|kernel' ;;
    kernel-src) echo kernel ;;
    relacy) echo relacy ;;
    *) return 1 ;;
  esac
}
for p in $presets; do
  if ! label_for "$p" >/dev/null; then
    echo "test.sh: unknown preset '$p' in PAGEWAIT_PRESETS; accepted: default kernel-src asan tsan relacy." >&2
    exit 2
  fi
done
if [[ -z ${presets// /} ]]; then
  echo "test.sh: PAGEWAIT_PRESETS is empty; accepted: default kernel-src asan tsan relacy." >&2
  exit 2
fi

stage="setup"
on_exit() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then
    echo
    echo "pagewait: FAILED at stage: $stage (exit $rc)" >&2
  fi
}
trap on_exit EXIT

banner() {
  stage="$*"
  printf '\n======== pagewait: %s ========\n' "$*"
}

start=$SECONDS
for p in $presets; do
  label=$(label_for "$p")
  t0=$SECONDS
  if [[ $p == kernel-src && ! -f build/kernel-cache/linux-6.12/src/Makefile ]]; then
    echo "pagewait: [kernel-src] skipped: no extracted linux-6.12 tree (install linux-source-6.12 and run the default preset first)."
    continue
  fi
  banner "[$p] configure"
  cmake --preset "$p"
  banner "[$p] build"
  cmake --build --preset "$p" -j"$jobs"
  banner "[$p] test (ctest label '$label')"
  ctest --preset "$p" -L "^(${label})\$" --output-on-failure --no-tests=error
  echo "pagewait: [$p] passed in $((SECONDS - t0)) s"
done
stage="done"
echo
echo "pagewait: presets run: $presets ($((SECONDS - start)) s)"
echo "pagewait: all test stages passed"

#!/usr/bin/env bash
# Main job: build the default preset, run the unit tests, then the benchmark if it was built.
# (The benchmark step is a placeholder until the stress engine's nightly command replaces it.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cmake --preset default
cmake --build --preset default -j"${PAGEWAIT_JOBS:-2}"
ctest --preset default -L '^unit$' --output-on-failure --no-tests=error

bench=build/default/bin/pagewait-bench
if [[ -x $bench ]]; then
  "$bench" --benchmark_min_time=0.05
else
  echo "main-job: $bench not built; skipping the benchmark."
fi

#!/usr/bin/env bash
# The main job: explore every scenario against every variant with Relacy and write the
# results (console table, JSON, JUnit, verdict table, failure corpus) under results/.
# PAGEWAIT_ITERATIONS sets the random iterations per scenario x variant (default 100000).
# (The native stress engine's nightly run will join it here.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh
cmake --preset relacy
cmake --build --preset relacy -j"${PAGEWAIT_JOBS:-2}"
mkdir -p results
build/relacy/bin/pagewait-relacy --scenario=all --variant=all --sched=random \
  --iterations="${PAGEWAIT_ITERATIONS:-100000}" --verdicts \
  --json=results/relacy.json --junit=results/relacy.xml --failures_dir=results/failures \
  | tee results/relacy.txt

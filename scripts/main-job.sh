#!/usr/bin/env bash
# The main job: the nightly run with a short budget (stress/nightly.sh: re-run the failure
# corpus, then Relacy, the controlled engine and the fuzz engine under TSan over new seeds),
# writing results/main-job/ (summary.md, JSON, JUnit, logs, failures) and results/corpus/.
# PAGEWAIT_BUDGET sets the budget (default 3m); PAGEWAIT_JOBS the build parallelism.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

exec bash stress/nightly.sh --budget="${PAGEWAIT_BUDGET:-3m}" --out=results/main-job

#!/usr/bin/env bash
# The nightly run: re-run the failure corpus, then explore new seeds with Relacy and with the
# native engine under ThreadSanitizer, and write results/nightly/summary.md.
#
#   stress/nightly.sh [--budget=DURATION] [--shard=I/N] [--out=DIR] [--corpus=DIR] [--no-build]
#
# The campaign is typed code reading the tools' JSON: campaign/nightly.py (its docstring
# has the options, the exit codes and what each step runs; campaign/nightly_plan.py the
# seeds and the steps). This wrapper only sets the sanitizer options and starts it.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=sanitizers/options.sh
source "$repo/sanitizers/options.sh"
PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m campaign.nightly "$@"

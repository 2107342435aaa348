#!/usr/bin/env bash
# The kill matrix: every mutant in its host variant, run by every engine (campaign/kill_matrix.py,
# which runs the engines with --json and reads their JSON).
#
#   zoo/kill_matrix.sh [--quick] [--build] [--out=DIR]
#
# Writes DIR/matrix.md (also on stdout) and each column's JSON; exit 1 when a zoo-mode column
# missed an expected kill, 2 on bad arguments or missing binaries.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=sanitizers/options.sh
source sanitizers/options.sh
exec python3 -m campaign.kill_matrix "$@"

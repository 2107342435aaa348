#!/usr/bin/env bash
# A controlled failure's printed line reproduces it exactly: through --replay, as a
# command, and on every one of many re-runs (--check_replay). Usage: replay_test.sh <bin>
set -euo pipefail
bin=$1
out=$("$bin" --engine=controlled --strategy=random --scenario=lock_killable --variant=A --runs=50 --check_replay --replays=50)
grep -q 'replay check: reproduced 50 of 50$' <<<"$out" || { echo "FAIL: not deterministic"; printf '%s\n' "$out"; exit 1; }
line=$(printf '%s\n' "$out" | sed -n 's/^    replay: //p' | head -n 1)
[[ -n $line ]] || { echo "FAIL: no replay line"; exit 1; }
echo "replay line: $line"
via_flag=$("$bin" --replay="$line")
grep -q '^    reproduced: L1 with seed' <<<"$via_flag" || { echo "FAIL: --replay did not reproduce"; printf '%s\n' "$via_flag"; exit 1; }
# shellcheck disable=SC2086  # the printed line is a plain space-separated command
as_command=$("$bin" ${line#pagewait-stress })
grep -q '^    reproduced: L1 with seed' <<<"$as_command" || { echo "FAIL: the command did not reproduce"; exit 1; }
# The failure report shows the interleaving that led there.
grep -q 'step .* thread [0-9]' <<<"$out" || { echo "FAIL: no interleaving in the report"; exit 1; }
# A wrong expectation must be reported, with exit 1.
if "$bin" --replay="${line/--expect=L1/--expect=I1}" > /dev/null; then echo "FAIL: wrong expectation passed"; exit 1; fi
echo "controlled replay is exact (50 of 50), by flag and by command"

#!/usr/bin/env bash
# A controlled failure's printed lines reproduce it exactly: the seed line through
# --replay, as a command, and on every one of many re-runs (--check_replay); the path line
# (no strategy, no seed) through --replay. Usage: replay_test.sh <bin>
set -euo pipefail
bin=$1
out=$("$bin" --engine=controlled --strategy=random --scenario=lock_killable --variant=A --runs=50 --check_replay --replays=50)
grep -q 'replay check: reproduced 50 of 50; by path: reproduced$' <<<"$out" || { echo "FAIL: not deterministic"; printf '%s\n' "$out"; exit 1; }
line=$(printf '%s\n' "$out" | sed -n 's/^    replay: //p' | head -n 1)
[[ -n $line ]] || { echo "FAIL: no replay line"; exit 1; }
echo "replay line: $line"
via_flag=$("$bin" --replay="$line")
grep -q '^    reproduced: L1 with seed' <<<"$via_flag" || { echo "FAIL: --replay did not reproduce"; printf '%s\n' "$via_flag"; exit 1; }
# shellcheck disable=SC2086  # the printed line is a plain space-separated command
as_command=$("$bin" ${line#pagewait-stress })
grep -q '^    reproduced: L1 with seed' <<<"$as_command" || { echo "FAIL: the command did not reproduce"; exit 1; }
path_line=$(printf '%s\n' "$out" | sed -n 's/^    path replay ([0-9]* decisions): //p' | head -n 1)
[[ $path_line == *" --path=v1."* && $path_line != *"--seed="* && $path_line != *"--strategy="* ]] ||
  { echo "FAIL: no path replay line without seed and strategy: $path_line"; exit 1; }
by_path=$("$bin" --replay="$path_line")
grep -q '^    reproduced: L1 by its path' <<<"$by_path" || { echo "FAIL: the path line did not reproduce"; printf '%s\n' "$by_path"; exit 1; }
# The failure report shows the interleaving that led there.
grep -q 'step .* thread [0-9]' <<<"$out" || { echo "FAIL: no interleaving in the report"; exit 1; }
# A wrong expectation must be reported, with exit 1.
if "$bin" --replay="${line/--expect=L1/--expect=I1}" > /dev/null; then echo "FAIL: wrong expectation passed"; exit 1; fi
# Corpus lines printed before the option table (a fuzz line always carried --fuzz_delay)
# still replay.
old=$("$bin" --replay="pagewait-stress --engine=controlled --strategy=random --scenario=lock_killable --variant=A --seed=3 --runs=1 --expect=L1")
grep -q '^    reproduced: L1 with seed 3' <<<"$old" || { echo "FAIL: an old corpus line did not replay"; printf '%s\n' "$old"; exit 1; }
"$bin" --replay="pagewait-stress --engine=fuzz --fuzz_delay=40 --scenario=lock_contention --variant=A --seed=0 --runs=1 --expect=holds" >/dev/null ||
  { echo "FAIL: an old fuzz corpus line did not replay"; exit 1; }
echo "controlled replay is exact (50 of 50), by flag, by command and by path"

#!/usr/bin/env bash
# Proves that a failure's printed replay line reproduces it: once through --replay, once
# by running the printed command itself. Usage: replay_test.sh <pagewait-relacy binary>
set -euo pipefail
bin=$1
out=$("$bin" --scenario=handoff_atomicity --variant=A --sched=random --iterations=20000 --history=never)
line=$(printf '%s\n' "$out" | sed -n 's/^    replay: //p' | head -n 1)
if [[ -z $line ]]; then
  echo "FAIL: the expected violation printed no replay line"; printf '%s\n' "$out"; exit 1
fi
echo "replay line: $line"
via_flag=$("$bin" --replay="$line" --history=never)
printf '%s\n' "$via_flag" | grep -q '^    reproduced: I2b at iteration' || { echo "FAIL: --replay did not reproduce"; printf '%s\n' "$via_flag"; exit 1; }
# shellcheck disable=SC2086  # the printed line is a plain space-separated command
as_command=$("$bin" ${line#pagewait-relacy } --history=never)
printf '%s\n' "$as_command" | grep -q '^    reproduced: I2b at iteration' || { echo "FAIL: the printed command did not reproduce"; printf '%s\n' "$as_command"; exit 1; }
# A replay must fail loudly when the verdict does not come back.
if "$bin" --replay="${line/--expect=I2b/--expect=L1}" --history=never > /tmp/pagewait-replay-neg.$$ 2>&1; then
  echo "FAIL: a replay expecting the wrong verdict passed"; cat /tmp/pagewait-replay-neg.$$; exit 1
fi
grep -q 'NOT REPRODUCIBLE' /tmp/pagewait-replay-neg.$$ || { echo "FAIL: no NOT REPRODUCIBLE message"; exit 1; }
rm -f /tmp/pagewait-replay-neg.$$
echo "replay reproduced (flag and command); a wrong expectation is reported"
# A corpus line in the order the tool printed before the option table (scenario first,
# --sched after the names) still replays.
old=$("$bin" --replay="pagewait-relacy --scenario=lock_killable --variant=A --sched=random --seed=0 --iterations=1 --expect=L1")
grep -q '^    reproduced: L1 at iteration 0' <<<"$old" || { echo "FAIL: an old corpus line did not replay"; printf '%s\n' "$old"; exit 1; }

#!/usr/bin/env bash
# CB-1 on the kernel's own code: lock_killable reports L1 with a fixed seed on every
# kernel variant without kernel/patches/cb1-fix.patch, the printed replay line reproduces
# it (by --replay and on 20 re-runs); on every variant with the patch the same seed, and
# N seeds of each strategy, hold. Usage: cb1_test.sh <pagewait-stress> [N, default 400]
set -euo pipefail
bin=$1
runs=${2:-400}
all=$("$bin" --list | sed -n 's/^  \(linux-[^ ]*\) .*Linux.*/\1/p')
variants=$(grep -v -- '+cb1-fix' <<<"$all" || true)
fixed=$(grep -- '+cb1-fix' <<<"$all" || true)
[[ -n $variants ]] || { echo "FAIL: no kernel variant in this build"; exit 1; }
[[ -n $fixed ]] || { echo "FAIL: no variant with cb1-fix.patch in this build"; exit 1; }
for v in $fixed; do
  "$bin" --engine=controlled --scenario=lock_killable --variant="$v" --seed=2 --runs=1 --expect=holds >/dev/null ||
    { echo "FAIL: $v: seed 2 (CB-1 on the unpatched tree) does not hold"; exit 1; }
  for strategy in random pct:3 stall:100; do
    "$bin" --engine=controlled --strategy="$strategy" --scenario=lock_killable,lock_killable_fixed,lock_killable_rounds \
      --variant="$v" --runs="$runs" --expect=holds >/dev/null ||
      { echo "FAIL: $v: a CB-1 scenario does not hold under $strategy"; exit 1; }
  done
  echo "$v: lock_killable, lock_killable_fixed, lock_killable_rounds hold (seed 2; $runs seeds x random, pct:3, stall:100)"
done
for v in $variants; do
  out=$("$bin" --engine=controlled --scenario=lock_killable --variant="$v" --seed=2 --runs=1 --check_replay)
  grep -q ' L1  *OK (expected L1)' <<<"$out" || { echo "FAIL: $v seed 2 did not give L1"; printf '%s\n' "$out"; exit 1; }
  grep -q 'replay check: reproduced 20 of 20$' <<<"$out" || { echo "FAIL: $v replay not exact"; printf '%s\n' "$out"; exit 1; }
  line=$(sed -n 's/^    replay: //p' <<<"$out" | head -n 1)
  [[ $line == *"--variant=$v "* ]] || { echo "FAIL: replay line does not name $v: $line"; exit 1; }
  again=$("$bin" --replay="$line")
  grep -q '^    reproduced: L1 with seed 2$' <<<"$again" || { echo "FAIL: $v --replay did not reproduce"; exit 1; }
  echo "$v: CB-1 (L1) at seed 2, replay exact: $line"
done
# The wrong expectation must fail: the test can fail.
if "$bin" --scenario=lock_killable --variant="${variants%%$'\n'*}" --seed=2 --runs=1 --expect=holds > /dev/null; then
  echo "FAIL: --expect=holds passed on a CB-1 seed"; exit 1
fi

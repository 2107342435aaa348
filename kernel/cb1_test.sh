#!/usr/bin/env bash
# CB-1 on the kernel's own code: lock_killable reports L1 with a fixed seed on every
# kernel variant whose code has no CB-1 fix, and the printed replay lines (seed and path)
# reproduce it; on every variant with a fix (kernel/patches/cb1-fix.patch, or the tree's
# own: 6.12.118 has one upstream) the same seed, and N seeds of each strategy, hold.
# `--list` says which is which ("CB-1 fixed" / "CB-1 not fixed", read off the code).
# Usage: cb1_test.sh <pagewait-stress> [N, default 400]
set -euo pipefail
bin=$1
runs=${2:-400}
listing=$("$bin" --list)
# B0 trees are left out of "fixed": B0 loses the wake with a fix too (the model's B0 on
# lock_killable_fixed; scenarios/kernel_differences.hpp), which the kernel tests check.
fixed=$(grep -v 'compared with B0 ' <<<"$listing" | sed -n 's/^  \(linux-[^ ]*\) .*Linux.*; CB-1 fixed$/\1/p')
unfixed=$(sed -n 's/^  \(linux-[^ ]*\) .*Linux.*; CB-1 not fixed$/\1/p' <<<"$listing")
[[ -n $fixed$unfixed ]] || { echo "FAIL: no kernel variant in this build"; exit 1; }
[[ -n $fixed ]] || { echo "FAIL: no variant with a CB-1 fix in this build"; exit 1; }
for v in $fixed; do
  "$bin" --engine=controlled --scenario=lock_killable --variant="$v" --seed=2 --runs=1 --expect=holds >/dev/null ||
    { echo "FAIL: $v: seed 2 (CB-1 on an unfixed tree) does not hold"; exit 1; }
  for strategy in random pct:3 stall:100; do
    "$bin" --engine=controlled --strategy="$strategy" --scenario=lock_killable,lock_killable_fixed,lock_killable_rounds \
      --variant="$v" --runs="$runs" --expect=holds >/dev/null ||
      { echo "FAIL: $v: a CB-1 scenario does not hold under $strategy"; exit 1; }
  done
  echo "$v: lock_killable, lock_killable_fixed, lock_killable_rounds hold (seed 2; $runs seeds x random, pct:3, stall:100)"
done
for v in $unfixed; do
  out=$("$bin" --engine=controlled --scenario=lock_killable --variant="$v" --seed=2 --runs=1 --check_replay)
  grep -q ' L1  *OK (expected L1)' <<<"$out" || { echo "FAIL: $v seed 2 did not give L1"; printf '%s\n' "$out"; exit 1; }
  grep -q 'replay check: reproduced 20 of 20; by path: reproduced$' <<<"$out" ||
    { echo "FAIL: $v replay not exact"; printf '%s\n' "$out"; exit 1; }
  line=$(sed -n 's/^    replay: //p' <<<"$out" | head -n 1)
  [[ $line == *"--variant=$v "* ]] || { echo "FAIL: replay line does not name $v: $line"; exit 1; }
  again=$("$bin" --replay="$line")
  grep -q '^    reproduced: L1 with seed 2$' <<<"$again" || { echo "FAIL: $v --replay did not reproduce"; exit 1; }
  path_line=$(sed -n 's/^    path replay ([0-9]* decisions): //p' <<<"$out" | head -n 1)
  [[ $path_line == *" --path=v1."* ]] || { echo "FAIL: $v: no path replay line"; printf '%s\n' "$out"; exit 1; }
  by_path=$("$bin" --replay="$path_line")
  grep -q '^    reproduced: L1' <<<"$by_path" || { echo "FAIL: $v: the path line did not reproduce"; exit 1; }
  echo "$v: CB-1 (L1) at seed 2, replay exact by seed and by path: $line"
done
# The wrong expectation must fail: the test can fail.
if [[ -n $unfixed ]] && "$bin" --scenario=lock_killable --variant="${unfixed%%$'\n'*}" --seed=2 --runs=1 --expect=holds > /dev/null; then
  echo "FAIL: --expect=holds passed on a CB-1 seed"; exit 1
fi

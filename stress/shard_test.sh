#!/usr/bin/env bash
# Shards split the (scenario, variant, seed) space: the runs of shards 0/3, 1/3 and 2/3
# add up to the unsharded total, and the environment variables of GoogleTest and of a
# Kubernetes indexed Job select the same shards. Usage: shard_test.sh <bin>
set -euo pipefail
bin=$1
count() { "$@" | awk -F'|' '/^\| bucket_collision/ {s += $4} END {print s+0}'; }
args=(--scenario=bucket_collision --variant=A+,C --runs=30)
total=$(count "$bin" "${args[@]}")
sum=0
for i in 0 1 2; do sum=$((sum + $(count "$bin" "${args[@]}" --shard=$i/3))); done
[[ $total -eq 60 && $sum -eq 60 ]] || { echo "FAIL: unsharded $total, shards add up to $sum (want 60)"; exit 1; }
a=$(count "$bin" "${args[@]}" --shard=1/3)
b=$(GTEST_SHARD_INDEX=1 GTEST_TOTAL_SHARDS=3 count "$bin" "${args[@]}")
c=$(JOB_COMPLETION_INDEX=1 count "$bin" "${args[@]}" --total_shards=3)
[[ $a -eq $b && $a -eq $c ]] || { echo "FAIL: --shard=1/3 gave $a, GTEST_* gave $b, JOB_COMPLETION_INDEX gave $c"; exit 1; }
# A pair that stops at its first failure must not shift later pairs' seeds between shards:
# the failing seeds the shards report for writeback_epochs/A and lock_killable/A are all
# different (each seed belongs to exactly one shard).
seeds=""
for i in 0 1 2; do
  out=$("$bin" --scenario=writeback_epochs,lock_killable --variant=A --runs=30 --shard=$i/3 || true)
  seeds+=$(sed -n 's/^    replay: .*--scenario=\([a-z_]*\) .*--seed=\([0-9]*\) .*/\1:\2/p' <<<"$out")$'\n'
done
n=$(grep -c . <<<"$seeds"); u=$(grep . <<<"$seeds" | sort -u | grep -c .)
[[ $n -ge 2 && $n -eq $u ]] || { echo "FAIL: shards reported failing seeds [$(tr '\n' ' ' <<<"$seeds")] (want >= 2, all distinct)"; exit 1; }
echo "shards partition the space ($total runs); flag, GoogleTest and Kubernetes selections agree ($a)"

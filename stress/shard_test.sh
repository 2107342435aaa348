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
# A pair that stops at its first failure must not shift the next pair's seeds between shards:
# the failing seed of writeback_epochs/A (a few seeds in) is found by exactly one shard.
found=0
for i in 0 1 2; do
  out=$("$bin" --scenario=writeback_epochs,bucket_collision --variant=A --runs=30 --shard=$i/3 || true)
  found=$((found + $(grep -c '^    replay: ' <<<"$out" || true)))
done
[[ $found -eq 1 ]] || { echo "FAIL: $found shards reported the writeback_epochs/A failure (want exactly 1)"; exit 1; }
echo "shards partition the space ($total runs); flag, GoogleTest and Kubernetes selections agree ($a)"

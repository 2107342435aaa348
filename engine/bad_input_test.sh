#!/usr/bin/env bash
# Every malformed invocation must exit 2 with a one-line "error: ..." sentence.
# Usage: bad_input_test.sh <engine binary>
set -uo pipefail
bin=$1
fail=0
expect_2() {
  local out rc
  out=$("$bin" "$@" 2>&1); rc=$?
  if [[ $rc -ne 2 ]] || ! grep -q '^error: ' <<<"$out"; then
    echo "FAIL: $* -> exit $rc: $out"; fail=1
  else
    echo "ok: $* -> $(grep '^error: ' <<<"$out" | head -n 1)"
  fi
}
expect_2 --scenario=no_such_scenario
expect_2 --variant=Z
expect_2 --variant=
expect_2 --mutant=M99
expect_2 --iterations=abc
expect_2 --iterations=0
expect_2 --seed=-1
expect_2 --seed=12x
expect_2 --no_such_flag=1
expect_2 --list=maybe
expect_2 positional
expect_2 --iterations
expect_2 --replay="rm -rf /"
expect_2 --replay="$(basename "$bin") --replay=x"
expect_2 --replay=
expect_2 --replay_file=/nonexistent/replay.txt
expect_2 --replay_file=/dev/null
expect_2 --failures_dir=/proc/forbidden/dir
# --help lists the tool's own flags (Abseil then exits 1; not one of our error sentences).
help=$("$bin" --help 2>&1); rc=$?
if [[ $rc -gt 1 ]] || ! grep -q -- '--scenario (' <<<"$help" || ! grep -q -- '--variant (' <<<"$help"; then
  echo "FAIL: --help -> exit $rc, flags not listed: $(head -n 5 <<<"$help")"; fail=1
else
  echo "ok: --help lists the flags"
fi
case $(basename "$bin") in
  pagewait-relacy*)
    expect_2 --sched=bound:9
    expect_2 --sched=dfs
    expect_2 --history=sometimes
    expect_2 --depth=5
    expect_2 --state=1~2 --sched=random
    ;;
  pagewait-stress*)
    expect_2 --engine=warp
    expect_2 --strategy=pct:0
    expect_2 --strategy=dfz
    expect_2 --strategy=stall:1
    expect_2 --strategy=stall:x
    expect_2 --strategy=random:2
    expect_2 --strategy=pct:
    expect_2 --path=a3b
    expect_2 --strategy=dfs:101
    expect_2 --strategy=dfs:x
    expect_2 --strategy=dpor:101
    expect_2 --strategy=dpor:2 --preemptions=3
    expect_2 --strategy=dpor --preemptions=x
    expect_2 --strategy=dpor --preemptions=101
    expect_2 --strategy=random --preemptions=2
    expect_2 --strategy=random --max_executions=10
    expect_2 --strategy=dpor --max_executions=ten
    expect_2 --strategy=random --expect_exhausted
    expect_2 --path=v1.a3z
    expect_2 --path=v1.a --strategy=pct:3
    expect_2 --path=v1.a --engine=fuzz
    expect_2 --runs=0
    expect_2 --budget=5x
    expect_2 --budget=-1s
    expect_2 --hang=0
    expect_2 --shard=3/2
    expect_2 --shard=1
    expect_2 --step_limit=10
    expect_2 --replays=0
    expect_2 --fuzz_delay=1001
    GTEST_SHARD_INDEX=0 expect_2 --runs=1
    JOB_COMPLETION_INDEX=0 expect_2 --runs=1
    ;;
esac
exit $fail

#!/usr/bin/env python3
"""Shards split the (scenario, variant, seed) space: the runs of shards 0/3, 1/3 and 2/3
add up to the unsharded total; the environment variables of GoogleTest and of a
Kubernetes indexed Job select the same shard; a pair that stops at its first failure does
not shift later pairs' seeds between shards. Read from the tool's JSON. Usage:
shard_test.py <bin>"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from tool_json import check, failures, main, run  # noqa: E402

BIN = sys.argv[1]
ARGS = ("--scenario=bucket_collision", "--variant=A+,C", "--runs=30")


def runs(*extra, env=None):
    old = dict(os.environ)
    os.environ.update(env or {})
    try:
        r = run(BIN, *ARGS, *extra)
    finally:
        os.environ.clear()
        os.environ.update(old)
    check(r.exit_code == 0, f"{' '.join(extra)} {env or ''} failed", r)
    return sum(x["iterations"] for x in r.runs)


def test():
    total = runs()
    shards = sum(runs(f"--shard={i}/3") for i in range(3))
    check(total == 60 and shards == 60, f"unsharded {total}, shards add up to {shards} (want 60)")
    a = runs("--shard=1/3")
    b = runs(env={"GTEST_SHARD_INDEX": "1", "GTEST_TOTAL_SHARDS": "3"})
    c = runs("--total_shards=3", env={"JOB_COMPLETION_INDEX": "1"})
    check(a == b == c, f"--shard=1/3 gave {a}, GTEST_* gave {b}, JOB_COMPLETION_INDEX gave {c}")
    seeds = []
    for i in range(3):
        r = run(BIN, "--scenario=writeback_epochs,lock_killable", "--variant=A", "--runs=30", f"--shard={i}/3")
        seeds += [(f["scenario"], re.search(r"--seed=(\d+)", f["replay"]).group(1)) for f in failures(r)]
    check(len(seeds) >= 2 and len(set(seeds)) == len(seeds), f"shards reported failing seeds {seeds} (want >= 2, distinct)")
    print(f"shards partition the space ({total} runs); flag, GoogleTest and Kubernetes selections agree ({a})")


main(test)

#!/usr/bin/env python3
"""CB-1 on the kernel's own code: lock_killable reports L1 with a fixed seed on every
kernel variant whose code has no CB-1 fix, and its replay lines (seed and path) reproduce
it; on every variant with a fix (kernel/patches/cb1-fix.patch, or the tree's own: 6.12.118
has one upstream) the same seed, and N seeds of each strategy, hold. --list --json says
which is which (cb1_fixed, read off the code by kernel/extract.py).
Usage: cb1_test.py <pagewait-stress> [N, default 400]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from tool_json import check, failures, main, run, variants  # noqa: E402

BIN = sys.argv[1]
RUNS = sys.argv[2] if len(sys.argv) > 2 else "400"


def test():
    kernel = [v for v in variants(BIN) if v["kernel"]]
    check(bool(kernel), "no kernel variant in this build")
    # B0 trees are left out of "fixed": B0 loses the wake with a fix too (the model's B0
    # on lock_killable_fixed; scenarios/kernel_differences.hpp), which the kernel tests check.
    fixed = [v["name"] for v in kernel if v["cb1_fixed"] and v["counterpart"] != "B0"]
    unfixed = [v["name"] for v in kernel if not v["cb1_fixed"]]
    check(bool(fixed), "no variant with a CB-1 fix in this build")
    for v in fixed:
        r = run(BIN, "--engine=controlled", "--scenario=lock_killable", f"--variant={v}", "--seed=2", "--runs=1",
                "--expect=holds")
        check(r.exit_code == 0, f"{v}: seed 2 (CB-1 on an unfixed tree) does not hold", r)
        for strategy in ("random", "pct:3", "stall:100"):
            r = run(BIN, "--engine=controlled", f"--strategy={strategy}",
                    "--scenario=lock_killable,lock_killable_fixed,lock_killable_rounds", f"--variant={v}",
                    f"--runs={RUNS}", "--expect=holds")
            check(r.exit_code == 0, f"{v}: a CB-1 scenario does not hold under {strategy}", r)
        print(f"{v}: lock_killable, lock_killable_fixed, lock_killable_rounds hold (seed 2; {RUNS} seeds x random, "
              "pct:3, stall:100)")
    for v in unfixed:
        r = run(BIN, "--engine=controlled", "--scenario=lock_killable", f"--variant={v}", "--seed=2", "--runs=1",
                "--check_replay")
        got = failures(r)
        check(len(got) == 1 and got[0]["found"] == "L1" and got[0]["matches"], f"{v} seed 2 did not give L1", r)
        f = got[0]
        check(f["replay_check"] == "reproduced 20 of 20; by path: reproduced", f"{v} replay not exact", r)
        check(f"--variant={v} " in f["replay"], f"replay line does not name {v}: {f['replay']}")
        again = run(BIN, "--replay=" + f["replay"])
        check(again.exit_code == 0 and failures(again)[0]["where"] == "with seed 2", f"{v}: --replay did not reproduce",
              again)
        check(" --path=v1." in f["path_replay"], f"{v}: no path replay line", r)
        by_path = run(BIN, "--replay=" + f["path_replay"])
        check(by_path.exit_code == 0 and failures(by_path)[0]["found"] == "L1", f"{v}: the path line did not reproduce",
              by_path)
        print(f"{v}: CB-1 (L1) at seed 2, replay exact by seed and by path: {f['replay']}")
    # The wrong expectation must fail: the test can fail.
    if unfixed:
        r = run(BIN, "--scenario=lock_killable", f"--variant={unfixed[0]}", "--seed=2", "--runs=1", "--expect=holds")
        check(r.exit_code == 1, "--expect=holds passed on a CB-1 seed", r)


main(test)

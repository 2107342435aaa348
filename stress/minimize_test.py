#!/usr/bin/env python3
"""--minimize brings CB-1 (lock_killable: a lost wake-up, L1) to at most 3 preemptions on
every variant that has it, model and kernel, and the minimized path's replay line
reproduces it; a minimized failure never has more preemptions than the original. Read from
the tool's JSON. Usage: minimize_test.py <pagewait-stress>"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from tool_json import check, failures, main, run, variants  # noqa: E402

BIN = sys.argv[1]


def test():
    names = ["A", "A+", "C"] + [v["name"] for v in variants(BIN) if v["kernel"] and not v["cb1_fixed"]
                                and v["counterpart"] != "B0"]
    r = run(BIN, "--scenario=lock_killable", f"--variant={','.join(names)}", "--runs=200", "--minimize")
    got = failures(r)
    check(r.exit_code == 0 and len(got) == len(names), f"CB-1 not found on all of {names}", r)
    for f in got:
        before, after = f["preemptions_before"], f["preemptions_after"]
        check(f["minimized_replay"] != "", f"{f['variant']}: not minimized", r)
        check(0 <= after <= 3 and after <= before, f"{f['variant']}: {before} -> {after} preemptions", r)
        again = run(BIN, "--replay=" + f["minimized_replay"])
        check(again.exit_code == 0 and failures(again)[0]["found"] == "L1",
              f"{f['variant']}: the minimized line did not reproduce", again)
        print(f"{f['variant']}: CB-1 {before} -> {after} preemptions, replayed: {f['minimized_replay'][:90]}...")


main(test)

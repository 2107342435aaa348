#!/usr/bin/env python3
"""A controlled failure's replay lines reproduce it exactly: the seed line through --replay,
as a command, and on every one of many re-runs (--check_replay); the path line (no
strategy, no seed) through --replay; a wrong expectation fails; corpus lines printed before
the option table still replay. Read from the tool's JSON. Usage: replay_test.py <bin>"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from tool_json import as_command, check, failures, main, run  # noqa: E402

BIN = sys.argv[1]


def test():
    r = run(BIN, "--engine=controlled", "--strategy=random", "--scenario=lock_killable", "--variant=A", "--runs=50",
            "--check_replay", "--replays=50")
    found = failures(r)
    check(len(found) == 1 and found[0]["found"] == "L1", "lock_killable/A gave no L1", r)
    f = found[0]
    check(f["replay_check"] == "reproduced 50 of 50; by path: reproduced" and f["replay_reproduced"],
          f"not deterministic: {f['replay_check']}", r)
    # The report names its steps: objects, source lines, in the console and in the JSON.
    check(" T1 " in f["trace"] and "page1.flags" in f["trace"] and "wait_common.hpp:" in f["trace"],
          "the report's trace does not name its steps", r)
    events = f["trace_events"]
    check(len(events) > 50 and all(e["where"] for e in events if e["op"] in ("load", "store", "rmw"))
          and all(not e["object"].startswith("0x") for e in events), "the JSON trace has unnamed steps", r)
    line, path_line = f["replay"], f["path_replay"]
    print("replay line:", line)
    for how, again in (("--replay", run(BIN, "--replay=" + line)), ("the command", run(BIN, *as_command(line)))):
        got = failures(again)
        check(again.exit_code == 0 and got and got[0]["where"].startswith("with seed"), f"{how} did not reproduce", again)
    check(" --path=v1." in path_line and "--seed=" not in path_line and "--strategy=" not in path_line,
          f"no path replay line without seed and strategy: {path_line}")
    by_path = run(BIN, "--replay=" + path_line)
    check(by_path.exit_code == 0 and failures(by_path)[0]["where"] == "by its path", "the path line did not reproduce",
          by_path)
    wrong = run(BIN, "--replay=" + line.replace("--expect=L1", "--expect=I1"))
    check(wrong.exit_code == 1 and not wrong.runs[0]["matches"], "a wrong expectation passed", wrong)
    # Corpus lines printed before the option table (a fuzz line always carried --fuzz_delay).
    old = run(BIN, "--replay=pagewait-stress --engine=controlled --strategy=random --scenario=lock_killable "
                   "--variant=A --seed=3 --runs=1 --expect=L1")
    check(old.exit_code == 0 and failures(old)[0]["where"] == "with seed 3", "an old corpus line did not replay", old)
    fuzz = run(BIN, "--replay=pagewait-stress --engine=fuzz --fuzz_delay=40 --scenario=lock_contention --variant=A "
                    "--seed=0 --runs=1 --expect=holds")
    check(fuzz.exit_code == 0, "an old fuzz corpus line did not replay", fuzz)
    print("controlled replay is exact (50 of 50), by flag, by command and by path")


main(test)

#!/usr/bin/env python3
"""A Relacy failure's replay line reproduces it: through --replay and as the printed
command; a wrong expectation fails; a corpus line in the order the tool printed before the
option table still replays. Read from the tool's JSON. Usage: replay_test.py <pagewait-relacy>"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from tool_json import as_command, check, failures, main, run  # noqa: E402

BIN = sys.argv[1]


def test():
    r = run(BIN, "--scenario=handoff_atomicity", "--variant=A", "--sched=random", "--iterations=20000",
            "--history=never")
    found = failures(r)
    check(bool(found) and found[0]["replay"], "the expected violation gave no replay line", r)
    line = found[0]["replay"]
    print("replay line:", line)
    for how, again in (("--replay", run(BIN, "--replay=" + line, "--history=never")),
                       ("the printed command", run(BIN, *as_command(line), "--history=never"))):
        got = failures(again)
        check(again.exit_code == 0 and got and got[0]["found"] == "I2b" and got[0]["where"].startswith("at iteration"),
              f"{how} did not reproduce", again)
    wrong = run(BIN, "--replay=" + line.replace("--expect=I2b", "--expect=L1"), "--history=never")
    check(wrong.exit_code == 1 and not wrong.runs[0]["matches"], "a replay expecting the wrong verdict passed", wrong)
    old = run(BIN, "--replay=pagewait-relacy --scenario=lock_killable --variant=A --sched=random --seed=0 "
                   "--iterations=1 --expect=L1")
    check(old.exit_code == 0 and failures(old)[0]["where"] == "at iteration 0", "an old corpus line did not replay", old)
    print("replay reproduced (flag and command); a wrong expectation is reported; an old corpus line replays")


main(test)

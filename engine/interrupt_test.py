#!/usr/bin/env python3
"""Ctrl-C and SIGTERM never lose a report: a tool interrupted in the middle of a long pair
exits 130 / 143 and has written its JSON and JUnit (with the pairs finished before) and
the failure file of the failure it found. Usage: interrupt_test.py <pagewait-stress or
pagewait-relacy>"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time


def main():
    binary = sys.argv[1]
    relacy = "relacy" in os.path.basename(binary)
    # lock_killable A fails at once (CB-1); lock_contention then runs far longer than we wait.
    long_run = ["--iterations=2000000000"] if relacy else ["--runs=2000000000"]
    fails = 0
    for signo, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [binary, "--scenario=lock_killable,lock_contention", "--variant=A", *long_run,
                   f"--json={tmp}/out.json", f"--junit={tmp}/out.xml", f"--failures_dir={tmp}/failures"]
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            time.sleep(2)
            proc.send_signal(signo)
            try:
                out, _ = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                print(f"FAIL: {signal.Signals(signo).name}: still running 60 s later")
                fails += 1
                continue
            name = signal.Signals(signo).name
            problems = []
            if proc.returncode != code:
                problems.append(f"exit {proc.returncode}, expected {code}")
            try:
                runs = json.load(open(f"{tmp}/out.json"))["runs"]
                if not any(r["scenario"] == "lock_killable" and r["found"] == "L1" for r in runs):
                    problems.append(f"the JSON lacks the finished pair: {runs}")
            except (OSError, ValueError, KeyError) as e:
                problems.append(f"no JSON report: {e}")
            if not os.path.exists(f"{tmp}/out.xml") or "lock_killable" not in open(f"{tmp}/out.xml").read():
                problems.append("no JUnit report with the finished pair")
            if not os.listdir(f"{tmp}/failures") if os.path.isdir(f"{tmp}/failures") else True:
                problems.append("no failure file")
            if problems:
                print(f"FAIL: {name}: " + "; ".join(problems) + "\n" + out[-2000:])
                fails += 1
            else:
                print(f"ok: {name}: exit {code}, JSON, JUnit and the failure file written")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Every invariant the registry (src/pagewait/invariants.inc) calls reportable is reported
by its witness: the witness command, run with this tool, must reproduce the id it expects
(exit 0 under --expect, and a failure of that id in its JSON report). Usage:
invariant_witness_test.py <pagewait-stress or pagewait-relacy>"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from tool_json import console, failures, listing, run  # noqa: E402


def main():
    binary = sys.argv[1]
    tool = "pagewait-relacy" if "relacy" in os.path.basename(binary) else "pagewait-stress"
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        invariants = listing(binary, f"{tmp}/list.json")["invariants"]
    fails = ran = 0
    for inv in invariants:
        witness = inv["witness"].split()
        if not witness or witness[0] != tool:
            continue
        ran += 1
        r = run(binary, *witness[1:])
        if r.exit_code != 0 or not any(f["found"] == inv["id"] and f["matches"] for f in failures(r)):
            print(f"FAIL: {inv['id']}: `{inv['witness']}` exit {r.exit_code}\n{console(r)[-2000:]}")
            fails += 1
        else:
            print(f"ok: {inv['id']} reported by `{inv['witness']}`")
    if ran == 0:
        print(f"FAIL: no witness for {tool} in the registry")
        return 1
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

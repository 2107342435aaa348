#!/usr/bin/env python3
"""Every invariant the registry (src/pagewait/invariants.inc) calls reportable is reported
by its witness: the witness command, run with this tool, must reproduce the id it expects
(exit 0 under --expect). Usage: invariant_witness_test.py <pagewait-stress or pagewait-relacy>"""
import json
import os
import subprocess
import sys
import tempfile


def main():
    binary = sys.argv[1]
    tool = "pagewait-relacy" if "relacy" in os.path.basename(binary) else "pagewait-stress"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([binary, "--list", f"--json={tmp}/list.json"], check=True)
        invariants = json.load(open(f"{tmp}/list.json"))["invariants"]
    fails = ran = 0
    for inv in invariants:
        witness = inv["witness"].split()
        if not witness or witness[0] != tool:
            continue
        ran += 1
        proc = subprocess.run([binary, *witness[1:]], capture_output=True, text=True)
        if proc.returncode != 0 or f"reproduced: {inv['id']} " not in proc.stdout:
            print(f"FAIL: {inv['id']}: `{inv['witness']}` exit {proc.returncode}\n{proc.stdout[-1500:]}{proc.stderr[-500:]}")
            fails += 1
        else:
            print(f"ok: {inv['id']} reported by `{inv['witness']}`")
    if ran == 0:
        print(f"FAIL: no witness for {tool} in the registry")
        return 1
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

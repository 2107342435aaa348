#!/usr/bin/env python3
"""Verdicts of kernel variants beside their model counterparts, from the engine's JSON.

For each strategy, runs every scenario on the given variants (controlled engine, the same
seeds for all) and prints one Markdown table per strategy: the verdict and the first
failing seed of each pair, and whether it matched the expectation. The README's kernel
rows and the patches' closing numbers come from this.

Usage: verdict_table.py <pagewait-stress> <variant,variant,...> [runs] [strategy,...]
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def run(binary: str, variants: str, strategy: str, runs: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "runs.json"
        r = subprocess.run([binary, "--engine=controlled", f"--strategy={strategy}", f"--variant={variants}",
                            f"--runs={runs}", f"--json={out}"], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            print(f"{binary} exited {r.returncode}: {r.stderr.strip()}", file=sys.stderr)
            sys.exit(2 if r.returncode == 2 else 1)
        return json.loads(out.read_text())["runs"]


def cell(rec: dict | None) -> str:
    if rec is None:
        return "-"
    found = rec["found"]
    text = found if found == "holds" else f"{found} @{rec['fail_iteration']}"
    return text if rec["matches"] else f"**{text}** (expected {rec['expected']})"


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    binary, variants = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3 and not (sys.argv[3].isdigit() and int(sys.argv[3]) > 0):
        print(f"verdict_table.py: runs '{sys.argv[3]}' is not a positive whole number.", file=sys.stderr)
        return 2
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    strategies = sys.argv[4].split(",") if len(sys.argv) > 4 else ["random", "pct:3", "stall:100"]
    names = variants.split(",")
    unexpected = 0
    for strategy in strategies:
        recs = run(binary, variants, strategy, runs)
        by = {(r["scenario"], r["variant"]): r for r in recs}
        unexpected += sum(1 for r in recs if not r["matches"])
        print(f"\n{strategy}, {runs} seeds (verdict @ first failing seed)\n")
        print("| scenario | " + " | ".join(names) + " |")
        print("|---|" + "---|" * len(names))
        for scenario in dict.fromkeys(r["scenario"] for r in recs):
            print(f"| {scenario} | " + " | ".join(cell(by.get((scenario, v))) for v in names) + " |")
    print(f"\n{unexpected} pairs not as expected")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())

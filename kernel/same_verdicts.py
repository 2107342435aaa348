#!/usr/bin/env python3
"""Two kernel variants built from the same code must behave identically.

linux-src built from an unpacked linux-source-6.12 tree runs the same functions as
linux-6.12 built from the package, so under the controlled engine every seed must give
the same interleaving: the same verdict, at the same seed, after the same number of runs,
for every scenario and strategy. Reads the engine's JSON, never its console text.

Usage: same_verdicts.py <pagewait-stress> <variant> <other variant>
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

STRATEGIES = ["random", "pct:3", "stall:100"]
RUNS = 60


def records(binary: str, variants: str, strategy: str) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "runs.json"
        r = subprocess.run([binary, "--engine=controlled", f"--strategy={strategy}", f"--variant={variants}",
                            f"--runs={RUNS}", f"--json={out}"], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit(f"FAIL: {binary} exited {r.returncode}: {r.stderr.strip()}")
        return json.loads(out.read_text())["runs"]


def main() -> int:
    binary, left, right = sys.argv[1:4]
    differences = 0
    compared = 0
    for strategy in STRATEGIES:
        by_key: dict[tuple[str, str], dict] = {}
        for rec in records(binary, f"{left},{right}", strategy):
            by_key[(rec["scenario"], rec["variant"])] = rec
        scenarios = sorted({s for s, _ in by_key})
        for scenario in scenarios:
            a, b = by_key.get((scenario, left)), by_key.get((scenario, right))
            if a is None or b is None:
                print(f"FAIL: {scenario} {strategy}: missing a variant")
                differences += 1
                continue
            compared += 1
            fields = ("found", "fail_iteration", "iterations")
            if any(a[f] != b[f] for f in fields):
                differences += 1
                print(f"FAIL: {scenario} {strategy}: {left} {[a[f] for f in fields]} vs {right} {[b[f] for f in fields]}")
    print(f"{compared} scenario x strategy pairs compared, {differences} differ")
    return 1 if differences or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())

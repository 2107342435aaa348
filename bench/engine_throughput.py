#!/usr/bin/env python3
"""Engine throughput, side by side in one run: Relacy's random scheduler (iterations/s)
against the native controlled engine on fibers (runs/s), plain and under TSan, on the same
scenario x variant pairs; prints a Markdown table with the ratios, steps per run and ns per
step. A baseline binary (an older pagewait-stress, e.g. the thread-token engine) adds a
column and its ratio. Reads the engines' JSON, never their console text.

  bench/engine_throughput.py --relacy=build/relacy/bin/pagewait-relacy \\
      --plain=build/default/bin/pagewait-stress --tsan=build/tsan/bin/pagewait-stress \\
      [--baseline=OLD/pagewait-stress] [--pairs=lock_contention:A+,...] [--seconds=3]

Each measurement runs one pair for about --seconds (the run count is calibrated from a
short probe), so slow and fast engines are timed over similar wall time. Exit 2 on bad
arguments or a missing binary; 1 when an engine reports something other than "holds" for
a pair that should hold (the benchmark measures holding pairs only).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

DEFAULT_PAIRS = "lock_contention:A+,bucket_collision:A+,lock_killable_fixed:A+"


def run_json(cmd: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.json")
        r = subprocess.run(cmd + [f"--json={path}"], capture_output=True, text=True)
        if r.returncode not in (0, 1) or not os.path.exists(path):
            sys.exit(f"error: {' '.join(cmd)} failed (exit {r.returncode}): {r.stderr.strip()[-300:]}")
        runs = json.load(open(path))["runs"]
        if len(runs) != 1:
            sys.exit(f"error: {' '.join(cmd)} gave {len(runs)} records, expected 1")
        rec = runs[0]
        if rec["found"] != "holds":
            print(f"error: {' '.join(cmd)} found {rec['found']}; measure holding pairs only", file=sys.stderr)
            sys.exit(1)
        return rec


def measure(make_cmd, seconds: float) -> dict:
    """Runs a probe, then enough iterations for about `seconds`."""
    probe = run_json(make_cmd(200))
    rate = probe["iterations"] / max(probe["seconds"], 1e-6)
    n = max(200, min(int(rate * seconds), 50_000_000))
    return run_json(make_cmd(n))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--relacy", required=True)
    ap.add_argument("--plain", required=True)
    ap.add_argument("--tsan", required=True)
    ap.add_argument("--baseline", help="another pagewait-stress (plain) to compare with")
    ap.add_argument("--pairs", default=DEFAULT_PAIRS, help="scenario:variant,... (default: %(default)s)")
    ap.add_argument("--seconds", type=float, default=3.0, help="wall time per measurement")
    try:
        args = ap.parse_args()
    except SystemExit as e:
        return 2 if e.code else 0
    for name in ("relacy", "plain", "tsan", "baseline"):
        b = getattr(args, name)
        if b is not None and not os.access(b, os.X_OK):
            print(f"error: --{name}={b} is not an executable; build its preset first.", file=sys.stderr)
            return 2
    pairs = []
    for item in args.pairs.split(","):
        if item.count(":") != 1 or not all(item.split(":")):
            print(f"error: --pairs item '{item}' is not scenario:variant.", file=sys.stderr)
            return 2
        pairs.append(tuple(item.split(":")))
    if args.seconds <= 0:
        print("error: --seconds must be positive.", file=sys.stderr)
        return 2

    def stress(binary):
        return lambda s, v: (lambda n: [binary, "--engine=controlled", "--strategy=random", f"--scenario={s}",
                                        f"--variant={v}", f"--runs={n}"])

    engines = [("Relacy random", lambda s, v: (lambda n: [args.relacy, "--sched=random", f"--scenario={s}",
                                                          f"--variant={v}", f"--iterations={n}", "--history=never"])),
               ("controlled (plain)", stress(args.plain)), ("controlled (TSan)", stress(args.tsan))]
    if args.baseline:
        engines.append(("baseline (plain)", stress(args.baseline)))

    head = "| pair | " + " | ".join(f"{n} /s" for n, _ in engines) + " | plain / Relacy | TSan / Relacy |"
    if args.baseline:
        head += " plain / baseline | TSan / baseline |"
    head += " steps per run | ns per step (plain) | ns per step (TSan) |"
    print(head)
    print("|---" * (head.count("|") - 1) + "|")
    for s, v in pairs:
        recs = [measure(make(s, v), args.seconds) for _, make in engines]
        rate = [r["iterations"] / r["seconds"] for r in recs]
        plain, tsan = recs[1], recs[2]
        steps = plain["steps"] / plain["iterations"] if plain.get("steps") else float("nan")
        ns_plain = 1e9 * plain["seconds"] / plain["steps"] if plain.get("steps") else float("nan")
        ns_tsan = 1e9 * tsan["seconds"] / tsan["steps"] if tsan.get("steps") else float("nan")
        row = f"| {s} {v} | " + " | ".join(f"{x:,.0f}" for x in rate)
        row += f" | {rate[1] / rate[0]:.2f}x | {rate[2] / rate[0]:.2f}x |"
        if args.baseline:
            row += f" {rate[1] / rate[3]:.1f}x | {rate[2] / rate[3]:.1f}x |"
        row += f" {steps:.0f} | {ns_plain:.0f} | {ns_tsan:.0f} |"
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

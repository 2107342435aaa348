#!/usr/bin/env python3
"""Two builds of pagewait-bench side by side in one run: the cost of a change to the
production build, printed as after/before ratios.

  bench/compare_builds.py --before=OLD/pagewait-bench --after=build/default/bin/pagewait-bench \\
      [--filter='^(lock_unlock|contended_lock_unlock)/'] [--rounds=5] [--min_time=0.2]

The two binaries run alternately, `--rounds` times each, so drift of the machine (frequency,
other load) falls on both alike; a benchmark's time is the median of its rounds (CPU time
for the uncontended ones, real time for the threaded ones, as the binary reports them). Reads
Google Benchmark's JSON. It also compares the two binaries' machine code (objdump of .text,
addresses and symbol names masked): when it is identical, every ratio is the machine's noise,
which the baselines std::mutex and atomic_rmw_pair (code the change cannot touch) show. Exit 2 on bad arguments or a binary that does not run.
"""
from __future__ import annotations

import argparse
import json
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile


def run_once(binary: str, pattern: str, min_time: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.json")
        done = subprocess.run([binary, f"--benchmark_filter={pattern}", f"--benchmark_min_time={min_time}",
                               f"--benchmark_out={out}", "--benchmark_out_format=json"],
                              capture_output=True, text=True)
        if done.returncode != 0 or not os.path.exists(out):
            print(f"error: {binary} failed (exit {done.returncode}): {done.stderr.strip()[-300:]}", file=sys.stderr)
            sys.exit(2)
        with open(out) as f:
            report = json.load(f)
    times = {}
    for b in report["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration":
            continue
        threaded = "real_time" in b["name"]
        scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        times[b["name"]] = (b["real_time"] if threaded else b["cpu_time"]) * scale
    return times


def text_fingerprint(binary: str) -> tuple[str, int] | None:
    """Hash and instruction count of .text with addresses and symbol names masked."""
    if shutil.which("objdump") is None:
        return None
    done = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-j", ".text", binary],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return None
    lines = []
    for line in done.stdout.splitlines():
        m = re.match(r"^\s*[0-9a-f]+:\s*(.*)$", line)
        if m:
            # Mask addresses (targets, rip-relative offsets) but keep the symbol a call or
            # jump names, less its +offset: a call to another function is a difference.
            insn = re.sub(r"<([^>+]*)(\+0x[0-9a-f]+)?>", r"<\1>", m.group(1))
            lines.append(re.sub(r"\b[0-9a-f]{5,}\b", "X", insn))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest(), len(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--before", required=True)
    p.add_argument("--after", required=True)
    p.add_argument("--filter", default="^(lock_unlock|contended_lock_unlock)/")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--min_time", type=float, default=0.2)
    a = p.parse_args()
    for binary in (a.before, a.after):
        if not os.access(binary, os.X_OK):
            print(f"error: {binary} is not an executable benchmark binary.", file=sys.stderr)
            return 2
    if a.rounds < 1:
        print("error: --rounds must be at least 1.", file=sys.stderr)
        return 2
    samples: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    for r in range(a.rounds):
        order = (("before", a.before), ("after", a.after))
        for side, binary in (order if r % 2 == 0 else order[::-1]):  # neither side always first
            for name, t in run_once(binary, a.filter, a.min_time).items():
                samples[side].setdefault(name, []).append(t)
    names = [n for n in samples["after"] if n in samples["before"]]
    if not names:
        print(f"error: no benchmark matches --filter={a.filter} in both binaries.", file=sys.stderr)
        return 2
    print("| benchmark | before (ns) | after (ns) | after / before |")
    print("|---|---|---|---|")
    ratios = []
    for n in names:
        before, after = statistics.median(samples["before"][n]), statistics.median(samples["after"][n])
        ratios.append(after / before)
        print(f"| {n} | {before:.1f} | {after:.1f} | {after / before:.3f} |")
    print(f"\nmedian ratio over {len(names)} benchmarks, {a.rounds} alternating rounds: "
          f"{statistics.median(ratios):.3f}")
    before_code, after_code = text_fingerprint(a.before), text_fingerprint(a.after)
    if before_code is None or after_code is None:
        print("machine code: not compared (no objdump)")
    elif before_code == after_code:
        print(f"machine code of .text: identical ({after_code[1]} instructions); the ratios are noise")
    else:
        print(f"machine code of .text: differs ({before_code[1]} -> {after_code[1]} instructions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

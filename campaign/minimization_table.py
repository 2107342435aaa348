"""The minimization table: every failing pair of the controlled engine (the spec's expected
violations over every scenario and variant, and the zoo's kills) shrunk by --minimize, with
its preemptions before -> after and the seconds it took; median and maximum at the end.

  python3 -m campaign.minimization_table [--binary=PATH] [--runs=N] [--out=FILE]

Defaults: build/default/bin/pagewait-stress, 120 seeds per pair, results/minimization.md.
"""
import os
import statistics
import sys
from typing import List

from campaign.engine_run import run_engine


def rows_of(runs: List[dict], source: str) -> List[dict]:
    return [dict(r, source=source) for r in runs if r["found"] != "holds" and r.get("preemptions_after", -1) >= 0]


def render(rows: List[dict]) -> str:
    out = ["| pair | found | preemptions before -> after | seconds |", "|---|---|---|---|"]
    for r in rows:
        pair = f"{r['scenario']} {r['variant']}" + ("" if r["mutant"] == "none" else f" {r['mutant']}")
        out.append(f"| {pair} | {r['found']} | {r['preemptions_before']} -> {r['preemptions_after']} | "
                   f"{r['minimize_seconds']:.3f} |")
    for source in ("spec", "zoo"):
        part = [r for r in rows if r["source"] == source]
        if not part:
            continue
        before = [r["preemptions_before"] for r in part]
        after = [r["preemptions_after"] for r in part]
        secs = [r["minimize_seconds"] for r in part]
        out.append(f"\n{source}: {len(part)} failures; preemptions before: median {statistics.median(before)}, "
                   f"max {max(before)}; after: median {statistics.median(after)}, max {max(after)}; "
                   f"seconds: median {statistics.median(secs):.3f}, max {max(secs):.3f}")
    return "\n".join(out) + "\n"


def main(argv: List[str]) -> int:
    binary, runs, out = "build/default/bin/pagewait-stress", "120", "results/minimization.md"
    for a in argv:
        name, _, value = a.partition("=")
        if name == "--binary" and value:
            binary = value
        elif name == "--runs" and value.isdigit() and int(value) > 0:
            runs = value
        elif name == "--out" and value:
            out = value
        else:
            print(f"error: bad argument '{a}'; accepted: --binary=PATH, --runs=N, --out=FILE.", file=sys.stderr)
            return 2
    if not os.access(binary, os.X_OK):
        print(f"error: {binary} is not an executable; build the default preset first.", file=sys.stderr)
        return 2
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    base = os.path.splitext(out)[0]
    spec = run_engine([binary, "--engine=controlled", "--variant=all,kernel", f"--runs={runs}", "--minimize"],
                      base + ".spec.json", base + ".spec.txt")
    zoo = run_engine([binary, "--engine=controlled", "--mutant=all", f"--runs={runs}", "--minimize"],
                     base + ".zoo.json", base + ".zoo.txt")
    table = render(rows_of(spec.runs, "spec") + rows_of(zoo.runs, "zoo"))
    with open(out, "w") as f:
        f.write(table)
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Merges the assurance statements of one exhaustive search run as N shards.

Each shard (pagewait-stress --strategy=dpor[:K] --shard=I/N --json=FILE) searches its own
part of the tree; the search is exhausted when every shard's part is. Reads the shards'
JSON reports and prints, per (scenario, variant), one line:

  exhausted across N shards: E executions, preemption bound K, 0 violations
  incomplete: shards ... not exhausted (E executions so far)
  violation F in shard I/N

Exit code 0 when every pair is exhausted or its violation is the expected one, 1 when a
shard is missing or not exhausted, 2 on bad input.
"""
import json
import sys
from collections import defaultdict


def load(paths):
    pairs = defaultdict(list)
    for path in paths:
        try:
            with open(path) as f:
                report = json.load(f)
        except (OSError, ValueError) as e:
            sys.exit(f"error: cannot read {path}: {e}")
        for run in report.get("runs", []):
            search = run.get("search")
            if not search or not search.get("statement"):
                sys.exit(f"error: {path}: {run.get('scenario')} {run.get('variant')} is not a search's report")
            pairs[(run["scenario"], run["variant"])].append(run)
    return pairs


def merge(runs):
    """One statement for the shards of one pair, and whether it is complete."""
    shards = {r["search"]["shard"] for r in runs}
    total = int(runs[0]["search"]["shard"].split("/")[1])
    bound = runs[0]["search"]["bound"]
    executions = sum(r["search"]["executions"] for r in runs)
    for r in runs:
        if r["found"] != "holds":
            return (f"violation {r['found']} in shard {r['search']['shard']}, preemption bound {bound}",
                    r["matches"])
    missing = sorted(f"{i}/{total}" for i in range(total) if f"{i}/{total}" not in shards)
    open_shards = sorted(r["search"]["shard"] for r in runs if not r["exhausted"])
    if missing or open_shards:
        what = ", ".join(([f"{s} missing" for s in missing]) + [f"{s} not exhausted" for s in open_shards])
        return f"incomplete: {what} ({executions} executions so far), preemption bound {bound}", False
    return (f"exhausted across {total} shards: {executions} executions, preemption bound {bound}, "
            "0 violations"), True


def main(argv):
    if len(argv) < 2:
        print("usage: merge_search_statements.py SHARD.json...", file=sys.stderr)
        return 2
    ok = True
    for (scenario, variant), runs in sorted(load(argv[1:]).items()):
        statement, complete = merge(runs)
        ok = ok and complete
        print(f"{scenario} {variant}: {statement}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

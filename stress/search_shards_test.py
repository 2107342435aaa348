#!/usr/bin/env python3
"""ctest: an exhaustive search split into shards covers what the whole search covers.

Runs pagewait-stress --strategy=dpor:2 whole and as 3 shards (--shard=I/3, each knowing its
part from I/N alone), reads their JSON reports and checks: every shard is exhausted, the
shards' executions add up to at least the whole search's (the first levels are expanded
fully to split them), a violation the whole search finds is found by a shard, and the
merged statement (merge_search_statements.py) says "exhausted across 3 shards", or
"incomplete" when a shard's report is missing.
Usage: search_shards_test.py <pagewait-stress binary>
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import merge_search_statements as merge  # noqa: E402

SCENARIOS = "lock_killable_rounds,lock_killable,killable_handoff_pair"


def run(binary, out, *extra):
    cmd = [binary, "--engine=controlled", "--strategy=dpor:2", f"--scenario={SCENARIOS}", "--variant=A+",
           f"--json={out}", *extra]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    with open(out) as f:
        return {(r["scenario"], r["variant"]): r for r in json.load(f)["runs"]}


def main(binary):
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        whole = run(binary, os.path.join(tmp, "whole.json"))
        paths = [os.path.join(tmp, f"shard{i}.json") for i in range(3)]
        shards = [run(binary, p, f"--shard={i}/3") for i, p in enumerate(paths)]
        for key, r in whole.items():
            parts = [s[key] for s in shards]
            if r["found"] == "holds":
                if not all(p["exhausted"] for p in parts):
                    failures.append(f"{key}: a shard is not exhausted")
                total = sum(p["search"]["executions"] for p in parts)
                if total < r["search"]["executions"]:
                    failures.append(f"{key}: shards ran {total} executions, the whole search {r['search']['executions']}")
                statement, complete = merge.merge(parts)
                if not complete or not statement.startswith("exhausted across 3 shards"):
                    failures.append(f"{key}: merged statement {statement!r}")
                statement, complete = merge.merge(parts[:2])
                if complete or not statement.startswith("incomplete: 2/3 missing"):
                    failures.append(f"{key}: without shard 2 the merge says {statement!r}")
            elif not any(p["found"] == r["found"] for p in parts):
                failures.append(f"{key}: the whole search finds {r['found']}, no shard does")
            print(f"{key[0]} {key[1]}: whole {r['search']['statement']}; shards "
                  + "; ".join(p["search"]["statement"] for p in parts))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

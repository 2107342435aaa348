#!/usr/bin/env python3
"""README's invariant table and the registry (src/pagewait/invariants.inc, as --list --json
gives it) name the same ids, and the table says so where an id is not reported under its
own name. Usage: readme_invariants_test.py <pagewait-stress> <README.md>"""
import json
import re
import subprocess
import sys
import tempfile


def main():
    binary, readme = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([binary, "--list", f"--json={tmp}/list.json"], check=True)
        registry = {i["id"]: i for i in json.load(open(f"{tmp}/list.json"))["invariants"]}
    text = open(readme).read()
    section = text[text.index("## Invariants and where they are checked"):]
    section = section[:section.index("\n## ", 1)]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"^\| ([^|]+) \| (.*)$", line)
        if not m or m.group(1) in ("id", "---"):
            continue
        for rid in m.group(1).split(", "):
            rows[rid.strip()] = m.group(2)
    problems = [f"README names {rid}, which is not in the registry" for rid in rows if rid not in registry]
    problems += [f"the registry's {rid} has no README row" for rid in registry if rid not in rows]
    for rid, inv in registry.items():
        if rid in rows and not inv["reportable"] and not re.match(r"(prose only|reported as)", rows[rid]):
            problems.append(f"README's {rid} row must say 'prose only' or 'reported as ...': nothing reports {rid}")
    for p in problems:
        print("FAIL:", p)
    if not problems:
        print(f"ok: README's table and the registry name the same {len(registry)} ids")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

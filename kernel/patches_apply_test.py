#!/usr/bin/env python3
"""Every row of kernel/patches/variants.json applies, with `git apply --check`, to the
Debian source of each series it names (the unpatched sources extract.py kept in the
cache), in the row's order; and a patch applied twice is refused (so the check can fail).
A patch whose fix the tree already has (extract.ALREADY_FIXED_BY, e.g. cb1-fix on 6.12.118,
read off the tree's code into its extract.json) is not applied there, as extract.py does.

Usage: patches_apply_test.py <kernel/patches> <PAGEWAIT_KERNEL_CACHE>
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract import ALREADY_FIXED_BY  # noqa: E402


def git_apply(tree: Path, patch: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    # No repository discovery above the copy: inside a checkout git apply would skip paths.
    env = dict(os.environ, GIT_CEILING_DIRECTORIES=str(tree.parent))
    return subprocess.run(["git", "apply", *flags, str(patch)], cwd=tree, env=env,
                          capture_output=True, text=True)


def main() -> int:
    patches, cache = Path(sys.argv[1]), Path(sys.argv[2])
    rows = json.loads((patches / "variants.json").read_text())["variants"]
    checked = failures = 0
    for row in rows:
        for series in row["series"]:
            source = cache / f"linux-{series}" / "src"
            if not (source / "Makefile").is_file():
                print(f"skip: {row['name']} on {series}: no extracted linux-{series} in {cache}")
                continue
            stamp = json.loads((cache / f"linux-{series}" / "extract.json").read_text())
            with tempfile.TemporaryDirectory() as tmp:
                tree = Path(tmp) / "tree"
                shutil.copytree(source, tree)
                applied = []
                for name in row["patches"]:
                    feature = ALREADY_FIXED_BY.get(name)
                    if feature and stamp.get(feature):
                        print(f"ok: {name} not needed on linux-{series} (Linux {stamp['version']}): "
                              f"its code has the fix ({feature})")
                        continue
                    applied.append(name)
                    patch = (patches / name).resolve()
                    r = git_apply(tree, patch, "--check")
                    if r.returncode != 0:
                        print(f"FAIL: {name} ({row['name']}) does not apply to linux-{series}: {r.stderr.strip()}")
                        failures += 1
                        break
                    git_apply(tree, patch)
                    checked += 1
                else:
                    if not applied:
                        continue
                    again = git_apply(tree, (patches / applied[-1]).resolve(), "--check")
                    if again.returncode == 0:
                        print(f"FAIL: {applied[-1]} applies twice to linux-{series}: the check proves nothing")
                        failures += 1
                    else:
                        print(f"ok: {' + '.join(applied)} applies to linux-{series}")
    print(f"{checked} patch applications checked, {failures} failures")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Extracts the kernel's page-wait code from a kernel tree or a Debian source tarball.

Kernel mode compiles the real function bodies of mm/filemap.c (and the few helpers they
call) in user space against our stand-in header, the way the kernel's tools/testing/vma
compiles mm/vma.c. This script is the only reader of kernel source: it copies, by name,
the definitions listed in WANTED into one C file under the build folder, with #line
markers so that compiler messages and source locations name the kernel's own files.

Kernel style makes extraction by name reliable: a definition starts in column 0 and its
body ends at the first line that is exactly "}" (or starts with "}" for a struct/enum).

Every function becomes `static`, so that two kernel versions link into one binary.

Exit codes: 0 done; 2 with one sentence on stderr when the source, a file or a name is
missing (the build shows that sentence instead of a compiler error wall).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Files a definition may live in, searched in this order. Newer trees move the page-wait
# code (an RFC of 2026-05-20 moves it into mm/folio_wait.c unchanged).
FILEMAP_FILES = ["mm/filemap.c", "mm/folio_wait.c"]
WAIT_FILES = ["kernel/sched/wait.c"]
WRITEBACK_FILES = ["mm/page-writeback.c"]
PAGEMAP_FILES = ["include/linux/pagemap.h"]
FLAGS_FILES = ["include/linux/page-flags.h"]


@dataclasses.dataclass(frozen=True)
class Wanted:
    kind: str  # "function", "struct" or "enum"
    name: str
    files: list[str]
    required: bool = True


# In the order they are emitted (types first; functions get prototypes, so their order
# does not matter for the compiler).
WANTED: list[Wanted] = [
    Wanted("enum", "pageflags", FLAGS_FILES),
    Wanted("struct", "wait_page_key", PAGEMAP_FILES),
    Wanted("struct", "wait_page_queue", PAGEMAP_FILES),
    Wanted("enum", "behavior", FILEMAP_FILES),
    Wanted("function", "wake_page_match", PAGEMAP_FILES),
    Wanted("function", "folio_xor_flags_has_waiters", FLAGS_FILES, required=False),  # 6.7+
    Wanted("function", "__wake_up_common", WAIT_FILES),
    Wanted("function", "__wake_up_locked_key", WAIT_FILES),
    Wanted("function", "__wake_up_locked_key_bookmark", WAIT_FILES, required=False),  # to 6.6
    Wanted("function", "finish_wait", WAIT_FILES),
    Wanted("function", "folio_waitqueue", FILEMAP_FILES),
    Wanted("function", "wake_page_function", FILEMAP_FILES),
    Wanted("function", "folio_wake_bit", FILEMAP_FILES),
    Wanted("function", "folio_wake", FILEMAP_FILES, required=False),  # to 6.6
    Wanted("function", "folio_trylock_flag", FILEMAP_FILES),
    Wanted("function", "folio_wait_bit_common", FILEMAP_FILES),
    Wanted("function", "folio_wait_bit", FILEMAP_FILES),
    Wanted("function", "folio_wait_bit_killable", FILEMAP_FILES),
    Wanted("function", "folio_put_wait_locked", FILEMAP_FILES),
    Wanted("function", "folio_unlock", FILEMAP_FILES),
    Wanted("function", "folio_end_writeback", FILEMAP_FILES),
    Wanted("function", "__folio_lock", FILEMAP_FILES),
    Wanted("function", "__folio_lock_killable", FILEMAP_FILES),
    Wanted("function", "folio_wait_writeback", WRITEBACK_FILES),
    Wanted("function", "folio_trylock", PAGEMAP_FILES),
    Wanted("function", "folio_lock", PAGEMAP_FILES),
    Wanted("function", "folio_lock_killable", PAGEMAP_FILES),
    Wanted("function", "folio_wait_locked", PAGEMAP_FILES),
]

# Everything the extraction reads from a tree or a tarball, plus what our patches
# (kernel/patches/) touch besides: mm/internal.h declares __folio_end_writeback.
NEEDED_FILES = sorted({f for w in WANTED for f in w.files} | {"Makefile", "mm/internal.h"})


class ExtractError(Exception):
    """One sentence for the user; the build stops with it."""


@dataclasses.dataclass
class Definition:
    wanted: Wanted
    path: str
    first_line: int  # 1-based
    lines: list[str]
    signature: list[str]  # functions: the lines before the opening brace


def read_version(tree: Path) -> str:
    makefile = tree / "Makefile"
    if not makefile.is_file():
        raise ExtractError(f"{tree} is not a kernel tree: it has no Makefile.")
    fields = {}
    for line in makefile.read_text(errors="replace").splitlines()[:12]:
        m = re.match(r"^(VERSION|PATCHLEVEL|SUBLEVEL)\s*=\s*(\d*)\s*$", line)
        if m:
            fields[m.group(1)] = m.group(2)
    if "VERSION" not in fields or "PATCHLEVEL" not in fields:
        raise ExtractError(f"{makefile} has no VERSION/PATCHLEVEL lines: not a kernel Makefile.")
    version = f"{fields['VERSION']}.{fields['PATCHLEVEL']}"
    if fields.get("SUBLEVEL"):
        version += f".{fields['SUBLEVEL']}"
    return version


def start_pattern(w: Wanted) -> re.Pattern[str]:
    name = re.escape(w.name)
    if w.kind == "function":
        # Column 0, the name as an identifier followed by "(", not a call inside a body.
        return re.compile(rf"^(?![\s#/*}}])(?:.*[\s*])?{name}\(")
    return re.compile(rf"^{w.kind} {name} \{{\s*$")


def find_definition(w: Wanted, path: str, text: list[str]) -> Definition | None:
    pattern = start_pattern(w)
    for i, line in enumerate(text):
        if not pattern.match(line):
            continue
        if w.kind != "function":
            for j in range(i + 1, len(text)):
                if text[j].startswith("}"):
                    return Definition(w, path, i + 1, text[i : j + 1], [])
            return None
        # A function: the signature runs to a line that is exactly "{"; a ";" first means
        # a prototype, a line that is neither means a macro use or a call: keep looking.
        start = i
        if re.match(rf"^{re.escape(w.name)}\(", line) and i > 0 and text[i - 1].strip():
            start = i - 1  # the return type sits on the line before
        j = i
        while j < len(text) and text[j] != "{":
            if text[j].rstrip().endswith(";") or (j > i and not text[j].startswith((" ", "\t"))
                                                  and not text[j].startswith("__")):
                break
            j += 1
        if j >= len(text) or text[j] != "{":
            continue
        k = j + 1
        while k < len(text) and text[k] != "}":
            k += 1
        if k >= len(text):
            return None
        return Definition(w, path, start + 1, text[start : k + 1], text[start:j])
    return None


def make_static(lines: list[str]) -> list[str]:
    if lines[0].startswith("static"):
        return lines
    return ["static " + lines[0]] + lines[1:]


def extract(tree: Path, version: str) -> list[Definition]:
    cache: dict[str, list[str] | None] = {}

    def lines_of(path: str) -> list[str] | None:
        if path not in cache:
            p = tree / path
            cache[path] = p.read_text(errors="replace").splitlines() if p.is_file() else None
        return cache[path]

    found: list[Definition] = []
    for w in WANTED:
        definition = None
        for path in w.files:
            text = lines_of(path)
            if text is not None:
                definition = find_definition(w, path, text)
                if definition:
                    break
        if definition is None:
            if w.required:
                raise ExtractError(
                    f"kernel mode: {w.kind} {w.name} not found in {' or '.join(w.files)} of "
                    f"Linux {version} ({tree}); this tree is too old or too new for the "
                    f"stand-in (it knows 6.1 to 6.17 layouts).")
            continue
        found.append(definition)
    # An optional definition that is missing must not be called by one that is present.
    present = {d.wanted.name for d in found}
    for w in WANTED:
        if w.kind != "function" or w.name in present:
            continue
        for d in found:
            if re.search(rf"\b{re.escape(w.name)}\(", "\n".join(d.lines[len(d.signature):])):
                raise ExtractError(
                    f"kernel mode: {d.wanted.name} in {d.path} of Linux {version} calls "
                    f"{w.name}, which is in none of {' or '.join(w.files)}.")
    return found


def features(defs: list[Definition], tree: Path, version: str) -> dict[str, object]:
    """Facts the stand-in adapts to, read off the tree's own code."""
    names = {d.wanted.name for d in defs}
    writeback = (tree / "mm/page-writeback.c").read_text(errors="replace")
    m = re.search(r"^(?:bool|void) __folio_end_writeback\(struct folio \*folio\)\n\{\n(.*?)^\}",
                  writeback, re.S | re.M)
    if not m:
        raise ExtractError(
            f"kernel mode: __folio_end_writeback not found in mm/page-writeback.c of Linux "
            f"{version}; the stand-in needs to know how it clears PG_writeback.")
    body = m.group(1)
    if "folio_xor_flags_has_waiters(folio, 1 << PG_writeback)" in body:
        end_writeback = "xor"  # 6.7+: returns "has waiters"
    elif "folio_test_clear_writeback(folio)" in body:
        end_writeback = "test_and_clear"  # to 6.6: returns "was under writeback"
    elif m.group(0).startswith("void") and "PG_writeback" not in body and "_writeback(folio)" not in body:
        end_writeback = "keeps_bit"  # patched (B0, B1): folio_wake_bit() clears the bit
    else:
        raise ExtractError(
            f"kernel mode: __folio_end_writeback of Linux {version} clears PG_writeback in a "
            f"way the stand-in does not know (neither XOR nor test-and-clear).")
    filemap = "\n".join("\n".join(d.lines) for d in defs)
    if "folio->flags.f" in filemap:
        raise ExtractError(
            f"kernel mode: Linux {version} keeps folio flags in a struct (folio->flags.f, "
            f"6.18+), which this stand-in does not model yet.")
    return {
        "version": version,
        "bookmarks": "__wake_up_locked_key_bookmark" in names,
        "end_writeback": end_writeback,
        "cb1_fixed": cb1_fixed(defs),
    }


def cb1_fixed(defs: list[Definition]) -> bool:
    """True when folio_wait_bit_common() tries the bit once more after finish_wait(), the
    fix for CB-1 (ours, kernel/patches/cb1-fix.patch; upstream's, in 6.12.118 as "mm/filemap:
    don't lose a folio lock wakeup to a signal", per Debian's linux-source-6.12 changelog).
    Unfixed trees only read wait->flags there."""
    for d in defs:
        if d.wanted.name != "folio_wait_bit_common":
            continue
        text = "\n".join(d.lines)
        tail = text[text.find("finish_wait(q, wait);"):] if "finish_wait(q, wait);" in text else ""
        return "test_and_set_bit(" in tail or "folio_trylock_flag(" in tail
    return False


# A patch of ours whose fix a tree already has (read off its code, as features() does) is
# not applied to that tree: it would not fit, and the variant is that tree's own fix.
ALREADY_FIXED_BY = {"cb1-fix.patch": "cb1_fixed"}


def render(defs: list[Definition], feats: dict[str, object]) -> str:
    out = [
        "/* Generated by kernel/extract.py from Linux %s: kernel code (GPL-2.0), build folder only. */"
        % feats["version"],
        "",
    ]
    types = [d for d in defs if d.wanted.kind != "function"]
    funcs = [d for d in defs if d.wanted.kind == "function"]
    for d in types:
        out.append(f'#line {d.first_line} "{d.path}"')
        out.extend(d.lines)
        out.append("")
    out.append("/* prototypes, so that definition order does not matter */")
    for d in funcs:
        sig = make_static(d.signature)
        out.append("\n".join(sig) + ";")
    out.append("")
    for d in funcs:
        out.append(f'#line {d.first_line} "{d.path}"')
        out.extend(make_static(d.lines))
        out.append("")
    return "\n".join(out) + "\n"


def render_features(feats: dict[str, object]) -> str:
    return "\n".join([
        "/* Generated by kernel/extract.py: what the stand-in adapts to in this tree. */",
        "#define PW_KERNEL_VERSION \"%s\"" % feats["version"],
        "#define PW_HAVE_BOOKMARKS %d" % (1 if feats["bookmarks"] else 0),
        "#define PW_END_WRITEBACK_XOR %d" % (1 if feats["end_writeback"] == "xor" else 0),
        "#define PW_END_WRITEBACK_KEEPS_BIT %d" % (1 if feats["end_writeback"] == "keeps_bit" else 0),
        "#define PW_CB1_FIXED %d" % (1 if feats["cb1_fixed"] else 0),
        "#define PW_PATCHES_ALREADY_UPSTREAM \"%s\"" % ",".join(feats.get("already_upstream", [])),
    ]) + "\n"


def apply_patches(tree: Path, patches: list[Path], version: str, dest: Path,
                  skipped: list[str]) -> Path:
    """A copy of the tree's NEEDED_FILES with the patches applied in order (git apply:
    no fuzz, so a patch that does not fit stops here, not in a subtle miscompile). A patch
    the tree already has the fix of (ALREADY_FIXED_BY) is left out and named in `skipped`."""
    copy = dest / "patched"
    for f in NEEDED_FILES:
        if (tree / f).is_file():
            (copy / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(tree / f, copy / f)
    for patch in patches:
        if not patch.is_file():
            raise ExtractError(f"kernel mode: patch {patch} does not exist.")
        feature = ALREADY_FIXED_BY.get(patch.name)
        if feature and features(extract(copy, version), copy, version)[feature]:
            print(f"kernel mode: Linux {version} already has the fix of {patch.name} ({feature}); "
                  f"not applied", file=sys.stderr)
            skipped.append(patch.name.removesuffix(".patch"))
            continue
        before = snapshot(copy)
        # Inside a git work tree (a build folder in a checkout), git apply would take
        # paths relative to that repository and skip ours without a word: stop it from
        # looking above the copy.
        env = dict(os.environ, GIT_CEILING_DIRECTORIES=str(dest))
        r = subprocess.run(["git", "apply", "--whitespace=nowarn", str(patch.resolve())],
                           cwd=copy, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            why = r.stderr.strip().splitlines()[0] if r.stderr.strip() else "git apply failed"
            raise ExtractError(f"kernel mode: patch {patch.name} does not apply to Linux {version} "
                               f"({tree}): {why}.")
        if snapshot(copy) == before:
            raise ExtractError(f"kernel mode: patch {patch.name} changed nothing in Linux {version} "
                               f"({tree}); it touches none of {', '.join(NEEDED_FILES)}.")
    return copy


def snapshot(tree: Path) -> dict[str, bytes]:
    return {f: (tree / f).read_bytes() for f in NEEDED_FILES if (tree / f).is_file()}


def unpack_tarball(tarball: Path, dest: Path) -> Path:
    """Unpacks only NEEDED_FILES (xz must still read the whole stream once: ~10 s)."""
    top = tarball.name
    for suffix in (".tar.xz", ".tar.gz", ".tar.bz2", ".tar"):
        if top.endswith(suffix):
            top = top[: -len(suffix)]
            break
    # Patterns, not names: optional files (mm/folio_wait.c) may be absent.
    patterns = [f"{top}/{f}" for f in NEEDED_FILES if f != "mm/folio_wait.c"]
    patterns.append(f"{top}/mm/f*.c")
    dest.mkdir(parents=True, exist_ok=True)
    cmd = ["tar", "-xf", str(tarball), "-C", str(dest), "--wildcards", *patterns]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise ExtractError(f"kernel mode: cannot unpack {tarball}: {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else 'tar failed'}.")
    tree = dest / top
    if not (tree / "Makefile").is_file():
        raise ExtractError(f"kernel mode: {tarball} does not hold a tree named {top}/.")
    return tree


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--tree", type=Path, help="an unpacked kernel tree (PAGEWAIT_KERNEL_SRC)")
    src.add_argument("--tarball", type=Path, help="a Debian linux-source tarball")
    ap.add_argument("--out", type=Path, required=True, help="folder for the generated files")
    ap.add_argument("--expect-series", help="fail unless the version starts with this (e.g. 6.12)")
    ap.add_argument("--patch", type=Path, action="append", default=[],
                    help="a git format-patch file to apply first (repeatable, in order)")
    args = ap.parse_args()
    try:
        stamp = args.out / "extract.json"
        if args.tarball:
            if not args.tarball.is_file():
                raise ExtractError(f"kernel mode: {args.tarball} does not exist.")
            st = args.tarball.stat()
            key = {"tarball": str(args.tarball), "size": st.st_size, "mtime": int(st.st_mtime),
                   "script": Path(__file__).stat().st_mtime_ns}
        else:
            if not args.tree.is_dir():
                raise ExtractError(f"kernel mode: PAGEWAIT_KERNEL_SRC={args.tree} is not a folder.")
            key = None  # a user's tree changes under us: always re-read it (it is fast)
        if key and stamp.is_file() and json.loads(stamp.read_text()).get("key") == key:
            return 0  # cached
        with tempfile.TemporaryDirectory(dir=args.out.parent if args.out.parent.exists() else None) as tmp:
            tree = unpack_tarball(args.tarball, Path(tmp)) if args.tarball else args.tree
            version = read_version(tree)
            if args.expect_series and not (version == args.expect_series or
                                           version.startswith(args.expect_series + ".")):
                raise ExtractError(f"kernel mode: {args.tarball or args.tree} holds Linux {version}, not {args.expect_series}.")
            skipped: list[str] = []
            if args.patch:
                tree = apply_patches(tree, args.patch, version, Path(tmp), skipped)
            defs = extract(tree, version)
            feats = features(defs, tree, version)
            feats["already_upstream"] = skipped
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / "extracted.c").write_text(render(defs, feats))
            (args.out / "pw_features.h").write_text(render_features(feats))
            if args.tarball or args.patch:
                # Keep the few source files (patched, if so): patched variants start from
                # them, and a person reading a trace can open them.
                keep = args.out / "src"
                shutil.rmtree(keep, ignore_errors=True)
                for f in NEEDED_FILES:
                    if (tree / f).is_file():
                        (keep / f).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(tree / f, keep / f)
            stamp.write_text(json.dumps({"key": key, **feats}, indent=1) + "\n")
        return 0
    except ExtractError as e:
        print(str(e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

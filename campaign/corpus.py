"""The failure corpus: one replay line per file, <corpus key>.txt (the key is the tools'
own: the line without seed, path and tuning flags, engine/options.hpp corpus_key). Each
night re-runs every entry first, then adds the failures it found."""
import dataclasses
import os
import shlex
from typing import List, Optional, Sequence, Tuple


@dataclasses.dataclass
class Entry:
    name: str      # the file name
    path: str
    line: str      # its first non-empty line
    key: str       # the file name without .txt


def entries(corpus: str) -> List[Entry]:
    out = []
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if not os.path.isfile(path):
            continue
        try:
            with open(path, errors="replace") as f:
                line = next((ln.strip() for ln in f if ln.strip()), "")
        except OSError as e:
            line = f"(unreadable: {e.strerror})"  # not a replay line: reported as an ERROR row
        out.append(Entry(name, path, line, name[:-4] if name.endswith(".txt") else name))
    return out


def replay_command(path: str, line: str, racy_variants: Sequence[str]) -> Tuple[Optional[str], List[str]]:
    """(binary key, arguments) that re-run the corpus line `line` of file `path`, or
    (None, []) when it is not a pagewait-relacy / pagewait-stress line. The tool reads the
    line from the file (--replay_file): a livelock's decision path can be longer than a
    command line may be. A variant whose expected violations are races runs on the plain
    build. A fuzz line runs as the command it is with --replays=1 (a
    --replay line cannot carry --replays) and --hang=5s unless it has one (a fuzz hang
    costs its --hang time per re-run)."""
    try:
        tokens = shlex.split(line)
    except ValueError:
        return None, []
    if not tokens:
        return None, []
    if tokens[0] == "pagewait-relacy":
        return "relacy", ["--replay_file=" + path]
    if tokens[0] != "pagewait-stress":
        return None, []
    variant = next((t.split("=", 1)[1] for t in tokens if t.startswith("--variant=")), "")
    binary = "plain" if variant in racy_variants else "tsan"
    if "--engine=fuzz" in tokens:
        args = tokens[1:] + ["--replays=1"]
        if not any(t.startswith("--hang=") for t in tokens):
            args.append("--hang=5s")
        return binary, args
    return binary, ["--replay_file=" + path]


def add_failures(corpus: str, failures: Sequence[Tuple[str, dict]], stale_keys: set) -> List[str]:
    """Writes tonight's failures (step, failure) into the corpus: Relacy and controlled
    ones, fuzz ones only when unexpected (a fuzz replay is statistical: an expected one
    would mostly come back as "no longer reproduces" and tell nothing). A key already in
    the corpus is not added again, unless its entry no longer reproduced tonight. Returns
    the summary's lines."""
    added = []
    for step, f in failures:
        if not f["key"] or (f["fuzz"] and not f["unexpected"]):
            continue
        dest = os.path.join(corpus, f["key"] + ".txt")
        why = None
        if not os.path.exists(dest):
            why = f"new, {step}"
        elif f["key"] in stale_keys:
            stale_keys.discard(f["key"])
            why = f"replaces an entry that no longer reproduced; {step}"
        if why:
            with open(dest, "w") as out:
                out.write(f["line"] + "\n")
            added.append(f"{f['key']}.txt ({why}): `{f['line']}`")
    return added

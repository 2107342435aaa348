"""What the ctest scripts share: run a tool with --json and read its report (never its
console), via the campaigns' own runner."""
import os
import shlex
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from campaign.engine_run import EngineRun, listing, run_engine  # noqa: E402

_tmp = tempfile.mkdtemp(prefix="pagewait-test-")
_count = [0]


def run(binary: str, *args: str) -> EngineRun:
    """Runs `binary args... --json=...`; its console is kept in a file for failure messages."""
    _count[0] += 1
    return run_engine([binary, *args], f"{_tmp}/{_count[0]}.json", f"{_tmp}/{_count[0]}.txt")


def console(r: EngineRun) -> str:
    """The console of a run, for a failure message only."""
    path = r.command[-1].split("=", 1)[1][:-len(".json")] + ".txt"
    with open(path, errors="replace") as f:
        return f.read()[-4000:]


def failures(r: EngineRun):
    return [x for x in r.runs if x["found"] != "holds"]


def as_command(line: str):
    """A printed replay line as argv without its program name."""
    return shlex.split(line)[1:]


def variants(binary: str):
    return listing(binary, f"{_tmp}/listing.json")["variants"]


class Failed(Exception):
    pass


def check(ok: bool, message: str, r: EngineRun = None) -> None:
    if not ok:
        raise Failed(message + ("\n" + console(r) if r is not None else ""))


def main(test) -> None:
    try:
        test()
    except Failed as e:
        print(f"FAIL: {e}")
        sys.exit(1)

"""How a nightly step is judged, from the tool's exit code and its JSON report (never its
console): a violation the spec does not expect fails the night; an expected violation not
reached tonight ("missed": new seeds every night, or the budget ended the step) is listed,
not a failure (ctest asserts the known violations with fixed seeds)."""
import dataclasses
from typing import List

from campaign.engine_run import EngineRun

TSAN_EXIT = 66  # sanitizers/options.sh: exitcode=66


@dataclasses.dataclass
class Verdict:
    status: str
    failed: bool
    pairs: str                 # "as expected / not", or "-"
    missed: List[str]          # "scenario variant sched (expected V)"
    failures: List[dict]       # {"unexpected": bool, "line": replay line, "key": corpus key, "fuzz": bool}


def judge(run: EngineRun, interrupted: bool) -> Verdict:
    runs = run.runs
    unexpected = [r for r in runs if not r["matches"] and r["found"] != "holds"]
    missed = [r for r in runs if not r["matches"] and r["found"] == "holds"]
    pairs = f"{len(runs) - len(unexpected) - len(missed)} / {len(unexpected) + len(missed)}" if run.summary else "-"
    failed = False
    rc = run.exit_code
    if run.sanitizer:
        status, failed = f"{run.sanitizer} report ({', '.join(run.sanitizer_logs)})", True
    elif rc == 0:
        status = "ok"
    elif rc == 1:
        if unexpected:
            status, failed = f"UNEXPECTED: {len(unexpected)} verdict(s)", True
        elif run.summary.get("replay_failures"):
            status, failed = "FAILED: a failure did not reproduce (--check_replay)", True
        elif missed:
            status = "ok"
        else:
            status, failed = "FAILED: exit 1 and no verdict against the spec in the report", True
    elif rc == 2:
        status, failed = "BAD INPUT", True
    elif rc == TSAN_EXIT:
        status, failed = "TSan report (no log file)", True
    elif rc in (130, 143, -2, -15):
        status = "interrupted"
    elif interrupted:
        status = f"interrupted (exit {rc})"
    else:
        status, failed = f"CRASHED (exit {rc})", True
    if missed:
        status += f"; {len(missed)} expected violation(s) missed"
    if run.summary.get("budget_ended"):
        status += "; budget ended it"
    # The corpus keeps the shortest line that replays the failure whatever the strategies
    # become: the minimized path (--minimize), else the path, else the seed line.
    failures = [{"unexpected": not r["matches"],
                 "line": r.get("minimized_replay") or r.get("path_replay") or r["replay"],
                 "key": r.get("corpus_key", ""), "fuzz": r["engine"] == "fuzz"}
                for r in runs if r["found"] != "holds"]
    return Verdict(status, failed, pairs,
                   [f"{r['scenario']} {r['variant']} {r['sched']} (expected {r['expected']})" for r in missed], failures)

"""One run of an engine binary: its JSON report and, for sanitizer builds, the sanitizer's
own report (written to a log file through the sanitizers' log_path option, not scraped
from the console)."""
import dataclasses
import glob
import json
import os
import re
import subprocess
from typing import List, Optional


@dataclasses.dataclass
class EngineRun:
    command: List[str]
    exit_code: int
    runs: List[dict]             # the "runs" of the tool's --json report ([] when none)
    sanitizer: Optional[str]     # "TSan race", "ASan heap-use-after-free", "UBSan", or None
    seconds: float
    timed_out: bool


def sanitizer_verdict(log_text: str) -> Optional[str]:
    """The kind of the first sanitizer report in a sanitizer log file."""
    if "ThreadSanitizer: data race" in log_text:
        return "TSan race"
    m = re.search(r"ThreadSanitizer: ([A-Za-z-]+)", log_text)
    if m:
        return "TSan " + m.group(1)
    m = re.search(r"AddressSanitizer: ([A-Za-z-]+)", log_text)
    if m:
        return "ASan " + m.group(1)
    if "runtime error" in log_text:
        return "UBSan"
    return None


def _with_log_path(env: dict, log_prefix: str) -> dict:
    env = dict(env)
    for var in ("TSAN_OPTIONS", "ASAN_OPTIONS", "UBSAN_OPTIONS"):
        env[var] = (env.get(var, "") + " log_path=" + log_prefix).strip()
    return env


def run_engine(command: List[str], json_path: str, console_path: str, timeout: Optional[float] = None) -> EngineRun:
    """Runs `command --json=json_path`; the console goes to console_path for people. A run
    cut by `timeout` gets SIGTERM, on which the tools still write their JSON (exit 143)."""
    import time
    log_prefix = json_path + ".sanitizer"
    for stale in glob.glob(log_prefix + "*") + [json_path]:
        if os.path.exists(stale):
            os.remove(stale)
    full = list(command) + ["--json=" + json_path]
    start = time.monotonic()
    timed_out = False
    with open(console_path, "w") as console:
        proc = subprocess.Popen(full, stdout=console, stderr=subprocess.STDOUT,
                                env=_with_log_path(os.environ, log_prefix))
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.terminate()
            try:
                rc = proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                rc = proc.wait()
    runs = []
    if os.path.exists(json_path):
        try:
            runs = json.load(open(json_path))["runs"]
        except (ValueError, KeyError):
            runs = []
    sanitizer = None
    for log in sorted(glob.glob(log_prefix + "*")):
        sanitizer = sanitizer or sanitizer_verdict(open(log, errors="replace").read())
    return EngineRun(full, rc, runs, sanitizer, time.monotonic() - start, timed_out)


def listing(binary: str, json_path: str) -> dict:
    """The tool's --list --json: scenarios, variants, mutants, invariants, the zoo."""
    subprocess.run([binary, "--list", "--json=" + json_path], check=True, stdout=subprocess.DEVNULL)
    return json.load(open(json_path))

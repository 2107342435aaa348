"""One run of an engine binary: its JSON report and, for sanitizer builds, the sanitizer's
own report (written to a log file through the sanitizers' log_path option, not scraped
from the console)."""
import dataclasses
import glob
import json
import os
import re
import subprocess
import sys
import time
from typing import List, Optional, Tuple


@dataclasses.dataclass
class EngineRun:
    command: List[str]
    exit_code: int
    runs: List[dict]             # the "runs" of the tool's --json report ([] when none)
    sanitizer: Optional[str]     # "TSan race", "ASan heap-use-after-free", "UBSan", or None
    seconds: float
    timed_out: bool
    summary: dict = dataclasses.field(default_factory=dict)  # the report's "summary" ({} when none)
    sanitizer_logs: List[str] = dataclasses.field(default_factory=list)


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


class Children:
    """The child process running now, so that a campaign's SIGINT/SIGTERM handler can pass
    SIGTERM on to it (the tools then write their reports and exit 143)."""
    current: Optional[subprocess.Popen] = None

    @classmethod
    def terminate(cls) -> None:
        if cls.current is not None and cls.current.poll() is None:
            cls.current.terminate()


def run_logged(command: List[str], console_path: str, timeout: Optional[float] = None, stream: bool = False,
               env: Optional[dict] = None) -> Tuple[int, bool, float]:
    """Runs `command` with its output in console_path (and on our stdout when `stream`), for
    people: nothing reads it back. A run cut by `timeout` gets SIGTERM. Returns the exit
    code, whether the timeout cut it, and the seconds it took."""
    start = time.monotonic()
    timed_out = False
    with open(console_path, "wb") as console:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE if stream else console, stderr=subprocess.STDOUT,
                                env=env)
        Children.current = proc
        try:
            if stream:
                for chunk in iter(lambda: proc.stdout.read1(65536), b""):
                    console.write(chunk)
                    sys.stdout.buffer.write(chunk)
                    sys.stdout.flush()
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.terminate()
            try:
                rc = proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                rc = proc.wait()
        finally:
            Children.current = None
    return rc, timed_out, time.monotonic() - start


def run_engine(command: List[str], json_path: str, console_path: str, timeout: Optional[float] = None,
               stream: bool = False) -> EngineRun:
    """Runs `command --json=json_path`; the console goes to console_path for people. A run
    cut by `timeout` gets SIGTERM, on which the tools still write their JSON (exit 143)."""
    log_prefix = json_path + ".sanitizer"
    for stale in glob.glob(log_prefix + "*") + [json_path]:
        if os.path.exists(stale):
            os.remove(stale)
    full = list(command) + ["--json=" + json_path]
    rc, timed_out, seconds = run_logged(full, console_path, timeout, stream, _with_log_path(os.environ, log_prefix))
    report = read_report(json_path)
    runs = report.get("runs", [])
    sanitizer = None
    for log in sorted(glob.glob(log_prefix + "*")):
        sanitizer = sanitizer or sanitizer_verdict(open(log, errors="replace").read())
    return EngineRun(full, rc, runs, sanitizer, seconds, timed_out, report.get("summary", {}),
                     sorted(glob.glob(log_prefix + "*")))


def read_report(json_path: str) -> dict:
    """A tool's --json report, or {} when it wrote none (a crash before the first pair)."""
    try:
        with open(json_path, encoding="utf-8", errors="replace") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def listing(binary: str, json_path: str) -> dict:
    """The tool's --list --json: scenarios, variants, mutants, invariants, the zoo."""
    subprocess.run([binary, "--list", "--json=" + json_path], check=True, stdout=subprocess.DEVNULL)
    return json.load(open(json_path))

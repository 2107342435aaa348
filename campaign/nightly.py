"""The nightly run: re-run the failure corpus, then explore new seeds with Relacy and with
the native engine (under ThreadSanitizer where the variant allows), and write summary.md.

  python3 -m campaign.nightly [--budget=DURATION] [--shard=I/N] [--out=DIR] [--corpus=DIR]
                              [--no-build]

--budget: 90s, 20m, 1h (default 10m); it covers the corpus re-run and the exploration, not
installing and building. What the corpus leaves is split in three equal parts: Relacy
(random scheduler), the controlled engine, the fuzz engine (campaign/nightly_plan.py has
the seeds, runs and step list). --shard: I/N (default: GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS,
else JOB_COMPLETION_INDEX with PAGEWAIT_TOTAL_SHARDS, else 0/1). --out: results (default
results/nightly): summary.md, one .json and one JUnit .xml per step, logs/, failures/<step>/.
--corpus: the failure corpus (default results/corpus; campaign/corpus.py). --no-build: use
the binaries already built (scripts/install-deps.sh and the presets relacy, tsan, default
are otherwise installed, configured and built first; a failed build skips the steps that
need it). PAGEWAIT_JOBS: build parallelism (2).

Every step runs its tool with --json and is judged from that report and the exit code
(campaign/nightly_judge.py). Exit 0: no unexpected verdict, every build and step ran; 1:
something failed (summary.md says what); 2: bad arguments; 130/143: interrupted by INT/TERM
(the steps that ran, and summary.md, are still written).
"""
import dataclasses
import datetime
import os
import shutil
import signal
import subprocess
import sys
import time
from typing import List, Optional

from campaign import corpus as corpus_mod
from campaign.arguments import UsageError, parse_duration, parse_shard
from campaign.engine_run import Children, listing, run_engine, run_logged
from campaign.nightly_index import failure_pages, render_index
from campaign.nightly_judge import judge
from campaign.nightly_plan import Night, part_seconds, rotated
from campaign.nightly_summary import Row, render_summary

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARIES = {"relacy": "build/relacy/bin/pagewait-relacy", "tsan": "build/tsan/bin/pagewait-stress",
            "plain": "build/default/bin/pagewait-stress"}
PRESETS = (("relacy", "pagewait-relacy"), ("tsan", "pagewait-stress"), ("default", "pagewait-stress"))
USAGE = "usage: stress/nightly.sh [--budget=DURATION] [--shard=I/N] [--out=DIR] [--corpus=DIR] [--no-build]"


@dataclasses.dataclass
class Arguments:
    budget_text: str = "10m"
    budget: float = 600
    shard: tuple = (0, 1)
    out: str = "results/nightly"
    corpus: str = "results/corpus"
    build: bool = True


def parse_arguments(argv: List[str], env, cwd: str) -> Arguments:
    a = Arguments()
    shard_text = ""
    for arg in argv:
        name, _, value = arg.partition("=")
        if name == "--budget" and value:
            a.budget_text = value
        elif name == "--shard":
            shard_text = value or "?"
        elif name in ("--out", "--corpus"):
            if not value:
                raise UsageError(f"{name} must name a directory.")
            setattr(a, name[2:], value)
        elif arg == "--no-build":
            a.build = False
        else:
            raise UsageError(f"unknown argument '{arg}'; {USAGE}.")
    a.budget = parse_duration("budget", a.budget_text)
    a.shard = parse_shard(shard_text, env)
    a.out, a.corpus = (os.path.join(cwd, p) for p in (a.out, a.corpus))
    for d in (a.out, a.corpus):
        try:
            os.makedirs(d, exist_ok=True)
        except OSError as e:
            raise UsageError(f"cannot create the directory {d}: {e.strerror}.")
        if not os.access(d, os.W_OK):
            raise UsageError(f"cannot write in the directory {d}.")
    return a


class Nightly:
    def __init__(self, a: Arguments):
        self.a = a
        self.rows: List[Row] = []
        self.failed = False
        self.signal_code = 0
        self.corpus_rows: List[str] = []
        self.corpus_added: List[str] = []
        self.failures: List[tuple] = []   # (step, failure dict of nightly_judge)
        self.missed: List[str] = []
        self.relacy_table = ""
        self.pages: List[tuple] = []      # the failure pages of index.html
        self.seeds_to_failure: dict = {}  # step -> runs to the first failure, per failing pair
        self.night: Optional[Night] = None
        self.started = datetime.datetime.now(datetime.timezone.utc)
        self.day = int(time.time()) // 86400
        self.bin = {k: os.path.join(REPO, v) for k, v in BINARIES.items()}

    # -- signals: stop the running step (it writes its reports), then the summary.
    def on_signal(self, signum, _frame) -> None:
        self.signal_code = 128 + signum
        Children.terminate()

    @property
    def interrupted(self) -> bool:
        return self.signal_code != 0

    def log(self, name: str) -> str:
        return os.path.join(self.a.out, "logs", name + ".log")

    def banner(self, text: str) -> None:
        print(f"\n======== nightly [{self.a.shard[0]}/{self.a.shard[1]}]: {text} ========", flush=True)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.failed = self.failed or row.failed

    def plain_step(self, name: str, engine: str, command: List[str]) -> bool:
        if self.interrupted:
            self.add(Row(name, engine, " ".join(command), "-", 0, "-", "skipped (interrupted)"))
            return False
        self.banner(name)
        rc, _, secs = run_logged(command, self.log(name), stream=True)
        ok = rc == 0
        self.add(Row(name, engine, " ".join(command), str(rc), round(secs), "-",
                     "ok" if ok else f"FAILED (see logs/{name}.log)", failed=not ok and not self.interrupted))
        return ok

    def build(self) -> None:
        self.plain_step("install-deps", "apt", ["bash", "scripts/install-deps.sh"])
        jobs = os.environ.get("PAGEWAIT_JOBS", "2")
        for preset, target in PRESETS:
            if self.plain_step(f"configure-{preset}", "cmake", ["cmake", "--preset", preset]):
                self.plain_step(f"build-{preset}", "cmake",
                                ["cmake", "--build", "--preset", preset, f"-j{jobs}", "--target", target])

    def built(self, key: str) -> bool:
        return os.access(self.bin[key], os.X_OK)

    def replay_corpus(self, racy: List[str]) -> set:
        self.banner(f"corpus ({self.a.corpus})")
        stale, counts, t0 = set(), {"reproduced": 0, "gone": 0, "error": 0}, time.monotonic()
        for e in corpus_mod.entries(self.a.corpus):
            if self.interrupted:
                break
            key, args = corpus_mod.replay_command(e.path, e.line, racy)
            if key is None:
                self.corpus_rows.append(f"| {e.name} | ERROR: not a pagewait-relacy / pagewait-stress replay line | - | 0 |")
                counts["error"] += 1
                continue
            if not self.built(key):
                self.corpus_rows.append(f"| {e.name} | skipped: {BINARIES[key]} was not built | - | 0 |")
                counts["error"] += 1
                continue
            rc, _, secs = run_logged([self.bin[key], *args], self.log("corpus." + e.name))
            if rc == 0:
                result = "reproduced"
                counts["reproduced"] += 1
            elif rc == 1:
                result = "no longer reproduces"
                counts["gone"] += 1
                stale.add(e.key)
            elif self.interrupted:
                result = "interrupted"
            else:
                result = f"ERROR (exit {rc}; logs/corpus.{e.name}.log)"
                counts["error"] += 1
            self.corpus_rows.append(f"| {e.name} | {result} | {rc} | {round(secs)} |")
            print(f"corpus: {e.name}: {result} (exit {rc}, {round(secs)} s)", flush=True)
        status = (f"{len(self.corpus_rows)} entries: {counts['reproduced']} reproduced, {counts['gone']} no longer "
                  f"reproduce, {counts['error']} errors")
        self.add(Row("corpus", "replay", f"--replay_file=<each entry of {self.a.corpus}>", "-",
                     round(time.monotonic() - t0), "-", status, failed=counts["error"] > 0))
        return stale

    def explore(self, step) -> None:
        command = [self.bin[step.binary], *step.flags]
        shown = " ".join(command + [f"--json={self.a.out}/{step.name}.json"])
        if self.interrupted:
            self.add(Row(step.name, step.engine, shown, "-", 0, "-", "skipped (interrupted)"))
            return
        if not self.built(step.binary):
            self.add(Row(step.name, step.engine, shown, "-", 0, "-", f"skipped: {command[0]} was not built", True))
            return
        self.banner(step.name)
        run = run_engine(command, os.path.join(self.a.out, step.name + ".json"), self.log(step.name), stream=True)
        v = judge(run, self.interrupted)
        self.add(Row(step.name, step.engine, shown, str(run.exit_code), round(run.seconds), v.pairs, v.status, v.failed))
        if not v.status.startswith("interrupted"):
            self.missed += [f"{step.name}: {m}" for m in v.missed]
        self.failures += [(step.name, f) for f in v.failures]
        if step.binary == "relacy":
            self.relacy_table = run.summary.get("verdict_table", "")
        self.pages += failure_pages(self.a.out, step.name, run.runs)
        self.seeds_to_failure[step.name] = [r["iterations"] for r in run.runs if r["found"] != "holds"]

    def run(self) -> int:
        out = self.a.out
        for d in ("failures", "logs", "html"):
            shutil.rmtree(os.path.join(out, d), ignore_errors=True)
            os.makedirs(os.path.join(out, d))
        for name in os.listdir(out):
            if name.endswith((".json", ".xml")) or name in ("summary.md", "index.html"):
                os.remove(os.path.join(out, name))
        os.chdir(REPO)
        try:
            if self.a.build:
                self.build()
            listings = {}
            for key in ("tsan", "plain", "relacy"):
                if not self.built(key):
                    continue
                try:
                    listings[key] = listing(self.bin[key], os.path.join(out, "logs", f"listing-{key}.json"))
                except (subprocess.CalledProcessError, OSError, ValueError) as e:
                    # A binary that cannot list itself cannot run its steps either: say so, go on.
                    self.add(Row(f"listing-{key}", "list", f"{self.bin[key]} --list --json", "-", 0, "-",
                                 f"FAILED: {type(e).__name__}: {e}", True))
            stress = listings.get("tsan") or listings.get("plain") or {}
            racy = [v["name"] for v in stress.get("variants", []) if v["violations_are_races"]]
            budget_t0 = time.monotonic()
            stale = self.replay_corpus(racy)
            any_listing = stress or listings.get("relacy") or {}
            self.night = Night(self.day, *self.a.shard, part_seconds(self.a.budget, time.monotonic() - budget_t0),
                               rotated([s["name"] for s in any_listing.get("scenarios", [])], self.day),
                               [v["name"] for v in listings.get("relacy", {}).get("variants", [])],
                               stress.get("variants", []))
            for step in self.night.steps(out):
                self.explore(step)
            if not stress:
                self.add(Row("native-steps", "controlled, fuzz", "-", "-", 0, "-",
                             f"skipped: neither {BINARIES['tsan']} nor {BINARIES['plain']} was built or could list "
                             "its variants", True))
            self.corpus_added = corpus_mod.add_failures(self.a.corpus, self.failures, stale)
        except Exception as e:  # a bug here must still leave the summary of what ran
            self.add(Row("nightly", "campaign", "-", "-", 0, "-", f"CRASHED: {type(e).__name__}: {e}", True))
            raise
        finally:
            self.write_summary()
        return self.signal_code or (1 if self.failed else 0)

    def write_summary(self) -> None:
        verdict = ("INTERRUPTED (signal); the table shows what ran" if self.interrupted
                   else "FAILED" if self.failed else "passed")
        try:
            commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                                    text=True).stdout.strip() or "unknown"
        except OSError:
            commit = "unknown"
        text = render_summary(verdict=verdict, shard=f"{self.a.shard[0]}/{self.a.shard[1]}",
                              started=self.started.strftime("%Y-%m-%d %H:%M:%S UTC"), commit=commit,
                              budget_text=self.a.budget_text, budget=self.a.budget, day=self.day, night=self.night,
                              rows=self.rows, corpus=self.a.corpus, corpus_rows=self.corpus_rows,
                              corpus_added=self.corpus_added, failures=self.failures, missed=self.missed,
                              relacy_table=self.relacy_table)
        path = os.path.join(self.a.out, "summary.md")
        with open(path, "w") as f:
            f.write(text)
        shard = f"{self.a.shard[0]}/{self.a.shard[1]}"
        with open(os.path.join(self.a.out, "index.html"), "w") as f:
            f.write(render_index(title=f"pagewait nightly, shard {shard}", verdict=verdict, pages=self.pages,
                                 per_step=self.seeds_to_failure, relacy_table=self.relacy_table))
        print(f"\nnightly [{self.a.shard[0]}/{self.a.shard[1]}]: {verdict}; summary in {path}", flush=True)


def main(argv: List[str]) -> int:
    try:
        a = parse_arguments(argv, os.environ, os.getcwd())
    except UsageError as e:
        print(f"stress/nightly.sh: {e}", file=sys.stderr)
        return 2
    n = Nightly(a)
    signal.signal(signal.SIGINT, n.on_signal)
    signal.signal(signal.SIGTERM, n.on_signal)
    return n.run()


if __name__ == "__main__":
    if any(a in ("-h", "--help") for a in sys.argv[1:]):
        print(USAGE)
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))

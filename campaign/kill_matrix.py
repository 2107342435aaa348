"""The kill matrix: every mutant of the zoo (scenarios/zoo.hpp, read from --list --json)
planted in its host variant and run by every engine; a Markdown matrix (stdout and
OUT/matrix.md) and each column's JSON.

  python3 -m campaign.kill_matrix [--quick] [--build] [--out=DIR]

--quick: CI-sized budgets; the default is the nightly budget. --build configures and
builds the four engine binaries first. Exit 1 when a zoo-mode column (Relacy random,
controlled random / PCT / stall / POS) let a mutant it is expected to kill survive, 2 on
bad arguments or missing binaries.

Columns: zoo mode (one process over every mutant; the tool judges expectations) or one
process per mutant (a sanitizer report ends its process; a context-bounded search gets a
time limit of its own: "survived" then means not found within it). A cell is the verdict
that killed the mutant with the iterations and seconds it took, or "survived"; the
sanitizer columns also count a sanitizer report as a kill.
"""
import dataclasses
import json
import os
import statistics
import subprocess
import sys
from typing import Dict, List, Optional, Tuple

from campaign.engine_run import EngineRun, listing, run_engine

BINARIES = {"relacy": "build/relacy/bin/pagewait-relacy", "default": "build/default/bin/pagewait-stress",
            "tsan": "build/tsan/bin/pagewait-stress", "asan": "build/asan/bin/pagewait-stress"}


@dataclasses.dataclass(frozen=True)
class Budget:
    iterations: int       # Relacy random, per scenario
    bound_cap: int        # Relacy bound:2 iteration cap
    limit: int            # seconds per mutant of a search column
    runs: int             # controlled seeds per scenario in zoo mode
    sanitizer_runs: int   # seeds per scenario under a sanitizer


QUICK = Budget(20000, 200000, 10, 300, 20)
FULL = Budget(200000, 2000000, 120, 3000, 100)


@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    title: str
    binary: str            # a BINARIES key
    flags: Tuple[str, ...]
    per_mutant: bool = False
    time_limit: int = 0    # per mutant, seconds (0: none; the runs bound it)


def columns(b: Budget) -> List[Column]:
    return [
        Column("relacy-random", "Relacy random", "relacy",
               ("--mutant=all", "--sched=random", f"--iterations={b.iterations}", "--history=never")),
        Column("relacy-bound2", "Relacy bound:2", "relacy",
               ("--sched=bound:2", f"--iterations={b.bound_cap}", "--history=never"), True, b.limit),
        Column("controlled-random", "controlled random", "default",
               ("--mutant=all", "--engine=controlled", "--strategy=random", f"--runs={b.runs}")),
        Column("controlled-pct3", "controlled PCT:3", "default",
               ("--mutant=all", "--engine=controlled", "--strategy=pct:3", f"--runs={b.runs}")),
        Column("controlled-stall", "controlled stall:100", "default",
               ("--mutant=all", "--engine=controlled", "--strategy=stall:100", f"--runs={b.runs}")),
        Column("controlled-pos", "controlled POS", "default",
               ("--mutant=all", "--engine=controlled", "--strategy=pos", f"--runs={b.runs}")),
        Column("controlled-dpor2", "controlled DPOR:2", "default",
               ("--engine=controlled", "--strategy=dpor:2", f"--budget={b.limit}s"), True, b.limit + 30),
        Column("fuzz-tsan", "fuzz + TSan", "tsan", ("--engine=fuzz", "--hang=5s", f"--runs={b.sanitizer_runs}"), True),
        Column("controlled-tsan", "controlled + TSan", "tsan",
               ("--engine=controlled", "--strategy=random", f"--runs={b.sanitizer_runs}"), True),
        Column("controlled-asan", "controlled + ASan/UBSan", "asan",
               ("--engine=controlled", "--strategy=random", f"--runs={b.sanitizer_runs}"), True),
    ]


@dataclasses.dataclass
class Cell:
    verdict: str        # "survived", an invariant id, or a sanitizer's kind
    text: str           # what the matrix shows
    seconds: float
    replay: str = ""


def cell_of_zoo_record(r: dict) -> Cell:
    if r["found"] == "holds":
        return Cell("survived", "survived", r["seconds"])
    return Cell(r["found"], "%s in %s (%d it, %.2f s)" % (r["found"], r["scenario"], r["iterations"], r["seconds"]),
                r["seconds"], r.get("replay", ""))


def cell_of_mutant_run(run: EngineRun) -> Cell:
    """One process of a per-mutant column: a sanitizer report first, then the first
    violation its JSON records; a run cut at its time limit that found nothing survived."""
    found = next((r for r in run.runs if r["found"] != "holds"), None)
    command = " ".join(run.command[:-1])  # without our --json
    if run.sanitizer:
        verdict = run.sanitizer
        replay = command
    elif found:
        verdict = found["found"]
        replay = found.get("replay") or command
    elif run.exit_code > 1 and not run.timed_out:
        verdict, replay = "crash (exit %d)" % run.exit_code, command
    else:
        return Cell("survived", "survived", run.seconds)
    return Cell(verdict, "%s (%d s)" % (verdict, round(run.seconds)), run.seconds, replay)


def render(cols: List[Column], cells: Dict[str, Dict[str, Cell]]) -> str:
    order = lambda m: int(m[1:])  # noqa: E731
    lines = ["| mutant | " + " | ".join(c.title for c in cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for m in sorted(cells, key=order):
        lines.append("| %s | " % m + " | ".join(cells[m][c.name].text if c.name in cells[m] else "-" for c in cols) + " |")
    kills = {c.name: [cells[m][c.name].seconds for m in cells if c.name in cells[m] and cells[m][c.name].verdict != "survived"]
             for c in cols}
    median = lambda v: statistics.median_low(v) if v else float("nan")  # noqa: E731
    lines.append("\nKills and median time to kill per engine: " +
                 "; ".join("%s %d, %.3f s" % (c.title, len(kills[c.name]), median(kills[c.name])) for c in cols))
    survived = lambda m, c: cells[m].get(c, Cell("survived", "", 0)).verdict == "survived"  # noqa: E731
    missed = [m for m in sorted(cells, key=order)
              if not survived(m, "controlled-random") and survived(m, "controlled-dpor2")]
    lines.append("\nKilled by controlled random but not by controlled DPOR:2 within its budget: " + (", ".join(missed) or "none"))
    lines.append("\nReplay lines of the kills:\n")
    for m in sorted(cells, key=order):
        for c in cols:
            cell = cells[m].get(c.name)
            if cell and cell.verdict != "survived":
                lines.append("- %s, %s: `%s`" % (m, c.title, cell.replay))
    return "\n".join(lines) + "\n"


def parse_args(argv: List[str]) -> Tuple[bool, bool, str]:
    quick, build, out = False, False, "results/zoo"
    for a in argv:
        if a == "--quick":
            quick = True
        elif a == "--build":
            build = True
        elif a.startswith("--out=") and len(a) > 6:
            out = a[6:]
        else:
            print(f"error: unknown argument '{a}'; accepted: --quick, --build, --out=DIR.", file=sys.stderr)
            sys.exit(2)
    return quick, build, out


def build_binaries() -> None:
    for preset in ("relacy", "default", "tsan", "asan"):
        target = "pagewait-relacy" if preset == "relacy" else "pagewait-stress"
        ok = subprocess.run(["cmake", "--preset", preset], stdout=subprocess.DEVNULL).returncode == 0 and \
            subprocess.run(["cmake", "--build", "--preset", preset, "-j" + os.environ.get("PAGEWAIT_JOBS", "2"),
                            "--target", target]).returncode == 0
        if not ok:
            print(f"error: building {target} in preset {preset} failed.", file=sys.stderr)
            sys.exit(2)


def main(argv: List[str]) -> int:
    quick, build, out = parse_args(argv)
    if build:
        build_binaries()
    for b in BINARIES.values():
        if not os.access(b, os.X_OK):
            print(f"error: {b} is not built; build the presets relacy, default, tsan and asan first.", file=sys.stderr)
            return 2
    os.makedirs(out, exist_ok=True)
    cols = columns(QUICK if quick else FULL)
    zoo = listing(BINARIES["default"], os.path.join(out, "listing.json"))["zoo"]
    cells: Dict[str, Dict[str, Cell]] = {z["mutant"]: {} for z in zoo}
    missed = []
    for c in cols:
        binary = BINARIES[c.binary]
        if not c.per_mutant:
            run = run_engine([binary, *c.flags], os.path.join(out, c.name + ".json"), os.path.join(out, c.name + ".txt"))
            if run.exit_code == 1:
                missed.append(c.name)
            elif run.exit_code != 0:
                print(f"error: {c.name} ended abnormally; see {out}/{c.name}.txt", file=sys.stderr)
                missed.append(c.name + " (abnormal end)")
            for r in run.runs:
                cells.setdefault(r["mutant"], {})[c.name] = cell_of_zoo_record(r)
            continue
        column_cells = {}
        for z in zoo:
            m = z["mutant"]
            command = [binary, *c.flags, f"--mutant={m}", f"--variant={z['host']}", f"--scenario={z['scenarios']}"]
            run = run_engine(command, os.path.join(out, f"{c.name}.{m}.json"), os.path.join(out, f"{c.name}.{m}.txt"),
                             timeout=c.time_limit or None)
            cells[m][c.name] = column_cells[m] = cell_of_mutant_run(run)
        with open(os.path.join(out, c.name + ".json"), "w") as f:
            json.dump({m: dataclasses.asdict(cell) for m, cell in column_cells.items()}, f, indent=1)
    matrix = render(cols, cells)
    sys.stdout.write(matrix)
    with open(os.path.join(out, "matrix.md"), "w") as f:
        f.write(matrix)
    if missed:
        print(f"kill_matrix: expected kills missed in: {' '.join(missed)} (the EXPECTED lines in {out}/<column>.txt)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

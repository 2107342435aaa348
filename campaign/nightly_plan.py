"""What a night runs, as data: the exploration steps, their seeds, runs and budgets. Pure
functions of (day, shard, budget, the tools' --list --json), so tests can check them.

Seeds. Relacy: seed = ((D mod floor(4294 / N)) * N + I) * 10^6 for day D (days since
1970-01-01 UTC) and shard I/N, iterations per pair = max(1000, 50000 * part seconds /
pairs), at most 10^6: the ranges of one night's shards, and of one shard on different
nights (for floor(4294 / N) days), never overlap, and every seed stays below 2^32 (Relacy's
random scheduler takes its generator's shift and increment from bits 32..39 of the
iteration number; above 7 * 2^32 its schedules degenerate: measured, drop_wait then
"livelocks" (L4) in every variant). Native: seeds D * 10^6 + r; pagewait-stress shards the
(pair, seed) space itself (--shard=I/N), so --runs is for all shards together.
"""
import dataclasses
from typing import List, Sequence

# Which variants each native strategy explores (ctest's choice: PCT and POS find nothing
# more on A than on A+). "model" = every model variant, "kernel" = every kernel variant of
# the build, "model-safe" = the model's variants whose expected violations are no races.
CONTROLLED_STEPS = (("controlled-random", "random", "model"),
                    ("controlled-pct3", "pct:3", ("A+", "B1", "C")),
                    ("controlled-stall", "stall:100", "model-safe"),
                    ("controlled-pos", "pos", ("A+", "B1", "C")),
                    ("controlled-kernel", "random", "kernel"))
FUZZ_STEPS = (("fuzz", "model"), ("fuzz-kernel", "kernel"))

CONTROLLED_RUNS_PER_SECOND, CONTROLLED_MIN_RUNS = 1500, 50
FUZZ_RUNS_PER_SECOND, FUZZ_MIN_RUNS = 50, 10
MIN_STEP_SECONDS = 5
MIN_PART_SECONDS = 10


@dataclasses.dataclass(frozen=True)
class Step:
    name: str          # "tsan-controlled-random": also its JSON, JUnit, log and failures names
    engine: str        # the summary's engine column
    binary: str        # "relacy", "tsan" or "plain"
    flags: List[str]   # without --json (the runner adds it)


def relacy_seed(day: int, index: int, total: int) -> int:
    return ((day % (4294 // total)) * total + index) * 1000000


def relacy_iterations(part: int, pairs: int) -> int:
    return min(1000000, max(1000, 50000 * part // max(pairs, 1)))


def native_runs(per_second: int, part: int, pairs: int, minimum: int, total: int) -> int:
    """--runs for all shards together (each runs 1/N of it)."""
    return min(1000000, max(minimum, per_second * part // max(pairs, 1)) * total)


def rotated(scenarios: Sequence[str], day: int) -> List[str]:
    """The scenario order of the night: rotated daily, so that a short budget does not
    always starve the same scenarios."""
    if not scenarios:
        return []
    r = day % len(scenarios)
    return list(scenarios[r:]) + list(scenarios[:r])


def variant_set(which, variants: Sequence[dict]) -> List[dict]:
    if which == "model":
        return [v for v in variants if not v["kernel"]]
    if which == "model-safe":
        return [v for v in variants if not v["kernel"] and not v["violations_are_races"]]
    if which == "kernel":
        return [v for v in variants if v["kernel"]]
    return [v for v in variants if v["name"] in which]


def split_by_races(variants: Sequence[dict]):
    """(TSan, plain): a variant whose expected violations are data races runs on the build
    without TSan, which would stop the process at the race before the check reports."""
    return [v for v in variants if not v["violations_are_races"]], [v for v in variants if v["violations_are_races"]]


@dataclasses.dataclass(frozen=True)
class Night:
    day: int
    index: int
    total: int
    part: int                 # seconds for each of Relacy, controlled, fuzz
    scenarios: List[str]      # in tonight's order
    relacy_variants: List[str]
    stress_variants: List[dict]  # pagewait-stress --list --json "variants"

    @property
    def shard(self) -> str:
        return f"{self.index}/{self.total}"

    @property
    def relacy_seed(self) -> int:
        return relacy_seed(self.day, self.index, self.total)

    @property
    def relacy_iterations(self) -> int:
        return relacy_iterations(self.part, len(self.scenarios) * len(self.relacy_variants))

    @property
    def stress_seed(self) -> int:
        return self.day * 1000000

    def steps(self, out: str) -> List[Step]:
        def reports(name: str) -> List[str]:
            return [f"--junit={out}/{name}.xml", f"--failures_dir={out}/failures/{name}", f"--html={out}/html/{name}"]

        steps = [Step("relacy-random", "relacy", "relacy",
                      ["--scenario=all", "--variant=all", "--sched=random", f"--seed={self.relacy_seed}",
                       f"--iterations={self.relacy_iterations}", "--verdicts", *reports("relacy-random")])]
        order = ",".join(self.scenarios) or "all"
        for kind, specs, per_second, minimum in (
                ("controlled", [(n, s, w) for n, s, w in CONTROLLED_STEPS], CONTROLLED_RUNS_PER_SECOND,
                 CONTROLLED_MIN_RUNS),
                ("fuzz", [(n, None, w) for n, w in FUZZ_STEPS], FUZZ_RUNS_PER_SECOND, FUZZ_MIN_RUNS)):
            groups = []
            for name, strategy, which in specs:
                tsan, plain = split_by_races(variant_set(which, self.stress_variants))
                groups += [(f"{build}-{name}", build, strategy, vs) for build, vs in (("tsan", tsan), ("plain", plain)) if vs]
            weight = sum(len(vs) for *_, vs in groups)
            runs = native_runs(per_second, self.part, weight * len(self.scenarios), minimum, self.total)
            for name, build, strategy, vs in groups:
                seconds = max(MIN_STEP_SECONDS, self.part * len(vs) // max(weight, 1))
                engine = kind + (f" {strategy}" if strategy else "") + (" (TSan)" if build == "tsan" else "")
                flags = [f"--engine={kind}"] + ([f"--strategy={strategy}"] if strategy else [])
                flags += [f"--variant={','.join(v['name'] for v in vs)}", f"--scenario={order}",
                          f"--seed={self.stress_seed}", f"--runs={runs}", f"--shard={self.shard}"]
                flags += ["--hang=5s"] if kind == "fuzz" else []
                flags += [f"--budget={seconds}s"]
                flags += ["--check_replay", "--replays=3", "--minimize"] if kind == "controlled" else []
                steps.append(Step(name, engine, build, flags + reports(name)))
        return steps


def part_seconds(budget: float, corpus_seconds: float) -> int:
    """What the corpus left of the budget, in three equal parts (at least 10 s each)."""
    return max(MIN_PART_SECONDS, int(budget - corpus_seconds) // 3)

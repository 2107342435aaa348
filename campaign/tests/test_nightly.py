"""The nightly's pieces on made-up data (arguments, plan, judgement, corpus, summary), and
one real short night on the build's pagewait-stress when PAGEWAIT_STRESS_BIN names one
(ctest sets it): its steps judged from their JSON, its failures written into the corpus,
and a second night that re-runs that corpus and finds every entry reproduced."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from campaign import corpus as corpus_mod
from campaign import nightly
from campaign.arguments import UsageError, parse_duration, parse_shard
from campaign.engine_run import EngineRun
from campaign.nightly_judge import judge
from campaign.nightly_plan import Night, native_runs, relacy_iterations, relacy_seed, rotated

VARIANTS = [{"name": n, "kernel": k, "counterpart": c, "violations_are_races": r} for n, k, c, r in (
    ("A-", False, "A-", True), ("A", False, "A", False), ("A+", False, "A+", False), ("B0", False, "B0", True),
    ("B1", False, "B1", False), ("C", False, "C", False), ("linux-6.12", True, "C", False),
    ("linux-6.12+b0", True, "B0", True))]


def read(path):
    with open(path) as f:
        return f.read()


def record(**kw):
    r = dict(engine="controlled", scenario="lock_killable", variant="A", mutant="none", sched="controlled:random",
             found="holds", expected="holds", matches=True, replay="", path_replay="", corpus_key="")
    r.update(kw)
    return r


def run_of(rc=0, runs=(), summary=None, sanitizer=None):
    return EngineRun(["bin"], rc, list(runs), sanitizer, 1.0, False,
                     {"complete": True} if summary is None else summary, ["x.sanitizer.1"] if sanitizer else [])


class Arguments(unittest.TestCase):
    def test_durations(self):
        self.assertEqual(parse_duration("budget", "90s"), 90)
        self.assertEqual(parse_duration("budget", "20m"), 1200)
        self.assertEqual(parse_duration("budget", "1h"), 3600)
        for bad in ("10", "1d", "", "-5s", "0s", "m"):
            with self.assertRaises(UsageError):
                parse_duration("budget", bad)

    def test_shards_from_the_flag_and_the_environment(self):
        self.assertEqual(parse_shard("2/4", {}), (2, 4))
        self.assertEqual(parse_shard("", {"GTEST_SHARD_INDEX": "1", "GTEST_TOTAL_SHARDS": "3"}), (1, 3))
        self.assertEqual(parse_shard("", {"JOB_COMPLETION_INDEX": "3", "PAGEWAIT_TOTAL_SHARDS": "4"}), (3, 4))
        self.assertEqual(parse_shard("", {}), (0, 1))
        for text, env in (("4/4", {}), ("x/2", {}), ("3", {}), ("0/0", {}), ("", {"JOB_COMPLETION_INDEX": "1"}),
                          ("", {"GTEST_SHARD_INDEX": "0"})):
            with self.assertRaises(UsageError):
                parse_shard(text, env)

    def test_bad_arguments_exit_2_before_any_work(self):
        with tempfile.TemporaryDirectory() as tmp:
            for argv in (["--budget=10"], ["--shard=5/2"], ["--frobnicate"], ["--out="],
                         [f"--out={tmp}/file/below"]):
                if argv[0].startswith("--out=" + tmp):
                    open(f"{tmp}/file", "w").close()
                with self.subTest(argv=argv):
                    self.assertEqual(nightly.main(argv + [f"--corpus={tmp}/c"]), 2)
            self.assertFalse(os.path.exists(f"{tmp}/c/summary.md"))


class Plan(unittest.TestCase):
    def test_relacy_seed_ranges_of_shards_and_nights_stay_apart_and_below_2_32(self):
        seen = set()
        for day in range(1073):
            for i in range(4):
                s = relacy_seed(20000 + day, i, 4)
                self.assertNotIn(s, seen)
                self.assertLess(s + 1000000, 2 ** 32)
                seen.add(s)
        self.assertEqual(relacy_iterations(200, 100), 100000)
        self.assertEqual(relacy_iterations(1, 1000), 1000)
        self.assertEqual(relacy_iterations(10 ** 6, 1), 1000000)
        self.assertEqual(native_runs(1500, 10, 300, 50, 4), 200)

    def test_rotation(self):
        self.assertEqual(rotated(["a", "b", "c"], 4), ["b", "c", "a"])

    def test_the_steps_split_tsan_and_plain_by_the_variants_data(self):
        night = Night(20000, 1, 4, 60, ["s1", "s2"], ["A-", "A", "A+", "B0", "B1", "C"], VARIANTS)
        steps = {s.name: s for s in night.steps("/out")}
        self.assertEqual(list(steps), ["relacy-random", "tsan-controlled-random", "plain-controlled-random",
                                       "tsan-controlled-pct3", "tsan-controlled-stall", "tsan-controlled-pos",
                                       "tsan-controlled-kernel", "plain-controlled-kernel", "tsan-fuzz", "plain-fuzz",
                                       "tsan-fuzz-kernel", "plain-fuzz-kernel"])
        variant = lambda s: next(f for f in steps[s].flags if f.startswith("--variant="))  # noqa: E731
        self.assertEqual(variant("tsan-controlled-random"), "--variant=A,A+,B1,C")
        self.assertEqual(variant("plain-controlled-random"), "--variant=A-,B0")
        self.assertEqual(variant("tsan-controlled-stall"), "--variant=A,A+,B1,C")
        self.assertEqual(variant("plain-controlled-kernel"), "--variant=linux-6.12+b0")
        self.assertEqual(steps["plain-fuzz"].binary, "plain")
        self.assertIn("--shard=1/4", steps["tsan-fuzz"].flags)
        self.assertIn("--check_replay", steps["tsan-controlled-pos"].flags)
        self.assertIn("--minimize", steps["tsan-controlled-random"].flags)
        self.assertNotIn("--check_replay", steps["tsan-fuzz"].flags)
        # controlled: 16 model + 2 kernel variant slots share the part; 60 * 4 / 18 = 13 s.
        self.assertIn("--budget=13s", steps["tsan-controlled-random"].flags)
        self.assertIn(f"--seed={relacy_seed(20000, 1, 4)}", steps["relacy-random"].flags)


class Judgement(unittest.TestCase):
    def test_exit_codes_and_reports(self):
        self.assertEqual(judge(run_of(0), False).status, "ok")
        unexpected = judge(run_of(1, [record(found="I2", matches=False, replay="r", corpus_key="k")]), False)
        self.assertEqual((unexpected.status, unexpected.failed), ("UNEXPECTED: 1 verdict(s)", True))
        self.assertEqual(unexpected.failures, [{"unexpected": True, "line": "r", "key": "k", "fuzz": False}])
        missed = judge(run_of(1, [record(expected="L1", matches=False)]), False)
        self.assertEqual((missed.status, missed.failed), ("ok; 1 expected violation(s) missed", False))
        self.assertEqual(missed.missed, ["lock_killable A controlled:random (expected L1)"])
        replay = judge(run_of(1, [record(found="L1", expected="L1", replay="r")], {"replay_failures": 1}), False)
        self.assertTrue(replay.failed)
        self.assertTrue(judge(run_of(2), False).failed)
        self.assertEqual(judge(run_of(143), True).status, "interrupted")
        self.assertEqual(judge(run_of(139), False).status, "CRASHED (exit 139)")
        tsan = judge(run_of(66, sanitizer="TSan race"), False)
        self.assertEqual((tsan.status, tsan.failed), ("TSan race report (x.sanitizer.1)", True))
        budget = judge(run_of(0, summary={"budget_ended": True}), False)
        self.assertEqual(budget.status, "ok; budget ended it")

    def test_a_path_line_is_the_failure_line(self):
        v = judge(run_of(0, [record(found="L1", expected="L1", replay="seed", path_replay="path", corpus_key="k")]),
                  False)
        self.assertEqual(v.failures[0]["line"], "path")
        v = judge(run_of(0, [record(found="L1", expected="L1", replay="seed", path_replay="path",
                                    minimized_replay="short", corpus_key="k")]), False)
        self.assertEqual(v.failures[0]["line"], "short")


class Index(unittest.TestCase):
    def test_chart_and_table(self):
        from campaign.nightly_index import markdown_table, seeds_chart
        svg = seeds_chart({"tsan-controlled-random": [3, 40], "tsan-controlled-pct3": [7]})
        self.assertEqual(svg.count('class="median"'), 2)
        self.assertIn("median 21.5, max 40 (2 pairs)", svg)
        table = markdown_table("| variant | L1 |\n|---|---|\n| A | **violated** (lock_killable) |\n")
        self.assertIn('<td class="bad">violated (lock_killable)</td>', table)


class Corpus(unittest.TestCase):
    def test_replay_commands(self):
        self.assertEqual(corpus_mod.replay_command("f", "pagewait-relacy --scenario=x --expect=L1", []),
                         ("relacy", ["--replay_file=f"]))
        self.assertEqual(corpus_mod.replay_command("f", "pagewait-stress --variant=B0 --expect=I2", ["B0"]),
                         ("plain", ["--replay_file=f"]))
        self.assertEqual(corpus_mod.replay_command("f", "pagewait-stress --engine=fuzz --variant=A --expect=L1", []),
                         ("tsan", ["--engine=fuzz", "--variant=A", "--expect=L1", "--replays=1", "--hang=5s"]))
        self.assertEqual(corpus_mod.replay_command("f", "rm -rf /", []), (None, []))

    def test_adding_keeps_one_entry_per_key_and_replaces_stale_ones(self):
        with tempfile.TemporaryDirectory() as c:
            f1 = {"unexpected": False, "line": "one", "key": "k", "fuzz": False}
            f2 = {"unexpected": False, "line": "two", "key": "k", "fuzz": False}
            fuzz = {"unexpected": False, "line": "f", "key": "kf", "fuzz": True}
            self.assertEqual(len(corpus_mod.add_failures(c, [("s", f1), ("s", f2), ("s", fuzz)], set())), 1)
            self.assertEqual(read(f"{c}/k.txt"), "one\n")
            self.assertFalse(os.path.exists(f"{c}/kf.txt"))
            corpus_mod.add_failures(c, [("s", f2)], {"k"})
            self.assertEqual(read(f"{c}/k.txt"), "two\n")
            self.assertEqual([e.key for e in corpus_mod.entries(c)], ["k"])


@unittest.skipUnless(os.environ.get("PAGEWAIT_STRESS_BIN") and os.environ.get("PAGEWAIT_SANITIZER") == "none",
                     "PAGEWAIT_STRESS_BIN names no pagewait-stress built without sanitizers (the night runs it as the "
                     "plain binary too, for variants whose violations are races)")
class RealNight(unittest.TestCase):
    """Two short nights with --no-build on the build's pagewait-stress as both the TSan and
    the plain binary (no Relacy binary: its step is reported as not built)."""

    def start(self, tmp, budget="5s"):
        code = ("import sys, campaign.nightly as n; n.BINARIES.update(relacy='/nonexistent', tsan=sys.argv[1], "
                "plain=sys.argv[1]); sys.exit(n.main(sys.argv[2:]))")
        return subprocess.Popen([sys.executable, "-c", code, os.environ["PAGEWAIT_STRESS_BIN"], f"--budget={budget}",
                                 "--no-build", f"--out={tmp}/out", f"--corpus={tmp}/corpus", "--shard=0/1"],
                                env=dict(os.environ, PYTHONPATH=nightly.REPO), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, cwd=tmp)

    def night(self, tmp):
        proc = self.start(tmp)
        out, _ = proc.communicate()
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, "")

    def test_sigterm_stops_the_step_and_still_writes_the_summary(self):
        with tempfile.TemporaryDirectory() as tmp:
            proc = self.start(tmp, budget="10m")
            deadline = time.monotonic() + 60
            # Once the first exploration step is running, stop the night.
            while not os.path.exists(f"{tmp}/out/logs/tsan-controlled-random.log") and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.3)
            proc.send_signal(signal.SIGTERM)
            out, _ = proc.communicate(timeout=60)
            self.assertEqual(proc.returncode, 143, out[-2000:])
            summary = read(f"{tmp}/out/summary.md")
            self.assertIn("INTERRUPTED (signal)", summary)
            self.assertIn("| tsan-fuzz | fuzz (TSan) |", summary)
            self.assertIn("skipped (interrupted)", summary)

    def test_two_nights(self):
        with tempfile.TemporaryDirectory() as tmp:
            first = self.night(tmp)
            summary = read(f"{tmp}/out/summary.md")
            # Only the missing Relacy binary fails the night.
            self.assertEqual(first.returncode, 1, first.stdout[-2000:] + first.stderr[-2000:])
            self.assertIn("| relacy-random | relacy |", summary)
            self.assertIn("skipped: /nonexistent was not built", summary)
            for step in ("tsan-controlled-random", "plain-controlled-random", "tsan-fuzz"):
                self.assertRegex(summary, rf"\| {step} \| [^|]+ \| `[^`]+` \| [01] \| \d+ \| \d+ / \d+ \| ok")
                self.assertTrue(json.loads(read(f"{tmp}/out/{step}.json"))["summary"]["complete"])
                self.assertTrue(os.path.exists(f"{tmp}/out/{step}.xml"))
            entries = corpus_mod.entries(f"{tmp}/corpus")
            self.assertTrue(any(e.key.endswith("lock_killable.A.L1") for e in entries), [e.key for e in entries])
            self.assertIn("(new, tsan-controlled-random)", summary)
            index = read(f"{tmp}/out/index.html")
            self.assertIn("<svg", index)
            self.assertRegex(index, r'href="html/tsan-controlled-random/[^"]+lock_killable\.A\.[^"]+\.html"')
            self.assertTrue(os.path.exists(f"{tmp}/out/html/tsan-controlled-random/index.html"))
            second = self.night(tmp)
            summary = read(f"{tmp}/out/summary.md")
            self.assertEqual(second.returncode, 1)
            self.assertIn(f"{len(entries)} entries: {len(entries)} reproduced, 0 no longer reproduce, 0 errors", summary)


if __name__ == "__main__":
    unittest.main()

"""The kill matrix's logic on made-up runs, and run_engine on the real binary when
PAGEWAIT_STRESS_BIN names one (ctest sets it)."""
import os
import tempfile
import unittest

from campaign import kill_matrix as km
from campaign.engine_run import EngineRun, listing, run_engine, sanitizer_verdict


def run_of(**kw):
    base = dict(command=["bin", "--mutant=M1", "--json=x"], exit_code=0, runs=[], sanitizer=None, seconds=1.4,
                timed_out=False)
    base.update(kw)
    return EngineRun(**base)


class SanitizerLogs(unittest.TestCase):
    def test_kinds(self):
        self.assertEqual(sanitizer_verdict("==1==WARNING: ThreadSanitizer: data race (pid=1)"), "TSan race")
        self.assertEqual(sanitizer_verdict("WARNING: ThreadSanitizer: heap-use-after-free"), "TSan heap-use-after-free")
        self.assertEqual(sanitizer_verdict("ERROR: AddressSanitizer: stack-use-after-return on"), "ASan stack-use-after-return")
        self.assertEqual(sanitizer_verdict("x.hpp:3:1: runtime error: signed integer overflow"), "UBSan")
        self.assertIsNone(sanitizer_verdict("nothing here"))


class PerMutantCells(unittest.TestCase):
    def test_a_sanitizer_report_is_the_kill_even_with_a_verdict(self):
        cell = km.cell_of_mutant_run(run_of(sanitizer="TSan race", runs=[{"found": "I6", "replay": "r"}], exit_code=66))
        self.assertEqual(cell.verdict, "TSan race")
        self.assertEqual(cell.replay, "bin --mutant=M1")

    def test_the_first_violation_of_the_json_with_its_replay_line(self):
        cell = km.cell_of_mutant_run(run_of(runs=[{"found": "holds"}, {"found": "L1", "replay": "line"}], exit_code=0))
        self.assertEqual((cell.verdict, cell.replay, cell.text), ("L1", "line", "L1 (1 s)"))

    def test_a_time_limit_that_found_nothing_survived(self):
        self.assertEqual(km.cell_of_mutant_run(run_of(exit_code=143, timed_out=True)).verdict, "survived")

    def test_a_crash_is_reported(self):
        self.assertEqual(km.cell_of_mutant_run(run_of(exit_code=139)).verdict, "crash (exit 139)")


class Rendering(unittest.TestCase):
    def test_matrix_rows_summary_and_the_search_promise(self):
        cols = [c for c in km.columns(km.QUICK) if c.name in ("controlled-random", "controlled-dpor2")]
        cells = {
            "M10": {"controlled-random": km.Cell("L1", "L1 in a (3 it, 0.01 s)", 0.01, "r10")},
            "M2": {"controlled-random": km.Cell("I6", "I6 in b (1 it, 0.02 s)", 0.02, "r2"),
                   "controlled-dpor2": km.Cell("I6", "I6 (0 s)", 0.2, "d2")},
        }
        text = km.render(cols, cells)
        lines = text.splitlines()
        self.assertEqual(lines[0], "| mutant | controlled random | controlled DPOR:2 |")
        self.assertTrue(lines[2].startswith("| M2 |"), "mutants in numeric order")
        self.assertIn("| M10 | L1 in a (3 it, 0.01 s) | - |", text)
        self.assertIn("controlled random 2, 0.010 s", text)
        self.assertIn("not by controlled DPOR:2 within its budget: M10", text)
        self.assertIn("- M2, controlled DPOR:2: `d2`", text)

    def test_every_column_flag_is_one_of_the_tools(self):
        for c in km.columns(km.FULL):
            for f in c.flags:
                self.assertTrue(f.startswith("--"), f)


class Arguments(unittest.TestCase):
    def test_bad_argument_exits_2(self):
        with self.assertRaises(SystemExit) as e:
            km.parse_args(["--fast"])
        self.assertEqual(e.exception.code, 2)
        self.assertEqual(km.parse_args(["--quick", "--out=x"]), (True, False, "x"))


@unittest.skipUnless(os.environ.get("PAGEWAIT_STRESS_BIN"), "PAGEWAIT_STRESS_BIN names no binary")
class RealEngine(unittest.TestCase):
    def test_json_is_read_and_a_time_limit_still_leaves_a_report(self):
        binary = os.environ["PAGEWAIT_STRESS_BIN"]
        with tempfile.TemporaryDirectory() as tmp:
            zoo = listing(binary, tmp + "/list.json")["zoo"]
            self.assertTrue(any(z["mutant"] == "M4" for z in zoo))
            run = run_engine([binary, "--scenario=lock_killable", "--variant=A", "--runs=5"], tmp + "/a.json", tmp + "/a.txt")
            self.assertEqual((run.exit_code, run.runs[0]["found"]), (0, "L1"))
            # lock_killable fails at once; lock_contention then runs past the limit: SIGTERM,
            # and the JSON still holds the finished pair.
            run = run_engine([binary, "--scenario=lock_killable,lock_contention", "--variant=A", "--runs=2000000000"],
                             tmp + "/b.json", tmp + "/b.txt", timeout=2)
            self.assertTrue(run.timed_out)
            self.assertEqual(run.exit_code, 143)
            self.assertEqual(km.cell_of_mutant_run(run).verdict, "L1")


if __name__ == "__main__":
    unittest.main()

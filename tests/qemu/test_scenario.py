#!/usr/bin/env python3
"""Unit tests of the scenario harness and the timing comparison.

    python3 -m unittest discover -s tests/qemu -p 'test_*.py'    (from the repo root)

Only RealQemuTest starts QEMU; it is skipped when qemu-system-ppc or
build/guests/hello.elf is missing.
"""

import io
import os
import shutil
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario  # noqa: E402
import timing_compare  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parse(text):
    return scenario.parse_scenario(text, "t", check_image=False)


class ParseTest(unittest.TestCase):
    def test_full_file(self):
        scn = parse("""
            # a comment
            image = build/guests/hello.elf
            timeout = 12.5
            icount = off
            expect = hello from partition 0
            expect =   tick 3   
            expect-count = 4 tick
            forbid = native: unexpected
            forbid = CORRUPT
            stop = tick 9
            """)
        self.assertEqual(scn.image, "build/guests/hello.elf")
        self.assertEqual(scn.timeout, 12.5)
        self.assertFalse(scn.icount)
        self.assertEqual(scn.expects, ["hello from partition 0", "tick 3"])
        self.assertEqual(scn.expect_counts, [(4, "tick")])
        self.assertEqual(scn.forbids, ["native: unexpected", "CORRUPT"])
        self.assertEqual(scn.stop, "tick 9")

    def test_defaults(self):
        scn = parse("image = x.elf\nexpect = a\n")
        self.assertEqual(scn.timeout, scenario.DEFAULT_TIMEOUT)
        self.assertTrue(scn.icount)
        self.assertIsNone(scn.stop)
        cmd = scn.qemu_command()
        self.assertIn("-icount", cmd)
        self.assertEqual(cmd[-2:], ["-kernel", "x.elf"])

    def test_icount_off_command(self):
        self.assertNotIn("-icount", parse("image = x\nicount = off\nexpect = a").qemu_command())

    def test_value_may_contain_equals_and_hash(self):
        scn = parse("image = x\nexpect = sum=0x1 # not a comment\n")
        self.assertEqual(scn.expects, ["sum=0x1 # not a comment"])

    def assertBad(self, text, fragment):
        with self.assertRaises(scenario.ScenarioError) as cm:
            parse(text)
        self.assertIn(fragment, str(cm.exception))

    def test_errors(self):
        self.assertBad("image = x\nexpcet = a\n", "t:2: unknown key 'expcet'")
        self.assertBad("expect = a\n", "missing required key 'image'")
        self.assertBad("image = x\n", "nothing to wait for")
        self.assertBad("image = x\njust text\n", "t:2: expected 'key = value'")
        self.assertBad("image = x\nexpect =\n", "empty value")
        self.assertBad("image = x\nimage = y\nexpect = a\n", "given twice")
        self.assertBad("image = x\ntimeout = soon\nexpect = a\n", "not a number")
        self.assertBad("image = x\ntimeout = 0\nexpect = a\n", "must be positive")
        self.assertBad("image = x\nicount = maybe\nexpect = a\n", "on or off")
        self.assertBad("image = x\nexpect-count = tick\n", "expect-count wants")
        self.assertBad("image = x\nexpect-count = 0 tick\n", "at least 1")

    def test_missing_image_file(self):
        with self.assertRaises(scenario.ScenarioError) as cm:
            scenario.parse_scenario("image = /nonexistent/x.elf\nexpect = a\n", "t")
        self.assertIn("does not exist", str(cm.exception))

    def test_main_exit_2_on_bad_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.scn")
            with open(path, "w") as f:
                f.write("image = x\nbogus = 1\n")
            err = io.StringIO()
            with redirect_stderr(err), redirect_stdout(io.StringIO()):
                status = scenario.main([path, "--log-dir", d])
            self.assertEqual(status, 2)
            self.assertIn("unknown key 'bogus'", err.getvalue())
            path2 = os.path.join(d, "noimage.scn")
            with open(path2, "w") as f:
                f.write("image = %s\nexpect = a\n" % os.path.join(d, "missing.elf"))
            err = io.StringIO()
            with redirect_stderr(err), redirect_stdout(io.StringIO()):
                self.assertEqual(scenario.main([path2]), 2)
            self.assertIn("does not exist", err.getvalue())

    def test_name(self):
        name = scenario.scenario_name
        self.assertEqual(name("tests/scenarios/native_hello.scn"), "native_hello")
        self.assertEqual(name("./tests/scenarios/demo/boot.scn"), "demo/boot")
        self.assertEqual(name("/abs/scenarios/a/scenarios/b.scn"), "b")
        self.assertEqual(name("elsewhere/x.scn"), "x")
        self.assertEqual(name("x"), "x")

    def test_nested_log_path(self):
        scn = parse("image = x\nexpect = a\n")
        scn.name = "demo/boot"
        result = scenario.RunResult(scn, ["a"], "", True, "ok", ["qemu"], 0.0, 0)
        with tempfile.TemporaryDirectory() as d:
            path = scenario.write_log(result, d)
            self.assertEqual(path, os.path.join(d, "demo", "boot.log"))
            self.assertTrue(os.path.isfile(path))


HELLO = ["hello from partition 0", "tick 1", "tick 2", "tick 3", "tick 4"]


class EvaluateTest(unittest.TestCase):
    def verdict(self, text, lines, end=None):
        return scenario.evaluate_lines(parse("image = x\n" + text), lines, end)

    def test_in_order_pass(self):
        self.assertEqual(self.verdict("expect = hello\nexpect = tick 3\n", HELLO), (True, "ok"))

    def test_out_of_order_fails(self):
        ok, reason = self.verdict("expect = tick 3\nexpect = tick 1\n", HELLO, "timeout after 5 s")
        self.assertFalse(ok)
        self.assertIn("expect #2 'tick 1' not seen after line 4", reason)
        self.assertIn("timeout after 5 s", reason)

    def test_same_line_satisfies_consecutive(self):
        ok, _ = self.verdict("expect = ticker 1\nexpect = sum=0x\n", ["ticker 1 sum=0x12"])
        self.assertTrue(ok)

    def test_repeated_expectation_may_share_a_line(self):
        # "after or on the same line": use expect-count to require repeats
        ev = scenario.Evaluator(parse("image = x\nexpect = hello\nexpect = hello\n"))
        ev.feed(HELLO[0])
        self.assertEqual(ev.expect_lines, [1, 1])
        self.assertTrue(ev.done())

    def test_expect_re(self):
        ok, _ = self.verdict("expect-re = ^tick [0-9]+$\nexpect = tick 4\n", HELLO)
        self.assertTrue(ok)
        ok, reason = self.verdict("expect = tick 2\nexpect-re = ^hello\n", HELLO)
        self.assertFalse(ok)
        self.assertIn("re:^hello", reason)

    def test_bad_regex(self):
        with self.assertRaises(scenario.ScenarioError):
            parse("image = x\nexpect-re = (unclosed\n")

    def test_first_unmet_reported(self):
        ok, reason = self.verdict("expect = hello\nexpect = tick 9\nexpect = tick 10\n", HELLO)
        self.assertFalse(ok)
        self.assertIn("expect #2 'tick 9'", reason)

    def test_forbid(self):
        lines = HELLO[:2] + ["native: unexpected exception 0x0300"] + HELLO[2:]
        ok, reason = self.verdict("expect = tick 3\nforbid = native: unexpected\n", lines)
        self.assertFalse(ok)
        self.assertIn("line 3", reason)
        self.assertIn("native: unexpected exception 0x0300", reason)

    def test_forbid_after_end_is_not_seen(self):
        lines = HELLO + ["CORRUPT"]
        self.assertTrue(self.verdict("expect = tick 4\nforbid = CORRUPT\n", lines)[0])

    def test_expect_count(self):
        self.assertTrue(self.verdict("expect-count = 4 tick\n", HELLO)[0])
        ok, reason = self.verdict("expect-count = 5 tick\n", HELLO)
        self.assertFalse(ok)
        self.assertIn("only 4 line(s)", reason)

    def test_stop_keeps_checking_forbid_until_stop(self):
        text = "expect = hello\nforbid = tick 3\nstop = tick 4\n"
        ok, reason = self.verdict(text, HELLO)
        self.assertFalse(ok)
        self.assertIn("forbidden 'tick 3'", reason)
        # without stop the run ends at 'hello' and tick 3 never counts
        self.assertTrue(self.verdict("expect = hello\nforbid = tick 3\n", HELLO)[0])

    def test_stop_not_seen(self):
        ok, reason = self.verdict("expect = hello\nstop = tick 9\n", HELLO, "timeout after 1 s")
        self.assertFalse(ok)
        self.assertIn("stop line 'tick 9' not seen", reason)

    def test_stop_before_expectations(self):
        ok, reason = self.verdict("expect = tick 4\nstop = tick 2\n", HELLO)
        self.assertFalse(ok)
        self.assertIn("expect #1 'tick 4'", reason)

    def test_incremental_done(self):
        ev = scenario.Evaluator(parse("image = x\nexpect = tick 2\n"))
        ev.feed("tick 1")
        self.assertFalse(ev.done())
        ev.feed("tick 2")
        self.assertTrue(ev.done())
        self.assertEqual(ev.verdict(), (True, "ok"))


def window_lines(names, step, jitter=()):
    jitter = dict(jitter)
    return ["noise", "[core] boot"] + [
        "sched: window %d %s +%d" % (i, n, i * step + jitter.get(i, 0))
        for i, n in enumerate(names)]


NAMES = ["alpha", "beta"] * 10


class TimingTest(unittest.TestCase):
    def test_extract(self):
        got = timing_compare.extract_windows(
            ["x", "sched: window 0 alpha +0", "[p] sched: window 12 beta +333000 extra",
             "sched: window 1 alpha 5"])
        self.assertEqual(got, [(0, "alpha", 0), (12, "beta", 333000)])

    def test_equal_runs_pass(self):
        a = timing_compare.extract_windows(window_lines(NAMES, 1000))
        ok, rows, max_delta, problems = timing_compare.compare_windows(a, a, 0)
        self.assertTrue(ok, problems)
        self.assertEqual(len(rows), 20)
        self.assertEqual(max_delta, 0)

    def test_bound(self):
        a = timing_compare.extract_windows(window_lines(NAMES, 1000))
        b = timing_compare.extract_windows(window_lines(NAMES, 1000, {5: 7, 9: -12}))
        ok, _, max_delta, _ = timing_compare.compare_windows(a, b, 12)
        self.assertTrue(ok)
        self.assertEqual(max_delta, 12)
        ok, _, _, problems = timing_compare.compare_windows(a, b, 11)
        self.assertFalse(ok)
        self.assertIn("window 9 beta: |delta| 12 > bound 11", problems)

    def test_name_mismatch(self):
        a = timing_compare.extract_windows(window_lines(NAMES, 1000))
        b = timing_compare.extract_windows(window_lines(NAMES[:3] + ["gamma"] + NAMES[4:], 1000))
        ok, _, _, problems = timing_compare.compare_windows(a, b, 100)
        self.assertFalse(ok)
        self.assertTrue(any("window 3 beta in A but window 3 gamma in B" in p for p in problems))

    def test_too_few_windows(self):
        a = timing_compare.extract_windows(window_lines(NAMES[:15], 1000))
        ok, _, _, problems = timing_compare.compare_windows(a, a, 100)
        self.assertFalse(ok)
        self.assertIn("run A has 15 window lines, need 16", problems)

    def test_common_prefix_compared(self):
        a = timing_compare.extract_windows(window_lines(NAMES, 1000))
        b = timing_compare.extract_windows(window_lines(NAMES[:18], 1000))
        ok, rows, _, problems = timing_compare.compare_windows(a, b, 0)
        self.assertTrue(ok, problems)
        self.assertEqual(len(rows), 18)

    def test_table(self):
        a = timing_compare.extract_windows(window_lines(NAMES, 1000))
        b = timing_compare.extract_windows(window_lines(NAMES, 1000, {1: 3}))
        _, rows, _, _ = timing_compare.compare_windows(a, b, 5)
        table = timing_compare.format_table(rows).splitlines()
        self.assertEqual(len(table), 21)
        self.assertIn("beta", table[2])
        self.assertTrue(table[2].rstrip().endswith("+3"))

    def test_main_with_stubbed_runs(self):
        transcripts = {"a": window_lines(NAMES, 1000),
                       "b": window_lines(NAMES, 1000, {4: -9})}

        def fake_run(scn, qemu=None):
            lines = transcripts[scn.name]
            return scenario.RunResult(scn, lines, "", True, "ok", ["qemu"], 0.0, 0)

        with tempfile.TemporaryDirectory() as d:
            paths = []
            for name in ("a", "b"):
                path = os.path.join(d, name + ".scn")
                with open(path, "w") as f:
                    f.write("image = %s\nexpect-count = 20 sched: window\n" % path)
                paths.append(path)
            saved = scenario.run_scenario
            scenario.run_scenario = fake_run
            try:
                for bound, status, verdict in ((9, 0, "PASS timing a vs b"),
                                               (8, 1, "FAIL timing a vs b")):
                    out = io.StringIO()
                    with redirect_stdout(out):
                        got = timing_compare.main(paths + ["--bound", str(bound),
                                                           "--log-dir", d])
                    self.assertEqual(got, status)
                    self.assertIn("max |delta| = 9 ticks (bound %d)" % bound, out.getvalue())
                    self.assertIn(verdict, out.getvalue())
            finally:
                scenario.run_scenario = saved


QEMU = shutil.which(scenario.DEFAULT_QEMU)
HELLO_ELF = os.path.join(REPO_ROOT, "build", "guests", "hello.elf")


@unittest.skipUnless(QEMU and os.path.isfile(HELLO_ELF),
                     "needs qemu-system-ppc and build/guests/hello.elf")
class RealQemuTest(unittest.TestCase):
    def test_hello_native(self):
        scn = scenario.parse_scenario(
            "image = %s\ntimeout = 30\nexpect = hello from partition 0\nexpect = tick 3\n"
            "forbid = native: unexpected\n" % HELLO_ELF, "unit_hello")
        result = scenario.run_scenario(scn)
        self.assertTrue(result.passed, result.reason)
        self.assertEqual(result.summary(), "PASS unit_hello")
        self.assertEqual(result.evaluated_lines()[:4],
                         ["hello from partition 0", "tick 1", "tick 2", "tick 3"])
        with tempfile.TemporaryDirectory() as d:
            path = scenario.write_log(result, d)
            with open(path) as f:
                self.assertIn("tick 3\n", f.read())

    def test_timeout(self):
        scn = scenario.parse_scenario(
            "image = %s\ntimeout = 1\nexpect = no such line\n" % HELLO_ELF, "unit_timeout")
        result = scenario.run_scenario(scn)
        self.assertFalse(result.passed)
        self.assertIn("timeout after 1 s", result.reason)


if __name__ == "__main__":
    unittest.main()

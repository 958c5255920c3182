"""Tests of tools/wpreport (the WP proof-result summary)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

TOOL = os.path.join("tools", "wpreport")


def goal(valid, total=1):
    return {"wp:main": {"total": total, "valid": valid}}


REPORT = {
    "wp:global": {"wp:main": {"total": 5, "valid": 4}},
    "wp:functions": {
        "f": {"f_ensures": goal(1), "f_assigns": goal(1), "f_wp_smoke_default_requires": goal(1),
              "wp:section": {"wp:main": {"total": 3, "valid": 3}}},
        "g": {"g_ensures": {"wp:main": {"total": 1, "unknown": 1}},
              "g_wp_smoke_dead_code_s3": {"wp:main": {"total": 1, "unknown": 1}}},
    },
}


def run(*args):
    return subprocess.run([sys.executable, TOOL] + list(args), capture_output=True, text=True)


class WpReportTest(unittest.TestCase):
    def write(self, d, data, name="r.json"):
        path = os.path.join(d, name)
        with open(path, "w") as f:
            f.write(data if isinstance(data, str) else json.dumps(data))
        return path

    def test_all_proven_exit_0(self):
        ok = {"wp:functions": {"f": REPORT["wp:functions"]["f"]}}
        with tempfile.TemporaryDirectory() as d:
            p = run(self.write(d, ok), "--label", "demo")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("proofs demo: 2/2 goals proven, 1/1 smoke tests passed, 1 functions", p.stdout)

    def test_unproven_and_failed_smoke_exit_1(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "res.json")
            p = run(self.write(d, REPORT), "--out", out)
            self.assertEqual(p.returncode, 1)
            self.assertIn("2/3 goals proven, 1/2 smoke tests passed, 2 functions", p.stdout)
            self.assertIn("UNPROVEN: g_ensures, g_wp_smoke_dead_code_s3", p.stdout)
            res = json.load(open(out))
        self.assertEqual(res["goals"], {"proven": 2, "total": 3})
        self.assertEqual(res["functions"]["g"]["unproven"], ["g_ensures", "g_wp_smoke_dead_code_s3"])

    def test_deterministic_output(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.json"), os.path.join(d, "b.json")
            src = self.write(d, REPORT)
            run(src, "--out", a)
            run(src, "--out", b)
            self.assertEqual(open(a).read(), open(b).read())

    def test_bad_input(self):
        with tempfile.TemporaryDirectory() as d:
            for data in ("not json", {"x": 1}, {"wp:functions": {"f": {"f_e": {}}}},
                         {"wp:functions": {}}):
                p = run(self.write(d, data))
                self.assertEqual(p.returncode, 1, data)
                self.assertIn("wpreport:", p.stderr)
                self.assertNotIn("Traceback", p.stderr)
        self.assertEqual(run("/nonexistent.json").returncode, 1)

    def test_usage(self):
        self.assertEqual(run("--help").returncode, 0)
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run("a", "b").returncode, 2)
        self.assertEqual(run("--bogus", "a").returncode, 2)


if __name__ == "__main__":
    unittest.main()

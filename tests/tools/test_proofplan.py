"""Tests of tools/proofplan (which proof runs cover which configurations)."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "tools", "proofplan")
import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location("proofplan", os.path.join(TOOL, "__main__.py"))
pp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pp)

# A stand-in preprocessor: prints gen/config.h (found through -I<gen>) and
# then the file, as `cpp -E` would put the header's text before the file's.
FAKE_CPP = """#!/bin/sh
gen=""
for a in "$@"; do case "$a" in -I*gen) gen="${a#-I}";; esac; last="$a"; done
cat "$gen/config.h" "$last"
"""


class NormalizeTest(unittest.TestCase):
    def test_comments_and_markers_go_acsl_stays(self):
        text = ('# 1 "x.c"\n/* plain */\nint a; /* tail */\n'
                '/*@ requires x > 0; // REQ-1\n */\nvoid f(int x);\n')
        out = pp.normalize(text)
        self.assertNotIn("plain", out)
        self.assertNotIn("tail", out)
        self.assertNotIn('# 1', out)
        self.assertIn("/*@ requires x > 0; // REQ-1\n */", out)

    def test_unused_extern_object_dropped_used_kept(self):
        text = ("extern const int unused_table[4u];\nextern const int used_table[3u];\n"
                "int g(void) { return used_table[0]; }\n")
        out = pp.normalize(text)
        self.assertNotIn("unused_table", out)
        self.assertIn("extern const int used_table[3u];", out)

    def test_named_in_acsl_counts_as_used(self):
        text = "extern const int t[2u];\n/*@ predicate p = t[0] == 1; */\n"
        self.assertIn("extern const int t[2u];", pp.normalize(text))

    def test_prototypes_are_kept(self):
        text = "extern int h(int x);\n"
        self.assertIn("extern int h(int x);", pp.normalize(text))


class ParseListTest(unittest.TestCase):
    def test_units(self):
        units = pp.parse_list("# c\na text x.c y.c\nb tables only=demo z.c  # why\n")
        self.assertEqual(units, [("a", "text", None, ["x.c", "y.c"]),
                                 ("b", "tables", "demo", ["z.c"])])

    def test_errors(self):
        for text, msg in (("a text\n", "expected NAME KIND FILE..."),
                          ("a sometimes x.c\n", "kind 'sometimes' is not one of text, tables"),
                          ("a text x.c\na text y.c\n", "unit a is listed twice"),
                          ("a/b text x.c\n", "letters, digits"),
                          ("a text only= x.c\n", "expected only=CONFIG FILE..."),
                          ("a text only=demo\n", "expected only=CONFIG FILE..."),
                          ("# nothing\n", "no proof unit")):
            with self.assertRaises(pp.PlanError) as e:
                pp.parse_list(text, "L")
            self.assertIn(msg, str(e.exception), text)


class PlanTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="proofplan-")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.cpp = os.path.join(self.tmp, "cpp")
        with open(self.cpp, "w") as f:
            f.write(FAKE_CPP)
        os.chmod(self.cpp, stat.S_IRWXU)
        self.build = os.path.join(self.tmp, "build")
        for c, h in (("a", "enum { N = 3 };\n"), ("b", "enum { N = 3 };\n"), ("c", "enum { N = 4 };\n")):
            os.makedirs(os.path.join(self.build, c, "gen"))
            with open(os.path.join(self.build, c, "gen", "config.h"), "w") as f:
                f.write(h)
        self.src = os.path.join(self.tmp, "x.c")
        with open(self.src, "w") as f:
            f.write("int x;\n")
        self.cwd = os.getcwd()

    def test_same_text_one_run(self):
        units = [("u", "text", None, [self.src]), ("t", "tables", None, [self.src]),
                 ("o", "tables", "b", [self.src])]
        runs = pp.plan(units, ["a", "b", "c"], self.build, self.cpp)
        got = [(r["unit"], r["rep"], r["configs"]) for r in runs]
        self.assertEqual(got, [("u", "a", ["a", "b"]), ("u", "c", ["c"]),
                               ("t", "a", ["a"]), ("t", "b", ["b"]), ("t", "c", ["c"]),
                               ("o", "b", ["b"])])

    def test_comment_only_difference_is_the_same_text(self):
        with open(os.path.join(self.build, "b", "gen", "config.h"), "a") as f:
            f.write("/* Generated for b */\n")
        runs = pp.plan([("u", "text", None, [self.src])], ["a", "b"], self.build, self.cpp)
        self.assertEqual([r["configs"] for r in runs], [["a", "b"]])

    def test_macro_values_in_annotations_make_texts_differ(self):
        # cpp -E -C leaves the annotations' macros unexpanded; Frama-C expands
        # them with each configuration's values, so those values are text.
        for c, h in (("a", "#define SIZE INNER\n#define INNER 3\n#define OTHER 1\n"),
                     ("b", "#define SIZE INNER\n#define INNER 4\n#define OTHER 1\n"),
                     ("c", "#define SIZE INNER\n#define INNER 3\n#define OTHER 2\n")):
            with open(os.path.join(self.build, c, "gen", "config.h"), "w") as f:
                f.write(h)
        with open(self.src, "w") as f:
            f.write("/*@ predicate p = SIZE > 0; */\nint x;\n")
        runs = pp.plan([("u", "text", None, [self.src])], ["a", "b", "c"], self.build, self.cpp)
        self.assertEqual([r["configs"] for r in runs], [["a", "c"], ["b"]])

    def test_named_macros_transitive_and_sorted(self):
        defs = "#define A B + 1\n#define B C\n#define C 7\n#define D 9\n#define F(x) (x * A)\n"
        self.assertEqual(pp.named_macros("int y = F(2);", defs),
                         ["#define A B + 1", "#define B C", "#define C 7", "#define F(x) (x * A)"])
        self.assertEqual(pp.named_macros("int y;", defs), [])

    def test_missing_configuration_is_an_error(self):
        with self.assertRaises(pp.PlanError) as e:
            pp.plan([("u", "text", None, [self.src])], ["a", "zz"], self.build, self.cpp)
        self.assertIn("no generated configuration (make image CONFIG=zz)", str(e.exception))

    def test_merge(self):
        runs = pp.plan([("u", "text", None, [self.src]), ("t", "tables", None, [self.src])],
                       ["a", "b"], self.build, self.cpp)
        res = {"u": {"f": {"proven": 2, "total": 2, "smoke_passed": 1, "smoke_total": 1,
                           "unproven": []}},
               "t": {"g": {"proven": 1, "total": 2, "smoke_passed": 0, "smoke_total": 0,
                           "unproven": ["g_a"]}}}
        for r in runs:
            if r["unit"] == "t" and r["rep"] == "b":
                continue  # that run left no result
            d = pp.run_dir(self.build, r)
            os.makedirs(d)
            with open(os.path.join(d, "results.json"), "w") as f:
                json.dump({"functions": res[r["unit"]], "goals": {}, "smoke": {}}, f)
            if r["unit"] == "u":
                with open(os.path.join(d, "wp.log"), "w") as f:
                    f.write("[wp] [CVC4 1.8] Goal typed_f : Valid (Qed:2ms) (70ms) (11607) (cached)\n"
                            "[wp] [Z3 4.8.12] Goal typed_f_2 : Valid (Qed:2ms) (90ms) (21101)\n"
                            "[wp] [Z3 4.8.12] Goal typed_f_3 : Valid (Qed:2ms) (90ms) (cached)\n")
        pp.merge(runs, ["a", "b"], self.build)
        with open(os.path.join(self.build, "a", "proofs", "results.json")) as f:
            a = json.load(f)
        self.assertEqual(a["label"], "a")
        self.assertEqual(sorted(a["functions"]), ["f", "g"])
        self.assertEqual(a["goals"], {"proven": 3, "total": 4})
        self.assertEqual(a["units"]["u"]["run"], "u-a")
        self.assertEqual(a["units"]["u"]["cached"], 2)      # verdicts WP took from its cache
        self.assertIsNone(a["units"]["t"]["cached"])        # no log
        with open(os.path.join(self.build, "b", "proofs", "results.json")) as f:
            b = json.load(f)
        self.assertEqual(sorted(b["functions"]), ["f"])
        self.assertEqual(b["units"]["u"]["run"], "u-a")   # b shares a's text
        self.assertIn("no result", b["units"]["t"]["error"])


class NothingToProveTest(unittest.TestCase):
    def test_null_report_is_an_empty_passing_run(self):
        tmp = tempfile.mkdtemp(prefix="proofplan-")
        self.addCleanup(shutil.rmtree, tmp)
        fake = os.path.join(tmp, "bin")
        os.makedirs(fake)
        with open(os.path.join(fake, "frama-c"), "w") as f:   # writes a null report, as WP
            f.write('#!/bin/sh\nfor a in "$@"; do last="$a"; done\necho null > "$last"\n')
        os.chmod(os.path.join(fake, "frama-c"), stat.S_IRWXU)
        old = os.environ["PATH"]
        os.environ["PATH"] = fake + os.pathsep + old
        self.addCleanup(os.environ.__setitem__, "PATH", old)
        r = {"unit": "e", "kind": "text", "files": ["x.c"], "rep": "pv", "configs": ["pv"]}
        ok, summary = pp.perform(r, os.path.join(tmp, "build"), "")
        self.assertTrue(ok, summary)
        self.assertIn("nothing to prove", summary)
        with open(os.path.join(pp.run_dir(os.path.join(tmp, "build"), r), "results.json")) as f:
            res = json.load(f)
        self.assertEqual((res["functions"], res["goals"]), ({}, {"proven": 0, "total": 0}))

    def test_a_report_with_functions_is_not_empty(self):
        tmp = tempfile.mkdtemp(prefix="proofplan-")
        self.addCleanup(shutil.rmtree, tmp)
        for text, empty in (("null", True), ('{"wp:functions": {}}', False), ("{oops", False)):
            path = os.path.join(tmp, "wp.json")
            with open(path, "w") as f:
                f.write(text)
            self.assertEqual(pp.nothing_to_prove(path), empty, text)
        self.assertFalse(pp.nothing_to_prove(os.path.join(tmp, "missing.json")))


class RunOrderTest(unittest.TestCase):
    def test_runs_longest_first_units_together_in_plan_order(self):
        sizes = {"big.c": 9000, "mid.c": 1000, "small.c": 100}
        runs = [{"unit": u, "files": [f], "rep": c}
                for u, f, reps in (("small", "small.c", "ab"), ("mid", "mid.c", "abcdefgh"),
                                   ("big", "big.c", "abcd"))
                for c in reps]
        order = pp.run_order(runs, size=lambda f: sizes[f])
        # per run: big 13000, mid 5000, small 4100
        self.assertEqual([(r["unit"], r["rep"]) for r in order],
                         [("big", c) for c in "abcd"] + [("mid", c) for c in "abcdefgh"] +
                         [("small", c) for c in "ab"])

    def test_a_units_runs_go_to_every_worker(self):
        # Two workers and one long unit: the first two runs taken are both
        # the long unit's (the whole unit no longer waits on one worker).
        runs = [{"unit": "long", "files": ["l.c"], "rep": c} for c in "abcdef"]
        runs += [{"unit": "short", "files": ["s.c"], "rep": "a"}]
        order = pp.run_order(runs, size=lambda f: {"l.c": 50000, "s.c": 10}[f])
        self.assertEqual([r["unit"] for r in order[:2]], ["long", "long"])
        self.assertEqual(order[-1]["unit"], "short")

    def test_missing_file_costs_only_its_runs(self):
        runs = [{"unit": "gone", "files": ["nope.c"], "rep": "a"},
                {"unit": "here", "files": ["x.c"], "rep": "a"}]

        def size(f):
            if f == "nope.c":
                raise OSError("no such file")
            return 10
        self.assertEqual([r["unit"] for r in pp.run_order(runs, size=size)], ["here", "gone"])


class CliTest(unittest.TestCase):
    def run_tool(self, *args):
        return subprocess.run([sys.executable, TOOL] + list(args), capture_output=True, text=True,
                              cwd=REPO)

    def test_help(self):
        p = self.run_tool("--help")
        self.assertEqual(p.returncode, 0)
        self.assertIn("once for each", p.stdout)

    def test_usage_errors(self):
        self.assertEqual(self.run_tool().returncode, 2)
        p = self.run_tool("prove", "--list", "x", "--build", "b", "demo")
        self.assertEqual(p.returncode, 2)
        self.assertIn("unknown command 'prove'", p.stderr)
        p = self.run_tool("plan", "--list", "proofs/proved.list", "demo")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--list and --build are required", p.stderr)
        p = self.run_tool("plan", "--list", "proofs/proved.list", "--build", "build")
        self.assertEqual(p.returncode, 2)
        self.assertIn("no configuration given", p.stderr)
        p = self.run_tool("run", "--list", "proofs/proved.list", "--build", "build", "--jobs", "0",
                          "demo")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--jobs expects a positive number, got '0'", p.stderr)

    def test_bad_list(self):
        with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as f:
            f.write("u text kernel/core/absent.c\n")
        self.addCleanup(os.remove, f.name)
        p = self.run_tool("plan", "--list", f.name, "--build", "build", "demo")
        self.assertEqual(p.returncode, 1)
        self.assertIn("kernel/core/absent.c: no such file", p.stderr)
        self.assertNotIn("Traceback", p.stderr)

    def test_every_core_file_of_the_list_exists(self):
        with open(os.path.join(REPO, "proofs", "proved.list")) as f:
            units = pp.parse_list(f.read())
        for _, _, _, files in units:
            for path in files:
                self.assertTrue(os.path.isfile(os.path.join(REPO, path)), path)


if __name__ == "__main__":
    unittest.main()

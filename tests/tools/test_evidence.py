"""Tests of tools/evidence (the evidence bundle and its regression check).

@req EVID-002 (one command regenerates a configuration's evidence bundle; a
     regression against the committed baseline fails)

The citation grammar and the attachment heuristics are tested on source
text given inline; the bundle, the baseline check and the command line on
a copy of the mini tree tests/tools/fixtures/evidence/tree (a spec of eight
requirements, a core with cited and uncited functions, a header with
contracts, assembly, a tool, a unit test, a scenario, a proved.list).
"""
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "tools", "evidence")
FIXTURE = os.path.join(REPO, "tests", "tools", "fixtures", "evidence", "tree")

sys.path.insert(0, os.path.join(REPO, "tools"))
from evidence import bundle, citations, cli, traceability  # noqa: E402

MARK = "RE" + "Q:"          # spelled apart so this file cites nothing by accident


def ids_of(scan):
    return sorted({(c["id"], c["function"] or c["scope"]) for c in scan.citations})


def run(*args, cwd=None):
    return subprocess.run([sys.executable, TOOL] + list(args), capture_output=True,
                          text=True, cwd=cwd)


class GrammarTest(unittest.TestCase):
    def clause(self, text):
        ids, bad = citations.parse_clause(text, 0)
        return [i for i, _ in ids], bad

    def test_forms(self):
        self.assertEqual(self.clause(" PART-002."), (["PART-002"], None))
        self.assertEqual(self.clause(" FV-001, FV-002)."), (["FV-001", "FV-002"], None))
        self.assertEqual(self.clause(" SCHED-001/002 (x)"), (["SCHED-001", "SCHED-002"], None))
        self.assertEqual(self.clause(" A-001/002/010"), (["A-001", "A-002", "A-010"], None))
        self.assertEqual(self.clause(" FV-001 FV-008 */"), (["FV-001", "FV-008"], None))
        self.assertEqual(self.clause(" AB-001 and CD-001"), (["AB-001", "CD-001"], None))
        self.assertEqual(self.clause(" CFG-002, CFG-003: every ZZ-001"),
                         (["CFG-002", "CFG-003"], None))

    def test_remarks_and_prose_are_not_citations(self):
        text = (" HC-001 (single entry, see ZZ-001), HC-002 (console), HC-003 (partition\n"
                "info), HC-004 (unknown).  Later ZZ-002 is prose.")
        self.assertEqual(self.clause(text), (["HC-001", "HC-002", "HC-003", "HC-004"], None))
        self.assertEqual(self.clause(" PART-002.  (TLB ZZ-003 later)"), (["PART-002"], None))

    def test_multiline_comment_clause(self):
        src = ("/*\n * Header.\n * %s FV-003 (exceptions), FV-004\n"
               " *      (interrupts gated by\n *      MSR[EE]), FV-008.\n"
               " * Unrelated ZZ-004.\n */\nint x;\n" % MARK)
        sc = citations.scan_c("k.c", src)
        self.assertEqual([(c["id"], c["line"]) for c in sc.citations],
                         [("FV-003", 3), ("FV-004", 3), ("FV-008", 5)])
        self.assertEqual(sc.header_ids, {"FV-003", "FV-004", "FV-008"})

    def test_malformed_and_documentation(self):
        self.assertEqual(self.clause(" sched-001"), ([], "sched-001"))
        self.assertEqual(self.clause(" FV-1 x"), ([], "FV-1"))
        self.assertEqual(self.clause(" SCHED001"), ([], "SCHED001"))
        self.assertEqual(self.clause(" ID` / `@req ID`"), ([], None))
        self.assertEqual(self.clause(" <ID>, <ID>"), ([], None))

    def test_acsl_every_id(self):
        src = ("/*@ requires x;\n    ensures y;  // FV-005: sticky, FV-006\n*/\nint f(int x);\n"
               "//@ assigns \\nothing; // PART-001/002\nint g(void);\n")
        sc = citations.scan_c("k.h", src)
        self.assertEqual([(c["id"], c["marker"], c["function"]) for c in sc.citations],
                         [("FV-005", "acsl", "f"), ("FV-006", "acsl", "f"),
                          ("PART-001", "acsl", "g"), ("PART-002", "acsl", "g")])

    def test_hash_and_python_forms(self):
        sc = citations.scan_hash("t.scn", "# Intro.\n# @req A-001 B-002\nexpect = x #1 @req C-003\n")
        self.assertEqual(ids_of(sc), [("A-001", "file-header"), ("B-002", "file-header")])
        src = ('"""Module. @req M-001"""\n\n\n# %s C-001\ndef f():\n    """@req D-001: text."""\n'
               '    # @req E-001\n    return "%s Z-001"\n' % (MARK, MARK))
        sc = citations.scan_python("t.py", src)
        self.assertEqual(ids_of(sc), [("C-001", "f"), ("D-001", "f"), ("E-001", "f"),
                                      ("M-001", "file-header")])


class AttachmentTest(unittest.TestCase):
    SRC = ("/*\n * File header.  %(m)s H-001.\n */\n#include <x.h>\n\n"
           "/* Lead.  %(m)s L-001 */\n/*@ ensures \\result > 0; // L-002 */\n"
           "static int lead(void)\n{\n    return 1;\n}\n\n"
           "int body(int a,\n         int b)\n{\n    if (a) {\n        /* %(m)s B-001 */\n"
           "        return b;\n    }\n    return 0;\n}\n\n"
           "/* Blank line after me.  %(m)s F-001 */\n\nint detached(void)\n{\n    return 0;\n}\n\n"
           "struct s { int a; };\n/* Before a prototype.  %(m)s P-001 */\n"
           "struct s *proto(int (*cb)(int), const char *n) __attribute__((noreturn));\n"
           "static const int table[2] = { 1, 2 };\n"
           "/* Before a macro.  %(m)s M-001 */\n#define X 1\nint after_macro(void) { return X; }\n"
           % {"m": MARK})

    def test_c_attachment(self):
        sc = citations.scan_c("k.c", self.SRC)
        got = {c["id"]: (c["scope"], c["function"]) for c in sc.citations}
        self.assertEqual(got, {
            "H-001": ("file-header", None),
            "L-001": ("function", "lead"), "L-002": ("function", "lead"),
            "B-001": ("function", "body"),
            "F-001": ("file", None),
            "P-001": ("function", "proto"),
            "M-001": ("file", None),
        })
        self.assertEqual(sc.defined(), ["after_macro", "body", "detached", "lead"])

    def test_c_conditional_definitions(self):
        src = ("#if A\nint f(void)\n{\n    return 1;\n}\n#else\nint f(void)\n{\n"
               "    /* %s X-001 */\n    return 0;\n}\n#endif\nint g(void)\n{\n    return 2;\n}\n" % MARK)
        sc = citations.scan_c("k.c", src)
        self.assertEqual(ids_of(sc), [("X-001", "f")])
        self.assertEqual(sc.defined(), ["f", "g"])

    def test_asm_attachment(self):
        src = ("/*\n * Header.  %(m)s H-001.\n */\n#include <a.h>\n\n"
               "/*\n * fast: the fast path (%(m)s N-001).\n */\n.macro M\n    nop\n.endm\n\n"
               "    .globl slow\nslow:\n    li r3, 0\n    /* %(m)s B-001 */\n    blr\n\n"
               "/* Just before.  %(m)s D-001 */\n    .globl fast\n    .type fast, @function\n"
               "fast:\n    blr\n.Llocal:\n    /* %(m)s L-001 */\n    blr\n" % {"m": MARK})
        sc = citations.scan_asm("k.S", src)
        got = {c["id"]: c["function"] or c["scope"] for c in sc.citations}
        self.assertEqual(got, {"H-001": "file-header", "N-001": "fast", "B-001": "slow",
                               "D-001": "fast", "L-001": "fast"})

    def test_python_attachment(self):
        src = ("#!/usr/bin/env python3\n# Header comment.  %(m)s H-001\nimport os\n\n\n"
               "class K:\n    # %(m)s C-001\n    @staticmethod\n    def m():\n"
               "        x = 1  # %(m)s I-001\n        return x\n" % {"m": MARK})
        sc = citations.scan_python("k.py", src)
        self.assertEqual(ids_of(sc), [("C-001", "K.m"), ("H-001", "file-header"), ("I-001", "K.m")])


class FixtureCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="evidence-test-")
        self.root = os.path.join(self.tmp, "tree")
        shutil.copytree(FIXTURE, self.root)
        self.out = os.path.join(self.root, "build", "demo", "evidence")
        self.base = os.path.join(self.root, "evidence", "demo")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def tool(self, *args):
        return run("--config", "demo", "--root", self.root, *args)

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def summary(self, d=None):
        with open(os.path.join(d or self.out, "summary.json")) as f:
            return json.load(f)


class BundleTest(FixtureCase):
    def test_summary_of_fixture(self):
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("8 requirements: code 6, tests 5, proofs 3", p.stdout)
        t = self.summary()["traceability"]
        self.assertEqual(t["counts"], {
            "requirements": 8, "traced_code": 6, "traced_tests": 5, "traced_proofs": 3,
            "untested": 2, "without_code": 1, "core_functions": 7, "untraced_functions": 1,
            "unknown_ids": 0, "malformed": 0})
        self.assertEqual(t["untested"], ["AB-003", "CD-004"])      # XY-009 is withdrawn
        self.assertEqual(t["without_code"], ["CD-004"])
        self.assertEqual(t["untraced_functions"], ["kernel/core/beta.c:uncited"])
        self.assertEqual(t["requirements"]["CD-003"]["proofs"], 2)
        self.assertEqual(t["requirements"]["CD-003"]["proof_status"], "not-run")
        self.assertEqual(t["requirements"]["AB-002"]["tests"], 1)
        text = open(os.path.join(self.out, "traceability.txt")).read()
        for line in ("  code   kernel/arch/ppc405/entry.S:entry_fast",
                     "         kernel/core/beta.c:beta_cond",
                     "         tools/gen/gen.py:generate",
                     "  tests  tests/unit/test_beta.c:test_beta_body",
                     "  tests  tests/tools/test_gen.py:GenTest.test_generate",
                     "  tests  scenario demo/boot",
                     "  proofs kernel/core/beta.c:beta_lead (contract, not-run)",
                     "         kernel/core/beta.c:beta_proto (contract in "
                     "kernel/include/proteus/core.h, not-run)",
                     "CD-004 Cited nowhere  [UNTESTED, NO CODE]"):
            self.assertIn(line + "\n", text)

    def test_deterministic(self):
        self.assertEqual(self.tool().returncode, 0)
        first = open(os.path.join(self.out, "summary.json"), "rb").read()
        first_html = open(os.path.join(self.out, "index.html"), "rb").read()
        self.assertEqual(self.tool().returncode, 0)
        self.assertEqual(open(os.path.join(self.out, "summary.json"), "rb").read(), first)
        self.assertEqual(open(os.path.join(self.out, "index.html"), "rb").read(), first_html)
        other = os.path.join(self.tmp, "elsewhere")        # another bundle place, same summary
        self.assertEqual(self.tool("--out", other).returncode, 0)
        self.assertEqual(open(os.path.join(other, "summary.json"), "rb").read(), first)
        self.assertNotIn(self.tmp.encode(), first)
        data = json.loads(first)
        self.assertEqual(list(data), sorted(data))

    def test_html_links_relative(self):
        self.assertEqual(self.tool().returncode, 0)
        page = open(os.path.join(self.out, "index.html")).read()
        self.assertIn('<a href="../../../kernel/core/beta.c">kernel/core/beta.c</a>:uncited', page)
        self.assertIn('href="../../../tests/scenarios/demo/boot.scn">scenario demo/boot</a>', page)
        self.assertIn('<td class="attention">attention</td>', page)
        self.assertNotIn("<script", page)
        other = os.path.join(self.root, "b")
        self.assertEqual(self.tool("--out", other).returncode, 0)
        page = open(os.path.join(other, "index.html")).read()
        self.assertIn('<a href="../kernel/core/beta.c">', page)

    def test_unknown_id_is_an_error(self):
        self.write("kernel/core/gamma.c", "/* Gamma.  %s AB-001, ZZ-999. */\nint g(void);\n" % MARK)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("kernel/core/gamma.c:1: error: unknown requirement ID ZZ-999", p.stderr)
        self.assertEqual(self.summary()["traceability"]["unknown_ids"],
                         {"ZZ-999": ["kernel/core/gamma.c"]})
        p = self.tool("--accept")
        self.assertEqual(p.returncode, 1)
        self.assertIn("not updated", p.stderr)
        self.assertFalse(os.path.exists(self.base))

    def test_malformed_citation_is_an_error(self):
        self.write("tests/unit/test_x.c", "/* @req ab-001 */\nstatic void test_x(void **s) {}\n")
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("tests/unit/test_x.c:1: error: malformed citation `@req ab-001`", p.stderr)

    def test_proof_results(self):
        results = {"label": "demo", "functions": {
            "beta_lead": {"proven": 4, "total": 4, "smoke_passed": 1, "smoke_total": 1},
            "beta_proto": {"proven": 1, "total": 2, "smoke_passed": 1, "smoke_total": 1}}}
        self.write("build/demo/proofs/results.json", json.dumps(results))
        p = self.tool()
        # the proofs section: an unproven goal is an error (the bundle is written)
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/demo/proofs/results.json: error: function beta_proto: 1/2 goals "
                      "proven", p.stderr)
        reqs = self.summary()["traceability"]["requirements"]
        self.assertEqual(reqs["CD-001"]["proof_status"], "proven")
        self.assertEqual(reqs["CD-003"]["proof_status"], "unproven")
        self.assertEqual(self.summary()["traceability"]["inputs"]["proof-results"],
                         "build/demo/proofs/results.json")
        self.write("build/demo/proofs/results.json", '{"functions": {"f": {"proven": 1}}}')
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("results.json: function f: expected proven, total", p.stderr)


class BaselineTest(FixtureCase):
    def accept(self):
        p = self.tool("--accept")
        self.assertEqual(p.returncode, 0, p.stderr)
        return p

    def test_missing_baseline(self):
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertIn("no baseline", p.stderr)
        self.assertIn("make evidence-accept CONFIG=demo", p.stderr)

    def test_accept_then_check_passes(self):
        p = self.accept()
        self.assertIn("baseline", p.stdout)
        for name in ("summary.json", "traceability.txt"):
            self.assertEqual(open(os.path.join(self.base, name), "rb").read(),
                             open(os.path.join(self.out, name), "rb").read())
        self.assertFalse(os.path.exists(os.path.join(self.base, "index.html")))
        p = self.tool("--check")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("evidence demo: PASS", p.stdout)

    def test_regressions_fail_one_line_each(self):
        self.accept()
        os.remove(os.path.join(self.root, "tests", "unit", "test_beta.c"))
        self.write("kernel/core/beta.c", open(os.path.join(self.root, "kernel/core/beta.c")).read()
                   + "\nint also_uncited(void)\n{\n    return 0;\n}\n")
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        lines = [x for x in p.stdout.splitlines() if "REGRESSION" in x]
        self.assertEqual(lines, [
            "evidence demo: REGRESSION traceability: AB-002 is no longer traced to tests (baseline: 1)",
            "evidence demo: REGRESSION traceability: CD-001 is no longer traced to tests (baseline: 1)",
            "evidence demo: REGRESSION traceability: AB-002 has no test (not in the baseline)",
            "evidence demo: REGRESSION traceability: CD-001 has no test (not in the baseline)",
            "evidence demo: REGRESSION traceability: kernel/core/beta.c:also_uncited is untraced "
            "core code (not in the baseline)",
        ])
        self.assertIn("FAIL against", p.stdout)

    def test_proof_and_spec_regressions(self):
        ok = {"functions": {n: {"proven": 1, "total": 1, "smoke_passed": 0, "smoke_total": 0}
                            for n in ("beta_lead", "beta_proto")}}
        self.write("build/demo/proofs/results.json", json.dumps(ok))
        self.accept()
        ok["functions"]["beta_proto"]["proven"] = 0
        self.write("build/demo/proofs/results.json", json.dumps(ok))
        spec = open(os.path.join(self.root, "spec/requirements.md")).read()
        self.write("spec/requirements.md", spec.replace("### CD-004 Cited nowhere\n", ""))
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertIn("REGRESSION traceability: CD-002: a proof citing it is no longer complete", p.stdout)
        self.assertIn("REGRESSION traceability: CD-004 is no longer in the spec", p.stdout)

    def test_improvements_pass(self):
        self.accept()
        self.write("tests/scenarios/demo/more.scn", "# @req AB-003\nexpect = x\n")
        self.write("kernel/core/beta.c", open(os.path.join(self.root, "kernel/core/beta.c")).read()
                   .replace("int uncited(", "/* %s AB-003 */\nint uncited(" % MARK))
        p = self.tool("--check")
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("improvement traceability: AB-003 is now traced to tests (1)", p.stdout)
        self.assertIn("improvement traceability: AB-003 now has a test", p.stdout)
        self.assertIn("improvement traceability: kernel/core/beta.c:uncited is no longer "
                      "untraced core code", p.stdout)
        self.assertIn("make evidence-accept CONFIG=demo", p.stdout)

    def test_unknown_id_fails_check(self):
        self.accept()
        self.write("tools/gen/more.py", '"""@req ZZ-001"""\n')
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertIn("REGRESSION traceability: unknown requirement ID ZZ-001", p.stdout)

    def test_corrupt_baseline(self):
        os.makedirs(self.base)
        self.write("evidence/demo/summary.json", "{not json")
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertIn("not a summary.json", p.stderr)
        self.assertNotIn("Traceback", p.stderr)


class OptionalSection(bundle.Section):
    """A later section (coverage, say): absent input -> not generated."""
    key = "extra"
    title = "Extra"
    inputs = {"extra-data": ("build/{config}/extra.json", False)}
    reports = ("extra.txt",)

    def collect(self, ctx):
        rel, path = ctx.resolve_inputs(self)["extra-data"]
        if path is None:
            return bundle.NotGenerated("no %s" % rel)
        with open(path) as f:
            value = json.load(f)
        return bundle.SectionResult({"value": value}, "<p>%d</p>" % value,
                                    reports={"extra.txt": "%d\n" % value}, headline="v")

    def compare(self, base, cur):
        if cur["value"] < base["value"]:
            return ["value fell"], [], []
        return [], [], []


class SectionRegistryTest(FixtureCase):
    def main(self, *args):
        sections = [traceability.Traceability(), OptionalSection()]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err):
            rc = cli.main(["--config", "demo", "--root", self.root] + list(args),
                          sections=sections, out=out)
        return rc, out.getvalue(), err.getvalue()

    def test_absent_input_not_generated(self):
        rc, out, _ = self.main()
        self.assertEqual(rc, 0)
        self.assertIn("extra: not generated (no build/demo/extra.json)", out)
        self.assertIsNone(self.summary()["extra"])
        page = open(os.path.join(self.out, "index.html")).read()
        self.assertIn("Not generated: no build/demo/extra.json.", page)
        self.assertFalse(os.path.exists(os.path.join(self.out, "extra.txt")))

    def test_absent_versus_baseline(self):
        self.assertEqual(self.main("--accept")[0], 0)          # baseline without extra
        self.write("build/demo/extra.json", "5")
        rc, out, _ = self.main("--check")
        self.assertEqual(rc, 0, out)
        self.assertIn("improvement extra: generated now", out)
        self.assertEqual(self.main("--accept")[0], 0)          # baseline with extra = 5
        self.assertTrue(os.path.exists(os.path.join(self.base, "extra.txt")))
        self.write("build/demo/extra.json", "4")
        rc, out, _ = self.main("--check")
        self.assertEqual(rc, 1)
        self.assertIn("REGRESSION extra: value fell", out)
        os.remove(os.path.join(self.root, "build/demo/extra.json"))
        rc, out, _ = self.main("--check")
        self.assertEqual(rc, 1)
        self.assertIn("REGRESSION extra: not generated (no build/demo/extra.json); "
                      "the baseline has it", out)
        self.write("elsewhere.json", "7")
        rc, out, _ = self.main("--check", "--input", "extra-data=" + os.path.join(self.root,
                                                                                "elsewhere.json"))
        self.assertEqual(rc, 0, out)


class UsageTest(FixtureCase):
    def test_help(self):
        p = run("--help")
        self.assertEqual(p.returncode, 0)
        for word in ("--config", "--check", "--accept", "--baseline", "traceability",
                     "proof-results", "exit status"):
            self.assertIn(word, p.stdout)

    def test_bad_usage(self):
        self.assertEqual(run().returncode, 2)
        self.assertEqual(self.tool("--check", "--accept").returncode, 2)
        p = self.tool("--input", "nothing")
        self.assertEqual(p.returncode, 2)
        self.assertIn("expected NAME=PATH", p.stderr)
        p = self.tool("--input", "bogus=x")
        self.assertEqual(p.returncode, 2)
        self.assertIn("no input named bogus", p.stderr)
        self.assertEqual(run("--config", "../x", "--root", self.root).returncode, 2)

    def test_bad_input(self):
        p = run("--config", "nosuch", "--root", self.root)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no configuration", p.stderr)
        self.assertIn("(configurations: demo)", p.stderr)
        p = run("--config", "demo", "--root", os.path.join(self.tmp, "absent"))
        self.assertEqual(p.returncode, 1)
        self.assertIn("no such directory", p.stderr)
        spec = os.path.join(self.root, "spec", "requirements.md")
        with open(spec, "a") as f:
            f.write("\n### AB-001 Again\n")
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("spec/requirements.md:31: requirement AB-001 already defined at line 7", p.stderr)
        with open(spec, "w") as f:
            f.write("### not-an-id Title\n")
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("requirement heading is not `### ID Title`", p.stderr)
        os.remove(spec)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("spec/requirements.md: no such file", p.stderr)
        self.assertNotIn("Traceback", p.stderr)
        with open(os.path.join(self.root, "proofs", "proved.list"), "a") as f:
            f.write("absent text kernel/core/absent.c\n")
        with open(spec, "w") as f:
            f.write("### AB-001 T\n")
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("proofs/proved.list: kernel/core/absent.c is not a C file of the tree", p.stderr)
        # the proof kinds tools/proofplan knows, and no other
        listing = os.path.join(self.root, "proofs", "proved.list")
        with open(listing) as f:
            kept = [l for l in f if "absent.c" not in l]
        with open(listing, "w") as f:
            f.writelines(kept + ["x per-sometimes kernel/core/x.c\n"])
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("expected `NAME text|tables [only=CONFIG] FILE...`", p.stderr)


if __name__ == "__main__":
    unittest.main()

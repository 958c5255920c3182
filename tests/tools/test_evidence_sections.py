"""Tests of the evidence bundle's sections other than traceability: test
results, proofs, WCET, footprint; and of tools/footprint --config-only.

@req EVID-002 (each section of the bundle: its summary, page, report and
     regression rules against the committed baseline)
@req EVID-001 (the WCET bounds beside the measured maxima, bound >= measured
     checked)
@req FOOT-001 (the footprint of a configuration's own image)

Each test runs tools/evidence on a copy of the mini tree
tests/tools/fixtures/evidence/tree with the section inputs of
tests/tools/fixtures/evidence-sections copied to their default paths: a
tools/wcet report of four entry paths and a measurement of them, two
tools/wpreport results, a tools/footprint --config-only document (JSON
format 2, written by the tool from the footprint fixtures with a fake
readelf and nm, the fixtures' config.h, images.S, config_data.c and
asm-offsets.h as the image's gen/: test_config_only_option_feeds_the_section
checks that it is that output) and a results directory of make check.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "tools", "evidence")
TREE = os.path.join(REPO, "tests", "tools", "fixtures", "evidence", "tree")
INPUTS = os.path.join(REPO, "tests", "tools", "fixtures", "evidence-sections")
FOOTPRINT = os.path.join(REPO, "tools", "footprint")
FP_FIXTURES = os.path.join(REPO, "tests", "tools", "fixtures", "footprint")

sys.path.insert(0, os.path.join(REPO, "tools"))
from evidence import bundle, footprint, proofs, registry, testresults, wcet  # noqa: E402

# fixture file -> its default path in the tree (configuration demo)
PLACES = {
    "wcet.json": "build/demo/wcet.json",
    "wcet-measured.json": "build/demo/wcet-measured.json",
    "proofs-demo.json": "build/demo/proofs/results.json",
    "footprint-config.json": "build/demo/footprint-config.json",
    "results": "build/results",
}


class SectionCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="evidence-sections-")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.root = os.path.join(self.tmp, "tree")
        shutil.copytree(TREE, self.root)
        self.out = os.path.join(self.root, "build", "demo", "evidence")
        self.base = os.path.join(self.root, "evidence", "demo")
        for name in PLACES:
            self.place(name)

    def place(self, name):
        dst = os.path.join(self.root, PLACES[name])
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.isdir(os.path.join(INPUTS, name)):
            shutil.copytree(os.path.join(INPUTS, name), dst)
        else:
            shutil.copyfile(os.path.join(INPUTS, name), dst)

    def remove(self, name):
        path = os.path.join(self.root, PLACES[name])
        shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)

    def tool(self, *args):
        p = subprocess.run([sys.executable, TOOL, "--config", "demo", "--root", self.root]
                           + list(args), capture_output=True, text=True)
        self.assertNotIn("Traceback", p.stderr)
        return p

    def accept(self):
        p = self.tool("--accept")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def load(self, name):
        with open(os.path.join(self.root, PLACES[name])) as f:
            return json.load(f)

    def save(self, name, data):
        with open(os.path.join(self.root, PLACES[name]), "w") as f:
            json.dump(data, f)

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def summary(self, key=None):
        with open(os.path.join(self.out, "summary.json")) as f:
            data = json.load(f)
        return data if key is None else data[key]

    def text(self, name):
        with open(os.path.join(self.out, name)) as f:
            return f.read()

    def regressions(self, p):
        return [x.split("REGRESSION ", 1)[1] for x in p.stdout.splitlines() if "REGRESSION" in x]


class AllSectionsTest(SectionCase):
    def test_registry(self):
        keys = [s.key for s in registry.SECTIONS]
        for key in ("traceability", "tests", "proofs", "wcet", "footprint"):
            self.assertIn(key, keys)
        self.assertEqual(len(keys), len(set(keys)))
        reports = [r for s in registry.SECTIONS for r in s.reports]
        self.assertEqual(len(reports), len(set(reports)))

    def test_every_section_generated(self):
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        s = self.summary()
        for key in ("tests", "proofs", "wcet", "footprint"):
            self.assertIsNotNone(s[key], key)
        for name in ("tests.txt", "proofs.txt", "wcet.txt", "footprint.txt"):
            self.assertTrue(os.path.isfile(os.path.join(self.out, name)), name)
        page = self.text("index.html")
        for anchor in ("tests", "proofs", "wcet", "footprint"):
            self.assertIn('<section id="%s">' % anchor, page)
            self.assertIn('<a href="#%s">' % anchor, page)

    def test_no_input_no_section(self):
        for name in PLACES:
            self.remove(name)
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        s = self.summary()
        for key in ("tests", "proofs", "wcet", "footprint"):
            self.assertIsNone(s[key], key)
        self.assertIn("wcet: not generated (no build/demo/wcet.json (make wcet CONFIG=demo "
                      "writes it))", p.stdout)
        self.assertIn("footprint: not generated (no build/demo/footprint-config.json", p.stdout)
        self.assertIn("tests: not generated (no build/results/", p.stdout)
        self.assertIn("proofs: not generated (no build/demo/proofs/results.json", p.stdout)

    def test_deterministic_and_relocatable(self):
        self.assertEqual(self.tool().returncode, 0)
        with open(os.path.join(self.out, "summary.json"), "rb") as f:
            first = f.read()
        pages = []
        for _ in range(2):
            self.assertEqual(self.tool().returncode, 0)
            with open(os.path.join(self.out, "index.html"), "rb") as f:
                pages.append(f.read())
        self.assertEqual(pages[0], pages[1])
        other = os.path.join(self.tmp, "elsewhere")
        self.assertEqual(self.tool("--out", other).returncode, 0)
        with open(os.path.join(other, "summary.json"), "rb") as f:
            self.assertEqual(f.read(), first)
        self.assertNotIn(self.tmp.encode(), first)

    def test_accept_then_check(self):
        self.accept()
        for name in ("summary.json", "tests.txt", "proofs.txt", "wcet.txt", "footprint.txt"):
            self.assertTrue(os.path.isfile(os.path.join(self.base, name)), name)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("evidence demo: PASS", p.stdout)

    def test_sections_absent_from_an_older_baseline_are_improvements(self):
        kept = {}
        for name in PLACES:
            kept[name] = True
            self.remove(name)
        self.accept()                                 # traceability only, like today's baselines
        for name in kept:
            self.place(name)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 0, p.stdout)
        for key in ("tests", "proofs", "wcet", "footprint"):
            self.assertIn("improvement %s: generated now" % key, p.stdout)


class BundleHelpersTest(unittest.TestCase):
    def test_html_table(self):
        t = bundle.html_table(["a<b", "n"], [["x&y", 3], [bundle.Markup("<i>k</i>"), 4]],
                              numeric={1}, row_class=lambda i: "bad" if i else None)
        self.assertIn("<th>a&lt;b</th><th class=\"num\">n</th>", t)
        self.assertIn("<tr><td>x&amp;y</td><td class=\"num\">3</td></tr>", t)
        self.assertIn("<tr class=\"bad\"><td><i>k</i></td>", t)

    def test_text_table(self):
        self.assertEqual(bundle.text_table(["name", "n"], [["a", 10], ["bb", 2]]),
                         "name   n\na     10\nbb     2")

    def test_directory_input(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        ctx = bundle.Context(tmp, "demo", os.path.join(tmp, "out"))
        sec = testresults.TestResults()
        self.assertEqual(ctx.resolve_inputs(sec)["results"], ("build/results", None))
        os.makedirs(os.path.join(tmp, "build", "results"))
        self.assertEqual(ctx.resolve_inputs(sec)["results"][1],
                         os.path.join(tmp, "build", "results"))

        class Needs(bundle.Section):
            key = "n"
            inputs = {"d": ("nowhere/", True)}
        with self.assertRaisesRegex(bundle.InputError, "nowhere: no such directory"):
            ctx.resolve_inputs(Needs())


# ------------------------------------------------------------ test results --
class TestResultsTest(SectionCase):
    def test_summary(self):
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        t = self.summary("tests")
        self.assertEqual(t["steps"], {
            "config-demo": {"passed": 4, "failed": 0, "skipped": 0},
            "tools": {"passed": 2, "failed": 0, "skipped": 1},
            "unit": {"passed": 3, "failed": 0, "skipped": 0}})
        self.assertEqual(t["totals"], {"passed": 9, "failed": 0, "skipped": 1})
        self.assertEqual(t["failures"], [])
        self.assertIn("tests: 3 steps: passed 9, failed 0, skipped 1", p.stdout)
        text = self.text("tests.txt")
        self.assertIn("config-demo       4       0        0\n", text)
        page = self.text("index.html")
        self.assertIn("Not read: config-other.res, evidence.res", page)

    def test_failure_is_an_error_and_a_regression(self):
        self.accept()
        with open(os.path.join(self.root, "build/results/unit.res"), "a") as f:
            f.write("FAIL unit.test_sched.test_new\n")
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/results/unit.res: error: FAIL unit.test_sched.test_new", p.stderr)
        self.assertEqual(self.regressions(p), ["tests: failed test unit: FAIL "
                                               "unit.test_sched.test_new"])
        self.assertEqual(self.summary("tests")["failures"], ["unit: FAIL unit.test_sched.test_new"])
        p = self.tool("--accept")
        self.assertEqual(p.returncode, 1)
        self.assertIn("not updated", p.stderr)

    def test_fewer_passed_is_a_regression(self):
        self.accept()
        self.write("build/results/unit.res", "PASS unit.test_sched.test_start\n")
        os.remove(os.path.join(self.root, "build/results/config-demo.res"))
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(self.regressions(p), [
            "tests: step config-demo left no result (baseline: 4 passed)",
            "tests: step unit: 1 tests passed, 3 in the baseline"])
        self.assertIn("no config-demo.res", p.stdout)

    def test_more_passed_is_an_improvement(self):
        self.accept()
        with open(os.path.join(self.root, "build/results/tools.res"), "a") as f:
            f.write("PASS tests.tools.test_b.BTest.test_new\n")
        self.write("build/results/proofs.res", "PASS proofs.common\n")
        p = self.tool("--check")
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("improvement tests: step tools: 3 tests passed, 2 in the baseline", p.stdout)
        self.assertIn("improvement tests: step proofs: 1 tests passed, 0 in the baseline "
                      "(new step)", p.stdout)

    def test_another_configuration_reads_its_own_file(self):
        self.write("config/other.conf", "# another\n")
        p = subprocess.run([sys.executable, TOOL, "--config", "other", "--root", self.root],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 1)      # config-other.res has a FAIL line
        self.assertIn("build/results/config-other.res: error: FAIL scenario other/boot (timeout)",
                      p.stderr)
        with open(os.path.join(self.root, "build/other/evidence/summary.json")) as f:
            steps = json.load(f)["tests"]["steps"]
        self.assertEqual(sorted(steps), ["config-other", "tools", "unit"])

    def test_empty_directory_not_generated(self):
        shutil.rmtree(os.path.join(self.root, "build/results"))
        os.makedirs(os.path.join(self.root, "build/results"))
        p = self.tool()
        self.assertIn("tests: not generated (no result file in build/results/", p.stdout)

    def test_input_override(self):
        other = os.path.join(self.tmp, "res")
        os.makedirs(other)
        with open(os.path.join(other, "unit.res"), "w") as f:
            f.write("PASS a\n")
        p = self.tool("--input", "results=" + other)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.summary("tests")["steps"], {"unit": {"passed": 1, "failed": 0,
                                                                   "skipped": 0}})


# ------------------------------------------------------------------ proofs --
class ProofsTest(SectionCase):
    def test_summary(self):
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        s = self.summary("proofs")
        self.assertEqual(s["totals"], {"goals_proven": 47, "goals_total": 47, "smoke_passed": 12,
                                       "smoke_total": 12, "functions": 3, "functions_proven": 3})
        self.assertEqual(sorted(s["runs"]), ["config"])
        self.assertEqual(s["runs"]["config"]["input"], "build/demo/proofs/results.json")
        self.assertEqual(s["runs"]["config"]["functions"]["tlb_refill"],
                         {"proven": 17, "total": 17, "smoke_passed": 8, "smoke_total": 8})
        self.assertEqual(s["runs"]["config"]["units"]["tlb"]["run"], "tlb-device")
        self.assertEqual(s["unproven"], [])
        self.assertIn("proofs: 47/47 goals proven, 12/12 smoke tests passed, 3/3 functions fully "
                      "proven", p.stdout)
        text = self.text("proofs.txt")
        self.assertIn("tlb_refill    17/17    8/8  proven\n", text)
        self.assertIn("tlb     text  tlb-device   17/17  ok\n", text)
        self.assertIn("<td>tlb-device</td>", self.text("index.html"))

    def test_unproven_goal_is_an_error(self):
        data = self.load("proofs-demo.json")
        data["functions"]["region_check"].update(proven=11, unproven=["typed_region_check_a"])
        self.save("proofs-demo.json", data)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/demo/proofs/results.json: error: function region_check: 11/12 "
                      "goals proven, 2/2 smoke tests passed (unproven: typed_region_check_a)",
                      p.stderr)
        self.assertEqual(self.summary("proofs")["unproven"], ["config:region_check"])
        self.assertIn('<span class="st-unproven">unproven: typed_region_check_a</span>',
                      self.text("index.html"))

    def test_failed_smoke_test_is_an_error(self):
        data = self.load("proofs-demo.json")
        data["functions"]["tlb_refill"]["smoke_passed"] = 7
        self.save("proofs-demo.json", data)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("function tlb_refill: 17/17 goals proven, 7/8 smoke tests passed", p.stderr)

    def test_unit_without_result_is_an_error(self):
        data = self.load("proofs-demo.json")
        data["units"]["tlb"] = {"run": "tlb-device", "kind": "text", "files": ["kernel/core/tlb.c"],
                                "error": "no result: frama-c failed"}
        del data["functions"]["tlb_refill"]
        self.save("proofs-demo.json", data)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/demo/proofs/results.json: error: unit tlb (run tlb-device): "
                      "no result: frama-c failed", p.stderr)

    def test_regressions(self):
        self.accept()
        data = self.load("proofs-demo.json")
        del data["functions"]["console_putc"]
        del data["units"]["tlb"]
        del data["functions"]["tlb_refill"]
        self.save("proofs-demo.json", data)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertEqual([r for r in self.regressions(p) if r.startswith("proofs")], [
            "proofs: config: unit tlb of the baseline is no longer proven for this configuration",
            "proofs: config: function console_putc was proven in the baseline and is no longer "
            "in the results",
            "proofs: config: function tlb_refill was proven in the baseline and is no longer "
            "in the results"])
        self.assertIn("proofs: 12/12 goals proven", p.stdout)

    def test_results_absent_is_a_regression(self):
        self.accept()
        self.remove("proofs-demo.json")
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertIn("proofs: not generated (no build/demo/proofs/results.json (make check's "
                      "proofs step, or make proofs CONFIG=demo, writes it)); the baseline has it",
                      self.regressions(p))

    def test_unproven_is_a_regression(self):
        self.accept()
        data = self.load("proofs-demo.json")
        data["functions"]["tlb_refill"]["proven"] = 16
        self.save("proofs-demo.json", data)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertIn("proofs: config: function tlb_refill is no longer fully proven (16/17 goals, "
                      "8/8 smoke tests; baseline 17/17)", self.regressions(p))

    def test_new_function_unit_and_changed_goals(self):
        self.accept()
        data = self.load("proofs-demo.json")
        data["functions"]["vcpu_reset"] = {"proven": 3, "total": 3, "smoke_passed": 1,
                                           "smoke_total": 1, "unproven": []}
        data["units"]["vcpu"] = {"run": "vcpu-full", "kind": "text", "files": ["kernel/core/v.c"],
                                 "goals": {"proven": 3, "total": 3}}
        data["functions"]["region_check"].update(proven=14, total=14)
        self.save("proofs-demo.json", data)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("improvement proofs: config: function vcpu_reset proven (new)", p.stdout)
        self.assertIn("improvement proofs: config: unit vcpu proven for this configuration (new)",
                      p.stdout)
        self.assertIn("note proofs: config: function region_check has 14 goals and 2 smoke "
                      "tests (baseline 12 and 2): its code or contract changed", p.stdout)

    def test_shared_input_name(self):
        """--input proof-results overrides the file for both sections that read it."""
        other = os.path.join(self.tmp, "r.json")
        shutil.copyfile(os.path.join(INPUTS, "proofs-demo.json"), other)
        self.remove("proofs-demo.json")
        p = self.tool("--input", "proof-results=" + other)
        self.assertEqual(p.returncode, 0, p.stderr)
        s = self.summary()
        self.assertEqual(s["proofs"]["runs"]["config"]["input"], "../r.json")
        self.assertEqual(s["traceability"]["inputs"]["proof-results"], "../r.json")

    def test_bad_input(self):
        self.write(PLACES["proofs-demo.json"], '{"label": "demo"}')
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/demo/proofs/results.json: no \"functions\" object", p.stderr)
        self.write(PLACES["proofs-demo.json"], '{"label": "demo", "functions": {}, "units": {"a": 3}}')
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/demo/proofs/results.json: unit a: malformed entry", p.stderr)


# -------------------------------------------------------------------- wcet --
class WcetTest(SectionCase):
    def test_summary(self):
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        w = self.summary("wcet")
        self.assertEqual(w["counts"], {"paths": 4, "functions": 3, "loops": 2, "errors": 0})
        self.assertEqual(w["paths"]["vector 0x0700 program"], {
            "kind": "vector", "rfi": {"instructions": 500, "cycles": 1100},
            "stop": {"instructions": 300, "cycles": 700}})
        self.assertIsNone(w["paths"]["vector 0x0100 critical-input"]["rfi"])
        self.assertEqual(w["violations"], [])
        self.assertEqual(w["inputs"], {"wcet": "build/demo/wcet.json",
                                       "wcet-measured": "build/demo/wcet-measured.json"})
        # the measured maxima: per path and end, instructions and instances
        self.assertEqual(w["measured"], {
            "paths": {"boot _start": {"rfi": {"instructions": 900, "runs": 1}},
                      "entry reload-finish": {"rfi": {"instructions": 78, "runs": 1}},
                      "vector 0x0700 program": {"rfi": {"instructions": 120, "runs": 7}}},
            "traces": [{"budget": 2000000, "end": "budget", "lines": 2000000}],
            "not_reached": [],
            "counts": {"measured": 3, "unreachable": 2, "not_reached": 0}})
        self.assertIn("wcet: 4 entry paths bounded; longest to rfi: boot _start, 1000 "
                      "instructions (2000 cycles); 3 measured, smallest bound/measured 1.03 "
                      "(entry reload-finish)", p.stdout)
        text = self.text("wcet.txt")
        self.assertIn("vector 0x0700 program         vector           500    1100            300"
                      "     700\n", text)
        self.assertIn("measured maxima (instructions) of a QEMU trace of the image (budget "
                      "2000000 lines, 2000000 traced, ended by budget): 3 path end(s)\n", text)
        self.assertIn("vector 0x0700 program  rfi    500       120            4.17     7\n", text)
        # why the others are not measured: critical input is never enabled, a
        # halt is a panic
        self.assertIn("- vector 0x0100 critical-input (halt)\n    why: critical input: MSR[CE] "
                      "is never set", text)
        self.assertIn("- vector 0x0700 program (halt)\n    why: to halt: the only halt is "
                      "panic()", text)
        self.assertNotIn("not reached by the trace", text)
        page = self.text("index.html")
        # bound, cycles, measured, ratio, runs
        self.assertIn('<td class="num">500</td><td class="num">1100</td><td class="num">120</td>'
                      '<td class="num">4.17</td><td class="num">7</td>', page)
        self.assertIn("budget 2000000 lines, 2000000 traced, ended by budget", page)
        self.assertIn("<li>critical input: MSR[CE]", page)

    def test_summary_follows_the_measurement(self):
        self.assertEqual(self.tool().returncode, 0)
        with open(os.path.join(self.out, "summary.json"), "rb") as f:
            first = f.read()
        self.assertEqual(self.tool().returncode, 0)
        with open(os.path.join(self.out, "summary.json"), "rb") as f:
            self.assertEqual(f.read(), first)           # deterministic
        m = self.load("wcet-measured.json")
        for r in m["rows"]:
            if r["measured"] is not None:
                r["measured"] -= 1
                r["runs"] += 5
        self.save("wcet-measured.json", m)
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.summary("wcet")["measured"]["paths"]["boot _start"],
                         {"rfi": {"instructions": 899, "runs": 6}})
        self.assertIn("boot _start            rfi   1000       899", self.text("wcet.txt"))
        self.remove("wcet-measured.json")
        p = self.tool()
        self.assertIn("not measured (make evidence-traces)", p.stdout)
        self.assertIn("measured maxima: none (no tools/wcet measure report: make "
                      "evidence-traces)\n", self.text("wcet.txt"))
        self.assertIsNone(self.summary("wcet")["inputs"]["wcet-measured"])
        self.assertIsNone(self.summary("wcet")["measured"])
        self.assertIn("Measured maxima: not available", self.text("index.html"))

    def test_reachable_path_not_measured_is_listed(self):
        m = self.load("wcet-measured.json")
        row = next(r for r in m["rows"] if r["path"] == "vector 0x0700 program"
                   and r["end"] == "rfi")
        row.update(measured=None, runs=0, ratio=None)
        self.save("wcet-measured.json", m)
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        w = self.summary("wcet")["measured"]
        self.assertEqual(w["not_reached"], ["vector 0x0700 program to rfi"])
        self.assertEqual(w["counts"], {"measured": 2, "unreachable": 2, "not_reached": 1})
        self.assertNotIn("vector 0x0700 program", w["paths"])
        self.assertIn("- vector 0x0700 program (rfi)\n    why: not reached by the trace",
                      self.text("wcet.txt"))

    def test_unreachable_reasons(self):
        def path(name, kind="vector"):
            return {"name": name, "kind": kind}
        self.assertIn("MSR[DE]", wcet.unreachable_reason(path("vector 0x2000 debug"), "rfi"))
        self.assertIn("machine check", wcet.unreachable_reason(
            path("vector 0x0200 machine-check"), "rfi"))
        self.assertIn("FIT", wcet.unreachable_reason(path("vector 0x1010 fit"), "halt"))
        self.assertEqual(wcet.unreachable_reason(path("vector 0x0900 unused-0x0900"), "rfi"),
                         wcet.UNUSED_REASON)
        self.assertEqual(wcet.unreachable_reason(path("vector 0x0300 data-storage"), "halt"),
                         wcet.HALT_REASON)
        for name in ("vector 0x0300 data-storage", "vector 0x0600 alignment",
                     "vector 0x1000 pit", "vector 0x0c00 system-call"):
            self.assertIsNone(wcet.unreachable_reason(path(name), "rfi"), name)
        self.assertIsNone(wcet.unreachable_reason(path("entry reload-finish", "entry"), "rfi"))

    def test_measured_regressions_improvements_and_notes(self):
        self.accept()
        m = self.load("wcet-measured.json")
        rows = {(r["path"], r["end"]): r for r in m["rows"]}
        rows[("entry reload-finish", "rfi")].update(measured=None, runs=0, ratio=None)
        rows[("vector 0x0700 program", "rfi")].update(measured=130, runs=9)
        rows[("vector 0x0700 program", "halt")].update(measured=250, runs=1)
        m["trace_ends"][0].update(budget=3000000, lines=3000000)
        self.save("wcet-measured.json", m)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertEqual([r for r in self.regressions(p) if r.startswith("wcet")], [
            "wcet: entry reload-finish to rfi: measured in the baseline (78 instructions, 1 "
            "run(s)), no longer measured"])
        self.assertIn("note wcet: vector 0x0700 program to rfi: measured maximum 130 "
                      "instructions in 9 run(s), baseline 120 in 7", p.stdout)
        self.assertIn("improvement wcet: vector 0x0700 program to halt: measured now (250 "
                      "instructions, 1 run(s)), not in the baseline", p.stdout)
        self.assertIn("note wcet: trace: budget 3000000 lines, 3000000 traced, ended by budget; "
                      "baseline: budget 2000000 lines, 2000000 traced, ended by budget", p.stdout)
        # a changed maximum alone is no regression
        rows[("entry reload-finish", "rfi")].update(measured=70, runs=2, ratio=1.14)
        self.save("wcet-measured.json", m)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("note wcet: entry reload-finish to rfi: measured maximum 70 instructions "
                      "in 2 run(s), baseline 78 in 1", p.stdout)

    def test_measurement_missing_is_a_regression_once_in_the_baseline(self):
        self.accept()
        self.remove("wcet-measured.json")
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertEqual([r for r in self.regressions(p) if r.startswith("wcet")], [
            "wcet: not measured (no wcet-measured.json: make evidence-traces); the baseline "
            "measured 3 path end(s)"])

    def test_baseline_without_measurement(self):
        self.remove("wcet-measured.json")
        self.accept()
        self.place("wcet-measured.json")
        p = self.tool("--check")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("improvement wcet: measured maxima recorded now (3 path end(s)), none in "
                      "the baseline", p.stdout)
        # a baseline written before the measurement was in summary.json
        path = os.path.join(self.base, "summary.json")
        with open(path) as f:
            base = json.load(f)
        del base["wcet"]["measured"]
        with open(path, "w") as f:
            json.dump(base, f)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("measured maxima recorded now", p.stdout)

    def test_bad_trace_ends(self):
        m = self.load("wcet-measured.json")
        m["trace_ends"] = [{"end": "later", "lines": 1, "budget": 1}]
        self.save("wcet-measured.json", m)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/demo/wcet-measured.json: trace_ends[0]: expected end (budget, halt "
                      "or exit), lines, budget", p.stderr)
        m["trace_ends"] = [{"file": "raw.log", "end": None}]   # a raw QEMU log: accepted
        self.save("wcet-measured.json", m)
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.summary("wcet")["measured"]["traces"], [None])

    def test_measured_above_bound_is_an_error(self):
        m = self.load("wcet-measured.json")
        row = next(r for r in m["rows"] if r["path"] == "vector 0x0700 program" and r["end"] == "rfi")
        row["measured"] = 501
        self.save("wcet-measured.json", m)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/demo/wcet-measured.json: error: vector 0x0700 program to rfi: "
                      "measured maximum 501 instructions exceeds the static bound 500", p.stderr)
        self.assertEqual(len(self.summary("wcet")["violations"]), 1)
        self.assertIn('<tr class="bad"><td>vector 0x0700 program</td>', self.text("index.html"))

    def test_measured_without_bound_is_an_error(self):
        m = self.load("wcet-measured.json")
        m["rows"].append({"path": "boot _start", "end": "halt", "bound": None, "measured": 12,
                          "runs": 1, "cut": 0, "ratio": None, "bound_cycles": None})
        m["violations"].append({"path": "vector 0x0a00 ghost", "end": "?", "bound": None,
                                "measured": None, "runs": 2, "cut": 0, "ratio": None,
                                "bound_cycles": None})
        self.save("wcet-measured.json", m)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("boot _start measured to halt (12 instructions) but has no static bound "
                      "that way", p.stderr)
        self.assertIn("vector 0x0a00 ghost measured (2 instance(s)) but is no analysed entry "
                      "path", p.stderr)

    def test_measurement_of_another_image_is_an_error(self):
        w = self.load("wcet.json")
        w["paths"][0]["rfi"] = {"instructions": 1010, "cycles": 2020}
        self.save("wcet.json", w)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/demo/wcet-measured.json: error: measured on another image than the "
                      "bounds (1 path(s) differ, e.g. boot _start to rfi: bound 1000 there, 1010 "
                      "in build/demo/wcet.json): rerun make evidence-traces", p.stderr)

    def test_analysis_error_is_an_error(self):
        w = self.load("wcet.json")
        w["errors"] = ["function f1: loop at 0x1010 has no @wcet-bound"]
        self.save("wcet.json", w)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/demo/wcet.json: error: analysis error: function f1: loop at 0x1010 "
                      "has no @wcet-bound", p.stderr)

    def test_bad_input(self):
        self.write(PLACES["wcet.json"], '{"paths": []}')
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("build/demo/wcet.json: not a tools/wcet --json report", p.stderr)
        self.place("wcet.json")
        self.write(PLACES["wcet-measured.json"], "[1]")
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("not a tools/wcet measure --json report", p.stderr)

    def test_regressions(self):
        self.remove("wcet-measured.json")
        self.accept()
        w = self.load("wcet.json")
        paths = {p["name"]: p for p in w["paths"]}
        paths["vector 0x0700 program"]["rfi"] = {"instructions": 520, "cycles": 1100}
        paths["vector 0x0700 program"]["stop"] = {"instructions": 300, "cycles": 710}
        paths["boot _start"]["rfi"] = {"instructions": 990, "cycles": 1990}
        w["paths"].remove(paths["entry reload-finish"])
        self.save("wcet.json", w)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertEqual([r for r in self.regressions(p) if r.startswith("wcet")], [
            "wcet: entry reload-finish is no longer analysed (baseline: to rfi 80 instructions / "
            "170 cycles, to halt -)",
            "wcet: vector 0x0700 program to rfi: bound grew from 500 to 520 instructions (+20)",
            "wcet: vector 0x0700 program to halt: bound grew from 700 to 710 cycles (+10)"])
        self.assertIn("improvement wcet: boot _start to rfi: bound fell from 1000 to 990 "
                      "instructions", p.stdout)

    def test_new_path_is_not_a_regression(self):
        self.remove("wcet-measured.json")
        self.accept()
        w = self.load("wcet.json")
        w["paths"].append({"name": "entry other", "kind": "entry", "entry": "0x4000",
                           "rfi": {"instructions": 5, "cycles": 9}, "stop": None,
                           "bound": {"instructions": 5, "cycles": 9}})
        self.save("wcet.json", w)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("note wcet: entry other is a new entry path (to rfi 5 instructions / 9 "
                      "cycles, to halt -)", p.stdout)


# --------------------------------------------------------------- footprint --
FAKE_READELF = """#!/bin/sh
case "$*" in *-SW*) cat %(f)s/small.readelf-S.txt;; *) cat %(f)s/small.readelf-x.txt;; esac
"""
FAKE_NM = "#!/bin/sh\ncat %(f)s/small.nm.txt\n"
CONF = """\
# a configuration
[system]
core = host=0x00000000 size=4M

[partition a]
image = build/guests/hello.elf
on_fault = halt
ram = guest=0x00000000 host=0x01000000 size=1M perm=rwx

[schedule]
major_frame = 1ms
window = a 1ms
"""


class FootprintTest(SectionCase):
    def test_summary(self):
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        f = self.summary("footprint")
        self.assertEqual(f["figures"], {"text": 336, "code": 80, "data": 32, "per_vm": 24,
                                        "register_file": 16, "bookkeeping": 8,
                                        "tables": 48, "stacks": 288, "images": 32,
                                        "partition_state": 48})
        self.assertEqual(f["partitions"], 2)
        self.assertEqual(f["paper_register_file"], 1260)
        self.assertEqual(f["stacks"], {"__stack_bottom..__stack_top": 256, "reload_stacks": 32})
        self.assertIn("footprint: .text 336, code 80, .data 32, per VM 24 (register file 16, "
                      "bookkeeping 8), tables 48, stacks 288", p.stdout)
        report = self.text("footprint.txt")
        self.assertIn("core stacks                                               288\n", report)
        self.assertRegex(report, r"\nregister file per VM \(struct ctx \+ struct vcpu\) +16\n")
        self.assertRegex(report, r"\nbookkeeping per VM \(the rest of struct partition\) +8\n")
        self.assertRegex(report, r"\nregister file per VM in the paper \(section 5\) +1260\n")

    def test_growth_is_a_regression(self):
        self.accept()
        doc = self.load("footprint-config.json")
        row = doc["variants"][0]
        row["code"] += 8
        row["data"] -= 4
        row["register_file"] += 8       # a field moved from struct partition to struct vcpu
        row["bookkeeping"] -= 8
        doc["configuration"]["stacks"]["bytes"] += 512
        doc["configuration"]["images"]["bytes"] += 100
        self.save("footprint-config.json", doc)
        p = self.tool("--check")
        self.assertEqual(p.returncode, 1)
        self.assertEqual([r for r in self.regressions(p) if r.startswith("footprint")], [
            "footprint: code grew from 80 bytes to 88 (+8)",
            "footprint: register file per VM grew from 16 bytes to 24 (+8)",
            "footprint: core stacks grew from 288 bytes to 800 (+512)"])
        self.assertIn("improvement footprint: .data fell from 32 bytes to 28 (-4)", p.stdout)
        self.assertIn("improvement footprint: bookkeeping per VM fell from 8 bytes to 0 (-8)",
                      p.stdout)
        self.assertNotIn("footprint: per VM", p.stdout)
        self.assertIn("note footprint: partition images grew from 32 bytes to 132 (+100)", p.stdout)

    def test_not_measured_is_an_error(self):
        doc = self.load("footprint-config.json")
        doc["variants"][0] = {"name": "config", "status": "build failed", "reason": "x.c: error"}
        self.save("footprint-config.json", doc)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("the configuration's image was not measured: build failed x.c: error",
                      p.stderr)

    def test_another_format_is_a_bad_input(self):
        doc = self.load("footprint-config.json")
        for fmt, shown in ((1, "1"), (3, "3"), (None, "absent")):
            if fmt is None:
                del doc["format"]
            else:
                doc["format"] = fmt
            self.save("footprint-config.json", doc)
            p = self.tool()
            self.assertEqual(p.returncode, 1)
            self.assertIn("build/demo/footprint-config.json: format %s, expected 2: rerun make "
                          "footprint" % shown, p.stderr)

    def test_another_configuration_is_a_bad_input(self):
        doc = self.load("footprint-config.json")
        doc["config"] = "full"
        self.save("footprint-config.json", doc)
        p = self.tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("footprint of configuration full, not demo", p.stderr)

    def test_config_only_option_feeds_the_section(self):
        """tools/footprint --config-only measures build/<name>/proteus.elf and
        builds nothing; its JSON is the section's input."""
        tools = os.path.join(self.tmp, "bin")
        os.makedirs(tools)
        for name, body in (("x-readelf", FAKE_READELF), ("x-nm", FAKE_NM),
                           ("make", "#!/bin/sh\necho called >> %s/make-called\nexit 1\n" % self.tmp)):
            with open(os.path.join(tools, name), "w") as f:
                f.write(body % {"f": FP_FIXTURES} if "%(f)s" in body else body)
            os.chmod(os.path.join(tools, name), 0o755)
        self.write("config/demo.conf", CONF)
        self.remove("footprint-config.json")

        def footprint_tool():
            return subprocess.run(
                [sys.executable, FOOTPRINT, "--root", self.root, "--cross",
                 os.path.join(tools, "x-"), "--make", os.path.join(tools, "make"),
                 "--config-only", "--name", "demo", "--json",
                 os.path.join(self.root, PLACES["footprint-config.json"]), "config/demo.conf"],
                capture_output=True, text=True)
        p = footprint_tool()
        self.assertEqual(p.returncode, 1)
        self.assertIn("tools/footprint: error: no image 'build/demo/proteus.elf' (--config-only "
                      "measures the configuration's own image: make image CONFIG=demo first)",
                      p.stderr)
        gen = os.path.join(self.root, "build", "demo", "gen")
        os.makedirs(gen)
        self.write("build/demo/proteus.elf", "fake")
        for name in ("config.h", "images.S", "config_data.c", "asm-offsets.h"):
            shutil.copyfile(os.path.join(FP_FIXTURES, "small." + name), os.path.join(gen, name))
        p = footprint_tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "make-called")))
        self.assertIn("(--config-only: the configuration's own image, no variant built)", p.stdout)
        self.assertRegex(p.stdout, r"this configuration \(demo\) +336 +80 +32 +16 +8 \| +1260\n")
        self.assertIn("regfile = struct ctx 8 + struct vcpu 8", p.stdout)
        self.assertNotIn("basis", p.stdout)
        doc = self.load("footprint-config.json")
        self.assertEqual(doc["scope"], "config-only")
        self.assertEqual([v["name"] for v in doc["variants"]], ["config"])
        with open(os.path.join(INPUTS, "footprint-config.json")) as f:
            self.assertEqual(doc, json.load(f))     # the fixture is this output
        p = self.tool()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.summary("footprint")["figures"]["code"], 80)

    def test_config_only_numbers_equal_the_config_variant(self):
        """The full run's `config` row (its own build of the same features)
        and --config-only on the configuration's image give the same numbers
        when the images are the same (here: the same captured readelf/nm)."""
        sys.path.insert(0, FOOTPRINT)
        try:
            import fpreport
        finally:
            sys.path.remove(FOOTPRINT)
        m = {"text": 1, "code": 1, "data": 1, "per_vm": 24, "register_file": 16,
             "bookkeeping": 8, "sizes": {"ctx": 8, "vcpu": 8, "partition": 24},
             "zero_words": 0, "sections": {}, "allocated_data": 1, "partitions": 1,
             "excluded": {"configuration tables": {"bytes": 1}, "core stacks": {"bytes": 1},
                          "partition images": {"bytes": 1}, "per-partition state": {"bytes": 1}}}
        feats = {"full_virtualization": True}
        own = fpreport.document("d", "c", {}, [("config", [], feats, "ok", None, m)],
                                scope=fpreport.SCOPE_CONFIG_ONLY)
        full = fpreport.document("d", "c", {}, [("basis", [], feats, "ok", None, m),
                                                ("config", [], feats, "ok", None, m)])
        self.assertEqual(own["configuration"], full["configuration"])
        self.assertEqual((own["format"], own["configuration"]["register_file"],
                          own["configuration"]["bookkeeping"]), (2, 16, 8))
        self.assertEqual((own["scope"], full["scope"]), ("config-only", "variants"))


# ------------------------------------------------------------- make rules ---
@unittest.skipUnless(shutil.which("make"), "make not installed")
class MakefileTest(unittest.TestCase):
    def dry(self, *args):
        # Only targets whose recipes run no sub-make: `make -n` executes
        # the lines that hold $(MAKE).
        p = subprocess.run(["make", "-n", "--no-print-directory"] + list(args), cwd=REPO,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def test_traces_target(self):
        """One trace feeds the measured maxima and the target coverage."""
        out = self.dry("evidence-traces", "CONFIG=demo", "TRACE_TIMEOUT=50")
        self.assertEqual(out.count("tools/wcet trace "), 1)
        self.assertIn("tools/wcet trace build/demo/proteus.elf -o build/demo/wcet-trace.pcs", out)
        self.assertIn("--seconds 50", out)
        self.assertIn("tools/wcet measure build/demo/proteus.elf build/demo/wcet-trace.pcs \\\n"
                      "    --json build/demo/wcet-measured.json", out)
        self.assertIn("tools/evidence/coverage_target.py build/demo/proteus.elf -o "
                      "build/demo/coverage-target.json --pcs build/demo/wcet-trace.pcs", out)
        self.assertIn("rm -f build/demo/wcet-measured.json build/demo/coverage-target.json", out)
        self.assertEqual(self.dry("evidence-coverage", "CONFIG=demo", "TRACE_TIMEOUT=50"), out)

    def test_trace_budgets(self):
        """A budget of lines per configuration (the isolation ones reach their
        storage faults, the demo its RTOS's first window), the default for
        the others, TRACE_LINES for all."""
        def budget(*args):
            out = self.dry("evidence-traces", *args)
            return int(out.split("--lines ", 1)[1].split()[0])
        default = budget("CONFIG=no-such-configuration")
        self.assertGreater(default, 0)
        self.assertGreater(budget("CONFIG=isolation"), 11100000)  # instruction-storage at 11.07 M
        self.assertGreater(budget("CONFIG=demo"), 6600000)        # the RTOS's window at 6.59 M
        self.assertEqual(budget("CONFIG=timing-quiet-fp"), default)
        self.assertEqual(budget("CONFIG=isolation", "TRACE_LINES=1234"), 1234)
        with open(os.path.join(REPO, "tools", "evidence", "evidence.mk")) as f:
            mk = f.read()
        configs = {n[:-5] for n in os.listdir(os.path.join(REPO, "config")) if n.endswith(".conf")}
        for line in mk.splitlines():
            if line.startswith("TRACE_LINES_") and not line.startswith("TRACE_LINES_DEFAULT"):
                name = line.split()[0][len("TRACE_LINES_"):]
                self.assertIn(name, configs, "a budget for no configuration: %s" % line)
        # one family of budgets: the coverage's and the WCET's of before are gone
        for old in ("EVIDENCE_TRACE_SECONDS", "WCET_TRACE_LINES", "COVERAGE_LINES",
                    "EVIDENCE_COVERAGE"):
            self.assertNotIn(old, mk)

    def test_footprint_target(self):
        out = self.dry("evidence-footprint", "CONFIG=demo")
        self.assertIn("tools/footprint --config-only --name demo --build build \\\n"
                      "        --json build/demo/footprint-config.json config/demo.conf", out)

    def test_inputs_of_check_evidence(self):
        out = self.dry("evidence-inputs", "CONFIG=demo")
        self.assertIn("tools/footprint --config-only", out)
        self.assertIn("tools/wcet trace", out)
        out = self.dry("evidence-inputs", "CONFIG=demo", "EVIDENCE_TRACES=no")
        self.assertNotIn("tools/wcet trace", out)

    def test_section_inputs_are_where_the_makefiles_write(self):
        """The default paths of the section inputs are the files the make
        rules write (a renamed file must not leave a section silently not
        generated)."""
        text = ""
        for mk in ("Makefile", "tests/check.mk", "proofs/proofs.mk", "tools/evidence/evidence.mk"):
            with open(os.path.join(REPO, mk)) as f:
                text += f.read()
        self.assertIn("--json $(B)/wcet.json", text)
        self.assertIn("--json $(B)/wcet-measured.json", text)
        self.assertIn("--json $(B)/footprint-config.json", text)
        self.assertIn("$(PROOF_PLAN) run --list $(PROOF_LIST) --build $(BUILD)", text)
        self.assertIn("PROOF_LIST ?= proofs/proved.list", text)
        with open(os.path.join(REPO, "tools", "proofplan", "__main__.py")) as f:
            self.assertIn('d = os.path.join(build, c, "proofs")', f.read())
        self.assertIn("RES := $(BUILD)/results", text)
        ins = {n: p for s in registry.SECTIONS for n, (p, _r) in s.inputs.items()}
        self.assertEqual(ins["wcet"], "build/{config}/wcet.json")
        self.assertEqual(ins["wcet-measured"], "build/{config}/wcet-measured.json")
        self.assertEqual(ins["footprint"], "build/{config}/footprint-config.json")
        self.assertEqual(ins["proof-results"], "build/{config}/proofs/results.json")
        self.assertEqual(ins["results"], "build/results/")


# ---------------------------------------------------------- the real tree ---
class RealTreeTest(unittest.TestCase):
    """The sections read what the real tools wrote, when it is there."""

    def test_real_wcet_report(self):
        path = os.path.join(REPO, "build", "demo", "wcet.json")
        if not os.path.isfile(path):
            self.skipTest("no build/demo/wcet.json (make wcet CONFIG=demo)")
        b = wcet.load_bounds(path, "build/demo/wcet.json")
        self.assertIn("boot _start", [p["name"] for p in b["paths"]])
        mpath = os.path.join(REPO, "build", "demo", "wcet-measured.json")
        if os.path.isfile(mpath):
            m = wcet.load_measured(mpath, "m")
            wcet.check_measured(b, m, "m", "b")     # loads; staleness is the data's business

    def test_real_footprint_document(self):
        for name in ("footprint-config.json", "footprint.json"):
            path = os.path.join(REPO, "build", "demo", name)
            if os.path.isfile(path):
                s, err = footprint.load(path, name, "demo")
                self.assertIsNone(err)
                self.assertGreater(s["figures"]["code"], 0)
                return
        self.skipTest("no footprint document of demo")

    def test_real_proof_results(self):
        path = os.path.join(REPO, "build", "demo", "proofs", "results.json")
        if not os.path.isfile(path):
            self.skipTest("no build/demo/proofs/results.json")
        run = proofs.load_run(path, "r")
        self.assertTrue(run["functions"])


if __name__ == "__main__":
    unittest.main()

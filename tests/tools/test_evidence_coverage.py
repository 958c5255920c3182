"""Tests of the coverage section of tools/evidence and of its target recorder
tools/evidence/coverage_target.py.

@req EVID-002 (the evidence bundle's coverage section: host and target
     coverage, justifications of uncovered instructions, regressions)

The section is tested on the mini tree tests/tools/fixtures/evidence-coverage/tree
(configurations a and b, a gcovr summary and text reports, a target coverage
of a written by hand, a justification file exercising every selector and
every status).  The recorder is tested on synthetic ELF files (the
assembler and ELF writer of test_wcet.py), on pc files, and with a fake
QEMU that writes a canned log; with QEMU and build/demo/proteus.elf, on a
short real trace, twice (the result must be byte-identical).
"""
import contextlib
import io
import json
import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(REPO, "tests", "tools", "fixtures", "evidence-coverage", "tree")
RECORDER = os.path.join(REPO, "tools", "evidence", "coverage_target.py")
DEMO = os.path.join(REPO, "build", "demo", "proteus.elf")

sys.path.insert(0, os.path.join(REPO, "tools"))
from evidence import cli, coverage  # noqa: E402
from evidence import coverage_target as ct  # noqa: E402
from tests.tools.test_wcet import Asm, Image  # noqa: E402

import elfread  # noqa: E402  (tools/wcet, on the path through coverage_target)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def run_section(root, config, out, *extra):
    """cli.main with the coverage section only: (status, stdout, stderr)."""
    so, se = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(se):
        rc = cli.main(["--config", config, "--root", root, "--out", out] + list(extra),
                      sections=[coverage.Coverage()], out=so)
    return rc, so.getvalue(), se.getvalue()


class TreeCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.root = os.path.join(self.tmp, "tree")
        shutil.copytree(FIXTURE, self.root)
        self.target = os.path.join(self.root, "build", "a", "coverage-target.json")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def summary(self, config="a", out=None):
        out = out or os.path.join(self.tmp, "out-" + config)
        rc, so, se = run_section(self.root, config, out)
        self.assertIn(rc, (0, 1), so + se)
        return json.loads(read(os.path.join(out, "summary.json")))["coverage"], rc, so, se

    def edit_target(self, fn):
        data = json.loads(read(self.target))
        fn(data)
        with open(self.target, "w") as f:
            json.dump(data, f)

    def write(self, rel, text):
        with open(os.path.join(self.root, rel), "w") as f:
            f.write(text)


# ---- the justification file ---------------------------------------------------------
class JustificationTest(unittest.TestCase):
    def parse(self, text, known=("a", "b")):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write(text)
        try:
            return coverage.parse_justifications(f.name, "j.txt", set(known))
        finally:
            os.unlink(f.name)

    def test_selectors(self):
        entries, errors = self.parse(
            "# comment\n"
            "panic: stops\n"
            "f+0x10: one\n"
            "f+8..0x10 [b, a]: range\n"
            "window_reset.part.0 \"panic(\": text\n"
            "g+0x0..0x4 \"x: y\" [a]: both\n"
            "    and a continuation\n"
            "h+0..8,0x10,20..0x18 \"a\" \"b\": several\n"
            "\n")
        self.assertEqual(errors, [])
        self.assertEqual([e.selector for e in entries],
                         ["panic", "f+0x10", "f+0x8..0x10 [a, b]",
                          'window_reset.part.0 "panic("', 'g+0x0..0x4 "x: y" [a]',
                          'h+0x0..0x8,0x10,0x14..0x18 "a" "b"'])
        self.assertEqual((entries[2].ranges, entries[2].configs), ([(8, 16)], ["a", "b"]))
        self.assertEqual(entries[4].reason, "both and a continuation")
        self.assertEqual(entries[4].texts, ["x: y"])
        self.assertEqual(entries[5].selector, 'h+0x0..0x8,0x10,0x14..0x18 "a" "b"')
        self.assertEqual(entries[0].line, 2)

    def test_errors(self):
        _e, errors = self.parse(
            "  orphan continuation\n"
            "no reason at all\n"
            "f+0x3: misaligned\n"
            "f+0x10..0x8: reversed\n"
            "f [c]: unknown configuration\n"
            "f []: empty list\n"
            "g:\n"
            "h: once\n"
            "h: twice\n")
        text = "\n".join(errors)
        self.assertIn("j.txt:1: continuation line without an entry", text)
        self.assertIn("j.txt:2: not `SELECTOR [CONFIGS]: REASON`", text)
        self.assertIn("j.txt:3: offsets must be multiples of 4", text)
        self.assertIn("j.txt:4: offsets must be multiples of 4, LO <= HI", text)
        self.assertIn("j.txt:5: unknown configuration c", text)
        self.assertIn("j.txt:6: unknown configuration (empty list)", text)
        self.assertIn("j.txt:7: g: no reason given", text)
        self.assertIn("j.txt:9: h already justified at line 8", text)

    def test_source_text_selects_instructions_all_of_whose_lines_match(self):
        with tempfile.TemporaryDirectory() as root:
            with open(os.path.join(root, "x.c"), "w") as f:
                f.write("a = 1;\npanic(a);\nlog(a);\n")
            data = {"format": 1, "trace": {}, "functions": [{
                "name": "f", "address": "0x100", "size": 16, "branches": [],
                "instructions": [
                    {"offset": 0, "text": "li", "executed": False, "source": ["x.c:2"]},
                    {"offset": 4, "text": "li", "executed": False, "source": ["x.c:1", "x.c:2"]},
                    {"offset": 8, "text": "bl", "executed": False, "source": ["x.c:2", "x.c:3"]},
                    {"offset": 12, "text": "blr", "executed": False, "source": []}]}]}
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
                f.write('f "panic(": one\nf "panic(" "log(": two\nf+0xc "x": three\n')
            try:
                entries, errors = coverage.parse_justifications(f.name, "j.txt", None)
            finally:
                os.unlink(f.name)
            self.assertEqual(errors, [])
            t = coverage.Target(data, "t.json")
            t.justify(entries, "a", coverage.Sources(root))
        self.assertEqual({off: e.line for (_n, off), e in t.justified.items()}, {0: 1, 8: 2})
        self.assertEqual([e.count for e in entries], [1, 1, 0])
        self.assertEqual(entries[2].status, "stale")   # an instruction without a source line

    def test_the_tree_file_parses(self):
        path = os.path.join(REPO, "evidence", "coverage-justifications.txt")
        if not os.path.isfile(path):
            self.skipTest("no evidence/coverage-justifications.txt")
        known = {f[:-5] for f in os.listdir(os.path.join(REPO, "config")) if f.endswith(".conf")}
        entries, errors = coverage.parse_justifications(
            path, "evidence/coverage-justifications.txt", known)
        self.assertEqual(errors, [])
        self.assertTrue(entries)


# ---- the section on the fixture tree ------------------------------------------------
class SectionTest(TreeCase):
    def test_figures_and_statuses(self):
        s, rc, so, se = self.summary()
        self.assertEqual(rc, 0, so + se)
        h, t = s["host"], s["target"]
        self.assertEqual(h["lines"], {"covered": 28, "total": 30, "percent": 93.33})
        self.assertEqual(h["files"]["kernel/core/trap.c"]["branches"]["covered"], 3)
        self.assertEqual(t["instructions"], {"covered": 11, "total": 21, "percent": 52.38})
        self.assertEqual(t["branch_directions"], {"covered": 3, "total": 4, "percent": 75.0})
        self.assertEqual(t["uncovered"], {"justified": 7, "unjustified": 3})
        self.assertEqual(t["unjustified"], ["trap+0x18", "helper+0x0", "helper+0x4"])
        self.assertEqual(t["functions"]["trap"], {"instructions": [4, 7],
                                                  "branch_directions": [1, 2],
                                                  "justified": 2, "unjustified": 1})
        self.assertEqual(t["justifications"],
                         {"applies": 3, "not_applicable": 2,
                          "stale": ["gone [a]", "boot [a]", "trap+0x40"]})
        self.assertIn("stale coverage justification gone [a]: no function gone", se)
        self.assertIn("every instruction it selects is covered", se)
        self.assertIn("selects no instruction of trap", se)

    def test_report_and_page(self):
        out = os.path.join(self.tmp, "o")
        run_section(self.root, "a", out)
        txt = read(os.path.join(out, "coverage.txt"))
        self.assertIn("trap+0x8..0xc                         2  trap \"panic(\": the panic call",
                      txt)
        self.assertIn("helper+0x0..0x4                       2  UNJUSTIFIED", txt)
        self.assertIn("vectors_base+0x100..0x108 [a]: critical input is never enabled "
                      "(a continued reason)", txt)
        self.assertNotIn("0x00000810", txt)   # no absolute address in the report
        page = read(os.path.join(out, "index.html"))
        self.assertIn("6,12", page)           # gcovr's Missing column
        self.assertIn("<code>panic(&quot;bad cause&quot;);</code>", page)   # the source line
        self.assertIn('class="error">unjustified', page)
        self.assertIn("trap+0x4</td><td>0x00000814 <code>bgt 0x818</code>", page)

    def test_configuration_scope(self):
        s, _rc, _so, _se = self.summary("b")
        t = s["target"]   # b has no target input: host only
        self.assertIsNone(t)
        os.makedirs(os.path.join(self.root, "build", "b"), exist_ok=True)
        shutil.copy(self.target, os.path.join(self.root, "build", "b", "coverage-target.json"))
        t = self.summary("b")[0]["target"]
        # helper [b] applies; vectors_base+0x100.. [a] does not: unjustified there
        self.assertEqual(t["functions"]["helper"]["justified"], 2)
        self.assertEqual(t["functions"]["vectors_base"]["unjustified"], 3)
        self.assertEqual(t["justifications"]["stale"], ["trap+0x40"])

    def test_first_entry_wins(self):
        self.write("evidence/coverage-justifications.txt",
                   "trap: whole function\ntrap \"panic(\": the panic call\n")
        t = self.summary()[0]["target"]
        self.assertEqual(t["functions"]["trap"]["justified"], 3)
        self.assertEqual(t["justifications"]["stale"], [])
        out = os.path.join(self.tmp, "o2")
        run_section(self.root, "a", out)
        self.assertIn("trap+0x8..0xc                         2  trap: whole function",
                      read(os.path.join(out, "coverage.txt")))

    def test_deterministic(self):
        a, b = os.path.join(self.tmp, "x"), os.path.join(self.tmp, "y", "z")
        run_section(self.root, "a", a)
        run_section(self.root, "a", b)
        for name in ("summary.json", "coverage.txt"):
            self.assertEqual(read(os.path.join(a, name)), read(os.path.join(b, name)), name)

    def test_not_generated_without_inputs(self):
        os.remove(os.path.join(self.root, "build", "unit", "coverage.json"))
        os.remove(self.target)
        out = os.path.join(self.tmp, "o")
        rc, so, _se = run_section(self.root, "a", out)
        self.assertEqual(rc, 0)
        self.assertIn("coverage: not generated (no build/unit/coverage.json (make check-unit) "
                      "and no build/a/coverage-target.json", so)
        self.assertIsNone(json.loads(read(os.path.join(out, "summary.json")))["coverage"])
        self.assertFalse(os.path.exists(os.path.join(out, "coverage.txt")))

    def test_bad_inputs(self):
        self.write("build/unit/coverage.json", "{\"files\": 3}")
        rc, _so, se = run_section(self.root, "a", os.path.join(self.tmp, "o"))
        self.assertEqual(rc, 1)
        self.assertIn("build/unit/coverage.json: no \"files\" list", se)
        shutil.copy(os.path.join(FIXTURE, "build", "unit", "coverage.json"),
                    os.path.join(self.root, "build", "unit"))
        self.edit_target(lambda d: d["functions"][0].pop("instructions"))
        rc, _so, se = run_section(self.root, "a", os.path.join(self.tmp, "o"))
        self.assertEqual(rc, 1)
        self.assertIn("not a coverage_target.py result", se)

    def test_bad_justification_file_is_an_error(self):
        self.write("evidence/coverage-justifications.txt", "panic [nosuch]: x\n")
        rc, _so, se = run_section(self.root, "a", os.path.join(self.tmp, "o"))
        self.assertEqual(rc, 1)
        self.assertIn("evidence/coverage-justifications.txt:1: error: unknown configuration "
                      "nosuch", se)

    def test_image_of_another_build(self):
        image = os.path.join(self.root, "build", "a", "proteus.elf")
        with open(image, "wb") as f:
            f.write(b"not the traced image")
        rc, _so, se = run_section(self.root, "a", os.path.join(self.tmp, "o"))
        self.assertEqual(rc, 1)
        self.assertIn("build/a/coverage-target.json: error: recorded from another build than "
                      "build/a/proteus.elf: run `make evidence-coverage CONFIG=a`", se)
        import hashlib
        self.edit_target(lambda d: d.update(elf_sha256=hashlib.sha256(
            b"not the traced image").hexdigest()))
        rc, so, se = run_section(self.root, "a", os.path.join(self.tmp, "o"))
        self.assertEqual(rc, 0, so + se)


# ---- regression rules -------------------------------------------------------------------
class CompareTest(TreeCase):
    def check(self):
        base = os.path.join(self.tmp, "baseline")
        if not os.path.isdir(base):
            rc, so, se = run_section(self.root, "a", os.path.join(self.tmp, "acc"),
                                     "--baseline", base, "--accept")
            self.assertEqual(rc, 0, so + se)
            self.assertEqual(sorted(os.listdir(base)), ["coverage.txt", "summary.json"])
        return run_section(self.root, "a", os.path.join(self.tmp, "chk"), "--baseline", base,
                           "--check")

    def test_unchanged_passes(self):
        self.check()
        rc, so, _se = self.check()
        self.assertEqual(rc, 0, so)
        self.assertIn("PASS against", so)

    def test_target_coverage_that_fell(self):
        self.check()

        def drop(d):
            d["functions"][1]["branches"][0]["taken"] = False
            d["functions"][2]["instructions"][4]["executed"] = False
        self.edit_target(drop)
        rc, so, _se = self.check()
        self.assertEqual(rc, 1)
        self.assertIn("REGRESSION coverage: target: covered instructions fell from 11 to 10", so)
        self.assertIn("REGRESSION coverage: target: covered branch directions fell from 3 to 2", so)
        self.assertIn("REGRESSION coverage: target: boot: covered branch directions fell from 2/2 "
                      "to 1/2", so)
        self.assertIn("REGRESSION coverage: target: trap: covered instructions fell from 4/7 "
                      "to 3/7", so)
        self.assertIn("REGRESSION coverage: target: trap: 2 unjustified uncovered instruction(s), "
                      "baseline 1 (new: trap+0x10)", so)

    def test_newly_unjustified_and_new_function(self):
        self.check()

        def add(d):
            d["functions"].append({"name": "fresh", "address": "0x00000840", "size": 4,
                                   "branches": [], "instructions": [
                                       {"offset": 0, "text": "blr", "executed": False,
                                        "source": []}]})
        self.edit_target(add)
        self.write("evidence/coverage-justifications.txt",
                   read(os.path.join(FIXTURE, "evidence", "coverage-justifications.txt"))
                   .replace("panic: the core stops", "pan1c: the core stops"))
        rc, so, _se = self.check()
        self.assertEqual(rc, 1)
        self.assertIn("REGRESSION coverage: target: fresh (new) has 1 unjustified uncovered "
                      "instruction(s)", so)
        self.assertIn("REGRESSION coverage: target: panic: 2 unjustified uncovered instruction(s), "
                      "baseline 0 (new: panic+0x0, panic+0x4)", so)

    def test_improvements_and_notes(self):
        self.check()

        def better(d):
            d["functions"][4]["instructions"][0]["executed"] = True
            for k in (2, 3):
                d["functions"][2]["instructions"][k]["executed"] = True
            d["functions"] = [f for f in d["functions"] if f["name"] != "panic"]
            d["trace"]["budget"] = 2000
        self.edit_target(better)
        rc, so, _se = self.check()
        self.assertEqual(rc, 0, so)
        self.assertIn("improvement coverage: target: covered instructions rose from 11 to 14", so)
        self.assertIn("improvement coverage: target: helper: covered instructions rose from 0/2 "
                      "to 1/2", so)
        self.assertIn("improvement coverage: target: helper: unjustified uncovered instructions "
                      "2 -> 1", so)
        self.assertIn("note coverage: target: panic no longer in the binary", so)
        self.assertIn("note coverage: target: trace budget 2000, baseline 1000", so)
        self.assertIn('note coverage: target: justification trap "panic(" is stale', so)
        self.assertIn("PASS against", so)

    def test_host_coverage_that_fell_and_missing_half(self):
        self.check()
        path = os.path.join(self.root, "build", "unit", "coverage.json")
        data = json.loads(read(path))
        data["files"][1]["line_covered"] = 17
        with open(path, "w") as f:
            json.dump(data, f)
        os.remove(self.target)
        rc, so, _se = self.check()
        self.assertEqual(rc, 1)
        self.assertIn("REGRESSION coverage: host lines fell: 27/30 (90.0%), baseline 28/30 "
                      "(93.3%)", so)
        self.assertIn("REGRESSION coverage: host kernel/core/trap.c lines fell: 17/20 (85.0%), "
                      "baseline 18/20 (90.0%)", so)
        self.assertIn("REGRESSION coverage: target coverage not generated (no "
                      "build/a/coverage-target.json); the baseline has it", so)


# ---- the recorder ---------------------------------------------------------------------
def synthetic(d):
    """An image: vector slots 0x100 (critical) and 0x700 (program), and text
    with _start (a loop, a call), f (a conditional return), spin (b .) and
    a symbol alias."""
    text = Asm()
    text.label("_start").li(3, 2, line=1).label("loop").addi(3, 3, -1, line=2)
    text.cmplwi(3, 0, line=2).bne("loop", line=2)
    text.bl("f", line=3).b("spin", line=4)
    text.label("f").cmplwi(3, 0, line=6).word(0x4D820020, line=6)   # beqlr
    text.nop(line=7).blr(line=7)
    text.label("spin").b("spin", line=9)
    slot = Asm().word(0x7C7143A6).li(3, 1).b("_start")
    slot7 = Asm().word(0x7C7143A6).li(3, 7).b("_start")
    return Image(d, text, ["_start", "f", "spin"], vectors={0x100: slot, 0x700: slot7},
                 source="".join("line %d\n" % k for k in range(1, 10)))


def set_size(path, name, size):
    """Patch st_size of symbol `name` in an ELF written by test_wcet.build_elf."""
    elf = elfread.load(path)
    sym = next(s for s in elf.sections if s.type == elfread.SHT_SYMTAB)
    names = [x.name for x in elf.symbols]
    k = names.index(name) + 1
    data = bytearray(elf.data)
    struct.pack_into(">I", data, sym.offset + 16 * k + 8, size)
    with open(path, "wb") as f:
        f.write(bytes(data))


class RecorderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.img = synthetic(self.tmp)
        self.L = self.img.labels

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_functions_slots_and_ranges(self):
        elf = elfread.load(self.img.path)
        funcs = ct.functions(elf)
        self.assertEqual([(f.name, f.start, f.end) for f in funcs],
                         [("vectors_base", 0, 0x800), ("_start", 0x800, self.L["f"]),
                          ("f", self.L["f"], self.L["spin"]), ("spin", self.L["spin"],
                                                               self.L["spin"] + 4)])
        # zero words between the slots are padding, not instructions
        self.assertEqual([i.addr for i in funcs[0].insns],
                         [0x100, 0x104, 0x108, 0x700, 0x704, 0x708])
        self.assertEqual(ct.vector_slots(elf), {0x100, 0x700})
        ranges, excluded = ct.trace_ranges(elf, funcs, ("spin",))
        self.assertEqual(ranges, [(0, self.L["spin"])])
        self.assertEqual(excluded, {self.L["spin"]})
        ranges, _ = ct.trace_ranges(elf, funcs, ("f",))
        self.assertEqual(ranges, [(0, self.L["f"]), (self.L["spin"], self.L["spin"] + 4)])

    def test_symbol_size_ends_a_function(self):
        set_size(self.img.path, "f", 8)      # nop; blr: left out (padding of no function)
        funcs = ct.functions(elfread.load(self.img.path))
        f = next(x for x in funcs if x.name == "f")
        self.assertEqual((f.end, len(f.insns)), (self.L["f"] + 8, 2))

    def test_branch_outcomes_and_halt(self):
        elf = elfread.load(self.img.path)
        rec = ct.Recorder(ct.functions(elf), ct.vector_slots(elf))
        L = self.L
        s, f, spin = L["_start"], L["f"], L["spin"]
        pcs = [s, s + 4, s + 8, s + 12,            # bne loop: taken
               s + 4, s + 8, s + 12,               # falls through
               s + 16, f, f + 4,                   # beqlr: returns (taken)
               s + 20, spin, 0x100, spin, spin, 0x700]
        self.assertTrue(rec.feed(pcs))
        self.assertTrue(rec.halted)
        self.assertEqual(rec.count, 14)             # stops at the second spin, not counted
                                                    # (as tools/wcet's until_halt)
        self.assertEqual(rec.taken, {s + 12, f + 4})
        self.assertEqual(rec.fell, {s + 12})
        self.assertNotIn(0x700, rec.executed)
        rec = ct.Recorder(ct.functions(elf), ct.vector_slots(elf))
        self.assertFalse(rec.feed([s + 12, 0x100, s + 12, s + 16, f + 4, f + 8]))
        self.assertEqual(rec.taken, set())          # an interrupt in between: no outcome
        self.assertEqual(rec.fell, {s + 12, f + 4})

    def test_budget_counts_trace_lines(self):
        def line(pc, pr=False):
            return "Trace 0: 0x7f0000 [00000000/%08x/%08x/ff020201] x\n" % (
                pc, 0x6c004002 if pr else 0x6c000002)
        log = [line(0x800), line(0x100, True), line(0x804),
               "cpu_io_recompile: rewound execution of TB to 00000804\n", line(0x804), line(0x808)]
        import measure
        b = ct.Budget(iter(log), 3)
        self.assertEqual(list(measure.core_pcs(b)), [0x800])   # 0x804 cancelled
        self.assertTrue(b.reached)
        b = ct.Budget(iter(log), 4)
        self.assertEqual(list(measure.core_pcs(b)), [0x800, 0x804])
        b = ct.Budget(iter(log), 10)
        self.assertEqual(list(measure.core_pcs(b)), [0x800, 0x804, 0x808])
        self.assertFalse(b.reached)
        self.assertEqual(b.seen, 5)

    def run_tool(self, *args):
        return subprocess.run([sys.executable, RECORDER, self.img.path] + list(args),
                              capture_output=True, text=True, cwd=self.tmp)

    def test_from_a_pcs_file_and_into_the_section(self):
        L = self.L
        pcs = os.path.join(self.tmp, "t.pcs")
        with open(pcs, "w") as f:
            f.write("# proteus-wcet core pcs v1\n")
            for pc in (L["_start"], L["_start"] + 4, L["_start"] + 8, L["_start"] + 12,
                       L["_start"] + 16, L["f"], L["f"] + 4, L["_start"] + 20, L["spin"]):
                f.write("%x\n" % pc)
        out = os.path.join(self.tmp, "c.json")
        r = self.run_tool("-o", out, "--pcs", pcs)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("9 of 17 instructions, 2 of 4 branch directions", r.stdout)
        first = read(out)
        data = json.loads(first)
        self.assertEqual(data["trace"]["end"], "file")
        start = next(f for f in data["functions"] if f["name"] == "_start")
        self.assertEqual(start["branches"], [{"offset": 12, "taken": False, "not_taken": True}])
        self.assertEqual(start["instructions"][0], {"offset": 0, "text": "li r3,2",
                                                    "executed": True, "source": ["t.S:1"]})
        self.assertEqual(self.run_tool("-o", out, "--pcs", pcs).returncode, 0)
        self.assertEqual(read(out), first)        # deterministic
        # the section reads it
        root = os.path.join(self.tmp, "tree")
        os.makedirs(os.path.join(root, "config"))
        os.makedirs(os.path.join(root, "build", "s"))
        open(os.path.join(root, "config", "s.conf"), "w").close()
        shutil.copy(out, os.path.join(root, "build", "s", "coverage-target.json"))
        shutil.copy(self.img.path, os.path.join(root, "build", "s", "proteus.elf"))
        rc, so, se = run_section(root, "s", os.path.join(self.tmp, "b"))
        self.assertEqual(rc, 0, so + se)
        self.assertIn("target instructions 9/17 (52.9%), branch directions 2/4 (50.0%); "
                      "unjustified 8", so)

    def wcet_pcs(self, pcs, sha=None, dfilter=None, scope="# untraced=spin", end=None,
                 name="w.pcs"):
        """A pcs file as `tools/wcet trace` writes it."""
        import hashlib
        import measure
        elf = elfread.load(self.img.path)
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write("# proteus-wcet core pcs v1 (core.elf, budget 50 lines)\n")
            f.write("# elf_sha256=%s\n" % (sha or hashlib.sha256(elf.data).hexdigest()))
            f.write("# dfilter=%s\n" % (dfilter or measure.dfilter(
                measure.section_ranges(elf, ("spin",))[0])))
            f.write(scope + "\n")
            for pc in pcs:
                f.write("%x\n" % pc)
            f.write(end or "# end=budget lines=50 budget=50 core=%d\n" % len(pcs))
        return path

    def test_from_a_wcet_trace_file(self):
        # the file's untraced symbols, budget, lines and end are the coverage's
        L = self.L
        pcs = [L["_start"], L["_start"] + 4, L["_start"] + 8, L["_start"] + 12, L["_start"] + 16]
        out = os.path.join(self.tmp, "w.json")
        r = self.run_tool("-o", out, "--pcs", self.wcet_pcs(pcs))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        trace = json.loads(read(out))["trace"]
        self.assertEqual(trace, {"source": "pcs", "end": "budget", "lines": 50, "budget": 50,
                                 "core_instructions": 5, "untraced": ["spin"],
                                 "ranges": ["0x0..0x%x" % (L["spin"] - 1)]})
        r = self.run_tool("-o", out, "--pcs", self.wcet_pcs(
            pcs, end="# end=halt lines=7 budget=50 core=5\n"))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(json.loads(read(out))["trace"]["end"], "halt")

    def test_a_wcet_trace_file_of_another_image_or_other_ranges(self):
        L = self.L
        pcs = [L["_start"], L["_start"] + 4]
        out = os.path.join(self.tmp, "w.json")
        for path, msg in (
                (self.wcet_pcs(pcs, sha="0" * 64, name="a.pcs"),
                 "traced from another build of the image"),
                (self.wcet_pcs(pcs, scope="# path-ranges", name="b.pcs"),
                 "traced with --path-ranges"),
                (self.wcet_pcs(pcs, dfilter="0x0..0x7ff"), "traced with -dfilter 0x0..0x7ff; "
                 "the coverage of %s with the untraced symbols spin needs 0x0..0x%x"
                 % (self.img.path, L["spin"] - 1))):
            r = self.run_tool("-o", out, "--pcs", path)
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn(msg, r.stderr)
            self.assertFalse(os.path.exists(out))
        # --untraced other than the file's: its ranges do not fit
        r = self.run_tool("-o", out, "--pcs", self.wcet_pcs(pcs), "--untraced", "f")
        self.assertEqual(r.returncode, 1)
        self.assertIn("with the untraced symbols f needs", r.stderr)

    def test_errors(self):
        r = self.run_tool("-o", os.path.join(self.tmp, "x.json"), "--pcs",
                          os.path.join(self.tmp, "none"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot read", r.stderr)
        bad = os.path.join(self.tmp, "bad.elf")
        with open(bad, "wb") as f:
            f.write(b"nope")
        r = subprocess.run([sys.executable, RECORDER, bad, "-o", os.path.join(self.tmp, "y.json")],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not an ELF file", r.stderr)
        r = self.run_tool("-o", "x.json", "--lines", "0")
        self.assertEqual(r.returncode, 2)

    def fake_qemu(self, body):
        path = os.path.join(self.tmp, "fake-qemu")
        with open(path, "w") as f:
            f.write("#!%s\nimport sys, time\nargs = sys.argv[1:]\n"
                    "log = open(args[args.index('-D') + 1], 'w')\n"
                    "def t(pc):\n"
                    "    log.write('Trace 0: 0x7f00 [00000000/%%08x/6c000002/ff020201] x\\n'"
                    " %% pc)\n"
                    "%s\n" % (sys.executable, body))
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
        return path

    def test_fake_qemu_budget_exit_and_timeout(self):
        L = self.L
        qemu = self.fake_qemu("for k in range(1000):\n    t(%d)\n    t(%d)\n"
                              "log.flush()\ntime.sleep(60)" % (L["_start"] + 4, L["_start"] + 8))
        out = os.path.join(self.tmp, "q.json")
        r = self.run_tool("-o", out, "--qemu", qemu, "--lines", "100", "--timeout", "30")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        data = json.loads(read(out))
        self.assertEqual((data["trace"]["end"], data["trace"]["lines"],
                          data["trace"]["core_instructions"]), ("budget", 100, 100))
        qemu = self.fake_qemu("t(%d)\nt(%d)\nlog.close()" % (L["_start"], L["_start"] + 4))
        r = self.run_tool("-o", out, "--qemu", qemu, "--lines", "100")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(json.loads(read(out))["trace"]["end"], "exit")
        qemu = self.fake_qemu("t(%d)\nlog.flush()\ntime.sleep(60)" % L["_start"])
        r = self.run_tool("-o", out, "--qemu", qemu, "--lines", "100", "--timeout", "1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("reached neither its budget of 100 lines nor a halt within the timeout "
                      "of 1 s (1 lines traced): raise --timeout", r.stderr)
        self.assertFalse(os.path.exists(out))     # no stale result left behind


@unittest.skipUnless(shutil.which("qemu-system-ppc") and os.path.exists(DEMO),
                     "qemu-system-ppc or build/demo/proteus.elf missing")
class DemoTraceTest(unittest.TestCase):
    def test_short_trace_is_reproducible(self):
        with tempfile.TemporaryDirectory() as d:
            outs = []
            for k in range(2):
                out = os.path.join(d, "c%d.json" % k)
                r = subprocess.run([sys.executable, RECORDER, DEMO, "-o", out, "--lines",
                                    "200000"], capture_output=True, text=True, cwd=REPO)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                outs.append(read(out))
            self.assertEqual(outs[0], outs[1])
            data = json.loads(outs[0])
        self.assertEqual(data["trace"]["end"], "budget")
        self.assertEqual(data["trace"]["untraced"], ["idle_loop"])
        funcs = {f["name"]: f for f in data["functions"]}
        self.assertTrue(all(i["executed"] for i in funcs["_start"]["instructions"]))
        self.assertFalse(any(i["executed"] for i in funcs["idle_loop"]["instructions"]))
        self.assertFalse(any(i["executed"] for i in funcs["panic"]["instructions"]))


if __name__ == "__main__":
    unittest.main()

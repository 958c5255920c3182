#!/usr/bin/env python3
"""Unit tests of the privileged-instruction program generator and its runner.

    python3 -m unittest discover -s tests/fuzz -p 'test_*.py'    (from the repo root)

The generator tests read the generated assembly text: every write of a
constrained register must be an explicit load of an allowed value right
before the write.  RealRunTest and LeakTest start QEMU and the cross
compiler; they are skipped when either is missing.
"""

import io
import os
import re
import shutil
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import genpriv  # noqa: E402
import run  # noqa: E402
from tests.qemu import partition_image, scenario  # noqa: E402

ROOT = partition_image.ROOT
VIRT_AREA = "fuzz-virt-unit%d" % os.getpid()   # images of these tests: build/<area>/

SEEDS = range(100)

LOAD_LI = re.compile(r"^\s*li\s+%r(\d+),\s*(-?\d+)\s*$")
LOAD_LIS = re.compile(r"^\s*lis\s+%r(\d+),\s*0x([0-9a-f]+)\s*$")
LOAD_ORI = re.compile(r"^\s*ori\s+%r(\d+),\s*%r(\d+),\s*0x([0-9a-f]+)\s*$")
MTSPR = re.compile(r"^\s*mtspr\s+(\d+),\s*%r(\d+)\s*$")
MFSPR = re.compile(r"^\s*mfspr\s+%r(\d+),\s*(\d+)\s*$")
MTDCR = re.compile(r"^\s*mtdcr\s+0x([0-9a-f]+),\s*%r(\d+)\s*$")
MTMSR = re.compile(r"^\s*mtmsr\s+%r(\d+)\s*$")
TLBWE = re.compile(r"^\s*tlbwe\s+%r(\d+),\s*%r(\d+),\s*([01])\s*$")


def program_lines(seed, length=200):
    """The prologue and the items of seed's program (from _start to the
    epilogue): the part that the catalogue's rules govern."""
    lines = genpriv.generate(seed, length).split("\n")
    start = lines.index("_start:")
    end = next(i for i, line in enumerate(lines) if "epilogue:" in line)
    return lines[start:end]


def loaded_value(lines, i, reg):
    """The value that the instructions right before line i load into reg,
    or None if line i-1 is not the end of a li / lis[+ori] load of reg."""
    if i < 1:
        return None
    prev = lines[i - 1]
    m = LOAD_LI.match(prev)
    if m and int(m.group(1)) == reg:
        return int(m.group(2)) & 0xFFFFFFFF
    m = LOAD_LIS.match(prev)
    if m and int(m.group(1)) == reg:
        return int(m.group(2), 16) << 16
    m = LOAD_ORI.match(prev)
    if m and int(m.group(1)) == reg and int(m.group(2)) == reg and i >= 2:
        m2 = LOAD_LIS.match(lines[i - 2])
        if m2 and int(m2.group(1)) == reg:
            return (int(m2.group(2), 16) << 16) | int(m.group(3), 16)
    return None


def writes(lines, regex, key):
    """(line index, target number, value or None) of every write matching
    regex; key(match) -> (target, source register)."""
    out = []
    for i, line in enumerate(lines):
        m = regex.match(line)
        if m:
            target, reg = key(m)
            out.append((i, target, loaded_value(lines, i, reg)))
    return out


def spr_writes(lines):
    return writes(lines, MTSPR, lambda m: (int(m.group(1)), int(m.group(2))))


def dcr_writes(lines):
    return writes(lines, MTDCR, lambda m: (int(m.group(1), 16), int(m.group(2))))


class GeneratorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.programs = {s: program_lines(s) for s in SEEDS}

    def test_deterministic(self):
        for seed in (0, 1, 17, 123456789):
            self.assertEqual(genpriv.generate(seed), genpriv.generate(seed))
        info_a = genpriv.generate_info(5)[1].used_items
        info_b = genpriv.generate_info(5)[1].used_items
        self.assertEqual(info_a, info_b)

    def test_seeds_differ(self):
        texts = {"\n".join(self.programs[s]) for s in range(20)}
        self.assertEqual(len(texts), 20)

    def test_length(self):
        _, gen = genpriv.generate_info(3, 57)
        self.assertEqual(len(gen.used_items), 57)
        _, gen = genpriv.generate_info(3, 0)
        self.assertEqual(gen.used_items, [])

    def test_every_item_appears(self):
        seen = set()
        for seed in SEEDS:
            seen.update(genpriv.generate_info(seed)[1].used_items)
        self.assertEqual(set(genpriv.ITEM_NAMES) - seen, set())

    def test_item_filters(self):
        _, gen = genpriv.generate_info(9, 50, only=["sc", "tlbre"])
        self.assertTrue(set(gen.used_items) <= {"sc", "tlbre", "mtmsr"})
        _, gen = genpriv.generate_info(9, 100, exclude=["spr-write", "spr-read"])
        self.assertNotIn("spr-write", gen.used_items)
        with self.assertRaises(ValueError):
            genpriv.generate(1, only=["no-such-item"])

    def test_sler_only_zero(self):
        count = 0
        for seed in SEEDS:
            for _, spr, value in spr_writes(self.programs[seed]):
                if spr == 955:
                    count += 1
                    self.assertEqual(value, 0, "seed %d writes SLER with %r" % (seed, value))
        self.assertGreater(count, 100)

    def test_debug_control_only_zero(self):
        for seed in SEEDS:
            for _, spr, value in spr_writes(self.programs[seed]):
                if spr in (1010, 957):          # DBCR0, DBCR1
                    self.assertEqual(value, 0, "seed %d: SPR %d <- %r" % (seed, spr, value))

    def test_tcr_safe(self):
        for seed in SEEDS:
            for _, spr, value in spr_writes(self.programs[seed]):
                if spr == 986:
                    self.assertIsNotNone(value, "seed %d: TCR from an unknown value" % seed)
                    # WRC, WIE, PIE, FIE, reserved bits
                    self.assertEqual(value & ~genpriv.TCR_SAFE, 0,
                                     "seed %d: TCR <- 0x%08x" % (seed, value))
                    self.assertEqual(value & 0x3C800000, 0)

    def test_constrained_sprs(self):
        checks = {
            982: lambda v: v in genpriv.EVPR_VALUES,             # EVPR
            945: lambda v: 0 <= v <= 255,                         # PID
            980: lambda v: v & ~genpriv.ESR_WRITABLE == 0,        # ESR, never MCI
            947: lambda v: v & ~genpriv.CCR0_WRITABLE == 0,       # CCR0
            26: lambda v: v & 3 == 0, 990: lambda v: v & 3 == 0,  # SRR0, SRR2
            1012: lambda v: v & 3 == 0, 1013: lambda v: v & 3 == 0,
            948: lambda v: v & 3 == 0, 949: lambda v: v & 3 == 0,
        }
        for seed in SEEDS:
            lines = self.programs[seed]
            for i, spr, value in spr_writes(lines):
                if spr not in checks:
                    continue
                if spr == 26 and value is None:
                    # the target of an rfi: lis/ori of a label
                    self.assertRegex(lines[i - 1], r"ori\s+%r\d+, %r\d+, \.L\w+@l")
                    continue
                self.assertIsNotNone(value, "seed %d line %d: %s" % (seed, i + 1, lines[i]))
                self.assertTrue(checks[spr](value), "seed %d line %d: SPR %d <- 0x%08x"
                                % (seed, i + 1, spr, value))

    def test_msr_values_safe(self):
        forbidden = (genpriv.MSR_PR | genpriv.MSR_IR | genpriv.MSR_DR | genpriv.MSR_WE
                     | genpriv.MSR_AP | genpriv.MSR_APE | genpriv.MSR_FE0 | genpriv.MSR_FE1)
        rfis = 0
        for seed in SEEDS:
            lines = self.programs[seed]
            for i, line in enumerate(lines):
                m = MTMSR.match(line)
                if m:
                    value = loaded_value(lines, i, int(m.group(1)))
                    self.assertIsNotNone(value, "seed %d line %d" % (seed, i + 1))
                    self.assertEqual(value & forbidden, 0)
                if line.strip() == "rfi" and i >= 1:
                    # the value put in SRR1 right before the rfi
                    m = MTSPR.match(lines[i - 1])
                    if m and int(m.group(1)) == 27:
                        rfis += 1
                        value = loaded_value(lines, i - 1, int(m.group(2)))
                        self.assertIsNotNone(value)
                        self.assertEqual(value & forbidden, 0,
                                         "seed %d line %d: SRR1 0x%08x" % (seed, i, value))
        self.assertGreater(rfis, 100)

    def test_no_exception_with_ce_set(self):
        # QEMU saves SRR1 without MSR[CE] (the 405 keeps it): every item that
        # may raise an exception must run with CE clear.
        raising = re.compile(r"^\s*(sc|tw|twi|lwarx|\.long)\b")
        dcr = re.compile(r"^\s*(?:mfdcr\s+%r\d+,\s*0x([0-9a-f]+)|mtdcr\s+0x([0-9a-f]+),)")
        checked = 0
        for seed in SEEDS:
            lines = self.programs[seed]
            ce = False                          # MSR = 0 at reset
            for i, line in enumerate(lines):
                m = MTMSR.match(line)
                if m:
                    ce = bool(loaded_value(lines, i, int(m.group(1))) & genpriv.MSR_CE)
                elif line.strip() == "rfi":
                    m = MTSPR.match(lines[i - 1])
                    ce = bool(loaded_value(lines, i - 1, int(m.group(2))) & genpriv.MSR_CE)
                else:
                    m = dcr.match(line)
                    unregistered = m and int(m.group(1) or m.group(2), 16) in \
                        genpriv.DCR_UNREGISTERED
                    if raising.match(line) or unregistered:
                        checked += 1
                        self.assertFalse(ce, "seed %d line %d: %s with MSR[CE] set"
                                         % (seed, i + 1, line.strip()))
        self.assertGreater(checked, 500)

    def test_no_forbidden_instructions(self):
        for seed in SEEDS:
            lines = self.programs[seed]
            for i, line in enumerate(lines):
                code = line.split("/*")[0].strip()
                where = "seed %d line %d: %s" % (seed, i + 1, code)
                self.assertNotRegex(code, r"^rfci\b", where)
                self.assertNotRegex(code, r"^(rfmci|mfapidi|dlmzb|tlbiva|wait)\b", where)
                m = MTSPR.match(line)
                if m:
                    self.assertNotIn(int(m.group(1)), (256, 260, 261, 262, 263, 268, 269,
                                                       287, 979), where)
                m = MFSPR.match(line)
                if m:
                    self.assertNotEqual(int(m.group(2)), 256, where)
                # no word that is a Proteus hypercall (primary opcode 1)
                m = re.match(r"^\.long\s+0x([0-9a-f]{8})", code)
                if m:
                    self.assertNotEqual(int(m.group(1), 16) >> 26, 1, where)

    def test_uic_never_enabled(self):
        for seed in SEEDS:
            for i, dcr, value in dcr_writes(self.programs[seed]):
                if dcr in genpriv.DCR_UNREGISTERED:
                    continue                    # raises ESR[PIL]: logged
                self.assertIn(dcr, range(0xC0, 0xC9), "seed %d: DCR 0x%x" % (seed, dcr))
                if dcr == 0xC2:
                    self.assertEqual(value, 0, "seed %d: UIC ER <- %r" % (seed, value))
                if dcr in (0xC6, 0xC7):
                    self.fail("seed %d writes a read-only UIC register" % seed)

    def test_tlb_words_safe(self):
        for seed in SEEDS:
            lines = self.programs[seed]
            for i, line in enumerate(lines):
                m = TLBWE.match(line)
                if not m:
                    continue
                rs, ra, ws = int(m.group(1)), int(m.group(2)), int(m.group(3))
                self.assertNotEqual(rs, ra)
                value = loaded_value(lines, i, rs)
                self.assertIsNotNone(value, "seed %d line %d" % (seed, i + 1))
                if ws == 0:
                    size = (value >> 7) & 7
                    self.assertEqual(value & 0x3F, 0, "E, U0, reserved bits")
                    self.assertEqual(value & 0xFFFFFC00 & (genpriv.TLB_SIZE_BYTES[size] - 1),
                                     0, "EPN aligned to the page size")
                    if value & 0x40:
                        self.assertGreaterEqual(size, 1, "valid 1 KiB page")
                else:
                    self.assertEqual(value & 0xFF, 0, "ZSEL and WIMG zero")

    def test_illegal_words(self):
        for name, word in genpriv.ILLEGAL_WORDS:
            self.assertNotEqual(word >> 26, 1, name)

    def test_dump_names(self):
        _, gen = genpriv.generate_info(4)
        names = gen.dump_names()
        self.assertEqual(len(names), len(set(names)))
        self.assertEqual(names[:3], ["r0", "r1", "r2"])
        self.assertEqual(names[-2:], ["log.count", "log.overflow"])
        for forbidden in ("tsr", "pit", "tbl", "tbu"):
            self.assertNotIn(forbidden, names)

    def test_cli(self):
        tmp = tempfile.mkdtemp()
        try:
            out = os.path.join(tmp, "7.S")
            self.assertEqual(genpriv.main(["7", "--length", "30", "-o", out]), 0)
            with open(out, encoding="utf-8") as f:
                self.assertEqual(f.read(), genpriv.generate(7, 30))
            with redirect_stdout(io.StringIO()) as o:
                with self.assertRaises(SystemExit) as cm:
                    genpriv.main(["--help"])
            self.assertEqual(cm.exception.code, 0)
            self.assertIn("SEED", o.getvalue().upper())
            with redirect_stderr(io.StringIO()):
                with self.assertRaises(SystemExit) as cm:
                    genpriv.main(["7", "-o", out, "--only", "bogus"])
            self.assertEqual(cm.exception.code, 2)
        finally:
            shutil.rmtree(tmp)


def transcript(seed, values, end=True, prefix=""):
    lines = [prefix + "fuzz: start %d" % seed]
    lines += [prefix + "fuzz: %s=0x%08x" % (n, v) for n, v in values]
    if end:
        lines.append(prefix + "fuzz: end %d" % seed)
    return lines


BASE = [("r0", 1), ("r1", 2), ("msr", 0x1000), ("log.count", 1), ("log.overflow", 0),
        ("log0.vec", 0x700), ("log0.srr0", 0x2400), ("log0.esr", 0x08000000),
        ("log0.dear", 0), ("log0.srr1", 0x1000)]


class CompareTest(unittest.TestCase):
    def test_equal(self):
        self.assertIsNone(run.compare(3, transcript(3, BASE), transcript(3, BASE)))

    def test_prefix_and_noise_ignored(self):
        virt = ["Proteus-405: configuration fuzz, 1 partition"] + transcript(
            3, BASE, prefix="[fuzz] ")
        self.assertIsNone(run.compare(3, transcript(3, BASE), virt))

    def test_first_difference(self):
        virt = list(BASE)
        virt[2] = ("msr", 0x9000)
        virt[7] = ("log0.esr", 0x04000000)
        self.assertEqual(run.compare(12, transcript(12, BASE), transcript(12, virt)),
                         "seed 12: first difference at msr: native=0x00001000 "
                         "virtualized=0x00009000")

    def test_missing_value(self):
        self.assertEqual(run.compare(4, transcript(4, BASE), transcript(4, BASE[:6])),
                         "seed 4: first difference at log0.srr0: native=0x00002400 "
                         "virtualized=missing")
        self.assertEqual(run.compare(4, transcript(4, BASE[:1]), transcript(4, BASE[:2])),
                         "seed 4: first difference at r1: native=missing "
                         "virtualized=0x00000002")

    def test_different_names(self):
        virt = list(BASE)
        virt[1] = ("r2", 2)
        msg = run.compare(5, transcript(5, BASE), transcript(5, virt))
        self.assertTrue(msg.startswith("seed 5: first difference at r1: native=0x00000002 "
                                       "virtualized=missing"), msg)

    def test_missing_end(self):
        self.assertEqual(run.compare(6, transcript(6, BASE), transcript(6, BASE, end=False)),
                         "seed 6: virtualized transcript has no 'fuzz: end 6' line")

    def test_labels(self):
        virt = list(BASE)
        virt[0] = ("r0", 7)
        self.assertEqual(run.compare(1, transcript(1, BASE), transcript(1, virt),
                                     ("shift0", "shift2")),
                         "seed 1: first difference at r0: shift0=0x00000001 shift2=0x00000007")

    def test_check_transcript(self):
        names = ["r0", "r1", "msr", "log.count", "log.overflow"]
        self.assertIsNone(run.check_transcript(3, transcript(3, BASE), names))
        self.assertIn("no 'fuzz: end 3'",
                      run.check_transcript(3, transcript(3, BASE, end=False), names))
        bad = transcript(3, BASE)
        bad.insert(3, "fuzz: UNEXPECTED exception vector=0x00000300 srr0=0x0")
        self.assertIn("unexpected exception", run.check_transcript(3, bad, names))
        over = [(n, 3 if n == "log.overflow" else v) for n, v in BASE]
        self.assertIn("overflow", run.check_transcript(3, transcript(3, over), names))
        self.assertEqual(run.check_transcript(3, transcript(3, BASE[:-1]), names),
                         "dump has 9 values, expected 10")
        self.assertIn("dump line 2", run.check_transcript(3, transcript(3, BASE),
                                                          ["r0", "r9", "msr"]))

    def test_seed_list(self):
        self.assertEqual(run.parse_seed_list("1,5-7, 9"), [1, 5, 6, 7, 9])
        with self.assertRaises(ValueError):
            run.parse_seed_list("x")


def tools_present():
    return (shutil.which(run.DEFAULT_QEMU) is not None
            and shutil.which(run.DEFAULT_CROSS + "gcc") is not None)


@unittest.skipUnless(tools_present(), "qemu-system-ppc or the cross compiler missing")
class RealRunTest(unittest.TestCase):
    def test_three_seeds_twice(self):
        tmp = tempfile.mkdtemp()
        try:
            with redirect_stdout(io.StringIO()) as out:
                status = run.main(["--seed-list", "0,1,2", "--twice", "--build-dir", tmp])
            text = out.getvalue()
            self.assertEqual(status, 0, text)
            for seed in (0, 1, 2):
                self.assertIn("PASS fuzz.%d\n" % seed, text)
                with open(os.path.join(tmp, "%d.native.log" % seed), encoding="utf-8") as f:
                    self.assertIn("fuzz: end %d\n" % seed, f.read())
            self.assertIn("fuzz: 3 passed, 0 failed", text)
        finally:
            shutil.rmtree(tmp)

    def test_virtualized_run_reaches_a_verdict(self):
        """Seed 0 natively and under the core: equivalent, a named register,
        or a quoted core fault; never an unavailable runner."""
        tmp = tempfile.mkdtemp()
        runner = run.VirtualizedRunner(area=VIRT_AREA)
        try:
            seed, ok, reason, _ = run.run_seed(
                0, [run.NativeRunner(), runner], tmp, 200, run.DEFAULT_CROSS, 20)
            if not ok:
                self.assertRegex(reason, r"^(seed 0: first difference at \S+: native=|"
                                         r"virtualized run: )", reason)
            with open(os.path.join(tmp, "0.virtualized.log"), encoding="utf-8") as f:
                self.assertIn("fuzz: start 0\n", f.read())
            self.assertFalse(os.path.exists(partition_image.image_dir(VIRT_AREA + "/0")))
        finally:
            shutil.rmtree(tmp)
            shutil.rmtree(os.path.join(ROOT, "build", VIRT_AREA), ignore_errors=True)


class VirtualizedRunnerTest(unittest.TestCase):
    """The runner's configuration, without building or booting."""

    def tearDown(self):
        shutil.rmtree(os.path.join(ROOT, "build", VIRT_AREA), ignore_errors=True)

    def test_names_and_config(self):
        runner = run.VirtualizedRunner(area=VIRT_AREA, keep=True)
        self.assertEqual(runner.name, "virtualized")
        # one shared configuration and build directory for every seed
        self.assertEqual(runner.config_name(42), VIRT_AREA + "/img")
        self.assertEqual(runner.config_name(7), VIRT_AREA + "/img")
        self.assertEqual(runner.seed_image(42), os.path.join(ROOT, "build", VIRT_AREA, "42.elf"))
        elf = os.path.join(ROOT, "build", "fuzz", "42.elf")
        path = runner.write_config(elf, 42)
        self.assertEqual(path, os.path.join(ROOT, "build", VIRT_AREA, "cfg", "fzimg.conf"))
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertEqual(text, partition_image.config_text("build/fuzz/42.elf", "fuzz",
                                                           "fuzz seed 42"))
        for line in ("[partition fuzz]", "image = build/fuzz/42.elf", "on_fault = halt",
                     "ram = guest=0x00000000 host=0x01000000 size=1M perm=rwx",
                     "device = guest=0xEF600000 host=0xEF600000 size=4K perm=rw",
                     "window = fuzz 2ms"):
            self.assertIn("\n%s\n" % line, text)
        self.assertEqual(partition_image.image_path(runner.config_name(42)),
                         os.path.join(ROOT, "build", VIRT_AREA, "img", "proteus.elf"))

    def test_outcome_of_a_core_fault(self):
        hm = "HM: fuzz unsupported-tlb pc=0x0000230c insn=0x7c0002e4 esr=0x04000000 -> halt"
        lines = ["Proteus-405: configuration fz3, 1 partitions", "fuzz: start 3", hm]
        saved = (partition_image.build_image, partition_image.run_until)
        built = os.path.join(ROOT, "build", VIRT_AREA, "built.elf")
        os.makedirs(os.path.dirname(built), exist_ok=True)
        with open(built, "wb") as f:
            f.write(b"\x7fELF")
        partition_image.build_image = lambda *a, **k: built
        partition_image.run_until = lambda *a, **k: scenario.RunResult(
            scenario.Scenario("fuzz.3"), lines, "", True, "ok", ["qemu"], 0.1, 0)
        try:
            outcome = run.VirtualizedRunner(area=VIRT_AREA).run("/tmp/3.elf", 3)
        finally:
            partition_image.build_image, partition_image.run_until = saved
        self.assertFalse(outcome.ended)
        self.assertEqual(outcome.lines, lines[1:])
        self.assertEqual(outcome.reason, "core fault at virtualized line 2: " + hm)
        # the per-seed copy of the image is removed after the run
        self.assertFalse(os.path.exists(os.path.join(ROOT, "build", VIRT_AREA, "3.elf")))

    def test_twice_and_virtualized_exclusive(self):
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
            with self.assertRaises(SystemExit):
                run.main(["--twice", "--virtualized"])
        self.assertIn("not allowed with argument", err.getvalue())


class _LeakyGen(genpriv.Gen):
    """A program that leaks the time base into r7: the negative control."""

    def body(self):
        self.emit("    li      %r3, 0")
        self.emit(*["    mtspr   272, %r3"] * 300)
        self.emit("    mftb    %r7")


@unittest.skipUnless(tools_present(), "qemu-system-ppc or the cross compiler missing")
class LeakTest(unittest.TestCase):
    def test_twice_catches_a_time_leak(self):
        tmp = tempfile.mkdtemp()
        try:
            gen = _LeakyGen(11, 0)
            elf = run.assemble(gen.generate(), os.path.join(tmp, "leak"))
            a = run.NativeRunner(shift=0).run(elf, 11)
            b = run.NativeRunner(shift=2).run(elf, 11)
            self.assertTrue(a.ended and b.ended)
            self.assertIsNone(run.check_transcript(11, a.lines, gen.dump_names()))
            self.assertRegex(run.compare(11, a.lines, b.lines),
                             r"^seed 11: first difference at r7: native=0x[0-9a-f]{8} "
                             r"virtualized=0x[0-9a-f]{8}$")
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main()

"""Tests of the configuration compiler tools/config.

@req CFG-001 (generated headers, tables, blob and linker script)
@req CFG-002 (every violation reported as FILE:LINE: error: [rule] message)
@req CFG-003 (the build-time switches: [features], CONFIG_* in config.h)
@req SCHED-005 (fixed-priority budgets: syntax, checks, response times, tables)

Guest images are tiny big-endian PowerPC ELF executables written by
write_elf(), so no cross compiler is needed.
"""
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "tools", "config")
FIXTURES = os.path.join("tests", "tools", "fixtures", "config")  # relative to REPO

sys.path.insert(0, TOOL)
import configc  # noqa: E402

A_CODE = bytes(range(16))


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def write_elf(path, segments, entry, machine=20, e_type=2, data_enc=2):
    """ELF32 executable; segments = [(p_paddr, contents, p_memsz)] as PT_LOADs."""
    phoff, offset = 52, 52 + 32 * len(segments)
    phdrs, body = b"", b""
    for paddr, contents, memsz in segments:
        phdrs += struct.pack(">8I", 1, offset, paddr, paddr, len(contents), memsz, 7, 4)
        body += contents
        offset += len(contents)
    ident = b"\x7fELF" + bytes((1, data_enc, 1)) + bytes(9)
    header = ident + struct.pack(">HHIIIIIHHHHHH", e_type, machine, 1, entry, phoff, 0, 0,
                                 52, 32, len(segments), 40, 0, 0)
    with open(path, "wb") as f:
        f.write(header + phdrs + body)


class ConfigTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="configc-root-")
        write_elf(os.path.join(cls.root, "a.elf"), [(0x2000, A_CODE, 0x1000)], 0x2000)
        write_elf(os.path.join(cls.root, "b.elf"), [(0x0, b"abcde", 0x8), (0x10000, b"xy", 0x2000)], 0x4)
        write_elf(os.path.join(cls.root, "x86.elf"), [(0x2000, A_CODE, 0x1000)], 0x2000, machine=3)
        write_elf(os.path.join(cls.root, "bss.elf"), [(0x2000, b"", 0x1000)], 0x2000)
        write_elf(os.path.join(cls.root, "big.elf"), [(0x0, bytes(0x11000), 0x11000)], 0x0)
        with open(os.path.join(cls.root, "notelf.elf"), "w") as f:
            f.write("hello\n")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="configc-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def run_tool(self, *args):
        proc = subprocess.run([sys.executable, TOOL] + list(args), cwd=REPO,
                              capture_output=True, text=True)
        self.assertNotIn("Traceback", proc.stderr)
        return proc

    def check(self, conf, *args):
        return self.run_tool("--check", "--root", self.root, *args, conf)

    def write_conf(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def assert_violations(self, conf, expected, exact=False):
        """expected = [(line, rule)]: each reported as CONF:LINE: error: [rule]."""
        proc = self.check(conf)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout, "")
        reported = [l.split(" ", 3)[:3] for l in proc.stderr.splitlines()]
        for line, rule in expected:
            with self.subTest(line=line, rule=rule):
                self.assertIn(["%s:%d:" % (conf, line), "error:", "[%s]" % rule], reported, proc.stderr)
        if exact:
            self.assertEqual(len(reported), len(expected), proc.stderr)
        return proc.stderr

    def fixture(self, name):
        return os.path.join(FIXTURES, name)


class RuleTests(ConfigTestCase):
    """One test per rule, each on a configuration with that violation."""

    def test_syntax(self):
        self.assert_violations(self.fixture("syntax.conf"), [
            (2, "syntax"), (5, "syntax"), (6, "syntax"), (7, "syntax"), (8, "syntax"),
            (12, "syntax"), (14, "syntax"), (15, "syntax"), (16, "syntax"),
            (17, "syntax"), (17, "syntax"), (17, "syntax"), (19, "syntax")], exact=True)

    def test_syntax_channel_section_reserved(self):
        err = self.assert_violations(self.fixture("syntax.conf"), [(8, "syntax")])
        self.assertIn("unknown section kind 'channel'", err)

    def test_syntax_missing_sections(self):
        conf = self.write_conf("empty.conf", "# nothing\n\n")
        err = self.assert_violations(conf, [(1, "syntax")])
        for what in ("[system]", "[schedule]", "[partition NAME]"):
            self.assertIn(what, err)

    def test_syntax_number_too_large(self):
        conf = self.write_conf("big.conf", "[system]\ncore = host=0x100000000 size=4M\n")
        err = self.assert_violations(conf, [(2, "syntax")])
        self.assertIn("does not fit in 32 bits", err)

    def test_name(self):
        self.assert_violations(self.fixture("name.conf"), [
            (4, "name"), (12, "name"), (16, "name"), (23, "name")])

    def test_name_of_configuration_too_long(self):
        conf = self.write_conf("x" * 32 + ".conf", open(self.fixture("demo.conf")).read())
        err = self.assert_violations(conf, [(1, "name")], exact=True)
        self.assertIn("has 32 characters, at most 31 (the boot banner names it)", err)

    def test_limits(self):
        lines = ["[system]", "core = host=0x00000000 size=1M"]
        for i in range(16):
            lines += ["[partition p%d]" % i, "image = a.elf", "on_fault = halt"]
            for j in range(9 if i == 0 else 1):
                lines.append("ram = guest=0x%08X host=0x%08X size=64K perm=rwx"
                             % (j << 16, 0x01000000 + (i << 20) + (j << 16)))
            if i == 0:
                ninth_region = len(lines)
            if i == 15:
                sixteenth_partition = len(lines) - 3
        lines += ["[schedule]", "major_frame = 6500us"]
        lines += ["window = p%d 100us" % (k % 16) for k in range(65)]
        conf = self.write_conf("limits.conf", "\n".join(lines) + "\n")
        self.assert_violations(conf, [(sixteenth_partition, "limits"), (ninth_region, "limits"),
                                      (len(lines), "limits")], exact=True)

    def test_align(self):
        self.assert_violations(self.fixture("align.conf"), [
            (3, "align"), (3, "align"), (8, "align"), (9, "align"), (10, "align")], exact=True)

    def test_perm(self):
        self.assert_violations(self.fixture("perm.conf"), [
            (8, "perm"), (9, "perm"), (10, "perm")], exact=True)

    def test_ram_range(self):
        self.assert_violations(self.fixture("ram_range.conf"), [(3, "ram-range"), (7, "ram-range")])

    def test_device_range(self):
        self.assert_violations(self.fixture("device_range.conf"), [
            (8, "device-range"), (9, "device-range")], exact=True)

    def test_overlap(self):
        self.assert_violations(self.fixture("overlap.conf"), [
            (8, "overlap"), (12, "overlap"), (13, "overlap")], exact=True)

    def test_device_shared(self):
        self.assert_violations(self.fixture("device_shared.conf"), [(13, "device-shared")], exact=True)

    def test_image(self):
        err = self.assert_violations(self.fixture("image.conf"), [
            (5, "image"), (9, "image"), (13, "image"), (17, "image"), (21, "image"),
            (21, "image"), (26, "image")], exact=True)
        for text in ("No such file", "not an ELF file", "e_machine 3", "no PT_LOAD",
                     "not inside one ram region", "executable ram region"):
            self.assertIn(text, err)

    def test_image_little_endian(self):
        write_elf(os.path.join(self.tmp, "le.elf"), [(0x2000, A_CODE, 0x1000)], 0x2000, data_enc=1)
        conf = self.write_conf("le.conf", "[system]\ncore = host=0 size=1M\n[partition a]\n"
                               "image = le.elf\non_fault = halt\n"
                               "ram = guest=0 host=0x00100000 size=64K perm=rwx\n"
                               "[schedule]\nmajor_frame = 1ms\nwindow = a 1ms\n")
        proc = self.run_tool("--check", "--root", self.tmp, conf)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("%s:4: error: [image]" % conf, proc.stderr)
        self.assertIn("big-endian", proc.stderr)

    def test_schedule(self):
        self.assert_violations(self.fixture("schedule.conf"), [
            (10, "schedule"), (11, "schedule")], exact=True)

    def test_schedule_major_frame_beyond_32_bits(self):
        conf = self.write_conf("long.conf", read(os.path.join(REPO, self.fixture("schedule_underfill.conf")))
                               .replace("2ms", "13000ms").replace("a 1ms", "a 13000ms"))
        self.assert_violations(conf, [(9, "schedule")], exact=True)

    def test_schedule_overflow(self):
        self.assert_violations(self.fixture("schedule_overflow.conf"), [(12, "schedule-overflow")], exact=True)

    def test_schedule_underfill(self):
        self.assert_violations(self.fixture("schedule_underfill.conf"), [(9, "schedule-underfill")], exact=True)

    def test_schedule_unused(self):
        self.assert_violations(self.fixture("schedule_unused.conf"), [(8, "schedule-unused")], exact=True)

    def test_core_fit(self):
        self.assert_violations(self.fixture("core_fit.conf"), [(3, "core-fit")], exact=True)

    def test_features(self):
        # fixed_priority is available now: the fixture's line 9 asks for the
        # cyclic scheduler its [schedule] is written for
        conf = self.write_conf("features.conf", read(self.fixture("features.conf")).replace(
            "scheduler = fixed_priority", "scheduler = cyclic"))
        err = self.assert_violations(conf, [(7, "features"), (8, "syntax")], exact=True)
        self.assertIn("virtual_timers needs full_virtualization, which is off", err)
        self.assertIn("fv_fast_path: expected on or off, not 'maybe'", err)
        conf = self.write_conf("choice.conf", read(self.fixture("features.conf")).replace(
            "fixed_priority", "round_robin").replace("virtual_timers = on", "").replace(
            "fv_fast_path = maybe", "").replace("full_virtualization = off", ""))
        err = self.assert_violations(conf, [(9, "features")], exact=True)
        self.assertIn("scheduler: unknown value 'round_robin' (one of: cyclic, fixed_priority)",
                      err)

    def test_features_choice_not_available(self):
        saved = configc.CHOICES
        configc.CHOICES = {"scheduler": ("CONFIG_SCHED_", "cyclic",
                                         {"cyclic": True, "fixed_priority": False})}
        self.addCleanup(setattr, configc, "CHOICES", saved)
        cfg = configc.Config(path="x.conf", root=".")
        cfg.choices["scheduler"] = ("fixed_priority", 9)
        diag = configc.Diagnostics("x.conf")
        configc.check_features(cfg, diag)
        self.assertEqual(diag.lines(), ["x.conf:9: error: [features] scheduler = fixed_priority "
                                        "is not available in this version"])

    def test_all_violations_reported(self):
        err = self.assert_violations(self.fixture("multi.conf"), [
            (4, "syntax"), (9, "align"), (9, "overlap"), (10, "perm"), (11, "schedule-unused"),
            (14, "ram-range"), (16, "schedule-underfill")], exact=True)
        numbers = [int(l.split(":")[1]) for l in err.splitlines()]
        self.assertEqual(numbers, sorted(numbers))

    def test_every_rule_tested_and_described(self):
        source = read(__file__)
        for rule, description in configc.RULES.items():
            self.assertIn('"%s")' % rule, source)
            self.assertTrue(description)


class OutputTests(ConfigTestCase):
    """@req CFG-001: generated files of a valid configuration."""

    def generate(self, out):
        proc = self.run_tool("--root", self.root, "--out", out, self.fixture("demo.conf"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        return {name: read(os.path.join(out, name), "rb") for name in sorted(os.listdir(out))}

    def test_outputs(self):
        out = os.path.join(self.tmp, "gen", "demo")
        files = self.generate(out)
        self.assertEqual(sorted(files), ["config.h", "config.mk", "config_data.c", "image_blob.h",
                                         "images.S", "images.bin", "proteus.ld"])
        banner = "Generated by tools/config from %s. Do not edit." % self.fixture("demo.conf")
        for name, content in files.items():
            if name != "images.bin":
                self.assertIn(banner, content.decode().splitlines()[0])

        h = files["config.h"].decode()
        for define in ('CONFIG_NAME "demo"', "CONFIG_TB_HZ 333333333u", "CONFIG_CORE_BASE 0x00000000u",
                       "CONFIG_CORE_SIZE 0x00400000u", "CONFIG_NUM_PARTITIONS 2u", "CONFIG_NUM_REGIONS 4u",
                       "CONFIG_NUM_LOADS 3u", "CONFIG_NUM_WINDOWS 3u", "CONFIG_MAJOR_FRAME 3333333u",
                       "CONFIG_TRACE_WINDOWS 8u", "CONFIG_HM_HALT 1 ",
                       "CONFIG_HM_RESTART 1 "):
            self.assertIn("#define " + define, h)

        self.assertNotIn("CONFIG_IMAGE_BLOB_SIZE", h)  # image_blob.h: changes with images
        self.assertIn("#define CONFIG_IMAGE_BLOB_SIZE 28u", files["image_blob.h"].decode())

        c = files["config_data.c"].decode()
        self.assertIn("#include <proteus/cfg.h>", c)
        self.assertIn("const struct cfg_region cfg_regions[CONFIG_NUM_REGIONS]", c)
        # regions: ram first, then device; attr from perm
        self.assertIn("[0] = { .guest = 0x00000000u, .host = 0x01000000u, .size = 0x00100000u, "
                      ".attr = REGION_R | REGION_W | REGION_X }", c)
        self.assertIn("[1] = { .guest = 0xEF600000u, .host = 0xEF600000u, .size = 0x00001000u, "
                      ".attr = REGION_R | REGION_W | REGION_DEVICE }", c)
        self.assertIn(".size = 0x00010000u, .attr = REGION_R | REGION_X }", c)
        # partitions: PIDs 1.., given entry, e_entry, health-monitor action
        self.assertIn('.name = "hello", .entry = 0x00002004u, .pid = 1u, .hm_action = HM_ACTION_RESTART, '
                      ".first_region = 0u, .num_regions = 2u, .first_load = 0u, .num_loads = 1u", c)
        self.assertIn('.name = "other", .entry = 0x00000004u, .pid = 2u, .hm_action = HM_ACTION_HALT, '
                      ".first_region = 2u, .num_regions = 2u, .first_load = 1u, .num_loads = 2u", c)
        # windows: 1 ms = 333333 ticks; starts are running sums ending at the major frame
        self.assertIn("[0] = { .partition = 0u, .start = 0u, .ticks = 333333u }", c)
        self.assertIn("[1] = { .partition = 1u, .start = 333333u, .ticks = 1333334u }", c)
        self.assertIn("[2] = { .partition = 0u, .start = 1666667u, .ticks = 1666666u }", c)
        # loads: host = region host + (paddr - region guest); src 4-byte aligned in the blob
        self.assertIn("[0] = { .host = 0x01002000u, .src = 0x00000000u, .len = 0x00000010u }", c)
        self.assertIn("[1] = { .host = 0x01100000u, .src = 0x00000010u, .len = 0x00000005u }", c)
        self.assertIn("[2] = { .host = 0x01110000u, .src = 0x00000018u, .len = 0x00000002u }", c)

        self.assertEqual(files["images.bin"], A_CODE + b"abcde\0\0\0xy\0\0")
        s = files["images.S"].decode()
        self.assertIn('.incbin "%s"' % os.path.abspath(os.path.join(out, "images.bin")), s)
        self.assertIn(".globl cfg_image_blob", s)
        ld = files["proteus.ld"].decode()
        self.assertIn("MEMORY { core (rwx) : ORIGIN = 0x00000000, LENGTH = 0x00400000 }", ld)
        self.assertIn("ASSERT(__stack_top <= ORIGIN(core) + LENGTH(core)", ld)
        mk = files["config.mk"].decode()
        self.assertIn("CONFIG_IMAGES := %s %s\n" % (os.path.join(self.root, "a.elf"),
                                                    os.path.join(self.root, "b.elf")), mk)

    def test_deterministic_and_incremental(self):
        out = os.path.join(self.tmp, "gen")
        first = self.generate(out)
        stamps = {n: os.stat(os.path.join(out, n)).st_mtime_ns for n in first}
        os.utime(os.path.join(out, "config.h"), ns=(1, 1))
        second = self.generate(out)
        self.assertEqual(first, second)
        self.assertEqual(os.stat(os.path.join(out, "config.h")).st_mtime_ns, 1)  # not rewritten
        self.assertEqual(stamps["proteus.ld"], os.stat(os.path.join(out, "proteus.ld")).st_mtime_ns)

    def test_check_writes_nothing(self):
        out = os.path.join(self.tmp, "gen")
        proc = self.run_tool("--check", "--root", self.root, "--out", out, self.fixture("demo.conf"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertFalse(os.path.exists(out))

    def test_errors_write_nothing(self):
        out = os.path.join(self.tmp, "gen")
        proc = self.run_tool("--root", self.root, "--out", out, self.fixture("perm.conf"))
        self.assertEqual(proc.returncode, 1)
        self.assertFalse(os.path.exists(out))

    def test_exact_sum_has_no_rounding_underfill(self):
        conf = self.write_conf("thirds.conf", read(os.path.join(REPO, self.fixture("schedule_underfill.conf")))
                               .replace("2ms", "3ms").replace("window = a 1ms", "window = a 1ms\n" * 3))
        proc = self.run_tool("--root", self.root, "--out", os.path.join(self.tmp, "gen"), conf)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        c = read(os.path.join(self.tmp, "gen", "config_data.c"))
        self.assertIn(".start = 666667u, .ticks = 333333u", c)  # ends at 3 ms = 1000000 ticks


class FixedPriorityTests(ConfigTestCase):
    """@req SCHED-005, CFG-001, CFG-002: scheduler = fixed_priority."""

    def fp_conf(self, schedule, features="scheduler = fixed_priority"):
        """fp.conf with its [schedule] lines replaced; -> (path, line of [schedule])."""
        head = read(self.fixture("fp.conf")).split("[schedule]\n")[0]
        head = head.replace("scheduler = fixed_priority", features)
        line = head.count("\n") + 1
        return self.write_conf("s.conf", head + "[schedule]\n" + "\n".join(schedule) + "\n"), line

    def generate(self, conf):
        out = os.path.join(self.tmp, "gen")
        proc = self.run_tool("--root", self.root, "--out", out, conf)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        return read(os.path.join(out, "config.h")), read(os.path.join(out, "config_data.c"))

    def test_outputs(self):
        h, c = self.generate(self.fixture("fp.conf"))
        self.assertIn("#define CONFIG_NUM_PARTITIONS 3u\n", h)
        # sorted by priority: other (1), third (2), hello (3); response times by hand
        self.assertIn("#define CONFIG_NUM_WINDOWS 0u\n"
                      "#define CONFIG_MAJOR_FRAME 0u /* ticks */\n"
                      "#define CONFIG_NUM_BUDGETS 3u\n"
                      "/* response time of other: 10000 ticks of period 40000 */\n"
                      "/* response time of third: 25000 ticks of period 60000 */\n"
                      "/* response time of hello: 55000 ticks of period 100000 */\n"
                      "#define CONFIG_TRACE_WINDOWS 6u\n", h)
        self.assertIn("#define CONFIG_SCHED_CYCLIC 0\n", h)
        self.assertIn("#define CONFIG_SCHED_FIXED_PRIORITY 1\n", h)
        self.assertIn("\nconst struct cfg_budget cfg_budgets[CONFIG_NUM_BUDGETS] = {\n"
                      "    [0] = { .partition = 1u, .budget = 10000u, .period = 40000u },\n"
                      "    [1] = { .partition = 2u, .budget = 15000u, .period = 60000u },\n"
                      "    [2] = { .partition = 0u, .budget = 20000u, .period = 100000u },\n"
                      "};\n", c)
        self.assertIn('const char cfg_banner[CFG_BANNER_MAX + 1u] = '
                      '"Proteus-405: configuration fp, 3 partitions, fixed-priority scheduler";', c)
        self.assertNotIn("cfg_windows", c)  # the core's cyclic code is compiled out
        self.assertNotIn("cfg_window ", c)
        for table in ("cfg_regions", "cfg_partitions", "cfg_loads"):
            self.assertIn(table, c)

    def test_cyclic_has_no_budgets(self):
        h, c = self.generate(self.fixture("demo.conf"))
        self.assertIn("#define CONFIG_NUM_WINDOWS 3u\n", h)
        self.assertIn("#define CONFIG_NUM_BUDGETS 0u\n", h)
        self.assertNotIn("response time", h)
        self.assertIn('cfg_banner[CFG_BANNER_MAX + 1u] = "Proteus-405: configuration demo, '
                      '2 partitions, 3 windows, major frame 3333333 ticks";', c)
        self.assertNotIn("cfg_budget", c)
        self.assertIn("const struct cfg_window cfg_windows[CONFIG_NUM_WINDOWS] = {", c)

    def test_durations_rounded_once(self):
        # 1 ms = 333333.333 ticks, 2 ms = 2000us = 666666.667, 5 ms = 1666666.665,
        # 10 ms = 3333333.33: each budget and period is rounded to ticks once
        conf, _ = self.fp_conf([
            "partition = hello priority=2 budget=1ms period=5ms",
            "partition = other priority=1 budget=2ms period=10ms",
            "partition = third priority=15 budget=2000us period=5ms"])
        h, c = self.generate(conf)
        self.assertIn("[0] = { .partition = 1u, .budget = 666667u, .period = 3333333u }", c)
        self.assertIn("[1] = { .partition = 0u, .budget = 333333u, .period = 1666667u }", c)
        self.assertIn("[2] = { .partition = 2u, .budget = 666667u, .period = 1666667u }", c)
        # hello: 333333 -> 333333 + 666667 = 1000000 (fixed point);
        # third: 666667 -> 666667 + 666667 + 333333 = 1666667 (fixed point): a
        # response time equal to the period is schedulable
        self.assertIn("/* response time of other: 666667 ticks of period 3333333 */", h)
        self.assertIn("/* response time of hello: 1000000 ticks of period 1666667 */", h)
        self.assertIn("/* response time of third: 1666667 ticks of period 1666667 */", h)

    def test_one_partition_budget_equal_to_period(self):
        conf = self.write_conf("one.conf", read(self.fixture("fp.conf")).split("[partition other]")[0]
                               + "[schedule]\npartition = hello priority=15 budget=10ms period=10ms\n")
        h, c = self.generate(conf)
        self.assertIn("#define CONFIG_NUM_BUDGETS 1u\n"
                      "/* response time of hello: 3333333 ticks of period 3333333 */\n", h)
        self.assertIn("[0] = { .partition = 0u, .budget = 3333333u, .period = 3333333u },", c)

    def test_schedule_fp(self):
        err = self.assert_violations(self.fixture("schedule_fp.conf"), [
            (20, "schedule-fp"), (25, "name"), (26, "schedule-fp"), (27, "schedule-fp"),
            (28, "schedule-fp"), (29, "schedule-fp"), (30, "schedule-fp"), (30, "schedule-fp")],
            exact=True)
        for text in ("partition 'e' has no partition line in [schedule] and would never run",
                     "partition line names unknown partition 'ghost'",
                     "priority 0 of partition 'a' is not in 1..15",
                     "partition 'a' has a second partition line (first at line 26)",
                     "priority 16 of partition 'b' is not in 1..15",
                     "budget of 'c' is 3332 ticks, minimum is 10 us (3333 ticks)",
                     "priority 3 of partition 'd' is already that of partition 'c' (line 29); "
                     "priorities must be unique",
                     "budget of 'd' is 666667 ticks, more than its period of 333333 ticks"):
            self.assertIn(text, err)

    def test_schedule_fp_period_range(self):
        conf, line = self.fp_conf([
            "partition = hello priority=1 budget=1ms period=0ticks",
            "partition = other priority=2 budget=1ms period=13000ms",  # 4333333329 ticks
            "partition = third priority=3 budget=1ms period=4294967295ticks"])
        err = self.assert_violations(conf, [(line + 1, "schedule-fp"), (line + 1, "schedule-fp"),
                                            (line + 2, "schedule-fp")], exact=True)
        self.assertIn("period of 'hello' is 0 ticks, not in 1..2^32-1 ticks", err)
        self.assertIn("budget of 'hello' is 333333 ticks, more than its period of 0 ticks", err)
        self.assertIn("period of 'other' is 4333333329 ticks, not in 1..2^32-1 ticks", err)

    def test_schedule_fp_syntax(self):
        conf, line = self.fp_conf([
            "partition = hello priority=1 budget=1ms",
            "partition = priority=2 budget=1ms period=10ms",
            "partition = third priority=high budget=1ms period=10ms",
            "partition = other priority=2 budget=1 period=10ms"])
        err = self.assert_violations(conf, [(line + i, "syntax") for i in (1, 2, 3, 4)])
        self.assertIn("missing attribute period", err)
        self.assertIn("expected 'NAME priority=N budget=DURATION period=DURATION'", err)
        self.assertIn("bad number 'high'", err)
        self.assertIn("bad duration '1'", err)

    def test_window_under_fixed_priority(self):
        conf, line = self.fp_conf([
            "major_frame = 10ms",
            "partition = hello priority=3 budget=20000ticks period=100000ticks",
            "window = hello 10ms",
            "partition = other priority=1 budget=10000ticks period=40000ticks",
            "partition = third priority=2 budget=15000ticks period=60000ticks"])
        err = self.assert_violations(conf, [(line + 1, "syntax"), (line + 3, "syntax")], exact=True)
        self.assertIn("%s:%d: error: [syntax] 'major_frame' is for scheduler = cyclic, not "
                      "fixed_priority (the scheduler is chosen in [features])" % (conf, line + 1), err)
        self.assertIn("%s:%d: error: [syntax] 'window' is for scheduler = cyclic, not "
                      "fixed_priority" % (conf, line + 3), err)

    def test_partition_line_under_cyclic(self):
        conf = self.write_conf("c.conf", read(self.fixture("demo.conf")) +
                               "partition = hello priority=1 budget=1ms period=10ms\n")
        err = self.assert_violations(conf, [(24, "syntax")], exact=True)
        self.assertIn("'partition' is for scheduler = fixed_priority, not cyclic (the scheduler "
                      "is chosen in [features])", err)
        # the same when the cyclic scheduler is chosen explicitly
        conf, line = self.fp_conf(["major_frame = 1ms", "window = hello 1ms",
                                   "window = other 1ms", "window = third 1ms",
                                   "partition = hello priority=1 budget=1ms period=10ms"],
                                  features="scheduler = cyclic")
        self.assert_violations(conf, [(line + 5, "syntax"), (line + 3, "schedule-overflow")],
                               exact=True)

    def test_cyclic_keys_required_only_under_cyclic(self):
        conf = self.write_conf("c.conf", read(self.fixture("demo.conf")).replace(
            "major_frame = 10ms", ""))
        err = self.assert_violations(conf, [(19, "syntax")], exact=True)
        self.assertIn("missing required key 'major_frame' in [schedule]", err)
        conf, line = self.fp_conf([])
        err = self.assert_violations(conf, [(11, "schedule-fp"), (16, "schedule-fp"),
                                            (22, "schedule-fp")], exact=True)
        self.assertNotIn("major_frame", err)

    def test_schedulability_response_time(self):
        # other (1): 20000/40000, third (2): 10000/60000, hello (3): 30000/90000,
        # utilisation 1/2 + 1/6 + 1/3 = 1 exactly.  By hand, for hello:
        #   R = 30000 -> 30000 + 1*20000 + 1*10000 = 60000
        #     -> 30000 + 2*20000 + 1*10000 = 80000
        #     -> 30000 + 2*20000 + 2*10000 = 90000   (still <= 90000)
        #     -> 30000 + 3*20000 + 2*10000 = 110000  > 90000: not schedulable
        # third: 10000 -> 30000 -> 30000 (<= 60000).
        conf, line = self.fp_conf([
            "partition = hello priority=3 budget=30000ticks period=90000ticks",
            "partition = other priority=1 budget=20000ticks period=40000ticks",
            "partition = third priority=2 budget=10000ticks period=60000ticks"])
        err = self.assert_violations(conf, [(line + 1, "schedulability")], exact=True)
        self.assertIn("%s:%d: error: [schedulability] partition 'hello' (priority 3) is not "
                      "schedulable: its budget of 30000 ticks completes only after 110000 ticks, "
                      "beyond its period of 90000 ticks" % (conf, line + 1), err)
        self.assertEqual(configc.response_time(30000, 90000, [(20000, 40000), (10000, 60000)]),
                         110000)
        self.assertEqual(configc.response_time(10000, 60000, [(20000, 40000)]), 30000)

    def test_schedulability_utilisation(self):
        # 30000/40000 + 20000/60000 + 10000/100000 = 3/4 + 1/3 + 1/10 = 71/60 = 1.18333..
        conf, line = self.fp_conf([
            "partition = hello priority=3 budget=10000ticks period=100000ticks",
            "partition = other priority=1 budget=30000ticks period=40000ticks",
            "partition = third priority=2 budget=20000ticks period=60000ticks"])
        err = self.assert_violations(conf, [(line, "schedulability")], exact=True)
        self.assertIn("the budgets take 1.183334 of the core (sum of budget/period), more than 1",
                      err)

    def test_response_time_matches_simulation(self):
        """The analysis against a tick-by-tick simulation of the semantics:
        all released at 0, the highest-priority partition with budget left
        runs, a budget left at the next release is lost.  Schedulable iff
        every budget is served within each period, over one hyperperiod."""
        rng = random.Random(405)
        for _ in range(300):
            n = rng.randint(1, 4)
            periods = [rng.choice((4, 5, 6, 8, 10, 12, 15, 20, 24, 30)) for _ in range(n)]
            budgets = [rng.randint(1, t) for t in periods]  # index = priority order
            hyper = 1
            for t in periods:
                hyper = hyper * t // math.gcd(hyper, t)
            left, served, first_done = [0] * n, [True] * n, [None] * n
            for now in range(hyper + 1):
                for i in range(n):
                    if now % periods[i] == 0:
                        if left[i]:
                            served[i] = False
                        left[i] = budgets[i]
                if now == hyper:
                    break
                run = next((i for i in range(n) if left[i]), None)
                if run is not None:
                    left[run] -= 1
                    if not left[run] and first_done[run] is None:
                        first_done[run] = now + 1
            higher = []
            for i in range(n):
                r = configc.response_time(budgets[i], periods[i], higher)
                higher.append((budgets[i], periods[i]))
                with self.subTest(budgets=budgets, periods=periods, i=i):
                    self.assertEqual(r <= periods[i], served[i])
                    if served[i]:  # the first job sees the critical instant
                        self.assertEqual(r, first_done[i])


class FeatureTests(ConfigTestCase):
    """@req CFG-003: the build-time switches in config.h."""

    def defines(self, features):
        conf = self.write_conf("f.conf", read(self.fixture("demo.conf")).replace(
            "[schedule]", "[features]\n" + features + "\n[schedule]"))
        out = os.path.join(self.tmp, "gen")
        proc = self.run_tool("--root", self.root, "--out", out, conf)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return {l.split()[1]: int(l.split()[2]) for l in read(os.path.join(out, "config.h"))
                .splitlines() if l.startswith("#define CONFIG_FV") or
                l.startswith("#define CONFIG_SCHED_")}

    def test_defaults_all_on(self):
        self.assertEqual(self.defines(""), {
            "CONFIG_FV": 1, "CONFIG_FV_FAST": 1, "CONFIG_FV_TIMERS": 1, "CONFIG_FV_UIC": 1,
            "CONFIG_FV_TLB": 1, "CONFIG_SCHED_CYCLIC": 1, "CONFIG_SCHED_FIXED_PRIORITY": 0})

    def test_off_and_defaults_follow_what_they_need(self):
        saved = configc.SWITCHABLE
        configc.SWITCHABLE = frozenset(configc.FEATURES)
        self.addCleanup(setattr, configc, "SWITCHABLE", saved)

        def resolve(given):
            cfg = configc.Config(path="x.conf", root=".")
            for key, on in given.items():
                cfg.features[key] = (on, 5)
            diag = configc.Diagnostics("x.conf")
            configc.check_features(cfg, diag)
            return {k: v[0] for k, v in cfg.features.items()}, diag.lines()

        values, errors = resolve({"full_virtualization": False})
        self.assertEqual(errors, [])
        self.assertFalse(any(values.values()))
        values, errors = resolve({"virtual_uic": False, "fv_fast_path": False})
        self.assertEqual(errors, [])
        self.assertEqual((values["full_virtualization"], values["virtual_uic"],
                          values["fv_fast_path"], values["virtual_timers"]),
                         (True, False, False, True))
        _, errors = resolve({"full_virtualization": False, "virtual_tlb": True})
        self.assertEqual(errors, ["x.conf:5: error: [features] virtual_tlb needs "
                                  "full_virtualization, which is off"])

    def test_off_is_written_as_zero(self):
        conf = self.write_conf("off.conf", read(self.fixture("demo.conf")).replace(
            "[schedule]", "[features]\nvirtual_uic = off\n[schedule]"))
        out = os.path.join(self.tmp, "gen-off")
        proc = self.run_tool("--root", self.root, "--out", out, conf)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        config_h = read(os.path.join(out, "config.h"))
        self.assertIn("#define CONFIG_FV_UIC 0 ", config_h)
        self.assertIn("#define CONFIG_FV_TIMERS 1 ", config_h)

    def test_refused_unless_switchable(self):
        saved = configc.SWITCHABLE
        configc.SWITCHABLE = frozenset()
        self.addCleanup(setattr, configc, "SWITCHABLE", saved)
        cfg = configc.Config(path="x.conf", root=".")
        cfg.features["virtual_uic"] = (False, 5)
        diag = configc.Diagnostics("x.conf")
        configc.check_features(cfg, diag)
        errors = diag.lines()
        self.assertEqual(errors, ["x.conf:5: error: [features] virtual_uic = off is not "
                                  "available in this version (the core always includes it)"])

    def test_every_feature_declared_once(self):
        symbols = [v[0] for v in configc.FEATURES.values()]
        self.assertEqual(len(symbols), len(set(symbols)))
        for key, (_, _, needs, what) in configc.FEATURES.items():
            self.assertTrue(what)
            for need in needs:  # dependency order: what a feature needs comes first
                self.assertLess(list(configc.FEATURES).index(need),
                                list(configc.FEATURES).index(key))


class CommandLineTests(ConfigTestCase):
    def test_help(self):
        proc = self.run_tool("--help")
        self.assertEqual(proc.returncode, 0)
        self.assertIn("--out", proc.stdout)
        self.assertIn("schedule-underfill", proc.stdout)

    def test_usage_errors(self):
        for args in ([], ["--bogus", "x.conf"], [self.fixture("demo.conf")]):
            with self.subTest(args=args):
                self.assertEqual(self.run_tool(*args).returncode, 2)

    def test_unreadable_config(self):
        conf = os.path.join(self.tmp, "absent.conf")
        proc = self.run_tool("--check", conf)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("%s:1: error: [syntax] cannot read configuration" % conf, proc.stderr)

    def test_conversions(self):
        self.assertEqual(configc.to_ticks(configc.parse_duration("1ms")), 333333)
        self.assertEqual(configc.to_ticks(configc.parse_duration("10us")), 3333)
        self.assertEqual(configc.to_ticks(configc.parse_duration("7ticks")), 7)
        self.assertEqual(configc.parse_number("4K", configc.SIZE_UNITS), 4096)
        self.assertEqual(configc.parse_number("0x10M", configc.SIZE_UNITS), 16 << 20)
        for bad in ("4k", "-1", "0x", "1.5M", ""):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                configc.parse_number(bad, configc.SIZE_UNITS)


if __name__ == "__main__":
    unittest.main()

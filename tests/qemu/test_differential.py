#!/usr/bin/env python3
"""Unit tests of the full-virtualization equivalence harness
(differential.py) and of the partition image it shares with the fuzzing
runner (partition_image.py).

    python3 -m unittest discover -s tests/qemu -p 'test_differential.py'   (from the repo root)

Everything but RealRunTest works on synthetic transcripts, with QEMU and
make stubbed.  RealRunTest builds two boot images and boots them (a few
seconds); it is skipped when QEMU, make, the cross compiler or the guests
are missing.
"""

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import differential  # noqa: E402
import partition_image  # noqa: E402
import scenario  # noqa: E402

ROOT = partition_image.ROOT
GUEST_DIR = os.path.join(ROOT, "build", "guests")

DEV_TEXT = """\
# isa_t: expected values under the core.

dev.a.read=0x00001000 # the manual: ME is writable
# a comment of its own, before b
dev.b#1.vec=0x00000100   #QEMU takes the external one first
dev.c=0x0000000F # reviewed
# trailing
"""


def dev(text=DEV_TEXT, path="t.dev"):
    return differential.parse_dev(text, path)


def texts(problems):
    return [p.text for p in problems]


NATIVE = ["isa_t: start",
          "isa_t: x=0x00000001",
          "isa_t: dev.a.read=0x00000000",
          "isa_t: dev.b#1.vec=0x00000500",
          "isa_t: dev.c=0x00000000",
          "isa_t: done"]
VIRT = ["isa_t: start",
        "isa_t: x=0x00000001",
        "isa_t: dev.a.read=0x00001000",
        "isa_t: dev.b#1.vec=0x00000100",
        "isa_t: dev.c=0x0000000f",
        "isa_t: done"]


class DevFileTest(unittest.TestCase):
    def test_parse(self):
        d = dev()
        self.assertEqual(list(d.entries), ["dev.a.read", "dev.b#1.vec", "dev.c"])
        self.assertEqual(d.entries["dev.a.read"].value, "0x00001000")
        self.assertEqual(d.entries["dev.a.read"].comment, "the manual: ME is writable")
        self.assertEqual(d.entries["dev.a.read"].lineno, 3)
        self.assertEqual(d.entries["dev.b#1.vec"].comment, "QEMU takes the external one first")
        self.assertEqual(d.entries["dev.c"].comment, "reviewed")
        self.assertIsNone(dev("dev.c=0x1\n").entries["dev.c"].comment)
        self.assertEqual(d.entries["dev.b#1.vec"].before, ["# a comment of its own, before b"])
        self.assertEqual(d.header, ["# isa_t: expected values under the core.", ""])
        self.assertEqual(d.tail, ["# trailing"])
        self.assertTrue(d.exists)

    def test_errors_name_file_and_line(self):
        for text, message in (
                ("dev.a=0x1\nnot a line\n", r"^t\.dev:2: expected"),
                ("dev.a=1\n", r"^t\.dev:1: expected"),
                ("dev.a=0xZZ\n", r"^t\.dev:1: expected"),
                ("x.a=0x1\n", r"^t\.dev:1: expected"),
                ("dev.a=0x1\n\ndev.a=0x2\n", r"^t\.dev:3: dev\.a given twice")):
            with self.assertRaisesRegex(differential.UsageError, message):
                dev(text)

    def test_missing_file_is_empty(self):
        d = differential.load_dev(os.path.join(tempfile.gettempdir(), "no-such-%d.dev"
                                               % os.getpid()))
        self.assertEqual(d.entries, {})
        self.assertFalse(d.exists)

    def test_rewrite_keeps_comments(self):
        virt = VIRT[:2] + ["isa_t: dev.b#1.vec=0x00000104", "isa_t: dev.new=0x00000002",
                           "isa_t: dev.a.read=0x00001000", "isa_t: done"]
        native = ["isa_t: dev.new=0x00000007"]
        text, summary = differential.dev_text("isa_t", dev(), virt, native)
        self.assertEqual(text, "# isa_t: expected values under the core.\n\n"
                               "# a comment of its own, before b\n"
                               "dev.b#1.vec=0x00000104 # QEMU takes the external one first\n"
                               "dev.new=0x00000002 # TODO why (QEMU 7.2 prints 0x00000007)\n"
                               "dev.a.read=0x00001000 # the manual: ME is writable\n"
                               "# trailing\n")
        self.assertEqual(summary, "3 entries: 1 new, 1 changed, 1 dropped (dev.c)")
        again = differential.parse_dev(text, "t.dev")
        self.assertEqual(list(again.entries), ["dev.b#1.vec", "dev.new", "dev.a.read"])

    def test_rewrite_new_file_has_header(self):
        text, _ = differential.dev_text("isa_t", differential.DevFile("t.dev", exists=False),
                                        VIRT)
        self.assertTrue(text.startswith("# isa_t: the expected values of its dev.* lines"))
        self.assertIn("\ndev.c=0x0000000f # TODO why (QEMU 7.2 prints nothing)\n", text)
        self.assertEqual(len(differential.parse_dev(text, "t.dev").entries), 3)


class CompareTest(unittest.TestCase):
    def test_equivalent(self):
        self.assertEqual(differential.compare(NATIVE, VIRT, dev()), [])

    def test_dev_lines_need_no_file_when_identical_elsewhere(self):
        self.assertEqual(differential.compare(NATIVE[:2], VIRT[:2], dev(""), True), [])

    def test_first_difference(self):
        virt = list(VIRT)
        virt[1] = "isa_t: x=0x00000002"
        virt[5] = "isa_t: other"
        self.assertEqual(texts(differential.compare(NATIVE, virt, dev())),
                         ["first difference at line 2: native=isa_t: x=0x00000001 "
                          "virtualized=isa_t: x=0x00000002"])

    def test_missing_and_extra_lines(self):
        # dev lines are not compared line by line: the first plain line
        # missing is native line 6
        self.assertEqual(texts(differential.compare(NATIVE, VIRT[:4], dev(), False)),
                         ["missing line 6: native=isa_t: done"])
        self.assertEqual(texts(differential.compare(NATIVE[:2], VIRT[:2] + ["isa_t: more"],
                                                    dev(""))),
                         ["extra line 3: virtualized=isa_t: more"])

    def test_dev_value_differs(self):
        virt = list(VIRT)
        virt[2] = "isa_t: dev.a.read=0x00000000"      # QEMU's value: not the manual's
        self.assertEqual(texts(differential.compare(NATIVE, virt, dev())),
                         ["line 3: dev.a.read: virtualized=0x00000000 expected=0x00001000 "
                          "(t.dev:3)"])

    def test_dev_line_not_in_file(self):
        d = dev("dev.a.read=0x00001000 # ok\ndev.b#1.vec=0x100 # ok\n")
        self.assertEqual(texts(differential.compare(NATIVE, VIRT, d)),
                         ["line 5: dev.c=0x0000000f is not in t.dev"])
        none = differential.DevFile("tests/differential/isa_t.dev", exists=False)
        self.assertEqual(texts(differential.compare(NATIVE, VIRT, none))[0],
                         "line 3: dev.a.read=0x00001000 is not in "
                         "tests/differential/isa_t.dev (no such file)")

    def test_file_entry_never_printed(self):
        d = dev(DEV_TEXT + "dev.gone=0x1 # obsolete\n")
        self.assertEqual(texts(differential.compare(NATIVE, VIRT, d, True)),
                         ["t.dev:8: dev.gone never printed by the virtualized run"])
        # an incomplete run is reported by its first missing line instead
        self.assertEqual(texts(differential.compare(NATIVE, VIRT[:3], d, False)),
                         ["missing line 6: native=isa_t: done"])

    def test_dev_lines_checked_by_name_not_place(self):
        # the manual's behaviour may print dev lines the board does not
        # (an extra exception): each is checked against the file by name
        virt = list(VIRT)
        virt[2], virt[3] = virt[3], virt[2]
        self.assertEqual(texts(differential.compare(NATIVE, virt, dev())), [])
        virt.insert(4, "isa_t: dev.extra=0x00000001")
        self.assertEqual(texts(differential.compare(NATIVE, virt, dev())),
                         ["line 5: dev.extra=0x00000001 is not in t.dev"])

    def test_dev_line_is_never_filtered(self):
        # a dev line only in the virtualized run is a difference, not noise
        native = NATIVE[:2] + NATIVE[5:]
        virt = VIRT[:2] + VIRT[4:]
        self.assertEqual(texts(differential.compare(native, virt, dev())),
                         ["t.dev:3: dev.a.read never printed by the virtualized run",
                          "t.dev:5: dev.b#1.vec never printed by the virtualized run"])

    def test_unreviewed_entry_fails(self):
        for text in ("dev.a.read=0x00001000\n", "dev.a.read=0x00001000 # TODO why\n"):
            d = dev(text + "dev.b#1.vec=0x00000100 # ok\ndev.c=0x0000000F # ok\n")
            self.assertEqual(texts(differential.compare(NATIVE, VIRT, d)),
                             ["line 3: dev.a.read: t.dev:1 has no reviewed reason "
                              "(`# why` missing or TODO)"])

    def test_problems_in_line_order(self):
        virt = list(VIRT)
        virt[3] = "isa_t: dev.b#1.vec=0x00000999"
        virt[5] = "isa_t: not done"
        self.assertEqual(texts(differential.compare(NATIVE, virt, dev())),
                         ["line 4: dev.b#1.vec: virtualized=0x00000999 expected=0x00000100 "
                          "(t.dev:5)",
                          "first difference at line 6: native=isa_t: done "
                          "virtualized=isa_t: not done"])

    def test_default_stop(self):
        stop = differential.default_stop("isa_msr")
        self.assertTrue(stop.search("isa_msr: done"))
        self.assertTrue(stop.search("rtos: done"))
        self.assertFalse(stop.search("isa_msr: done now"))
        self.assertFalse(stop.search("[isa_msr] isa_msr: done"))


class PartitionImageTest(unittest.TestCase):
    def test_config_text(self):
        self.assertEqual(
            partition_image.config_text("build/guests/isa_msr.elf", "isa_msr", "why"),
            "# Generated by tests/qemu/partition_image.py (why); do not edit.\n"
            "# The unmodified guest ELF as the only partition, granted the UART page.\n"
            "\n"
            "[system]\n"
            "core = host=0x00000000 size=4M\n"
            "\n"
            "[partition isa_msr]\n"
            "image = build/guests/isa_msr.elf\n"
            "on_fault = halt\n"
            "ram = guest=0x00000000 host=0x01000000 size=1M perm=rwx\n"
            "device = guest=0xEF600000 host=0xEF600000 size=4K perm=rw\n"
            "\n"
            "[schedule]\n"
            "major_frame = 4ms\n"
            "window = isa_msr 2ms\n"
            "window = isa_msr 2ms\n")

    def test_config_text_features(self):
        """@req CFG-003: a feature set becomes the partition's [features]."""
        text = partition_image.config_text(
            "g.elf", "g", features=partition_image.parse_features(
                "virtual_timers=off, fv_fast_path=on"))
        self.assertTrue(text.endswith("\n[features]\nvirtual_timers = off\n"
                                      "fv_fast_path = on\n"), text)
        self.assertNotIn("[features]", partition_image.config_text("g.elf", "g"))

    def test_parse_features_rejects(self):
        for bad in ("virtual_timers", "virtual_timers=maybe", "Bad=on", "=on"):
            with self.assertRaisesRegex(ValueError, "bad feature"):
                partition_image.parse_features(bad)
        self.assertEqual(partition_image.parse_features(""), [])

    def test_features_need_tag(self):
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            differential.parse_args(["isa_msr", "--features", "virtual_uic=off"])
        args = differential.parse_args(["isa_msr", "--features", "virtual_uic=off",
                                        "--tag", "nouic"])
        self.assertEqual(args.features, [("virtual_uic", "off")])
        self.assertEqual(differential.config_name(differential.Guest("isa_msr", "x"), "nouic"),
                         "diff-isa_msr-nouic")

    def test_config_text_rejects(self):
        with self.assertRaisesRegex(ValueError, "white space or '#'"):
            partition_image.config_text("/tmp/a b.elf", "g")
        with self.assertRaisesRegex(ValueError, "white space or '#'"):
            partition_image.config_text("/tmp/a#b.elf", "g")
        with self.assertRaisesRegex(ValueError, "partition name"):
            partition_image.config_text("a.elf", "Bad-Name")

    def test_partition_name(self):
        self.assertEqual(partition_image.partition_name("isa_cache"), "isa_cache")
        self.assertEqual(partition_image.partition_name("My-Guest.v2"), "my_guest_v2")
        self.assertEqual(partition_image.partition_name("123"), "g123")
        self.assertEqual(partition_image.partition_name("a_very_long_guest_name"),
                         "a_very_long_gue")

    def test_write_config_paths(self):
        with tempfile.TemporaryDirectory() as d:
            inside = os.path.join(ROOT, "build", "guests", "isa_msr.elf")
            path = partition_image.write_config(os.path.join(d, "cfg", "x.conf"), inside, "g")
            with open(path) as f:
                self.assertIn("\nimage = build/guests/isa_msr.elf\n", f.read())
            outside = os.path.join(d, "prog.elf")
            partition_image.write_config(path, outside, "g")
            with open(path) as f:
                self.assertIn("\nimage = %s\n" % os.path.abspath(outside), f.read())

    def test_make_command(self):
        cmd = partition_image.make_command(
            "diff-isa_msr", os.path.join(ROOT, "build", "diff", "cfg", "diff-isa_msr.conf"),
            jobs=3, variables={"CROSS": "ppc-"})
        self.assertEqual(cmd, ["make", "--no-print-directory", "-C", ROOT, "-j3", "image",
                               "CONFIG=diff-isa_msr",
                               "CONFIG_FILE=build/diff/cfg/diff-isa_msr.conf", "CROSS=ppc-"])
        self.assertEqual(partition_image.image_path("fuzz-virt/7"),
                         os.path.join(ROOT, "build", "fuzz-virt", "7", "proteus.elf"))
        for bad in ("", "../x", "a b", "a/../b"):
            with self.assertRaises(ValueError):
                partition_image.make_command(bad, "x.conf")

    def test_split(self):
        lines = ["Proteus-405: configuration diff-t, 1 partitions, 2 windows, major frame 1 ticks",
                 "t: start", "t: x=0x0", "t: done"]
        split = partition_image.Virtualized(lines)
        self.assertEqual(split.banner, lines[0])
        self.assertEqual(split.transcript, lines[1:])
        self.assertIsNone(split.fault)

    def test_fault_anywhere_in_a_line(self):
        lines = ["Proteus-405: configuration diff-t", "t: start",
                 "t: x=0x0000HM: t program-privileged pc=0x00002104 -> halt"]
        split = partition_image.Virtualized(lines)
        self.assertEqual(split.fault, lines[2])
        self.assertEqual(split.fault_lineno, 2)
        split = partition_image.Virtualized(["PANIC: core trap cause 0x700"])
        self.assertIsNone(split.banner)
        self.assertEqual(split.fault_lineno, 1)

    def test_virtualized_verdicts(self):
        def result(lines, passed=True, reason="ok"):
            scn = scenario.Scenario("t")
            return scenario.RunResult(scn, lines, "", passed, reason, ["qemu"], 0.1, 0)
        banner = "Proteus-405: configuration diff-t"
        self.assertEqual(partition_image.virtualized(result([banner, "t: done"]))[1:],
                         (True, "ok"))
        self.assertEqual(
            partition_image.virtualized(result([banner, "t: a", "HM: t x -> halt"]))[1:],
            (False, "core fault at virtualized line 2: HM: t x -> halt"))
        self.assertEqual(
            partition_image.virtualized(result(["t: done"]))[1:],
            (False, "no boot banner 'Proteus-405: configuration'..."))
        self.assertEqual(
            partition_image.virtualized(result([banner, "t: a"], False, "timeout"))[1:],
            (False, "timeout"))

    @unittest.skipUnless(os.path.isfile(os.path.join(GUEST_DIR, "isa_msr.elf")),
                         "build/guests/isa_msr.elf missing")
    def test_tools_config_accepts_it(self):
        with tempfile.TemporaryDirectory() as d:
            path = partition_image.write_config(os.path.join(d, "diff-t.conf"),
                                                os.path.join(GUEST_DIR, "isa_msr.elf"), "t")
            proc = subprocess.run([sys.executable, "tools/config", "--root", ".", "--check",
                                   path], cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, universal_newlines=True)
            self.assertEqual(proc.returncode, 0, proc.stdout)


class _Stubs:
    """Replace QEMU runs and the image build inside differential.py."""

    def __init__(self, native, virt, build_error=None):
        self.native, self.virt, self.build_error = native, virt, build_error
        self.built = []

    def run_until(self, image, name, stop, timeout, qemu=None, core=False):
        lines = self.virt if core else self.native
        ended = any(stop.search(line) for line in lines)
        scn = scenario.Scenario(name)
        return scenario.RunResult(scn, lines, "", ended, "ok" if ended else
                                  "expect #1 not seen (timeout after 1 s)", ["qemu", image],
                                  0.1, 0)

    def build_image(self, config_name, config_file, log_path, make="make", variables=None):
        self.built.append((config_name, config_file))
        if self.build_error:
            raise partition_image.BuildError(self.build_error)
        return "/nonexistent/proteus.elf"

    def __enter__(self):
        self.saved = (differential.partition_image.run_until,
                      differential.partition_image.build_image,
                      differential.partition_image.remove_image)
        differential.partition_image.run_until = self.run_until
        differential.partition_image.build_image = self.build_image
        differential.partition_image.remove_image = lambda name: None
        return self

    def __exit__(self, *exc):
        (differential.partition_image.run_until, differential.partition_image.build_image,
         differential.partition_image.remove_image) = self.saved


class MainTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.elf = os.path.join(self.tmp, "isa_t.elf")
        with open(self.elf, "wb") as f:
            f.write(b"\x7fELF")
        self.devdir = os.path.join(self.tmp, "dev")
        os.makedirs(self.devdir)
        with open(os.path.join(self.devdir, "isa_t.dev"), "w") as f:
            f.write(DEV_TEXT)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def main(self, *args):
        argv = ["--out-dir", os.path.join(self.tmp, "out"), "--dev-dir", self.devdir,
                "--qemu", sys.executable] + list(args)
        with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()) as err:
            try:
                status = differential.main(argv)
            except SystemExit as e:
                status = e.code
        return status, out.getvalue(), err.getvalue()

    def test_usage_errors(self):
        for args, message in (
                (["no_such_guest_xyz"], "build/guests/no_such_guest_xyz.elf does not exist"),
                ([self.elf, self.elf], "guest isa_t given twice"),
                (["--jobs", "0", self.elf], "--jobs must be at least 1"),
                (["--timeout", "0", self.elf], "--timeout must be positive"),
                (["--stop", "(", self.elf], "bad --stop regular expression"),
                ([], "the following arguments are required")):
            status, out, err = self.main(*args)
            self.assertEqual(status, 2, (args, out, err))
            self.assertIn(message, err)
            self.assertEqual(out, "")

    def test_bad_dev_file_is_a_usage_error(self):
        with open(os.path.join(self.devdir, "isa_t.dev"), "a") as f:
            f.write("dev.broken\n")
        status, _, err = self.main(self.elf)
        self.assertEqual(status, 2)
        self.assertRegex(err, r"isa_t\.dev:8: expected 'dev\.<name>=0x<value> # why'")

    def test_missing_qemu_is_an_infrastructure_error(self):
        status, _, err = self.main("--qemu", "no-such-qemu-xyz", self.elf)
        self.assertEqual(status, 2)
        self.assertIn("no-such-qemu-xyz not found", err)

    def test_pass_and_logs(self):
        with _Stubs(NATIVE, ["Proteus-405: configuration diff-isa_t"] + VIRT) as stubs:
            status, out, _ = self.main(self.elf)
        self.assertEqual(status, 0, out)
        self.assertEqual(out, "PASS diff.isa_t\ndifferential: 1 passed, 0 failed\n")
        name, cfg = stubs.built[0]
        self.assertEqual(name, "diff-isa_t")
        self.assertEqual(cfg, os.path.join(self.tmp, "out", "cfg", "diff-isa_t.conf"))
        with open(cfg) as f:
            self.assertIn("[partition isa_t]\nimage = %s\n" % self.elf, f.read())
        for suffix in (".native.log", ".virt.log", ".report"):
            self.assertTrue(os.path.isfile(os.path.join(self.tmp, "out", "isa_t" + suffix)))

    def test_core_fault_reported_verbatim(self):
        hm = "HM: isa_t program-privileged pc=0x00002104 addr=0x00002104 esr=0x04000000 -> halt"
        with _Stubs(NATIVE, ["Proteus-405: configuration diff-isa_t", hm]):
            status, out, _ = self.main(self.elf)
        self.assertEqual(status, 1)
        self.assertEqual(out, "FAIL diff.isa_t: core fault at virtualized line 1: %s\n"
                              "differential: 0 passed, 1 failed\n" % hm)

    def test_mismatch_names_the_first_line(self):
        virt = list(VIRT)
        virt[1] = "isa_t: x=0x00000003"
        with _Stubs(NATIVE, ["Proteus-405: configuration diff-isa_t"] + virt):
            status, out, _ = self.main(self.elf)
        self.assertEqual(status, 1)
        self.assertIn("FAIL diff.isa_t: first difference at line 2: native=isa_t: "
                      "x=0x00000001 virtualized=isa_t: x=0x00000003\n", out)

    def test_virtualized_timeout(self):
        with _Stubs(NATIVE, ["Proteus-405: configuration diff-isa_t"] + VIRT[:2]):
            status, out, _ = self.main(self.elf)
        self.assertEqual(status, 1)
        self.assertIn("FAIL diff.isa_t: missing line 6: native=isa_t: done "
                      "(virtualized run: expect #1 not seen (timeout after 1 s))", out)

    def test_native_and_build_failures(self):
        with _Stubs(NATIVE[:3], VIRT):
            status, out, _ = self.main(self.elf)
        self.assertEqual(status, 1)
        self.assertIn("FAIL diff.isa_t: native run: expect #1 not seen", out)
        with _Stubs(NATIVE, VIRT, build_error="image build failed: x.c:1: error: y"):
            status, out, _ = self.main(self.elf)
        self.assertEqual(status, 1)
        self.assertIn("FAIL diff.isa_t: image build failed: x.c:1: error: y\n", out)

    def test_more_problems_go_to_the_report(self):
        virt = [line.replace("0x00000100", "0x00000101").replace("0x0000000f", "0x0")
                for line in VIRT]
        with _Stubs(NATIVE, ["Proteus-405: configuration diff-isa_t"] + virt):
            status, out, _ = self.main(self.elf)
        self.assertEqual(status, 1)
        report = os.path.join(self.tmp, "out", "isa_t.report")
        self.assertIn("(1 more problem: %s)" % report, out)
        with open(report) as f:
            self.assertEqual(len(f.read().splitlines()), 3)

    def test_write_dev(self):
        virt = list(VIRT)
        virt[4] = "isa_t: dev.c=0x00000010"
        with _Stubs(NATIVE, ["Proteus-405: configuration diff-isa_t"] + virt):
            status, out, _ = self.main("--write-dev", self.elf)
        self.assertEqual(status, 1)        # compared with the file as it was
        self.assertIn("wrote %s (3 entries: 0 new, 1 changed, 0 dropped); review it"
                      % os.path.join(self.devdir, "isa_t.dev"), out)
        with open(os.path.join(self.devdir, "isa_t.dev")) as f:
            self.assertIn("\ndev.c=0x00000010 # reviewed\n", f.read())
        with _Stubs(NATIVE, ["Proteus-405: configuration diff-isa_t"] + virt):
            self.assertEqual(self.main(self.elf)[0], 0)

    def test_write_dev_needs_a_complete_run(self):
        with _Stubs(NATIVE, ["Proteus-405: configuration diff-isa_t", "HM: x -> halt"]):
            _, out, _ = self.main("--write-dev", self.elf)
        self.assertIn("isa_t.dev not written: no complete virtualized run", out)
        with open(os.path.join(self.devdir, "isa_t.dev")) as f:
            self.assertEqual(f.read(), DEV_TEXT)

    def test_guest_names(self):
        guest = differential.resolve_guest("isa_t", os.path.dirname(self.elf))
        self.assertEqual((guest.name, guest.elf), ("isa_t", self.elf))
        guest = differential.resolve_guest(self.elf)
        self.assertEqual(guest.name, "isa_t")


def real_run_possible():
    return (shutil.which(scenario.DEFAULT_QEMU) and shutil.which("make")
            and shutil.which("powerpc-linux-gnu-gcc")
            and os.path.isfile(os.path.join(GUEST_DIR, "hello.elf"))
            and os.path.isfile(os.path.join(GUEST_DIR, "isa_msr.elf")))


@unittest.skipUnless(real_run_possible(), "needs QEMU, make, the cross compiler, the guests")
class RealRunTest(unittest.TestCase):
    """Boots real images: hello prints through the console hypercall, so
    under the core its lines carry the `[partition] ` prefix (the negative
    control); isa_msr runs whatever the core can do today."""

    def run_main(self, *args):
        with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()) as err:
            status = differential.main(["--out-dir", self.out, "--dev-dir", self.out]
                                       + list(args))
        return status, out.getvalue(), err.getvalue()

    def setUp(self):
        self.out = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.out)

    def copy(self, guest, name):
        path = os.path.join(self.out, name + ".elf")
        shutil.copy(os.path.join(GUEST_DIR, guest + ".elf"), path)
        return path

    def test_hypercall_prefix_is_a_difference(self):
        elf = self.copy("hello", "unit_diff_hello")
        status, out, err = self.run_main("--stop", r"tick 2$", "--timeout", "20", elf)
        self.assertEqual(status, 1, out + err)
        self.assertIn("FAIL diff.unit_diff_hello: first difference at line 1: native=hello "
                      "from partition 0 virtualized=[unit_diff_hello] hello from partition 0",
                      out)
        with open(os.path.join(self.out, "unit_diff_hello.virt.log")) as f:
            self.assertIn("\nProteus-405: configuration diff-unit_diff_hello,", f.read())
        self.assertFalse(os.path.exists(partition_image.image_dir("diff-unit_diff_hello")))

    def test_isa_msr_runs_to_a_verdict(self):
        elf = self.copy("isa_msr", "unit_diff_isa_msr")
        status, out, err = self.run_main("--timeout", "20", "--stop", "^isa_msr: done$", elf)
        self.assertIn(status, (0, 1), out + err)
        self.assertRegex(out, r"^(PASS diff\.unit_diff_isa_msr|FAIL diff\.unit_diff_isa_msr: "
                              r".+)\ndifferential: [01] passed, [01] failed\n$")
        for suffix in (".native.log", ".virt.log", ".report"):
            self.assertTrue(os.path.isfile(os.path.join(self.out, "unit_diff_isa_msr" + suffix)))


if __name__ == "__main__":
    unittest.main()

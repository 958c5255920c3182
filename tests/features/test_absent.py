"""Tests of tests/features/absent.py.  @req CFG-003"""

import contextlib
import io
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "config"))
import absent  # noqa: E402
import configc  # noqa: E402


class AbsentTest(unittest.TestCase):
    def test_every_switch_has_symbols(self):
        """Each switch tools/config declares is judged, and nothing else."""
        declared = {v[0] for v in configc.FEATURES.values()}
        for prefix, _, values in configc.CHOICES.values():
            declared |= {prefix + v.upper() for v in values}
        declared |= {symbol for symbol, _ in configc.HM_ACTIONS.values()}
        self.assertEqual(set(absent.CAPABILITY_SYMBOLS), declared)
        for names in absent.CAPABILITY_SYMBOLS.values():
            self.assertTrue(names)

    def test_judge_both_directions(self):
        values = {k: 1 for k in absent.CAPABILITY_SYMBOLS}
        values["CONFIG_FV_TLB"] = 0
        present = {n for k, ns in absent.CAPABILITY_SYMBOLS.items() for n in ns
                   if k != "CONFIG_FV_TLB"}
        results = absent.judge("x", values, present)
        self.assertTrue(all(ok for ok, _ in results), results)
        # an enabled capability without its symbols fails
        results = dict((line.split()[1].rstrip(":"), ok)
                       for ok, line in absent.judge("x", values, present - {"vuic_read"}))
        self.assertFalse(results["features.x.CONFIG_FV_UIC"])
        # a disabled one with a symbol left fails
        results = absent.judge("x", values, present | {"vtlb_search"})
        bad = [line for ok, line in results if not ok]
        self.assertEqual(len(bad), 1)
        self.assertIn("present although off: vtlb_search", bad[0])

    def test_switch_missing_from_config_h(self):
        results = absent.judge("x", {}, set())
        self.assertTrue(all(not ok for ok, _ in results))
        self.assertIn("does not define it", results[0][1])

    def test_parsers(self):
        self.assertEqual(absent.switches("#define CONFIG_FV 1 /* x */\n#define CONFIG_NAME \"d\"\n"
                                         "#define CONFIG_FV_TLB 0\n"),
                         {"CONFIG_FV": 1, "CONFIG_FV_TLB": 0})
        self.assertEqual(absent.symbols("00000100 T emul_insn\n         U undefined_one\n"),
                         {"emul_insn", "undefined_one"})

    def test_bad_input(self):
        with tempfile.TemporaryDirectory() as d:
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                rc = absent.main([os.path.join(d, "none.elf"), os.path.join(d, "config.h")])
            self.assertEqual(rc, 2)
            self.assertIn("no such file", err.getvalue())
            elf = os.path.join(d, "p.elf")
            conf = os.path.join(d, "config.h")
            for path in (elf, conf):
                with open(path, "w") as f:
                    f.write("nothing\n")
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                rc = absent.main([elf, conf])
            self.assertEqual(rc, 2)
            self.assertIn("no CONFIG_* switch", err.getvalue())

    def test_help(self):
        out = io.StringIO()
        with self.assertRaises(SystemExit) as cm, contextlib.redirect_stdout(out):
            absent.main(["--help"])
        self.assertEqual(cm.exception.code, 0)
        self.assertIn("disabled capability", out.getvalue())


if __name__ == "__main__":
    unittest.main()

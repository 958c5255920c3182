"""Tests of tools/wpcache (WP's verdict cache as one text file)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "tools", "wpcache")

H1 = "0123456789abcdef0123456789abcdef"
H2 = "fedcba9876543210fedcba9876543210"
V1 = '{ "prover": "CVC4:1.8", "verdict": "valid", "time": 0.07, "steps": 11607 }'
V2 = '{ "prover": "Z3:4.8.12", "verdict": "timeout", "time": 2. }'  # as WP writes it


class WpcacheTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="wpcache-")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.cache = os.path.join(self.tmp, "cache")
        os.makedirs(self.cache)

    def run_tool(self, *args):
        p = subprocess.run([sys.executable, TOOL] + list(args), capture_output=True, text=True)
        self.assertNotIn("Traceback", p.stderr)
        return p

    def write(self, path, text):
        with open(path, "w") as f:
            f.write(text)
        return path

    def read(self, path):
        with open(path) as f:
            return f.read()

    def test_pack_sorted_and_verbatim_then_unpack_round_trip(self):
        self.write(os.path.join(self.cache, H2 + ".json"), V2 + "\n")
        self.write(os.path.join(self.cache, H1 + ".json"), V1)
        self.write(os.path.join(self.cache, "notes.txt"), "not an entry")
        out = os.path.join(self.tmp, "cache.txt")
        p = self.run_tool("pack", self.cache, out)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = [l for l in self.read(out).splitlines() if not l.startswith("#")]
        self.assertEqual(lines, [H1 + " " + V1, H2 + " " + V2])   # sorted, WP's text kept
        again = os.path.join(self.tmp, "again")
        p = self.run_tool("unpack", out, again)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("2 verdicts", p.stdout)
        self.assertEqual(self.read(os.path.join(again, H2 + ".json")).strip(), V2)
        out2 = os.path.join(self.tmp, "cache2.txt")
        self.run_tool("pack", again, out2)
        self.assertEqual(self.read(out), self.read(out2))   # the same cache, the same file

    def test_unpack_keeps_existing_entries(self):
        self.write(os.path.join(self.cache, H1 + ".json"), V2)
        packed = self.write(os.path.join(self.tmp, "c.txt"), "# c\n%s %s\n%s %s\n" % (H1, V1, H2, V1))
        p = self.run_tool("unpack", packed, self.cache)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("1 new", p.stdout)
        self.assertEqual(self.read(os.path.join(self.cache, H1 + ".json")), V2)

    def test_bad_lines_name_the_line_and_write_nothing(self):
        good = "%s %s\n" % (H2, V1)   # line 1: a good entry, written only if all are good
        for text, msg in (("zz %s\n" % V1, "bad.txt:2: expected '<32 hex digits> <JSON>'"),
                          ("# ok\n%s {not json\n" % H1, "bad.txt:3: not JSON"),
                          ("%s [1, 2]\n" % H1, "bad.txt:2: expected a JSON object"),
                          ('%s { "prover": "Z3" }\n' % H1, "bad.txt:2: no 'verdict' string"),
                          ("%s %s\n" % (H2, V1), "bad.txt:2: hash %s listed twice" % H2)):
            packed = self.write(os.path.join(self.tmp, "bad.txt"), good + text)
            target = os.path.join(self.tmp, "t")
            p = self.run_tool("unpack", packed, target)
            self.assertEqual(p.returncode, 1, text)
            self.assertIn(msg, p.stderr)
            self.assertFalse(os.path.exists(target), text)

    def test_bad_cache_entry_names_the_file(self):
        self.write(os.path.join(self.cache, H1 + ".json"), "{ oops")
        p = self.run_tool("pack", self.cache, os.path.join(self.tmp, "out.txt"))
        self.assertEqual(p.returncode, 1)
        self.assertIn(H1 + ".json: not JSON", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "out.txt")))

    def test_help_and_usage(self):
        p = self.run_tool("--help")
        self.assertEqual(p.returncode, 0)
        self.assertIn("unpack FILE DIR", p.stdout)
        self.assertEqual(self.run_tool().returncode, 2)
        p = self.run_tool("pack", self.cache)
        self.assertEqual(p.returncode, 2)
        self.assertIn("expected 'pack DIR FILE' or 'unpack FILE DIR'", p.stderr)
        p = self.run_tool("pack", os.path.join(self.tmp, "nope"), os.path.join(self.tmp, "o"))
        self.assertEqual(p.returncode, 1)
        self.assertIn("no such directory", p.stderr)


if __name__ == "__main__":
    unittest.main()

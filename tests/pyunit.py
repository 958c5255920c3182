"""Run Python unittest suites and print one line per test: PASS/FAIL name.

Usage: python3 tests/pyunit.py DIR [DIR ...]
Discovers test_*.py under each DIR (imported relative to the repository
root, the current directory).  Exit status 0 iff every test passed.
"""
import sys
import unittest


class LineResult(unittest.TextTestResult):
    def _line(self, word, test, detail=""):
        self.stream.writeln("%s %s%s" % (word, test.id(), detail))

    def addSuccess(self, test):
        unittest.TestResult.addSuccess(self, test)
        self._line("PASS", test)

    def addFailure(self, test, err):
        unittest.TestResult.addFailure(self, test, err)
        self._line("FAIL", test)

    def addError(self, test, err):
        unittest.TestResult.addError(self, test, err)
        self._line("FAIL", test, " (error)")

    def addSkip(self, test, reason):
        unittest.TestResult.addSkip(self, test, reason)
        self._line("SKIP", test, " (%s)" % reason)


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    for d in argv:
        suite.addTests(loader.discover(d, pattern="test_*.py", top_level_dir="."))
    runner = unittest.TextTestRunner(stream=sys.stdout, resultclass=LineResult, verbosity=0)
    result = runner.run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

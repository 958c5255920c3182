"""Count the results of a `make check` run.

Usage: python3 tests/summary.py RESULTS_DIR
Reads every *.res file in RESULTS_DIR (lines "PASS name", "FAIL name ...",
"SKIP name ..."; other lines are ignored), lists the failures and ends with
the line "N passed, N failed" (", N skipped" when some were skipped).
Exit status 0 iff nothing failed and at least one test passed.
"""
import os
import sys


def main(argv):
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    passed, failed, skipped = 0, [], 0
    names = sorted(n for n in os.listdir(argv[0]) if n.endswith(".res"))
    for name in names:
        with open(os.path.join(argv[0], name), errors="replace") as f:
            for line in f:
                word = line.split(" ", 1)[0]
                if word == "PASS":
                    passed += 1
                elif word == "FAIL":
                    failed.append("%s: %s" % (name[:-4], line.strip()))
                elif word == "SKIP":
                    skipped += 1
    for line in failed:
        print(line)
    tail = ", %d skipped" % skipped if skipped else ""
    print("%d passed, %d failed%s" % (passed, len(failed), tail))
    return 0 if passed and not failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

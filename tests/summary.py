"""Count the results of a `make check` run.

Usage: python3 tests/summary.py RESULTS_DIR [--expect "step step ..."]
Reads every *.res file in RESULTS_DIR (lines "PASS name", "FAIL name ...",
"SKIP name ..."; other lines are ignored), lists the failures and ends with
the line "N passed, N failed" (", N skipped" when some were skipped).
Each step named by --expect must have left RESULTS_DIR/<step>.res with at
least one PASS or FAIL line; a step that did not counts as one failure.
Exit status 0 iff nothing failed and at least one test passed.
"""
import os
import sys


def main(argv):
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    expect = []
    if len(argv) == 3 and argv[1] == "--expect":
        expect = argv[2].split()
    elif len(argv) != 1:
        print("usage: python3 tests/summary.py RESULTS_DIR [--expect \"step ...\"]",
              file=sys.stderr)
        return 2
    passed, failed, skipped = 0, [], 0
    names = sorted(n for n in os.listdir(argv[0]) if n.endswith(".res"))
    counted = set()
    for name in names:
        with open(os.path.join(argv[0], name), errors="replace") as f:
            for line in f:
                word = line.split(" ", 1)[0]
                if word in ("PASS", "FAIL"):
                    counted.add(name[:-4])
                if word == "PASS":
                    passed += 1
                elif word == "FAIL":
                    failed.append("%s: %s" % (name[:-4], line.strip()))
                elif word == "SKIP":
                    skipped += 1
    for step in expect:
        if step not in counted:
            failed.append("%s: FAIL %s (the step left no result)" % (step, step))
    for line in failed:
        print(line)
    tail = ", %d skipped" % skipped if skipped else ""
    print("%d passed, %d failed%s" % (passed, len(failed), tail))
    return 0 if passed and not failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

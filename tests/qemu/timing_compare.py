#!/usr/bin/env python3
"""Compare the partition-window timing of two Proteus-405 scenario runs.

    python3 tests/qemu/timing_compare.py A.scn B.scn --bound TICKS

Both scenarios are run (their images are built with window tracing on) and
the lines `sched: window <i> <name> +<ticks>` (ticks in decimal, relative to
the first window start) are taken from each transcript.  Each needs at
least 16.  The runs agree when their windows and partition names match one
for one and no start differs by more than the bound.  Exit status 0 on
PASS, 1 on FAIL, 2 on a usage or scenario-file error.
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario  # noqa: E402  (sibling module)

MIN_WINDOWS = 16
WINDOW_RE = re.compile(r"sched: window (\d+) (\S+) \+(\d+)\b")


def extract_windows(lines):
    """[(window index, partition name, start ticks)] in transcript order."""
    windows = []
    for line in lines:
        m = WINDOW_RE.search(line)
        if m:
            windows.append((int(m.group(1)), m.group(2), int(m.group(3))))
    return windows


def compare_windows(a, b, bound, min_windows=MIN_WINDOWS):
    """Compare two window lists.

    The windows are compared one for one over the length of the shorter
    list: each run ends on its scenario's stop condition, so one may have
    traced a window or two more than the other.

    Returns (passed, rows, max_delta, problems): rows are
    (window, name A, name B, start A, start B, delta) for the windows both
    runs have, in order; problems lists every reason for a FAIL."""
    problems = []
    if len(a) < min_windows:
        problems.append("run A has %d window lines, need %d" % (len(a), min_windows))
    if len(b) < min_windows:
        problems.append("run B has %d window lines, need %d" % (len(b), min_windows))
    rows = []
    max_delta = 0
    for pos, ((wa, na, sa), (wb, nb, sb)) in enumerate(zip(a, b)):
        delta = sb - sa
        rows.append((wa, na, nb, sa, sb, delta))
        if wa != wb or na != nb:
            problems.append("line %d: window %d %s in A but window %d %s in B"
                            % (pos + 1, wa, na, wb, nb))
        max_delta = max(max_delta, abs(delta))
        if abs(delta) > bound:
            problems.append("window %d %s: |delta| %d > bound %d" % (wa, na, abs(delta), bound))
    return not problems, rows, max_delta, problems


def format_table(rows):
    out = ["%6s  %-16s %12s %12s %10s" % ("window", "name", "start A", "start B", "delta")]
    for wa, na, nb, sa, sb, delta in rows:
        name = na if na == nb else "%s/%s" % (na, nb)
        out.append("%6d  %-16s %12d %12d %+10d" % (wa, name, sa, sb, delta))
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Compare the window timing of two Proteus-405 scenario runs.")
    parser.add_argument("a", metavar="A.scn")
    parser.add_argument("b", metavar="B.scn")
    parser.add_argument("--bound", type=int, required=True, metavar="TICKS",
                        help="largest allowed |start B - start A| in time-base ticks")
    parser.add_argument("--log-dir", default=scenario.DEFAULT_LOG_DIR)
    parser.add_argument("--qemu", default=scenario.DEFAULT_QEMU)
    args = parser.parse_args(argv)
    if args.bound < 0:
        parser.error("--bound must not be negative")

    try:
        scns = [scenario.load_scenario(args.a), scenario.load_scenario(args.b)]
    except scenario.ScenarioError as e:
        print("timing_compare.py: error: %s" % e, file=sys.stderr)
        return 2

    windows = []
    run_problems = []
    for label, scn in zip("AB", scns):
        result = scenario.run_scenario(scn, args.qemu)
        scenario.write_log(result, args.log_dir)
        print("%s: %s" % (label, result.summary()))
        if not result.passed:
            run_problems.append("run %s: %s" % (label, result.reason))
        windows.append(extract_windows(result.evaluated_lines()))

    passed, rows, max_delta, problems = compare_windows(windows[0], windows[1], args.bound)
    print(format_table(rows))
    if len(windows[0]) != len(windows[1]):
        print("(A traced %d windows, B %d; compared the first %d)"
              % (len(windows[0]), len(windows[1]), len(rows)))
    print("max |delta| = %d ticks (bound %d)" % (max_delta, args.bound))
    problems = run_problems + problems
    title = "timing %s vs %s" % (scns[0].name, scns[1].name)
    if problems:
        print("FAIL %s: %s" % (title, "; ".join(problems[:3])
                               + ("; ..." if len(problems) > 3 else "")))
        return 1
    print("PASS %s" % title)
    return 0


if __name__ == "__main__":
    sys.exit(main())

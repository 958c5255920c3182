"""wpreport: per-function summary of a Frama-C WP JSON report.

Usage: python3 tools/wpreport REPORT.json [--label NAME] [--out RESULTS.json]

REPORT.json is what `frama-c -wp ... -wp-report-json REPORT.json` writes.
Prints one line per function (goals proven/total, smoke tests passed/total),
then the line
    proofs NAME: P/T goals proven, S/U smoke tests passed, F functions
and writes RESULTS.json (sorted keys, stable: the evidence bundle reads it):
    {"label": NAME, "goals": {"proven": P, "total": T},
     "smoke": {"passed": S, "total": U},
     "functions": {fn: {"proven": .., "total": .., "smoke_passed": ..,
                        "smoke_total": .., "unproven": [goal, ...]}}}
A goal counts as proven when every prover attempt WP reports for it is
valid; a smoke test (goal name containing "_wp_smoke_") passes when WP
could not prove its dead-code or inconsistency goal, which the report marks
valid as well.  Exit status: 0 if every goal is proven and every smoke test
passed, 1 otherwise or on a bad report, 2 on usage errors.
"""
import json
import sys

SMOKE = "_wp_smoke_"


class ReportError(Exception):
    pass


def summarize(report):
    """{function: {...}} from a parsed WP JSON report."""
    if not isinstance(report, dict) or "wp:functions" not in report:
        raise ReportError("no 'wp:functions' section (is this a WP JSON report?)")
    functions = {}
    for fn, props in sorted(report["wp:functions"].items()):
        if not isinstance(props, dict):
            raise ReportError("function %s: malformed entry" % fn)
        row = {"proven": 0, "total": 0, "smoke_passed": 0, "smoke_total": 0, "unproven": []}
        for goal, stats in sorted(props.items()):
            if goal.startswith("wp:"):
                continue
            main = stats.get("wp:main") if isinstance(stats, dict) else None
            if not isinstance(main, dict) or "total" not in main:
                raise ReportError("goal %s: no wp:main counts" % goal)
            ok = main.get("valid", 0) == main["total"]
            if SMOKE in goal:
                row["smoke_total"] += 1
                row["smoke_passed"] += 1 if ok else 0
            else:
                row["total"] += 1
                row["proven"] += 1 if ok else 0
            if not ok:
                row["unproven"].append(goal)
        functions[fn] = row
    return functions


def render(functions, label):
    lines = ["%-28s %9s %9s" % ("function", "goals", "smoke")]
    totals = [0, 0, 0, 0]
    for fn, r in functions.items():
        lines.append("%-28s %4d/%-4d %4d/%-4d%s" % (
            fn, r["proven"], r["total"], r["smoke_passed"], r["smoke_total"],
            "" if not r["unproven"] else "  UNPROVEN: " + ", ".join(r["unproven"])))
        for i, k in enumerate(("proven", "total", "smoke_passed", "smoke_total")):
            totals[i] += r[k]
    lines.append("proofs %s: %d/%d goals proven, %d/%d smoke tests passed, %d functions"
                 % (label, totals[0], totals[1], totals[2], totals[3], len(functions)))
    return "\n".join(lines), totals


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    args, label, out = [], "core", None
    i = 0
    while i < len(argv):
        if argv[i] in ("--label", "--out") and i + 1 < len(argv):
            if argv[i] == "--label":
                label = argv[i + 1]
            else:
                out = argv[i + 1]
            i += 2
        elif argv[i].startswith("-"):
            print("wpreport: unknown option %s (try --help)" % argv[i], file=sys.stderr)
            return 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) != 1:
        print("wpreport: expected one REPORT.json (try --help)", file=sys.stderr)
        return 2
    try:
        with open(args[0]) as f:
            functions = summarize(json.load(f))
    except (OSError, ValueError, ReportError) as e:
        print("wpreport: %s: %s" % (args[0], e), file=sys.stderr)
        return 1
    if not functions:
        print("wpreport: %s: no function was analysed" % args[0], file=sys.stderr)
        return 1
    text, totals = render(functions, label)
    print(text)
    if out:
        result = {"label": label,
                  "goals": {"proven": totals[0], "total": totals[1]},
                  "smoke": {"passed": totals[2], "total": totals[3]},
                  "functions": functions}
        with open(out, "w") as f:
            json.dump(result, f, indent=1, sort_keys=True)
            f.write("\n")
    return 0 if totals[0] == totals[1] and totals[2] == totals[3] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

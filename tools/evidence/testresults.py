"""The test results section: what make check's steps reported.

Input (relative to the tree's root):
  results   build/results/, the directory where every step of make check
            writes STEP.res (tests/check.mk): lines "PASS name", "FAIL name
            ...", "SKIP name ..." (other lines are ignored, as
            tests/summary.py does).  Optional: absent, or without any .res
            file, the section is not generated.

A configuration's bundle reads the global steps (every STEP.res but the
configurations' own) and its own config-<config>.res; never the other
configurations' files, and never evidence.res (the step that runs this
tool: its result is not evidence of itself).

Errors: every FAIL line (a failed test).  Regressions: a step whose number
of passed tests fell (a step of the baseline that left no file counts as
0), a failure the baseline does not have.
REQ: EVID-002.
"""
import os

from . import bundle

OWN_STEP = "evidence"
CONFIG_PREFIX = "config-"
WORDS = {"PASS": "passed", "FAIL": "failed", "SKIP": "skipped"}


def read_results(directory, config):
    """({step: {"passed", "failed", "skipped"}}, [failure line], [excluded file])."""
    steps, failures, excluded = {}, [], []
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if not name.endswith(".res") or not os.path.isfile(path):
            continue
        step = name[:-len(".res")]
        if step == OWN_STEP or (step.startswith(CONFIG_PREFIX)
                                and step != CONFIG_PREFIX + config):
            excluded.append(name)
            continue
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    word = line.split(" ", 1)[0].strip()
                    if word in WORDS:
                        counts[WORDS[word]] += 1
                        if word == "FAIL":
                            failures.append("%s: %s" % (step, line.strip()))
        except OSError as e:
            raise bundle.InputError("%s: cannot read (%s)" % (name, e.strerror))
        steps[step] = counts
    return steps, failures, excluded


def totals(steps):
    return {k: sum(c[k] for c in steps.values()) for k in ("passed", "failed", "skipped")}


def render_text(s, config):
    t = s["totals"]
    out = ["Test results, configuration %s (make check's steps, %s)" % (config, s["input"]),
           "passed %d, failed %d, skipped %d" % (t["passed"], t["failed"], t["skipped"]), ""]
    out.append(bundle.text_table(["step", "passed", "failed", "skipped"],
                                 [[k, c["passed"], c["failed"], c["skipped"]]
                                  for k, c in sorted(s["steps"].items())]))
    out.append("")
    out.append("failures (%d):" % len(s["failures"]))
    out.extend("  " + x for x in s["failures"]) if s["failures"] else out.append("  none")
    return "\n".join(out) + "\n"


def render_html(ctx, s, excluded):
    esc = bundle.esc
    t = s["totals"]
    h = ["<p>The PASS/FAIL/SKIP lines the steps of <code>make check</code> wrote into %s "
         "(tests/check.mk): the global steps and this configuration's own "
         "<code>%s%s.res</code>. Passed %d, failed %d, skipped %d. Every failed test is an "
         "error; a step whose number of passed tests falls is a regression.</p>"
         % (ctx.link(s["input"] + "/", s["input"] + "/"), CONFIG_PREFIX, esc(ctx.config),
            t["passed"], t["failed"], t["skipped"])]
    if CONFIG_PREFIX + ctx.config not in s["steps"]:
        h.append('<p class="attention">No %s%s.res: this configuration\'s own step '
                 '(build, scenarios, absent features, WCET) has not run.</p>'
                 % (CONFIG_PREFIX, esc(ctx.config)))
    rows = [[k, c["passed"], c["failed"], c["skipped"]] for k, c in sorted(s["steps"].items())]
    bad = [c["failed"] > 0 for _k, c in sorted(s["steps"].items())]
    h.append(bundle.html_table(["step", "passed", "failed", "skipped"], rows, numeric={1, 2, 3},
                               row_class=lambda i: "bad" if bad[i] else None))
    h.append("<h3>Failures (%d)</h3>" % len(s["failures"]))
    if s["failures"]:
        h.append("<ul>%s</ul>" % "".join('<li class="error">%s</li>' % esc(x)
                                         for x in s["failures"]))
    else:
        h.append('<p class="none">none</p>')
    if excluded:
        h.append('<p class="ln">Not read: %s (other configurations\' steps and this '
                 'step\'s own result).</p>' % esc(", ".join(excluded)))
    return "\n".join(h)


class TestResults(bundle.Section):
    key = "tests"
    title = "Test results"
    inputs = {"results": ("build/results/", False)}
    reports = ("tests.txt",)

    def collect(self, ctx):
        rel, path = ctx.resolve_inputs(self)["results"]
        if path is None:
            return bundle.NotGenerated("no %s/ (make check writes it)" % rel)
        steps, failures, excluded = read_results(path, ctx.config)
        if not steps:
            return bundle.NotGenerated("no result file in %s/ (make check writes them)" % rel)
        s = {"steps": steps, "failures": failures, "totals": totals(steps), "input": rel}
        errors = ["%s/%s.res: %s" % (rel, f.split(": ", 1)[0], f.split(": ", 1)[1])
                  for f in failures]
        t = s["totals"]
        headline = "%d steps: passed %d, failed %d, skipped %d" % (
            len(steps), t["passed"], t["failed"], t["skipped"])
        own = CONFIG_PREFIX + ctx.config in steps
        if not own:
            headline += "; no %s%s.res" % (CONFIG_PREFIX, ctx.config)
        return bundle.SectionResult(
            summary=s, html=render_html(ctx, s, excluded),
            reports={"tests.txt": render_text(s, ctx.config)}, errors=errors,
            headline=headline,
            status="error" if errors else ("ok" if own else "attention"))

    def compare(self, base, cur):
        regs, imps, notes = [], [], []
        bs, cs = base.get("steps", {}), cur.get("steps", {})
        zero = {"passed": 0, "failed": 0, "skipped": 0}
        for step in sorted(set(bs) | set(cs)):
            b, c = bs.get(step), cs.get(step)
            if c is None:
                regs.append("step %s left no result (baseline: %d passed)"
                            % (step, b.get("passed", 0)))
                continue
            b = b or zero
            if c["passed"] < b.get("passed", 0):
                regs.append("step %s: %d tests passed, %d in the baseline"
                            % (step, c["passed"], b["passed"]))
            elif c["passed"] > b.get("passed", 0):
                imps.append("step %s: %d tests passed, %d in the baseline%s"
                            % (step, c["passed"], b.get("passed", 0),
                               "" if step in bs else " (new step)"))
            if c["skipped"] != b.get("skipped", 0):
                notes.append("step %s: %d skipped, %d in the baseline"
                             % (step, c["skipped"], b.get("skipped", 0)))
        for f in sorted(set(cur.get("failures", [])) - set(base.get("failures", []))):
            regs.append("failed test %s" % f)
        return regs, imps, notes

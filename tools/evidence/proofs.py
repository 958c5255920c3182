"""The proofs section: the Frama-C WP results of the configuration.

Inputs (paths relative to the tree's root), both written by tools/wpreport:
  proofs-common  build/proofs-common/results.json: the files of
                 proofs/proved.list proven once (make check proves them with
                 the demo configuration's tables: they do not depend on the
                 configuration);
  proof-results  build/<config>/proofs/results.json: the proof run of this
                 configuration (make check: the `per-config` files of
                 proved.list; `make proofs CONFIG=<config>`: every file).
Both are optional; with neither the section is not generated.  The input
name proof-results is the traceability section's too (one --input
overrides it for both).

Per run and per function: goals proven/total and smoke tests passed/total;
the totals.  Strict: any unproven goal or failed smoke test is an error.
Regressions: a run of the baseline that is absent now; a function of the
baseline that was fully proven and is now absent from its run or not fully
proven.
REQ: EVID-002.
"""
from . import bundle

RUNS = (("common", "proofs-common"), ("config", "proof-results"))
COUNTS = ("proven", "total", "smoke_passed", "smoke_total")


def load_run(path, rel):
    """{"label", "functions": {fn: {proven, total, smoke_passed, smoke_total}},
    "unproven": {fn: [goal]}} of a tools/wpreport results.json."""
    data = bundle.load_json(path, rel, "a tools/wpreport results file")
    fns = data.get("functions") if isinstance(data, dict) else None
    if not isinstance(fns, dict):
        raise bundle.InputError("%s: no \"functions\" object (is it tools/wpreport output?)" % rel)
    out, unproven = {}, {}
    for fn, r in sorted(fns.items()):
        if not (isinstance(r, dict) and all(isinstance(r.get(k), int) for k in COUNTS)):
            raise bundle.InputError("%s: function %s: expected proven, total, smoke_passed, "
                                    "smoke_total" % (rel, fn))
        out[fn] = {k: r[k] for k in COUNTS}
        goals = r.get("unproven")
        unproven[fn] = [str(g) for g in goals] if isinstance(goals, list) else []
    label = data.get("label")
    return {"label": label if isinstance(label, str) else None, "functions": out,
            "unproven": unproven}


def complete(r):
    return r["proven"] == r["total"] and r["smoke_passed"] == r["smoke_total"]


def run_summary(run, rel):
    fns = run["functions"]
    return {
        "input": rel, "label": run["label"],
        "goals": {"proven": sum(r["proven"] for r in fns.values()),
                  "total": sum(r["total"] for r in fns.values())},
        "smoke": {"passed": sum(r["smoke_passed"] for r in fns.values()),
                  "total": sum(r["smoke_total"] for r in fns.values())},
        "functions": fns,
    }


def build_summary(runs):
    t = {"goals_proven": 0, "goals_total": 0, "smoke_passed": 0, "smoke_total": 0,
         "functions": 0, "functions_proven": 0}
    unproven = []
    for name, r in sorted(runs.items()):
        if r is None:
            continue
        t["goals_proven"] += r["goals"]["proven"]
        t["goals_total"] += r["goals"]["total"]
        t["smoke_passed"] += r["smoke"]["passed"]
        t["smoke_total"] += r["smoke"]["total"]
        for fn, c in r["functions"].items():
            t["functions"] += 1
            if complete(c):
                t["functions_proven"] += 1
            else:
                unproven.append("%s:%s" % (name, fn))
    return {"runs": runs, "totals": t, "unproven": sorted(unproven)}


def errors_of(loaded, runs):
    out = []
    for name, _input in RUNS:
        r = runs.get(name)
        if r is None:
            continue
        for fn, c in sorted(r["functions"].items()):
            if not complete(c):
                goals = loaded[name]["unproven"].get(fn) or []
                out.append("%s: function %s: %d/%d goals proven, %d/%d smoke tests passed%s"
                           % (r["input"], fn, c["proven"], c["total"], c["smoke_passed"],
                              c["smoke_total"], (" (unproven: %s)" % ", ".join(goals)) if goals
                              else ""))
        if not r["functions"]:
            out.append("%s: no function was proven (an empty run)" % r["input"])
    return out


def render_text(s, config):
    t = s["totals"]
    out = ["Proofs, configuration %s (Frama-C WP; tools/wpreport)" % config,
           "goals proven %d/%d, smoke tests passed %d/%d, functions fully proven %d/%d"
           % (t["goals_proven"], t["goals_total"], t["smoke_passed"], t["smoke_total"],
              t["functions_proven"], t["functions"])]
    for name, _input in RUNS:
        r = s["runs"].get(name)
        out.append("")
        if r is None:
            out.append("run %s: not available" % name)
            continue
        out.append("run %s (%s, tables of %s): goals %d/%d, smoke tests %d/%d"
                   % (name, r["input"], r["label"] or "?", r["goals"]["proven"], r["goals"]["total"],
                      r["smoke"]["passed"], r["smoke"]["total"]))
        rows = [[fn, "%d/%d" % (c["proven"], c["total"]),
                 "%d/%d" % (c["smoke_passed"], c["smoke_total"]),
                 "proven" if complete(c) else "UNPROVEN"]
                for fn, c in sorted(r["functions"].items())]
        out.append(bundle.text_table(["function", "goals", "smoke", "status"], rows,
                                     left=(0, 3)))
    return "\n".join(out) + "\n"


def render_html(ctx, s, loaded):
    esc = bundle.esc
    t = s["totals"]
    h = ['<p>Frama-C WP (RTE guards, overflows, smoke tests; proofs/proofs.mk), per function '
         'from <code>tools/wpreport</code>: %d/%d goals proven, %d/%d smoke tests passed, '
         '%d/%d functions fully proven. The files are listed in %s. Any unproven goal or '
         'failed smoke test is an error.</p>'
         % (t["goals_proven"], t["goals_total"], t["smoke_passed"], t["smoke_total"],
            t["functions_proven"], t["functions"], ctx.link("proofs/proved.list"))]
    what = {"common": "files proven once (with the demo configuration's tables)",
            "config": "this configuration's own run"}
    for name, input_name in RUNS:
        r = s["runs"].get(name)
        h.append("<h3>Run %s: %s</h3>" % (esc(name), esc(what[name])))
        if r is None:
            h.append('<p class="notgen">Not available (no %s).</p>'
                     % esc(ctx.default_input("proofs", input_name)))
            continue
        h.append("<p>From %s (label <code>%s</code>): %d/%d goals, %d/%d smoke tests.</p>"
                 % (ctx.link(r["input"]), esc(r["label"] or "?"), r["goals"]["proven"],
                    r["goals"]["total"], r["smoke"]["passed"], r["smoke"]["total"]))
        rows, bad = [], []
        for fn, c in sorted(r["functions"].items()):
            ok = complete(c)
            goals = loaded[name]["unproven"].get(fn) or []
            rows.append([fn, c["proven"], c["total"], c["smoke_passed"], c["smoke_total"],
                         bundle.Markup('<span class="st-%s">%s</span>'
                                       % ("proven" if ok else "unproven",
                                          "proven" if ok else "unproven: " + esc(", ".join(goals))))])
            bad.append(not ok)
        h.append(bundle.html_table(["function", "goals proven", "goals", "smoke passed",
                                    "smoke tests", "status"], rows, numeric={1, 2, 3, 4},
                                   row_class=lambda i: "bad" if bad[i] else None))
    return "\n".join(h)


class Proofs(bundle.Section):
    key = "proofs"
    title = "Proofs"
    inputs = {
        "proofs-common": ("build/proofs-common/results.json", False),
        "proof-results": ("build/{config}/proofs/results.json", False),
    }
    reports = ("proofs.txt",)

    def collect(self, ctx):
        inputs = ctx.resolve_inputs(self)
        if all(inputs[i][1] is None for _, i in RUNS):
            return bundle.NotGenerated("no %s and no %s (make check's proofs step, or make "
                                       "proofs CONFIG=%s, writes them)"
                                       % (inputs["proofs-common"][0], inputs["proof-results"][0],
                                          ctx.config))
        loaded, runs, warnings = {}, {}, []
        for name, input_name in RUNS:
            rel, path = inputs[input_name]
            if path is None:
                runs[name] = None
                continue
            loaded[name] = load_run(path, rel)
            runs[name] = run_summary(loaded[name], rel)
            if name == "config" and loaded[name]["label"] not in (None, ctx.config):
                warnings.append("%s: results of configuration %s, not %s"
                                % (rel, loaded[name]["label"], ctx.config))
        s = build_summary(runs)
        errors = errors_of(loaded, runs)
        t = s["totals"]
        missing = [n for n, _ in RUNS if runs[n] is None]
        headline = ("%d/%d goals proven, %d/%d smoke tests passed, %d/%d functions fully proven"
                    % (t["goals_proven"], t["goals_total"], t["smoke_passed"], t["smoke_total"],
                       t["functions_proven"], t["functions"]))
        if missing:
            headline += "; run %s not available" % ", ".join(missing)
        return bundle.SectionResult(
            summary=s, html=render_html(ctx, s, loaded),
            reports={"proofs.txt": render_text(s, ctx.config)}, errors=errors, warnings=warnings,
            headline=headline,
            status="error" if errors else ("attention" if missing else "ok"))

    def compare(self, base, cur):
        regs, imps, notes = [], [], []
        for name, _input in RUNS:
            b = (base.get("runs") or {}).get(name)
            c = (cur.get("runs") or {}).get(name)
            if b is None and c is None:
                continue
            if c is None:
                regs.append("run %s not available (baseline: %s, %d/%d goals)"
                            % (name, b.get("input"), b["goals"]["proven"], b["goals"]["total"]))
                continue
            if b is None:
                imps.append("run %s available now" % name)
                continue
            bf, cf = b.get("functions", {}), c.get("functions", {})
            for fn in sorted(bf):
                if fn not in cf:
                    if complete(bf[fn]):
                        regs.append("%s: function %s was proven in the baseline and is no longer "
                                    "in the results" % (name, fn))
                    else:
                        notes.append("%s: function %s is no longer in the results" % (name, fn))
                    continue
                was, now = complete(bf[fn]), complete(cf[fn])
                if was and not now:
                    regs.append("%s: function %s is no longer fully proven (%d/%d goals, %d/%d "
                                "smoke tests; baseline %d/%d)"
                                % (name, fn, cf[fn]["proven"], cf[fn]["total"],
                                   cf[fn]["smoke_passed"], cf[fn]["smoke_total"],
                                   bf[fn]["proven"], bf[fn]["total"]))
                elif now and not was:
                    imps.append("%s: function %s is now fully proven" % (name, fn))
                if (bf[fn]["total"], bf[fn]["smoke_total"]) != (cf[fn]["total"],
                                                                cf[fn]["smoke_total"]):
                    notes.append("%s: function %s has %d goals and %d smoke tests (baseline %d "
                                 "and %d): its code or contract changed"
                                 % (name, fn, cf[fn]["total"], cf[fn]["smoke_total"],
                                    bf[fn]["total"], bf[fn]["smoke_total"]))
            for fn in sorted(set(cf) - set(bf)):
                if complete(cf[fn]):
                    imps.append("%s: function %s proven (new)" % (name, fn))
                else:
                    notes.append("%s: function %s is new and not fully proven" % (name, fn))
        return regs, imps, notes

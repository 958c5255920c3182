"""The proofs section: the Frama-C WP results of the configuration.

Input (path relative to the tree's root):
  proof-results  build/<config>/proofs/results.json, written by
                 tools/proofplan (make check's proofs step, or `make proofs
                 CONFIG=<config>`): per function, the results of every unit
                 of proofs/proved.list that covers this configuration (each
                 unit proven once per distinct text, or with this
                 configuration's tables), and per unit the run that proved
                 it.  Also read by the traceability section (one --input
                 overrides it for both).  Optional: without it the section
                 is not generated.

Per function: goals proven/total and smoke tests passed/total; per unit:
its run and totals; the totals.  Strict: any unproven goal, failed smoke
test or unit without a result is an error.  Regressions: a function of the
baseline that was fully proven and is now absent or not fully proven; a
unit of the baseline that is absent now.
REQ: EVID-002.
"""
from . import bundle

RUNS = (("config", "proof-results"),)
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
    units = {}
    for name, u in sorted((data.get("units") or {}).items()):
        if not isinstance(u, dict):
            raise bundle.InputError("%s: unit %s: malformed entry" % (rel, name))
        units[name] = {"run": str(u.get("run", "?")), "kind": str(u.get("kind", "?")),
                       "goals": u.get("goals") if isinstance(u.get("goals"), dict) else None,
                       "smoke": u.get("smoke") if isinstance(u.get("smoke"), dict) else None,
                       "error": str(u["error"]) if u.get("error") else None}
    return {"label": label if isinstance(label, str) else None, "functions": out,
            "unproven": unproven, "units": units}


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
        "units": run.get("units", {}),
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
        for unit, u in sorted(r.get("units", {}).items()):
            if u.get("error"):
                out.append("%s: unit %s (run %s): %s" % (r["input"], unit, u["run"], u["error"]))
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
        out.append("run %s (%s, configuration %s): goals %d/%d, smoke tests %d/%d"
                   % (name, r["input"], r["label"] or "?", r["goals"]["proven"], r["goals"]["total"],
                      r["smoke"]["passed"], r["smoke"]["total"]))
        rows = [[fn, "%d/%d" % (c["proven"], c["total"]),
                 "%d/%d" % (c["smoke_passed"], c["smoke_total"]),
                 "proven" if complete(c) else "UNPROVEN"]
                for fn, c in sorted(r["functions"].items())]
        units = [[unit, u["kind"], u["run"],
                  "%d/%d" % (u["goals"]["proven"], u["goals"]["total"]) if u.get("goals") else "-",
                  u["error"] or "ok"] for unit, u in sorted(r.get("units", {}).items())]
        if units:
            out.append(bundle.text_table(["unit", "kind", "run", "goals", "status"], units,
                                         left=(0, 1, 2, 4)))
            out.append("")
        out.append(bundle.text_table(["function", "goals", "smoke", "status"], rows,
                                     left=(0, 3)))
    return "\n".join(out) + "\n"


def render_html(ctx, s, loaded):
    esc = bundle.esc
    t = s["totals"]
    h = ['<p>Frama-C WP (RTE guards, overflows, smoke tests; proofs/proofs.mk), per function '
         'from <code>tools/wpreport</code>: %d/%d goals proven, %d/%d smoke tests passed, '
         '%d/%d functions fully proven. The files are listed in %s. Any unproven goal or '
         'failed smoke test is an error. A prover verdict on a verification condition '
         'identical to one already proven may be replayed from the committed verdict cache '
         '(proofs/wp-cache.txt; smoke tests always run); <code>make proofs-full</code> runs '
         'every prover again.</p>'
         % (t["goals_proven"], t["goals_total"], t["smoke_passed"], t["smoke_total"],
            t["functions_proven"], t["functions"], ctx.link("proofs/proved.list"))]
    what = {"config": "every unit of proofs/proved.list covering this configuration"}
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
        units = r.get("units", {})
        if units:
            h.append("<p>Units (a unit of kind text is proven once for every configuration "
                     "with the same preprocessed text: its run is named by unit and the "
                     "configuration it ran with):</p>")
            h.append(bundle.html_table(
                ["unit", "kind", "run", "goals proven", "goals", "status"],
                [[unit, u["kind"], u["run"],
                  u["goals"]["proven"] if u.get("goals") else "-",
                  u["goals"]["total"] if u.get("goals") else "-",
                  u["error"] or "ok"] for unit, u in sorted(units.items())],
                numeric={3, 4}))
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
        "proof-results": ("build/{config}/proofs/results.json", False),
    }
    reports = ("proofs.txt",)

    def collect(self, ctx):
        inputs = ctx.resolve_inputs(self)
        if all(inputs[i][1] is None for _, i in RUNS):
            return bundle.NotGenerated("no %s (make check's proofs step, or make proofs "
                                       "CONFIG=%s, writes it)"
                                       % (inputs["proof-results"][0], ctx.config))
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
            for unit in sorted(set(b.get("units") or {}) - set(c.get("units") or {})):
                regs.append("%s: unit %s of the baseline is no longer proven for this "
                            "configuration" % (name, unit))
            for unit in sorted(set(c.get("units") or {}) - set(b.get("units") or {})):
                imps.append("%s: unit %s proven for this configuration (new)" % (name, unit))
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

"""The WCET section: static bounds of every entry path, against measured maxima.

Inputs (paths relative to the tree's root):
  wcet           build/<config>/wcet.json, `tools/wcet ELF --json` (make wcet):
                 per entry path the static bound to rfi and to halt, in
                 instructions and in cycles (optional: absent, the section is
                 not generated).
  wcet-measured  build/<config>/wcet-measured.json, `tools/wcet measure --json`
                 on a bounded QEMU trace of the image (make evidence-traces;
                 optional: absent, nothing is measured).

Errors: an analysis error of tools/wcet (a path without a safe bound), a
measured maximum above its bound or a measured path without one, and
measurements taken on another image than the bounds (the bounds measure
computed disagree with wcet.json: rerun make evidence-traces).

summary.json holds the bounds only: a measured maximum depends on how far
a wall-clock-bounded trace got, so it is shown in index.html and never
compared with the baseline; bound >= measured is checked on every run.
Regressions: a path's bound (instructions or cycles, to rfi or to halt)
that grew, a path of the baseline no longer analysed, a new analysis error.
REQ: EVID-002, EVID-001.
"""
import os

from . import bundle

ENDS = (("rfi", "rfi"), ("stop", "halt"))   # wcet.json key, measure's "end"
NUM = (int,)


def _cost(value, rel, where):
    if value is None:
        return None
    if not (isinstance(value, dict) and isinstance(value.get("instructions"), NUM)
            and isinstance(value.get("cycles"), NUM)):
        raise bundle.InputError("%s: %s: expected {\"instructions\": N, \"cycles\": N} or null"
                                % (rel, where))
    return {"instructions": value["instructions"], "cycles": value["cycles"]}


def load_bounds(path, rel):
    """The report of `tools/wcet --json`: {"model", "paths" (ordered list of
    {"name", "kind", "entry", "rfi", "stop"}), "functions", "loops", "errors"}."""
    data = bundle.load_json(path, rel, "a tools/wcet --json report")
    if not isinstance(data, dict) or data.get("tool") != "proteus-wcet" \
            or not isinstance(data.get("paths"), list):
        raise bundle.InputError("%s: not a tools/wcet --json report (expected \"tool\": "
                                "\"proteus-wcet\" and a \"paths\" list)" % rel)
    if data.get("format") != 1:
        raise bundle.InputError("%s: format %r, this section reads format 1"
                                % (rel, data.get("format")))
    paths, seen = [], set()
    for k, p in enumerate(data["paths"]):
        if not isinstance(p, dict) or not isinstance(p.get("name"), str):
            raise bundle.InputError("%s: paths[%d]: expected an object with a \"name\"" % (rel, k))
        name = p["name"]
        if name in seen:
            raise bundle.InputError("%s: path %s listed twice" % (rel, name))
        seen.add(name)
        paths.append({"name": name, "kind": str(p.get("kind", "")),
                      "entry": str(p.get("entry", "")),
                      "rfi": _cost(p.get("rfi"), rel, "path %s, rfi" % name),
                      "stop": _cost(p.get("stop"), rel, "path %s, stop" % name)})
    errors = data.get("errors", [])
    if not isinstance(errors, list):
        raise bundle.InputError("%s: \"errors\" is not a list" % rel)
    model = data.get("model") if isinstance(data.get("model"), dict) else {}
    return {"model": model, "paths": paths, "errors": [str(e) for e in errors],
            "functions": len(data.get("functions") or []), "loops": len(data.get("loops") or []),
            "elf": data.get("elf")}


def load_measured(path, rel):
    """The report of `tools/wcet measure --json`: {"rows": {(path, end): row},
    "unbound": [row] (measured paths the analysis does not know), "traces"}."""
    data = bundle.load_json(path, rel, "a tools/wcet measure --json report")
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list) \
            or not isinstance(data.get("violations", []), list):
        raise bundle.InputError("%s: not a tools/wcet measure --json report (expected "
                                "\"rows\" and \"violations\" lists)" % rel)
    rows = {}
    for k, r in enumerate(data["rows"]):
        ok = isinstance(r, dict) and isinstance(r.get("path"), str) \
            and r.get("end") in ("rfi", "halt") \
            and all(r.get(f) is None or isinstance(r.get(f), NUM)
                    for f in ("bound", "measured", "runs", "cut"))
        if not ok:
            raise bundle.InputError("%s: rows[%d]: expected path, end (rfi or halt), bound, "
                                    "measured, runs, cut" % (rel, k))
        rows[(r["path"], r["end"])] = r
    unbound = []
    for v in data.get("violations", []):
        if isinstance(v, dict) and v.get("end") not in ("rfi", "halt"):
            unbound.append({"path": str(v.get("path")), "runs": v.get("runs")})
    traces = [str(t) for t in data.get("traces", []) if isinstance(t, str)]
    return {"rows": rows, "unbound": unbound, "traces": traces}


def check_measured(bounds, meas, mrel, brel):
    """(errors, {(path, end): row}) of the measurements against the bounds."""
    errors, stale = [], []
    by_name = {p["name"]: p for p in bounds["paths"]}
    for (name, end), r in sorted(meas["rows"].items()):
        p = by_name.get(name)
        key = "rfi" if end == "rfi" else "stop"
        bound = p[key]["instructions"] if p and p[key] else None
        if p is None or r.get("bound") != bound:
            stale.append("%s to %s: bound %s there, %s in %s"
                         % (name, end, _s(r.get("bound")), _s(bound), brel))
    for p in bounds["paths"]:
        for key, end in ENDS:
            if p[key] and (p["name"], end) not in meas["rows"]:
                stale.append("%s to %s: bound %d in %s, none there"
                             % (p["name"], end, p[key]["instructions"], brel))
    if stale:
        errors.append("%s: measured on another image than the bounds (%d path(s) differ, e.g. %s): "
                      "rerun make evidence-traces" % (mrel, len(stale), stale[0]))
        return errors, {}
    for (name, end), r in sorted(meas["rows"].items()):
        m = r.get("measured")
        if m is None:
            continue
        if r.get("bound") is None:
            errors.append("%s: %s measured to %s (%d instructions) but has no static bound "
                          "that way" % (mrel, name, end, m))
        elif m > r["bound"]:
            errors.append("%s: %s to %s: measured maximum %d instructions exceeds the static "
                          "bound %d" % (mrel, name, end, m, r["bound"]))
    for u in meas["unbound"]:
        errors.append("%s: %s measured (%s instance(s)) but is no analysed entry path"
                      % (mrel, u["path"], _s(u["runs"])))
    return errors, meas["rows"]


def _s(v):
    return "-" if v is None else str(v)


def _ratio(bound, measured):
    return "%.2f" % (bound / measured) if bound and measured else "-"


def build_summary(bounds, errors_measured, inputs):
    return {
        "model": bounds["model"],
        "paths": {p["name"]: {"kind": p["kind"], "rfi": p["rfi"], "stop": p["stop"]}
                  for p in bounds["paths"]},
        "counts": {"paths": len(bounds["paths"]), "functions": bounds["functions"],
                   "loops": bounds["loops"], "errors": len(bounds["errors"])},
        "errors": sorted(bounds["errors"]),
        "violations": sorted(errors_measured),
        "inputs": {k: v[0] if v[1] else None for k, v in sorted(inputs.items())},
    }


def _longest(bounds, key="rfi"):
    with_end = [p for p in bounds["paths"] if p[key]]
    if not with_end:
        return None
    return max(with_end, key=lambda p: (p[key]["instructions"], p["name"]))


def _measured_rows(bounds, rows):
    """[(path, end, bound, measured, runs)] of the measured rows, path order."""
    out = []
    for p in bounds["paths"]:
        for key, end in ENDS:
            r = rows.get((p["name"], end))
            if r and r.get("measured") is not None:
                out.append((p["name"], end, p[key]["instructions"] if p[key] else None,
                            r["measured"], r.get("runs")))
    return out


def headline(bounds, rows, measured_input):
    big = _longest(bounds)
    h = "%d entry paths bounded" % len(bounds["paths"])
    if big:
        h += "; longest to rfi: %s, %d instructions (%d cycles)" % (
            big["name"], big["rfi"]["instructions"], big["rfi"]["cycles"])
    if bounds["errors"]:
        h += "; %d analysis error(s)" % len(bounds["errors"])
    if measured_input is None:
        return h + "; not measured (make evidence-traces)"
    m = _measured_rows(bounds, rows)
    if not m:
        return h + "; no path measured"
    tight = min((r for r in m if r[2]), key=lambda r: (r[2] / r[3], r[0]), default=None)
    h += "; %d measured" % len(m)
    if tight:
        h += ", smallest bound/measured %s (%s)" % (_ratio(tight[2], tight[3]), tight[0])
    return h


def render_text(bounds, config):
    m = bounds["model"]
    out = ["WCET bounds, configuration %s (tools/wcet; timing model %s, fetch penalty %s, "
           "data penalty %s cycles)" % (config, m.get("name", "?"), m.get("fetch_penalty", "?"),
                                        m.get("data_penalty", "?")),
           "entry paths %d, functions %d, loops %d, analysis errors %d"
           % (len(bounds["paths"]), bounds["functions"], bounds["loops"], len(bounds["errors"])),
           ""]
    rows = []
    for p in bounds["paths"]:
        rows.append([p["name"], p["kind"]] + [
            _s(p[k][f] if p[k] else None) for k in ("rfi", "stop") for f in ("instructions", "cycles")])
    out.append(bundle.text_table(["entry path", "kind", "to rfi insns", "cycles",
                                  "to halt insns", "cycles"], rows, left=(0, 1)))
    for e in sorted(bounds["errors"]):
        out.append("error: %s" % e)
    return "\n".join(out) + "\n"


def _trace_note(ctx, traces):
    """The traces and what their first line says (the image and seconds)."""
    notes = []
    for t in traces:
        path = t if os.path.isabs(t) else os.path.join(ctx.root, t)
        head = ""
        try:
            with open(path, encoding="latin-1") as f:
                first = f.readline().strip()
            if first.startswith("#"):
                head = " " + first.lstrip("# ")
        except OSError:
            pass
        notes.append("<code>%s</code>%s" % (bundle.esc(t), bundle.esc(head)))
    return ", ".join(notes) or "none"


def render_html(ctx, bounds, meas, rows, s, merrors):
    esc = bundle.esc
    m = bounds["model"]
    h = ['<p>Static upper bounds of every non-preemptible entry path of the core, from %s '
         '(<code>tools/wcet</code>, spec/wcet.md; timing model <code>%s</code>, fetch penalty '
         '%s, data penalty %s cycles): %d entry paths, %d functions, %d loops, %d analysis '
         'errors. A path ends at <code>rfi</code> (the core resumes a context) or at a halt.</p>'
         % (ctx.link(s["inputs"]["wcet"]), esc(m.get("name", "?")), esc(m.get("fetch_penalty", "?")),
            esc(m.get("data_penalty", "?")), len(bounds["paths"]), bounds["functions"],
            bounds["loops"], len(bounds["errors"]))]
    if s["inputs"]["wcet-measured"] is None:
        h.append('<p>Measured maxima: not available (no %s; <code>make evidence-traces '
                 'CONFIG=%s</code> records a bounded QEMU trace and writes it).</p>'
                 % (esc(ctx.default_input("wcet", "wcet-measured")), esc(ctx.config)))
    else:
        measured = _measured_rows(bounds, rows)
        h.append('<p>Measured maxima (instructions) from %s, trace(s): %s. %d path end(s) '
                 'measured; bound &ge; measured is checked for each (a violation is an error). '
                 'A measured maximum shows how far a wall-clock-bounded trace got, not a worst '
                 'case: it is not compared with the baseline.</p>'
                 % (ctx.link(s["inputs"]["wcet-measured"]), _trace_note(ctx, meas["traces"]),
                    len(measured)))
    if merrors:
        h.append("<ul>%s</ul>" % "".join('<li class="error">%s</li>' % esc(e) for e in merrors))
    table, bad = [], []
    for p in bounds["paths"]:
        row = [p["name"], p["kind"], p["entry"]]
        flag = False
        for key, end in ENDS:
            b = p[key]
            r = rows.get((p["name"], end)) or {}
            meas_v = r.get("measured")
            row += [_s(b["instructions"] if b else None), _s(b["cycles"] if b else None),
                    _s(meas_v), _ratio(b["instructions"] if b else None, meas_v),
                    _s(r.get("runs")) if meas_v is not None else "-"]
            if meas_v is not None and (not b or meas_v > b["instructions"]):
                flag = True
        table.append(row)
        bad.append(flag)
    h.append(bundle.html_table(
        ["entry path", "kind", "entry", "to rfi: bound insns", "cycles", "measured", "bound/measured",
         "runs", "to halt: bound insns", "cycles", "measured", "bound/measured", "runs"],
        table, numeric=set(range(3, 13)), row_class=lambda i: "bad" if bad[i] else None))
    for e in bounds["errors"]:
        h.append('<p class="error">tools/wcet: %s</p>' % esc(e))
    return "\n".join(h)


class Wcet(bundle.Section):
    key = "wcet"
    title = "WCET bounds"
    inputs = {
        "wcet": ("build/{config}/wcet.json", False),
        "wcet-measured": ("build/{config}/wcet-measured.json", False),
    }
    reports = ("wcet.txt",)

    def collect(self, ctx):
        inputs = ctx.resolve_inputs(self)
        brel, bpath = inputs["wcet"]
        if bpath is None:
            return bundle.NotGenerated("no %s (make wcet CONFIG=%s writes it)" % (brel, ctx.config))
        bounds = load_bounds(bpath, brel)
        mrel, mpath = inputs["wcet-measured"]
        meas, rows, merrors = None, {}, []
        if mpath:
            meas = load_measured(mpath, mrel)
            merrors, rows = check_measured(bounds, meas, mrel, brel)
        s = build_summary(bounds, merrors, inputs)
        errors = ["%s: analysis error: %s" % (brel, e) for e in bounds["errors"]] + merrors
        return bundle.SectionResult(
            summary=s, html=render_html(ctx, bounds, meas, rows, s, merrors),
            reports={"wcet.txt": render_text(bounds, ctx.config)}, errors=errors,
            headline=headline(bounds, rows, mpath), status="error" if errors else "ok")

    def compare(self, base, cur):
        regs, imps, notes = [], [], []
        bp, cp = base.get("paths", {}), cur.get("paths", {})
        for name in sorted(bp):
            if name not in cp:
                regs.append("%s is no longer analysed (baseline: to rfi %s, to halt %s)"
                            % (name, _cost_text(bp[name].get("rfi")),
                               _cost_text(bp[name].get("stop"))))
                continue
            for key, end in ENDS:
                b, c = bp[name].get(key), cp[name].get(key)
                if b and c:
                    for f, unit in (("instructions", "instructions"), ("cycles", "cycles")):
                        if c[f] > b[f]:
                            regs.append("%s to %s: bound grew from %d to %d %s (+%d)"
                                        % (name, end, b[f], c[f], unit, c[f] - b[f]))
                        elif c[f] < b[f]:
                            imps.append("%s to %s: bound fell from %d to %d %s"
                                        % (name, end, b[f], c[f], unit))
                elif b and not c:
                    notes.append("%s can no longer end at %s (baseline bound %s)"
                                 % (name, end, _cost_text(b)))
                elif c and not b:
                    notes.append("%s can now end at %s (bound %s, none in the baseline)"
                                 % (name, end, _cost_text(c)))
        for name in sorted(set(cp) - set(bp)):
            notes.append("%s is a new entry path (to rfi %s, to halt %s)"
                         % (name, _cost_text(cp[name].get("rfi")), _cost_text(cp[name].get("stop"))))
        for e in sorted(set(cur.get("errors", [])) - set(base.get("errors", []))):
            regs.append("analysis error %s" % e)
        if base.get("model") != cur.get("model"):
            notes.append("timing model %s, baseline %s" % (_model_text(cur.get("model")),
                                                           _model_text(base.get("model"))))
        return regs, imps, notes


def _cost_text(c):
    return "%d instructions / %d cycles" % (c["instructions"], c["cycles"]) if c else "-"


def _model_text(m):
    m = m or {}
    return "%s (fetch penalty %s, data penalty %s)" % (m.get("name"), m.get("fetch_penalty"),
                                                      m.get("data_penalty"))

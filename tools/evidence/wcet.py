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

summary.json holds the bounds and the measured maxima (per path and end:
the longest instance in instructions and the number of instances): the
trace is bounded by a budget of QEMU log lines under -icount, so the same
tree gives the same trace and the same maxima on every machine.  bound >=
measured is checked on every run.  Regressions: a path's bound
(instructions or cycles, to rfi or to halt) that grew, a path of the
baseline no longer analysed, a new analysis error, a path end measured in
the baseline and no longer measured.  A measured maximum that changed is a
note (the code may change it for good reasons); a path end measured now and
not in the baseline an improvement.  Entry paths no guest can make happen
on this board are listed with the reason (UNREACHABLE), the others that the
trace did not reach as not reached.
REQ: EVID-002, EVID-001.
"""
import os
import textwrap

from . import bundle

ENDS = (("rfi", "rfi"), ("stop", "halt"))   # wcet.json key, measure's "end"
NUM = (int,)

# Vectors that no partition can make happen on QEMU's ref405ep, by offset
# (the path's name is "vector 0xOOOO name"): why each is never measured.
UNREACHABLE = {
    0x0100: "critical input: MSR[CE] is never set for a partition (MSR_GUEST) and arch_init "
            "masks every UIC input; proteus_trap panics on it",
    0x0200: "machine check: QEMU 7.2 raises none on a 405 (its ppc target has no bus-error "
            "hook), and a partition reaches only its own mapped regions",
    0x0500: "external: arch_init masks every UIC input and a partition's UIC accesses are "
            "virtual or refused; proteus_trap panics on it",
    0x0800: "floating-point unavailable: QEMU's 405 has no such exception (no FPU: a "
            "floating-point instruction is a program exception)",
    0x0f20: "APU unavailable: QEMU's 405 has no such exception",
    0x1010: "FIT: arch_init enables the PIT interrupt only (TCR) and a partition's TCR is "
            "virtual or refused; proteus_trap panics on it",
    0x1020: "watchdog: arch_init enables the PIT interrupt only (TCR) and a partition's TCR is "
            "virtual or refused; proteus_trap panics on it",
    0x2000: "debug: MSR[DE] is never set for a partition and the debug registers it writes "
            "are virtual or refused",
}
UNUSED_REASON = "no exception of the PPC405 has this vector offset"
HALT_REASON = ("to halt: the only halt is panic() (arch_halt), a trap in the core or an "
               "interrupt class never enabled for a partition; the scenarios forbid it")
NOT_REACHED = ("not reached by the trace (a guest can make it happen: a longer trace or "
               "another configuration may)")


def unreachable_reason(path, end):
    """Why a path end is never measured on this board, or None."""
    name = path["name"]
    if path["kind"] == "vector":
        try:
            off = int(name.split()[1], 16)
        except (IndexError, ValueError):
            off = None
        if off in UNREACHABLE:
            return UNREACHABLE[off]
        if "unused-" in name:
            return UNUSED_REASON
    if end == "halt":
        return HALT_REASON
    return None


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
    ends = data.get("trace_ends", [])
    if not isinstance(ends, list):
        raise bundle.InputError("%s: \"trace_ends\" is not a list" % rel)
    trace_ends = []
    for k, t in enumerate(ends):
        if not isinstance(t, dict):
            raise bundle.InputError("%s: trace_ends[%d]: expected an object" % (rel, k))
        if t.get("end") is None:
            trace_ends.append(None)     # a raw QEMU log: no budget recorded
            continue
        if t.get("end") not in ("budget", "halt", "exit") \
                or not all(isinstance(t.get(f), NUM) for f in ("lines", "budget")):
            raise bundle.InputError("%s: trace_ends[%d]: expected end (budget, halt or exit), "
                                    "lines, budget" % (rel, k))
        trace_ends.append({"end": t["end"], "lines": t["lines"], "budget": t["budget"]})
    return {"rows": rows, "unbound": unbound, "traces": traces, "trace_ends": trace_ends}


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


def unmeasured(bounds, rows):
    """([(path, end, reason)] of the bounded path ends no guest can make
    happen, [(path, end)] of the others the trace did not reach), path order."""
    unreach, missed = [], []
    for p in bounds["paths"]:
        for key, end in ENDS:
            if not p[key]:
                continue
            r = rows.get((p["name"], end))
            if r and r.get("measured") is not None:
                continue
            why = unreachable_reason(p, end)
            if why:
                unreach.append((p["name"], end, why))
            else:
                missed.append((p["name"], end))
    return unreach, missed


def build_measured(bounds, meas, rows):
    """summary.json's wcet.measured: per path and end the measured maximum
    (instructions) and the number of instances; the trace's budget and end;
    the reachable path ends it did not reach."""
    paths = {}
    for name, end, _bound, m, runs in _measured_rows(bounds, rows):
        paths.setdefault(name, {})[end] = {"instructions": m, "runs": runs}
    unreach, missed = unmeasured(bounds, rows)
    return {"paths": paths, "traces": meas["trace_ends"],
            "not_reached": ["%s to %s" % (n, e) for n, e in missed],
            "counts": {"measured": sum(len(v) for v in paths.values()),
                       "unreachable": len(unreach), "not_reached": len(missed)}}


def build_summary(bounds, errors_measured, inputs, measured=None):
    return {
        "model": bounds["model"],
        "paths": {p["name"]: {"kind": p["kind"], "rfi": p["rfi"], "stop": p["stop"]}
                  for p in bounds["paths"]},
        "counts": {"paths": len(bounds["paths"]), "functions": bounds["functions"],
                   "loops": bounds["loops"], "errors": len(bounds["errors"])},
        "errors": sorted(bounds["errors"]),
        "violations": sorted(errors_measured),
        "measured": measured,
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


def unmeasured_groups(bounds, rows):
    """[(reason, ["path, path (ends)", ...])] of the bounded path ends not
    measured, one group per reason, in the order of the paths (consecutive
    paths with the same ends share one item); the ends the trace did not
    reach come last."""
    unreach, missed = unmeasured(bounds, rows)
    groups, order = {}, []
    for name, end, why in unreach + [(n, e, NOT_REACHED) for n, e in missed]:
        if why not in groups:
            groups[why] = {}
            order.append(why)
        groups[why].setdefault(name, []).append(end)
    out = []
    for why in order:
        items, run, run_ends = [], [], None
        for name, ends in groups[why].items():
            if why == UNUSED_REASON:
                name = name.split(" unused-")[0]     # "vector 0x0900"
            if run and ends != run_ends:
                items.append("%s (%s)" % (", ".join(run), ", ".join(run_ends)))
                run = []
            run.append(name)
            run_ends = ends
        items.append("%s (%s)" % (", ".join(run), ", ".join(run_ends)))
        out.append((why, items))
    return out


def _trace_text(ends):
    out = []
    for t in ends:
        if t is None:
            out.append("a QEMU log (no budget recorded)")
        else:
            out.append("budget %d lines, %d traced, ended by %s" % (t["budget"], t["lines"],
                                                                  t["end"]))
    return "; ".join(out) or "no budget recorded"


def render_text(bounds, config, meas=None, mrows=None):
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
    out.append("")
    if meas is None:
        out.append("measured maxima: none (no tools/wcet measure report: make evidence-traces)")
        return "\n".join(out) + "\n"
    mrows = mrows or {}
    measured = _measured_rows(bounds, mrows)
    out.append("measured maxima (instructions) of a QEMU trace of the image (%s): %d path "
               "end(s)" % (_trace_text(meas["trace_ends"]), len(measured)))
    if measured:
        out.append(bundle.text_table(
            ["entry path", "end", "bound", "measured", "bound/measured", "runs"],
            [[n, e, _s(b), _s(mv), _ratio(b, mv), _s(r)] for n, e, b, mv, r in measured],
            left=(0, 1)))
    groups = unmeasured_groups(bounds, mrows)
    if groups:
        out.append("")
        out.append("not measured:")
        for why, items in groups:
            out.append(textwrap.fill("; ".join(items), width=100, initial_indent="- ",
                                     subsequent_indent="  ", break_on_hyphens=False))
            out.append(textwrap.fill(why, width=100, initial_indent="    why: ",
                                     subsequent_indent="    ", break_on_hyphens=False))
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
        h.append('<p>Measured maxima (instructions) from %s, trace(s): %s (%s). %d path end(s) '
                 'measured; bound &ge; measured is checked for each (a violation is an error). '
                 'The trace is bounded by a budget of QEMU log lines under <code>-icount</code>, '
                 'so it is the same on every machine: the maxima are in summary.json and '
                 'compared with the baseline (a path end no longer measured is a regression, a '
                 'changed maximum a note). A measured maximum is what the tests make the core '
                 'do, not a worst case.</p>'
                 % (ctx.link(s["inputs"]["wcet-measured"]), _trace_note(ctx, meas["traces"]),
                    esc(_trace_text(meas["trace_ends"])), len(measured)))
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
    if meas is not None:
        groups = unmeasured_groups(bounds, rows)
        if groups:
            h.append("<p>Not measured:</p><ul>%s</ul>" % "".join(
                "<li>%s: %s</li>" % (esc(why), esc("; ".join(items))) for why, items in groups))
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
        s = build_summary(bounds, merrors, inputs,
                          build_measured(bounds, meas, rows) if meas is not None else None)
        errors = ["%s: analysis error: %s" % (brel, e) for e in bounds["errors"]] + merrors
        return bundle.SectionResult(
            summary=s, html=render_html(ctx, bounds, meas, rows, s, merrors),
            reports={"wcet.txt": render_text(bounds, ctx.config, meas, rows)}, errors=errors,
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
        r, i, n = compare_measured(base.get("measured"), cur.get("measured"), cp)
        return regs + r, imps + i, notes + n


def compare_measured(bm, cm, cur_paths):
    """(regressions, improvements, notes) of the measured maxima: a path end
    measured in the baseline and no longer measured is a regression (unless
    the path itself is gone: that is reported with the bounds); a changed
    maximum or number of instances a note; a path end measured now and not
    in the baseline an improvement; another trace budget a note."""
    regs, imps, notes = [], [], []
    bp = (bm or {}).get("paths") or {}
    cmp_ = (cm or {}).get("paths") or {}
    if cm is None:
        if bp:
            regs.append("not measured (no wcet-measured.json: make evidence-traces); the "
                        "baseline measured %d path end(s)" % sum(len(v) for v in bp.values()))
        return regs, imps, notes
    if bm is None:
        if cmp_:
            imps.append("measured maxima recorded now (%d path end(s)), none in the baseline"
                        % sum(len(v) for v in cmp_.values()))
        return regs, imps, notes
    for name in sorted(bp):
        if name not in cur_paths:
            continue
        for end in sorted(bp[name]):
            b, c = bp[name][end], cmp_.get(name, {}).get(end)
            if c is None:
                regs.append("%s to %s: measured in the baseline (%d instructions, %d run(s)), "
                            "no longer measured" % (name, end, b["instructions"], b["runs"]))
            elif c != b:
                notes.append("%s to %s: measured maximum %d instructions in %d run(s), baseline "
                             "%d in %d" % (name, end, c["instructions"], c["runs"],
                                           b["instructions"], b["runs"]))
    for name in sorted(cmp_):
        for end in sorted(cmp_[name]):
            if end not in bp.get(name, {}):
                c = cmp_[name][end]
                imps.append("%s to %s: measured now (%d instructions, %d run(s)), not in the "
                            "baseline" % (name, end, c["instructions"], c["runs"]))
    if bm.get("traces") != cm.get("traces"):
        notes.append("trace: %s; baseline: %s" % (_trace_text(cm.get("traces") or []),
                                                  _trace_text(bm.get("traces") or [])))
    return regs, imps, notes


def _cost_text(c):
    return "%d instructions / %d cycles" % (c["instructions"], c["cycles"]) if c else "-"


def _model_text(m):
    m = m or {}
    return "%s (fetch penalty %s, data penalty %s)" % (m.get("name"), m.get("fetch_penalty"),
                                                      m.get("data_penalty"))

"""The traceability section: requirement -> code -> tests -> proofs.

Inputs (paths relative to the tree's root):
  requirements   spec/requirements.md: each `### ID Title` heading is a
                 requirement (`## Group` headings group them); a heading
                 containing "(withdrawn)" is listed but never flagged.
  proved-list    proofs/proved.list: the proof units (files whose proofs
                 are complete)
                 (optional: without it nothing is traced to proofs).
  proof-results  build/<config>/proofs/results.json (tools/wpreport), the
                 per-function WP results (optional: statuses "not-run").
Code is every source file under kernel/ and tools/ and the C files under
proofs/, tests every one under
tests/ (tests/tools/fixtures/ excluded: fixture trees are data); citations
and their attachment to functions: citations.py.

Proofs of a requirement: a function defined in a file of proved.list
whose ACSL contract names the ID (in the .c file or at its prototype in a
header under kernel/include), or whose contract is introduced by a comment
citing the ID; any other ACSL annotation of a proven file naming the ID
(attached to its function, or to the file).

Flags: a requirement without any test; a requirement without code; an ID
cited that is not in the spec (an error); a malformed citation (an error);
untraced core code: a function defined in kernel/core/*.c with no citation
of its own (in its body, in the comments or contract just before it, or at
its prototype under kernel/include) and none in its file's header comment.
"""
import json
import os
import re

from . import bundle, citations

CODE_ROOTS = ("kernel", "tools")
TEST_ROOTS = ("tests",)
PROOF_ROOTS = ("proofs",)   # its C files only (proofs/config_ok.c): code
EXCLUDED = ("tests/tools/fixtures",)
CORE_DIR = "kernel/core"
HEADER_DIR = "kernel/include"
SKIP_DIRS = ("__pycache__", "build")

HEADING = re.compile(r"^###\s+(\S+)\s*(.*?)\s*$")
GROUP = re.compile(r"^##\s+(.*?)\s*$")
REQ_ID = re.compile(r"^[A-Z][A-Z0-9]*-\d{3}$")
DIMS = ("code", "tests", "proofs")


class Requirement:
    def __init__(self, rid, title, group, line):
        self.id = rid
        self.title = title
        self.group = group
        self.line = line
        self.withdrawn = "(withdrawn)" in title.lower()


def parse_requirements(path, rel):
    """[Requirement] of spec/requirements.md; raises bundle.InputError."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise bundle.InputError("%s: cannot read (%s)" % (rel, e.strerror))
    except UnicodeDecodeError:
        raise bundle.InputError("%s: not UTF-8 text" % rel)
    reqs, seen, group = [], {}, ""
    for n, line in enumerate(lines, 1):
        g = GROUP.match(line)
        if g and not line.startswith("###"):
            group = g.group(1)
            continue
        m = HEADING.match(line)
        if not m or line.startswith("####"):
            continue
        rid, title = m.group(1), m.group(2)
        if not REQ_ID.match(rid):
            raise bundle.InputError("%s:%d: requirement heading is not `### ID Title` "
                                    "(ID like PART-002): %s" % (rel, n, line.strip()))
        if rid in seen:
            raise bundle.InputError("%s:%d: requirement %s already defined at line %d"
                                    % (rel, n, rid, seen[rid]))
        seen[rid] = n
        reqs.append(Requirement(rid, title, group, n))
    if not reqs:
        raise bundle.InputError("%s: no requirement (expected `### ID Title` headings)" % rel)
    return reqs


def source_files(root):
    """Relative paths of every scanned file, sorted."""
    out = []
    for top in CODE_ROOTS + TEST_ROOTS + PROOF_ROOTS:
        base = os.path.join(root, top)
        for d, dirs, files in os.walk(base):
            rel_d = os.path.relpath(d, root).replace(os.sep, "/")
            dirs[:] = sorted(x for x in dirs if not x.startswith(".") and x not in SKIP_DIRS
                             and (rel_d + "/" + x) not in EXCLUDED)
            for name in sorted(files):
                if top in PROOF_ROOTS and not name.endswith(".c"):
                    continue
                out.append(rel_d + "/" + name)
    return sorted(out)


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    if b"\0" in data[:4096]:
        return None
    return data.decode("utf-8", errors="replace")


def test_kind(rel):
    if rel.endswith(".scn"):
        return "scenario"
    if rel.startswith("tests/unit/") and rel.endswith(".c"):
        return "unit"
    if rel.endswith(".py"):
        return "python"
    if rel.startswith("tests/guests/"):
        return "guest"
    return "harness"


def test_name(rel, function):
    if rel.endswith(".scn"):
        return "scenario " + rel[len("tests/scenarios/"):-len(".scn")] \
            if rel.startswith("tests/scenarios/") else rel
    return rel + (":" + function if function else "")


def code_name(rel, scope, function):
    if function:
        return rel + ":" + function
    return rel + (" (file header)" if scope == "file-header" else " (file)")


def load_proved_list(path, rel):
    """[(file, unit)] of proofs/proved.list (NAME KIND [only=CONFIG] FILE...,
    tools/proofplan)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            files = words[2:]
            if files and files[0].startswith("only="):
                files = files[1:]
            if len(words) < 3 or words[1] not in ("text", "tables") or not files:
                raise bundle.InputError("%s:%d: expected `NAME text|tables [only=CONFIG] FILE...`"
                                        % (rel, n))
            out.extend((f, words[0]) for f in files)
    return out


def load_results(path, rel):
    """{function: "proven" | "unproven"} of a tools/wpreport results.json."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise bundle.InputError("%s: not a results file (%s)" % (rel, e))
    fns = data.get("functions") if isinstance(data, dict) else None
    if not isinstance(fns, dict):
        raise bundle.InputError("%s: no \"functions\" object (is it tools/wpreport output?)" % rel)
    status = {}
    for fn, r in fns.items():
        try:
            ok = r["proven"] == r["total"] and r["smoke_passed"] == r["smoke_total"]
        except (KeyError, TypeError):
            raise bundle.InputError("%s: function %s: expected proven, total, smoke_passed, "
                                    "smoke_total" % (rel, fn))
        status[fn] = "proven" if ok else "unproven"
    return status, data.get("label")


class Trace:
    """Everything the section found; the summary, html and text come from it."""

    def __init__(self):
        self.reqs = []
        self.code = {}        # id -> {(file, function, scope): set(lines)}
        self.tests = {}       # id -> {(file, function, kind): set(lines)}
        self.proofs = {}      # id -> {(proven file, function): [status, {how}]}
        self.unknown = {}     # id -> set((file, line))
        self.malformed = []   # (file, line, text)
        self.untraced = []    # "file:function"
        self.core_functions = 0
        self.warnings = []
        self.proof_results = None
        self.results_label = None
        self.proven_files = []


def _proof_status(statuses):
    if any(s == "unproven" for s in statuses):
        return "unproven"
    if statuses and all(s == "proven" for s in statuses):
        return "proven"
    return "not-run"


def analyse(ctx, inputs):
    tr = Trace()
    root = ctx.root
    tr.reqs = parse_requirements(inputs["requirements"][1], inputs["requirements"][0])
    known = {r.id for r in tr.reqs}
    for r in tr.reqs:
        tr.code[r.id], tr.tests[r.id], tr.proofs[r.id] = {}, {}, {}

    scans = {}
    for rel in source_files(root):
        try:
            src = read_text(os.path.join(root, rel))
        except OSError as e:
            tr.warnings.append("%s: cannot read (%s)" % (rel, e.strerror))
            continue
        if src is None:
            continue
        sc = citations.scan_source(rel, src)
        if sc is None:
            continue
        scans[rel] = sc
        tr.warnings.extend(sc.warnings)
        is_test = rel.split("/", 1)[0] in TEST_ROOTS
        for line, text in sc.malformed:
            tr.malformed.append((rel, line, text))
        for c in sc.citations:
            rid = c["id"]
            if rid not in known:
                tr.unknown.setdefault(rid, set()).add((rel, c["line"]))
                continue
            if is_test:
                key = (rel, c["function"] or "", test_kind(rel))
                tr.tests[rid].setdefault(key, set()).add(c["line"])
            else:
                key = (rel, c["function"] or "", c["scope"])
                tr.code[rid].setdefault(key, set()).add(c["line"])

    # Proofs.
    proved_rel, proved_abs = inputs["proved-list"]
    results = {}
    if proved_abs:
        tr.proven_files = load_proved_list(proved_abs, proved_rel)
        for f, _ in tr.proven_files:
            if f not in scans:
                raise bundle.InputError("%s: %s is not a C file of the tree" % (proved_rel, f))
    res_rel, res_abs = inputs["proof-results"]
    if res_abs:
        results, tr.results_label = load_results(res_abs, res_rel)
        tr.proof_results = res_rel
        if tr.results_label not in (None, ctx.config):
            tr.warnings.append("%s: results of configuration %s, not %s"
                               % (res_rel, tr.results_label, ctx.config))
    proven = [f for f, _ in tr.proven_files]
    defined_in = {}
    for f in proven:
        for name in scans[f].defined():
            defined_in.setdefault(name, []).append(f)

    def status_of(fn, pfile):
        if not res_abs:
            return "not-run"
        if fn:
            return results.get(fn, "not-run")
        return _proof_status([results[n] for n in scans[pfile].defined() if n in results])

    def add_proof(rid, pfile, fn, via, where):
        if rid in known:
            entry = tr.proofs[rid].setdefault((pfile, fn), [status_of(fn, pfile), set()])
            entry[1].add(via if where == pfile else "%s in %s" % (via, where))

    def contract_citations(sc, pfiles_of):
        """Proof entries of one scanned C file (pfiles_of: function -> proven files)."""
        with_contract = {name for name, cs in sc.contracts.items() if cs}
        for c in sc.citations:
            fn = c["function"]
            if c["acsl"]:
                if fn:
                    for pf in pfiles_of(fn):
                        add_proof(c["id"], pf, fn, "contract", sc.path)
                elif sc.path in proven:
                    add_proof(c["id"], sc.path, "", "annotation", sc.path)
            elif fn and fn in with_contract and c["scope"] == "function" \
                    and _in_lead(sc, fn, c["line"]):
                for pf in pfiles_of(fn):
                    add_proof(c["id"], pf, fn, "contract comment", sc.path)

    for f in proven:
        contract_citations(scans[f], lambda fn, f=f: [f])
    for rel, sc in scans.items():
        if rel.startswith(HEADER_DIR + "/") and sc.lang == "c":
            contract_citations(sc, lambda fn: defined_in.get(fn, []))

    # Untraced core functions.
    header_cited = set()
    for rel, sc in scans.items():
        if rel.startswith(HEADER_DIR + "/"):
            header_cited.update(c["function"] for c in sc.citations if c["function"])
    for rel, sc in sorted(scans.items()):
        if not (rel.startswith(CORE_DIR + "/") and rel.endswith(".c")
                and "/" not in rel[len(CORE_DIR) + 1:]):
            continue
        own = {c["function"] for c in sc.citations
               if c["function"] and c["id"] in known}
        file_cited = any(i in known for i in sc.header_ids)
        for name in sc.defined():
            tr.core_functions += 1
            if not file_cited and name not in own and name not in header_cited:
                tr.untraced.append(rel + ":" + name)
    return tr


def _in_lead(sc, fn, line):
    for f in sc.functions:
        if f.name == fn and f.lead and f.lead[0].start_line <= line <= f.lead[-1].end_line:
            return True
    return False


def build_summary(tr, inputs):
    reqs = {}
    for r in tr.reqs:
        statuses = [st for st, _ in tr.proofs[r.id].values()]
        reqs[r.id] = {
            "title": r.title,
            "code": len(tr.code[r.id]),
            "tests": len(tr.tests[r.id]),
            "proofs": len(tr.proofs[r.id]),
            "proof_status": _proof_status(statuses) if statuses else None,
        }
        if r.withdrawn:
            reqs[r.id]["withdrawn"] = True
    flagged = [r for r in tr.reqs if not r.withdrawn]
    untested = sorted(r.id for r in flagged if not tr.tests[r.id])
    no_code = sorted(r.id for r in flagged if not tr.code[r.id])
    unknown = {i: sorted({f for f, _ in locs}) for i, locs in tr.unknown.items()}
    malformed = sorted({"%s: %s" % (f, t) for f, _, t in tr.malformed})
    return {
        "counts": {
            "requirements": len(tr.reqs),
            "traced_code": sum(1 for r in tr.reqs if tr.code[r.id]),
            "traced_tests": sum(1 for r in tr.reqs if tr.tests[r.id]),
            "traced_proofs": sum(1 for r in tr.reqs if tr.proofs[r.id]),
            "untested": len(untested),
            "without_code": len(no_code),
            "core_functions": tr.core_functions,
            "untraced_functions": len(tr.untraced),
            "unknown_ids": len(unknown),
            "malformed": len(malformed),
        },
        "requirements": reqs,
        "untested": untested,
        "without_code": no_code,
        "untraced_functions": sorted(tr.untraced),
        "unknown_ids": unknown,
        "malformed": malformed,
        "inputs": {k: v[0] if v[1] else None for k, v in sorted(inputs.items())},
    }


def errors_of(tr):
    out = []
    for i in sorted(tr.unknown):
        for f, line in sorted(tr.unknown[i]):
            out.append("%s:%d: unknown requirement ID %s (not in spec/requirements.md)"
                       % (f, line, i))
    for f, line, t in sorted(tr.malformed):
        out.append("%s:%d: malformed citation `%s`" % (f, line, t))
    return out


def _entries(d, namef):
    """Sorted [(display name, file, lines)] of a requirement's code or tests."""
    out = {}
    for key, lines in d.items():
        out.setdefault((namef(key), key[0]), set()).update(lines)
    return sorted((n, f, ls) for (n, f), ls in out.items())


def _code_entries(tr, rid):
    return _entries(tr.code[rid], lambda k: code_name(k[0], k[2], k[1]))


def _test_entries(tr, rid):
    return _entries(tr.tests[rid], lambda k: test_name(k[0], k[1]))


def _proof_entries(tr, rid):
    out = []
    for (pf, fn), (status, how) in sorted(tr.proofs[rid].items()):
        out.append((pf + (":" + fn if fn else ""), "; ".join(sorted(how)), status, pf))
    return out


def render_text(tr, s, config):
    c = s["counts"]
    out = ["Traceability, configuration %s" % config,
           "requirements %d: traced to code %d, to tests %d, to proofs %d"
           % (c["requirements"], c["traced_code"], c["traced_tests"], c["traced_proofs"]),
           "untested %d, without code %d, untraced core functions %d of %d, "
           "unknown IDs %d, malformed citations %d"
           % (c["untested"], c["without_code"], c["untraced_functions"], c["core_functions"],
              c["unknown_ids"], c["malformed"]),
           ""]
    for r in tr.reqs:
        flags = []
        if not r.withdrawn:
            if not tr.tests[r.id]:
                flags.append("UNTESTED")
            if not tr.code[r.id]:
                flags.append("NO CODE")
        else:
            flags.append("withdrawn")
        out.append("%s %s%s" % (r.id, r.title, ("  [" + ", ".join(flags) + "]") if flags else ""))
        for label, entries in (("code", [e[0] for e in _code_entries(tr, r.id)]),
                               ("tests", [e[0] for e in _test_entries(tr, r.id)]),
                               ("proofs", ["%s (%s, %s)" % e[:3] for e in _proof_entries(tr, r.id)])):
            if not entries:
                out.append("  %-6s -" % label)
            for k, e in enumerate(entries):
                out.append("  %-6s %s" % (label if k == 0 else "", e))
    out.append("")
    out.append("untraced core functions (%d):" % len(s["untraced_functions"]))
    out.extend("  " + f for f in s["untraced_functions"]) if s["untraced_functions"] \
        else out.append("  none")
    out.append("unknown IDs (%d):" % len(s["unknown_ids"]))
    for i, files in sorted(s["unknown_ids"].items()):
        out.append("  %s cited in %s" % (i, ", ".join(files)))
    if not s["unknown_ids"]:
        out.append("  none")
    out.append("malformed citations (%d):" % len(s["malformed"]))
    out.extend("  " + m for m in s["malformed"]) if s["malformed"] else out.append("  none")
    return "\n".join(out) + "\n"


def _named_link(ctx, name, path):
    """A link to path showing name (the path part of name is the link)."""
    if name.startswith(path):
        return ctx.link(path) + bundle.esc(name[len(path):])
    return ctx.link(path, name)


def _cell(ctx, entries):
    """HTML list of (name, file, lines) entries, folded when long."""
    if not entries:
        return '<span class="none">none</span>'
    items = []
    for name, path, lines in entries:
        ln = (' <span class="ln">line %s</span>' % ", ".join(str(x) for x in sorted(lines))) \
            if lines else ""
        items.append("<li>%s%s</li>" % (_named_link(ctx, name, path), ln))
    body = "<ul>%s</ul>" % "".join(items)
    if len(items) > 4:
        return "<details><summary>%d entries</summary>%s</details>" % (len(items), body)
    return body


def render_html(ctx, tr, s):
    c = s["counts"]
    esc = bundle.esc
    h = []
    h.append('<p>%d requirements (%s): traced to code %d, to tests %d, to proofs %d. '
             'Untested: %d. Without code: %d. Untraced core functions: %d of %d. '
             'Unknown IDs: %d. Malformed citations: %d.</p>'
             % (c["requirements"], ctx.link(s["inputs"]["requirements"]), c["traced_code"],
                c["traced_tests"], c["traced_proofs"], c["untested"], c["without_code"],
                c["untraced_functions"], c["core_functions"], c["unknown_ids"], c["malformed"]))
    if tr.proof_results:
        h.append("<p>Proof status from %s.</p>" % ctx.link(tr.proof_results))
    else:
        h.append("<p>Proof status: not generated (no %s; <code>make proofs CONFIG=%s</code> "
                 "writes it), contracts listed without status.</p>"
                 % (esc(ctx.default_input("traceability", "proof-results")), esc(ctx.config)))
    problems = []
    if s["unknown_ids"]:
        items = "".join("<li><b>%s</b>: %s</li>" % (
            esc(i), ", ".join("%s line %d" % (ctx.link(f), ln) for f, ln in sorted(tr.unknown[i])))
            for i in sorted(tr.unknown))
        problems.append("<h3>Unknown IDs (errors)</h3><ul>%s</ul>" % items)
    if tr.malformed:
        problems.append("<h3>Malformed citations (errors)</h3><ul>%s</ul>" % "".join(
            "<li>%s line %d: <code>%s</code></li>" % (ctx.link(f), ln, esc(t))
            for f, ln, t in sorted(tr.malformed)))
    for title, ids in (("Requirements without a test", s["untested"]),
                       ("Requirements without code", s["without_code"])):
        if ids:
            problems.append("<h3>%s (%d)</h3><p>%s</p>" % (
                title, len(ids), ", ".join('<a href="#%s">%s</a>' % (esc(i), esc(i)) for i in ids)))
    problems.append("<h3>Untraced core functions (%d)</h3>" % len(s["untraced_functions"]))
    if s["untraced_functions"]:
        problems.append("<ul>%s</ul>" % "".join(
            "<li>%s</li>" % _named_link(ctx, f, f.split(":")[0]) for f in s["untraced_functions"]))
    else:
        problems.append('<p class="none">none</p>')
    h.extend(problems)
    h.append("<h3>Matrix</h3>")
    h.append('<table class="matrix"><thead><tr><th>requirement</th><th>code</th>'
             '<th>tests</th><th>proofs</th></tr></thead><tbody>')
    group = None
    for r in tr.reqs:
        if r.group != group:
            group = r.group
            h.append('<tr class="group"><th colspan="4">%s</th></tr>' % esc(group))
        flags = []
        if not r.withdrawn:
            if not tr.tests[r.id]:
                flags.append("untested")
            if not tr.code[r.id]:
                flags.append("no code")
        else:
            flags.append("withdrawn")
        cls = ' class="flag"' if flags and not r.withdrawn else ""
        proofs = _proof_entries(tr, r.id)
        if proofs:
            pcell = "<ul>%s</ul>" % "".join(
                '<li>%s <span class="ln">(%s)</span> <span class="st-%s">%s</span></li>'
                % (_named_link(ctx, n, pf), esc(d), esc(st), esc(st))
                for n, d, st, pf in proofs)
            if len(proofs) > 4:
                pcell = "<details><summary>%d entries</summary>%s</details>" % (len(proofs), pcell)
        else:
            pcell = '<span class="none">none</span>'
        h.append('<tr id="%s"%s><td><b>%s</b> %s%s</td><td>%s</td><td>%s</td><td>%s</td></tr>'
                 % (esc(r.id), cls, esc(r.id), esc(r.title),
                    ('<br><span class="flagtext">%s</span>' % esc(", ".join(flags))) if flags else "",
                    _cell(ctx, _code_entries(tr, r.id)), _cell(ctx, _test_entries(tr, r.id)), pcell))
    h.append("</tbody></table>")
    if tr.warnings:
        h.append("<h3>Warnings</h3><ul>%s</ul>" % "".join(
            "<li>%s</li>" % esc(w) for w in sorted(tr.warnings)))
    return "\n".join(h)


class Traceability(bundle.Section):
    key = "traceability"
    title = "Traceability"
    inputs = {
        "requirements": ("spec/requirements.md", True),
        "proved-list": ("proofs/proved.list", False),
        "proof-results": ("build/{config}/proofs/results.json", False),
    }
    reports = ("traceability.txt",)

    def collect(self, ctx):
        inputs = ctx.resolve_inputs(self)
        tr = analyse(ctx, inputs)
        s = build_summary(tr, inputs)
        c = s["counts"]
        errors = errors_of(tr)
        headline = ("%d requirements: code %d, tests %d, proofs %d; untested %d; "
                    "untraced core functions %d; unknown IDs %d"
                    % (c["requirements"], c["traced_code"], c["traced_tests"],
                       c["traced_proofs"], c["untested"], c["untraced_functions"],
                       c["unknown_ids"]))
        attention = bool(errors or s["untested"] or s["without_code"] or s["untraced_functions"])
        return bundle.SectionResult(
            summary=s, html=render_html(ctx, tr, s),
            reports={"traceability.txt": render_text(tr, s, ctx.config)},
            errors=errors, warnings=sorted(tr.warnings), headline=headline,
            status="error" if errors else ("attention" if attention else "ok"))

    def compare(self, base, cur):
        regs, imps, notes = [], [], []
        breqs, creqs = base.get("requirements", {}), cur.get("requirements", {})
        for rid in sorted(breqs):
            b = breqs[rid]
            c = creqs.get(rid)
            if c is None:
                regs.append("%s is no longer in the spec (baseline: code %s, tests %s, proofs %s)"
                            % (rid, b.get("code"), b.get("tests"), b.get("proofs")))
                continue
            for dim in DIMS:
                if b.get(dim, 0) > 0 and c.get(dim, 0) == 0:
                    regs.append("%s is no longer traced to %s (baseline: %d)" % (rid, dim, b[dim]))
                elif b.get(dim, 0) == 0 and c.get(dim, 0) > 0:
                    imps.append("%s is now traced to %s (%d)" % (rid, dim, c[dim]))
            bs, cs = b.get("proof_status"), c.get("proof_status")
            if bs == "proven" and cs == "unproven":
                regs.append("%s: a proof citing it is no longer complete (proven -> unproven)" % rid)
            elif bs == "proven" and cs == "not-run":
                notes.append("%s: proof status not available in this run" % rid)
            elif bs in ("unproven", "not-run") and cs == "proven":
                imps.append("%s: proofs citing it now complete" % rid)
        for rid in sorted(set(creqs) - set(breqs)):
            notes.append("%s is new in the spec" % rid)
        for key, bad, good in (("untested", "has no test", "now has a test"),
                               ("untraced_functions", "is untraced core code",
                                "is no longer untraced core code")):
            bset, cset = set(base.get(key, [])), set(cur.get(key, []))
            for x in sorted(cset - bset):
                regs.append("%s %s (not in the baseline)" % (x, bad))
            for x in sorted(bset - cset):
                imps.append("%s %s" % (x, good))
        # A requirement that loses its code is reported above; one that is
        # new in the spec without code yet is a note only.
        for x in sorted(set(cur.get("without_code", [])) - set(base.get("without_code", []))):
            if x not in breqs:
                notes.append("%s (new) has no code yet" % x)
        for key, what in (("unknown_ids", "unknown requirement ID"),
                          ("malformed", "malformed citation")):
            b, c = base.get(key) or {}, cur.get(key) or {}
            for x in sorted(set(c) - set(b)):
                regs.append("%s %s" % (what, x))
            for x in sorted(set(b) - set(c)):
                imps.append("%s %s fixed" % (what, x))
        return regs, imps, notes

"""The coverage section: host line/branch coverage of the core C from the
unit tests, and object-code coverage of the configuration's core on target.
@req EVID-002

Inputs (paths relative to the tree's root):
  host-coverage        build/unit/coverage.json: gcovr --json-summary of the
                       unit tests (tests/check.mk, check-unit), per file of
                       kernel/core/ its lines, branches and functions.
  host-lines           build/unit/coverage.txt: gcovr's text report, whose
                       Missing column names the lines never executed (shown
                       in the page only: no line numbers in summary.json).
  host-branches        build/unit/coverage-branch.txt: the same for branches.
  target-coverage      build/<config>/coverage-target.json, written by
                       coverage_target.py from a QEMU per-instruction trace
                       of the configuration's image (make evidence-coverage).
  justifications       evidence/coverage-justifications.txt: the reviewed
                       reasons why uncovered instructions are not reached.
  image                build/<config>/proteus.elf: when present, the target
                       coverage must have been recorded from this very file
                       (its SHA-256), else it is stale (an error).
Every input is optional; the section is not generated when neither
coverage input exists, and a half the baseline has that this run lacks is a
regression.

Justification file: `#` comment lines, blank lines; an entry is a line
starting in column 1, continued by indented lines:
  SELECTOR [CONFIG, ...]: REASON
  SELECTOR = NAME            every instruction of function NAME
           | NAME+OFF        the instruction at byte offset OFF (0x.. or decimal)
           | NAME+LO..HI     the instructions from offset LO to HI, both included
           | NAME+R,R,...    several of those (R = OFF or LO..HI)
           | NAME "TEXT" ... those of NAME each of whose source lines (DWARF
                             line table) contains one of the TEXTs
           | NAME+LO..HI "TEXT"  both conditions
The optional [list] limits the entry to those configurations (each must
exist in config/).  An entry justifies the uncovered instructions it
selects (an instruction selected by two entries counts for the first).  An
entry that applies to this configuration but selects no uncovered
instruction is stale: its function is absent (when the entry names this
configuration), it selects nothing, or every instruction it selects is
covered now.  An entry without a list whose function is not in this
binary (a capability switched off) does not apply.
"""
import hashlib
import json
import os
import re

from . import bundle

HOST_DIMS = (("lines", "line"), ("branches", "branch"), ("functions", "function"))

NUM = r"(?:0[xX][0-9a-fA-F]+|\d+)"
RANGE = r"%s(?:\.\.%s)?" % (NUM, NUM)
ENTRY_RE = re.compile(
    r"^(?P<name>[A-Za-z_.$][\w.$]*)"
    r"(?:\+(?P<ranges>%s(?:,%s)*))?" % (RANGE, RANGE) +
    r"(?P<texts>(?:\s+\"[^\"]+\")*)"
    r"(?:\s+\[(?P<configs>[^\]]*)\])?"
    r"\s*:\s*(?P<reason>.*)$")
TEXT_RE = re.compile(r"\"([^\"]+)\"")
CONFIG_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MISSING_RE = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)%\s*(.*)$")


def pct(covered, total):
    return round(100.0 * covered / total, 2) if total else 100.0


def _fig(covered, total):
    return {"covered": covered, "total": total, "percent": pct(covered, total)}


def _show(f):
    return "%d/%d (%.1f%%)" % (f["covered"], f["total"], f["percent"])


def _load_json(path, rel, what):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise bundle.InputError("%s: not %s (%s)" % (rel, what, e))
    if not isinstance(data, dict):
        raise bundle.InputError("%s: not %s (not an object)" % (rel, what))
    return data


# ---- host ------------------------------------------------------------------
def load_host(path, rel):
    """The host part of the summary from gcovr's --json-summary."""
    data = _load_json(path, rel, "a gcovr --json-summary file")
    files = data.get("files")
    if not isinstance(files, list):
        raise bundle.InputError("%s: no \"files\" list (is it gcovr --json-summary output?)" % rel)
    out_files = {}
    totals = {k: [0, 0] for k, _ in HOST_DIMS}
    for f in files:
        try:
            name = f["filename"].replace(os.sep, "/")
            entry = {}
            for key, g in HOST_DIMS:
                c, t = int(f[g + "_covered"]), int(f[g + "_total"])
                entry[key] = _fig(c, t)
                totals[key][0] += c
                totals[key][1] += t
        except (KeyError, TypeError, ValueError, AttributeError):
            raise bundle.InputError("%s: a file entry lacks filename or the line, branch and "
                                    "function counts" % rel)
        out_files[name] = entry
    out = {"files": out_files}
    for key, _g in HOST_DIMS:
        out[key] = _fig(*totals[key])
    return out


def load_missing(path):
    """{file: Missing column} of a gcovr text report (best effort)."""
    out = {}
    if not path:
        return out
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = MISSING_RE.match(line.rstrip("\n"))
                if m and m.group(1) != "TOTAL" and m.group(5).strip():
                    out[m.group(1)] = m.group(5).strip()
    except OSError:
        pass
    return out


# ---- justifications -------------------------------------------------------
class Entry:
    def __init__(self, line, name, ranges, texts, configs, reason):
        self.line = line
        self.name = name
        self.ranges = ranges       # [] or [(lo, hi)], offsets both included
        self.texts = texts         # [] or the source texts (see the module text)
        self.configs = configs     # None: every configuration
        self.reason = reason
        self.status = None         # "applies", "stale", "not-applicable"
        self.why = ""
        self.count = 0             # uncovered instructions justified by it

    @property
    def selector(self):
        s = self.name
        if self.ranges:
            s += "+" + ",".join("0x%x" % lo + ("..0x%x" % hi if hi != lo else "")
                                for lo, hi in self.ranges)
        for t in self.texts:
            s += ' "%s"' % t
        if self.configs is not None:
            s += " [%s]" % ", ".join(self.configs)
        return s


def _num(s):
    return int(s, 16) if s.lower().startswith("0x") else int(s)


def parse_justifications(path, rel, known_configs):
    """([Entry], [error])."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise bundle.InputError("%s: cannot read (%s)" % (rel, e.strerror))
    except UnicodeDecodeError:
        raise bundle.InputError("%s: not UTF-8 text" % rel)
    entries, errors, seen = [], [], {}
    cur = None
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            cur = None if not line.strip() else cur
            continue
        if line[0] in " \t":
            if cur is None:
                errors.append("%s:%d: continuation line without an entry" % (rel, n))
            else:
                cur.reason = (cur.reason + " " + line.strip()).strip()
            continue
        m = ENTRY_RE.match(line)
        if not m:
            errors.append("%s:%d: not `SELECTOR [CONFIGS]: REASON` (spec/evidence.md): %s"
                          % (rel, n, line))
            cur = None
            continue
        ranges = []
        for r in (m.group("ranges") or "").split(",") if m.group("ranges") else []:
            lo, _, hi = r.partition("..")
            ranges.append((_num(lo), _num(hi) if hi else _num(lo)))
        if any(hi < lo or lo % 4 or hi % 4 for lo, hi in ranges):
            errors.append("%s:%d: offsets must be multiples of 4, LO <= HI: %s" % (rel, n, line))
            cur = None
            continue
        configs = None
        if m.group("configs") is not None:
            configs = sorted({c for c in re.split(r"[\s,]+", m.group("configs")) if c})
            bad = [c for c in configs if not CONFIG_NAME_RE.match(c)
                   or (known_configs is not None and c not in known_configs)]
            if not configs or bad:
                errors.append("%s:%d: unknown configuration%s %s" % (
                    rel, n, "s" if len(bad) > 1 else "", ", ".join(bad) or "(empty list)"))
                cur = None
                continue
        cur = Entry(n, m.group("name"), ranges, TEXT_RE.findall(m.group("texts")), configs,
                    m.group("reason").strip())
        if cur.selector in seen:
            errors.append("%s:%d: %s already justified at line %d" % (rel, n, cur.selector,
                                                                    seen[cur.selector]))
        seen[cur.selector] = n
        entries.append(cur)
    for e in entries:
        if not e.reason:
            errors.append("%s:%d: %s: no reason given" % (rel, e.line, e.selector))
    return entries, errors


class Sources:
    """Source lines of the tree, read on demand."""

    def __init__(self, root):
        self.root = root
        self.files = {}

    def line(self, loc):
        path, _, n = loc.rpartition(":")
        if path not in self.files:
            try:
                with open(os.path.join(self.root, path), encoding="utf-8",
                          errors="replace") as f:
                    self.files[path] = f.read().split("\n")
            except OSError:
                self.files[path] = None
        text = self.files[path]
        try:
            k = int(n)
        except ValueError:
            return None
        if text is None or not 1 <= k <= len(text):
            return None
        return text[k - 1]


# ---- target ----------------------------------------------------------------
class Target:
    """The target data, its justification and its summary."""

    def __init__(self, data, rel):
        try:
            self.trace = data["trace"]
            self.elf = data.get("elf")
            self.elf_sha256 = data.get("elf_sha256")
            self.funcs = []
            for f in data["functions"]:
                insns = [(int(i["offset"]), str(i["text"]), bool(i["executed"]),
                          [str(s) for s in i.get("source", [])]) for i in f["instructions"]]
                brs = [(int(b["offset"]), bool(b["taken"]), bool(b["not_taken"]))
                       for b in f["branches"]]
                self.funcs.append((str(f["name"]), int(f["address"], 16), insns, brs))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise bundle.InputError("%s: not a coverage_target.py result (format %s)"
                                    % (rel, data.get("format")))
        if data.get("format") != 1:
            raise bundle.InputError("%s: format %s, expected 1" % (rel, data.get("format")))
        self.justified = {}     # (name, offset) -> Entry

    def justify(self, entries, config, sources):
        by_name = {f[0]: f for f in self.funcs}
        for e in entries:
            if e.configs is not None and config not in e.configs:
                e.status, e.why = "not-applicable", "other configurations"
                continue
            f = by_name.get(e.name)
            if f is None:
                if e.configs is None:
                    e.status, e.why = "not-applicable", "no function %s in this binary" % e.name
                else:
                    e.status, e.why = "stale", "no function %s in this binary" % e.name
                continue
            selected = []
            for off, _text, executed, src in f[2]:
                if e.ranges and not any(lo <= off <= hi for lo, hi in e.ranges):
                    continue
                if e.texts and not (src and all(
                        any(t in (sources.line(s) or "") for t in e.texts) for s in src)):
                    continue
                selected.append((off, executed))
            uncovered = [off for off, ex in selected if not ex]
            for off in uncovered:
                if (e.name, off) not in self.justified:
                    self.justified[(e.name, off)] = e
                    e.count += 1
            if uncovered:
                e.status = "applies"
            elif not selected:
                e.status, e.why = "stale", "selects no instruction of %s" % e.name
            else:
                e.status, e.why = "stale", "every instruction it selects is covered"

    def summary(self, entries):
        funcs = {}
        ti = tb = ci = cb = 0
        unjust = []
        nj = 0
        for name, _addr, insns, brs in self.funcs:
            c = sum(1 for i in insns if i[2])
            d = sum(int(t) + int(nt) for _o, t, nt in brs)
            j = sum(1 for i in insns if not i[2] and (name, i[0]) in self.justified)
            u = [i[0] for i in insns if not i[2] and (name, i[0]) not in self.justified]
            funcs[name] = {"instructions": [c, len(insns)], "branch_directions": [d, 2 * len(brs)],
                           "justified": j, "unjustified": len(u)}
            unjust.extend("%s+0x%x" % (name, o) for o in u)
            ti += len(insns)
            ci += c
            tb += 2 * len(brs)
            cb += d
            nj += j
        t = self.trace
        trace = {k: t[k] for k in ("budget", "core_instructions", "end", "lines", "untraced")
                 if k in t}
        stale = [e.selector for e in entries if e.status == "stale"]
        return {
            "trace": trace,
            "instructions": _fig(ci, ti),
            "branch_directions": _fig(cb, tb),
            "uncovered": {"justified": nj, "unjustified": len(unjust)},
            "unjustified": unjust,
            "functions": funcs,
            "justifications": {
                "applies": sum(1 for e in entries if e.status == "applies"),
                "not_applicable": sum(1 for e in entries if e.status == "not-applicable"),
                "stale": stale,
            },
        }

    def runs(self):
        """[(name, addr, [(offset, text, source)], entry or None)]: maximal runs
        of consecutive uncovered instructions with the same justification."""
        out = []
        for name, addr, insns, _brs in self.funcs:
            cur = None
            for off, text, executed, src in insns:
                if executed:
                    cur = None
                    continue
                e = self.justified.get((name, off))
                if cur is not None and cur[3] is e and cur[2][-1][0] + 4 == off:
                    cur[2].append((off, text, src))
                else:
                    cur = (name, addr, [(off, text, src)], e)
                    out.append(cur)
        return out

    def partial_branches(self):
        """[(name, addr, offset, text, taken, not_taken)] of the conditional
        branches with a direction never seen."""
        out = []
        for name, addr, insns, brs in self.funcs:
            texts = {i[0]: i[1] for i in insns}
            for off, t, nt in brs:
                if not (t and nt):
                    out.append((name, addr, off, texts.get(off, "?"), t, nt))
        return out


def _range(name, insns):
    lo, hi = insns[0][0], insns[-1][0]
    return "%s+0x%x" % (name, lo) + ("..0x%x" % hi if hi != lo else "")


# ---- rendering ---------------------------------------------------------------
def render_text(ctx, s, target):
    out = ["Coverage, configuration %s" % ctx.config]
    h = s["host"]
    out.append("")
    if h is None:
        out.append("host: not generated")
    else:
        out.append("host (unit tests, gcov): lines %s, branches %s, functions %s"
                   % (_show(h["lines"]), _show(h["branches"]), _show(h["functions"])))
        for name, f in sorted(h["files"].items()):
            out.append("  %-28s lines %-17s branches %-17s functions %s"
                       % (name, _show(f["lines"]), _show(f["branches"]), _show(f["functions"])))
    out.append("")
    t = s["target"]
    if t is None:
        out.append("target: not generated")
        return "\n".join(out) + "\n"
    tr = t["trace"]
    out.append("target (QEMU trace of the core: %s): instructions %s, branch directions %s"
               % (_trace_text(tr), _show(t["instructions"]), _show(t["branch_directions"])))
    out.append("uncovered instructions: %d justified, %d unjustified; justifications: %d apply, "
               "%d stale, %d do not apply here"
               % (t["uncovered"]["justified"], t["uncovered"]["unjustified"],
                  t["justifications"]["applies"], len(t["justifications"]["stale"]),
                  t["justifications"]["not_applicable"]))
    out.append("")
    out.append("%-28s %13s %13s %9s %11s" % ("function", "instructions", "branch dirs",
                                             "justified", "unjustified"))
    for name, _a, _i, _b in target.funcs:
        f = t["functions"][name]
        out.append("%-28s %13s %13s %9d %11d" % (
            name, "%d/%d" % tuple(f["instructions"]), "%d/%d" % tuple(f["branch_directions"]),
            f["justified"], f["unjustified"]))
    out.append("")
    out.append("uncovered instructions (function+offset, count, justification):")
    runs = target.runs()
    for name, _addr, insns, e in runs:
        out.append("  %-34s %4d  %s" % (_range(name, insns), len(insns),
                                        ("%s: %s" % (e.selector, e.reason)) if e else
                                        "UNJUSTIFIED"))
    if not runs:
        out.append("  none")
    out.append("stale justifications (%d):" % len(t["justifications"]["stale"]))
    out.extend("  " + x for x in t["justifications"]["stale"]) \
        if t["justifications"]["stale"] else out.append("  none")
    return "\n".join(out) + "\n"


def _trace_text(tr):
    end = {"budget": "stopped at its budget", "halt": "the machine halted",
           "exit": "QEMU exited", "file": "from a file"}.get(tr.get("end"), tr.get("end"))
    bits = []
    if "budget" in tr:
        bits.append("budget %d log lines" % tr["budget"])
    bits.append(end)
    bits.append("%d core instructions" % tr.get("core_instructions", 0))
    if tr.get("untraced"):
        bits.append("not traced: %s" % ", ".join(tr["untraced"]))
    return ", ".join(bits)


def _src_html(ctx, sources, src):
    if not src:
        return '<span class="none">-</span>'
    items = []
    for loc in src[:3]:
        path, _, n = loc.rpartition(":")
        text = sources.line(loc)
        items.append('%s <span class="ln">line %s</span>%s' % (
            ctx.link(path), bundle.esc(n),
            (" <code>%s</code>" % bundle.esc(text.strip()[:80])) if text and text.strip() else ""))
    return "<br>".join(items)


def render_html(ctx, s, inputs, target, entries, sources, missing):
    esc = bundle.esc
    h = []
    host = s["host"]
    h.append("<h3>Host: unit tests (gcov)</h3>")
    if host is None:
        h.append('<p class="notgen">Not generated: no %s (<code>make check-unit</code> '
                 'writes it).</p>' % esc(inputs["host-coverage"][0]))
    else:
        h.append("<p>Lines %s, branches %s, functions %s of the core C (%s), from %s.</p>"
                 % (_show(host["lines"]), _show(host["branches"]), _show(host["functions"]),
                    ctx.link("kernel/core"), ctx.link(inputs["host-coverage"][0])))
        h.append("<table><thead><tr><th>file</th><th>lines</th><th>branches</th>"
                 "<th>functions</th><th>lines never executed</th>"
                 "<th>lines with a branch never taken</th></tr></thead><tbody>")
        for name, f in sorted(host["files"].items()):
            h.append("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
                     % (ctx.link(name), _show(f["lines"]), _show(f["branches"]),
                        _show(f["functions"]),
                        esc(missing[0].get(name, "")) or '<span class="none">none</span>',
                        esc(missing[1].get(name, "")) or '<span class="none">none</span>'))
        h.append("</tbody></table>")
    h.append("<h3>Target: object code of the core in QEMU</h3>")
    t = s["target"]
    if t is None:
        h.append('<p class="notgen">Not generated: no %s (<code>make evidence-coverage '
                 'CONFIG=%s</code> writes it).</p>'
                 % (esc(inputs["target-coverage"][0]), esc(ctx.config)))
        return "\n".join(h)
    h.append("<p>%s traced by %s (%s). Instructions %s, conditional-branch directions %s. "
             "Uncovered instructions: %d justified, <b>%d unjustified</b>. Justifications "
             "(%s): %d apply, %d stale, %d do not apply to this configuration.</p>"
             % (esc(target.elf or "?"), ctx.link("tools/evidence/coverage_target.py"),
                esc(_trace_text(t["trace"])), _show(t["instructions"]),
                _show(t["branch_directions"]), t["uncovered"]["justified"],
                t["uncovered"]["unjustified"],
                ctx.link(inputs["justifications"][0]) if inputs["justifications"][1]
                else "no file " + esc(inputs["justifications"][0]),
                t["justifications"]["applies"], len(t["justifications"]["stale"]),
                t["justifications"]["not_applicable"]))
    h.append("<table><thead><tr><th>function</th><th>address</th><th>instructions</th>"
             "<th>branch directions</th><th>uncovered: justified</th><th>unjustified</th>"
             "</tr></thead><tbody>")
    for name, addr, _i, _b in target.funcs:
        f = t["functions"][name]
        c, n = f["instructions"]
        cls = ' class="flag"' if f["unjustified"] else ""
        h.append('<tr%s><td><a href="#cov-%s">%s</a></td><td>0x%08x</td><td>%d/%d (%.1f%%)</td>'
                 '<td>%d/%d</td><td>%d</td><td>%d</td></tr>'
                 % (cls, esc(name), esc(name), addr, c, n, pct(c, n),
                    f["branch_directions"][0], f["branch_directions"][1], f["justified"],
                    f["unjustified"]))
    h.append("</tbody></table>")
    h.append("<h3>Uncovered instructions</h3>")
    runs = target.runs()
    if not runs:
        h.append('<p class="none">none</p>')
    else:
        h.append("<table><thead><tr><th>where</th><th>instructions</th><th>source</th>"
                 "<th>justification</th></tr></thead><tbody>")
        first = set()
        for name, addr, insns, e in runs:
            anchor = ""
            if name not in first:
                first.add(name)
                anchor = ' id="cov-%s"' % esc(name)
            body = "<br>".join("0x%08x <code>%s</code>" % (addr + o, esc(tx))
                               for o, tx, _s in insns)
            if len(insns) > 6:
                body = "<details><summary>%d instructions</summary>%s</details>" % (
                    len(insns), body)
            srcs = []
            for _o, _t, src in insns:
                for loc in src:
                    if loc not in srcs:
                        srcs.append(loc)
            just = ("%s: %s <span class=\"ln\">(%s line %d)</span>"
                    % (esc(e.selector), esc(e.reason), esc(inputs["justifications"][0]), e.line)
                    if e else '<span class="error">unjustified</span>')
            h.append('<tr%s%s><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>'
                     % (anchor, "" if e else ' class="flag"', esc(_range(name, insns)), body,
                        _src_html(ctx, sources, srcs), just))
        h.append("</tbody></table>")
    part = target.partial_branches()
    h.append("<h3>Conditional branches with a direction never seen (%d)</h3>" % len(part))
    if part:
        h.append("<details><summary>%d branches</summary><table><thead><tr><th>where</th>"
                 "<th>instruction</th><th>taken</th><th>not taken</th></tr></thead><tbody>"
                 % len(part))
        for name, addr, off, text, tk, nt in part:
            h.append("<tr><td>%s+0x%x</td><td>0x%08x <code>%s</code></td><td>%s</td><td>%s</td>"
                     "</tr>" % (esc(name), off, addr + off, esc(text), "yes" if tk else "no",
                                "yes" if nt else "no"))
        h.append("</tbody></table></details>")
    stale = [e for e in entries if e.status == "stale"]
    h.append("<h3>Stale justifications (%d)</h3>" % len(stale))
    if stale:
        h.append("<ul>%s</ul>" % "".join(
            "<li>%s line %d: <code>%s</code>: %s</li>" % (
                ctx.link(inputs["justifications"][0]), e.line, esc(e.selector), esc(e.why))
            for e in stale))
    else:
        h.append('<p class="none">none</p>')
    return "\n".join(h)


# ---- the section ---------------------------------------------------------------
class Coverage(bundle.Section):
    key = "coverage"
    title = "Coverage"
    inputs = {
        "host-coverage": ("build/unit/coverage.json", False),
        "host-lines": ("build/unit/coverage.txt", False),
        "host-branches": ("build/unit/coverage-branch.txt", False),
        "target-coverage": ("build/{config}/coverage-target.json", False),
        "justifications": ("evidence/coverage-justifications.txt", False),
        "image": ("build/{config}/proteus.elf", False),
    }
    reports = ("coverage.txt",)

    def collect(self, ctx):
        inputs = ctx.resolve_inputs(self)
        self.shown = {k: v[0] for k, v in inputs.items()}   # for compare's messages
        host_in, target_in = inputs["host-coverage"], inputs["target-coverage"]
        if host_in[1] is None and target_in[1] is None:
            return bundle.NotGenerated("no %s (make check-unit) and no %s (make "
                                       "evidence-coverage CONFIG=%s)"
                                       % (host_in[0], target_in[0], ctx.config))
        host = load_host(host_in[1], host_in[0]) if host_in[1] else None
        missing = (load_missing(inputs["host-lines"][1]),
                   load_missing(inputs["host-branches"][1]))
        errors, warnings = [], []
        entries = []
        conf_dir = os.path.join(ctx.root, "config")
        known = {f[:-5] for f in os.listdir(conf_dir) if f.endswith(".conf")} \
            if os.path.isdir(conf_dir) else None
        if inputs["justifications"][1]:
            entries, errors = parse_justifications(inputs["justifications"][1],
                                                   inputs["justifications"][0], known)
        sources = Sources(ctx.root)
        target = None
        tsum = None
        if target_in[1]:
            target = Target(_load_json(target_in[1], target_in[0], "a coverage_target.py result"),
                            target_in[0])
            image = inputs["image"]
            if image[1]:
                with open(image[1], "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
                if digest != target.elf_sha256:
                    errors.append("%s: recorded from another build than %s: run `make "
                                  "evidence-coverage CONFIG=%s`" % (target_in[0], image[0],
                                                                   ctx.config))
            target.justify(entries, ctx.config, sources)
            tsum = target.summary(entries)
            for e in entries:
                if e.status == "stale":
                    warnings.append("%s:%d: stale coverage justification %s: %s"
                                    % (inputs["justifications"][0], e.line, e.selector, e.why))
        s = {"host": host, "target": tsum,
             "inputs": {k: v[0] if v[1] else None for k, v in sorted(inputs.items())}}
        bits = []
        if host:
            bits.append("host lines %s, branches %s" % (_show(host["lines"]),
                                                        _show(host["branches"])))
        else:
            bits.append("host not generated")
        if tsum:
            bits.append("target instructions %s, branch directions %s; unjustified %d"
                        % (_show(tsum["instructions"]), _show(tsum["branch_directions"]),
                           tsum["uncovered"]["unjustified"]))
        else:
            bits.append("target not generated")
        attention = (host is None or tsum is None or tsum["uncovered"]["unjustified"]
                     or tsum["justifications"]["stale"]
                     or host["lines"]["covered"] < host["lines"]["total"]
                     or host["branches"]["covered"] < host["branches"]["total"])
        return bundle.SectionResult(
            summary=s,
            html=render_html(ctx, s, inputs, target, entries, sources, missing),
            reports={"coverage.txt": render_text(ctx, s, target)},
            errors=errors, warnings=warnings, headline="; ".join(bits),
            status="error" if errors else ("attention" if attention else "ok"))

    def compare(self, base, cur):
        regs, imps, notes = [], [], []
        for half, label in (("host", "host coverage"), ("target", "target coverage")):
            b, c = base.get(half), cur.get(half)
            if b is not None and c is None:
                regs.append("%s not generated (no %s); the baseline has it"
                            % (label, getattr(self, "shown", {}).get(
                                "host-coverage" if half == "host" else "target-coverage",
                                "input")))
            elif b is None and c is not None:
                imps.append("%s generated now" % label)
        bh, ch = base.get("host"), cur.get("host")
        if bh and ch:
            for key, _g in HOST_DIMS:
                _cmp_fig(regs, imps, "host %s" % key, bh.get(key), ch.get(key))
            bf, cf = bh.get("files", {}), ch.get("files", {})
            for name in sorted(bf):
                if name not in cf:
                    notes.append("host: %s no longer measured" % name)
                    continue
                for key, _g in HOST_DIMS:
                    _cmp_fig(regs, imps, "host %s %s" % (name, key), bf[name].get(key),
                             cf[name].get(key))
            for name in sorted(set(cf) - set(bf)):
                notes.append("host: %s new, lines %s" % (name, _show(cf[name]["lines"])))
        bt, ct = base.get("target"), cur.get("target")
        if bt and ct:
            self._compare_target(bt, ct, regs, imps, notes)
        return regs, imps, notes

    @staticmethod
    def _compare_target(bt, ct, regs, imps, notes):
        if bt.get("trace", {}).get("budget") != ct.get("trace", {}).get("budget"):
            notes.append("target: trace budget %s, baseline %s"
                         % (ct.get("trace", {}).get("budget"), bt.get("trace", {}).get("budget")))
        for key, label in (("instructions", "instructions"),
                           ("branch_directions", "branch directions")):
            b, c = bt.get(key), ct.get(key)
            if b and c:
                if c["covered"] < b["covered"]:
                    regs.append("target: covered %s fell from %d to %d"
                                % (label, b["covered"], c["covered"]))
                elif c["covered"] > b["covered"]:
                    imps.append("target: covered %s rose from %d to %d"
                                % (label, b["covered"], c["covered"]))
        bf, cf = bt.get("functions", {}), ct.get("functions", {})
        bun = set(bt.get("unjustified", []))
        for name in sorted(cf):
            c = cf[name]
            b = bf.get(name)
            if b is None:
                if c["unjustified"]:
                    regs.append("target: %s (new) has %d unjustified uncovered instruction(s)"
                                % (name, c["unjustified"]))
                else:
                    notes.append("target: %s new, instructions %d/%d"
                                 % (name, c["instructions"][0], c["instructions"][1]))
                continue
            for key, label in (("instructions", "instructions"),
                               ("branch_directions", "branch directions")):
                if c[key][0] < b[key][0]:
                    regs.append("target: %s: covered %s fell from %d/%d to %d/%d"
                                % (name, label, b[key][0], b[key][1], c[key][0], c[key][1]))
                elif c[key][0] > b[key][0]:
                    imps.append("target: %s: covered %s rose from %d/%d to %d/%d"
                                % (name, label, b[key][0], b[key][1], c[key][0], c[key][1]))
            if c["unjustified"] > b["unjustified"]:
                new = [x for x in ct.get("unjustified", [])
                       if x.startswith(name + "+") and x not in bun]
                regs.append("target: %s: %d unjustified uncovered instruction(s), baseline %d%s"
                            % (name, c["unjustified"], b["unjustified"],
                               (" (new: %s)" % ", ".join(new[:8]) + (" ..." if len(new) > 8
                                                                      else "")) if new else ""))
            elif c["unjustified"] < b["unjustified"]:
                imps.append("target: %s: unjustified uncovered instructions %d -> %d"
                            % (name, b["unjustified"], c["unjustified"]))
        for name in sorted(set(bf) - set(cf)):
            notes.append("target: %s no longer in the binary" % name)
        bs = set(bt.get("justifications", {}).get("stale", []))
        for x in sorted(set(ct.get("justifications", {}).get("stale", [])) - bs):
            notes.append("target: justification %s is stale" % x)


def _cmp_fig(regs, imps, label, b, c):
    if not b or not c:
        return
    if c["covered"] < b["covered"] or c["percent"] < b["percent"]:
        regs.append("%s fell: %s, baseline %s" % (label, _show(c), _show(b)))
    elif c["covered"] > b["covered"] or c["percent"] > b["percent"]:
        imps.append("%s rose: %s, baseline %s" % (label, _show(c), _show(b)))

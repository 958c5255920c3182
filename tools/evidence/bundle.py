"""The evidence bundle: sections, summary.json, index.html, baseline.

A section (a subclass of Section, listed in registry.py) has
  key       its key in summary.json and its id in index.html;
  title     its heading;
  inputs    {name: (default path relative to the root, required)}, the path
            may contain {config}; a path ending with "/" names a directory;
            `--input name=PATH` overrides it (sections that read the same
            file give it the same name, so one option overrides it for all);
  reports   the names of the small textual reports it writes (committed
            with the baseline);
  collect(ctx)          -> SectionResult, or NotGenerated(reason) when an
                           input it needs is absent;
  compare(base, cur)    -> (regressions, improvements, notes), lists of
                           one-line strings, given the section's summary
                           values of the baseline and of this run (never
                           None: the bundle handles absent sections).
"""
import html
import json
import os
import shutil
import urllib.parse

FORMAT = 1
SUMMARY = "summary.json"
INDEX = "index.html"


class InputError(Exception):
    """A bad or unreadable input: the run stops with this message."""


class SectionResult:
    def __init__(self, summary, html, reports=None, errors=None, warnings=None,
                 headline="", status="ok"):
        self.summary = summary      # JSON-able, deterministic
        self.html = html            # fragment, inside the section's <section>
        self.reports = reports or {}
        self.errors = errors or []  # a non-empty list fails the run
        self.warnings = warnings or []
        self.headline = headline
        self.status = status        # "ok", "attention" or "error"


class NotGenerated:
    def __init__(self, reason):
        self.reason = reason


class Section:
    key = ""
    title = ""
    inputs = {}
    reports = ()

    def collect(self, ctx):
        raise NotImplementedError

    def compare(self, base, cur):
        return [], [], []


def esc(text):
    return html.escape(str(text), quote=True)


def load_json(path, rel, what):
    """The parsed JSON of an input; InputError naming it and what it should be."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise InputError("%s: cannot read (%s)" % (rel, e.strerror))
    except ValueError as e:
        raise InputError("%s: not %s (%s)" % (rel, what, e))


def dump_json(data):
    """Deterministic JSON text: sorted keys, one space indent, final newline."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


class Context:
    """What a section needs: the tree, the configuration, where links go."""

    def __init__(self, root, config, out, overrides=None):
        self.root = os.path.abspath(root)
        self.config = config
        self.out = os.path.abspath(out)
        self.overrides = overrides or {}
        base = os.path.relpath(self.root, self.out).replace(os.sep, "/")
        self.link_base = "" if base == "." else base + "/"

    def rel(self, path):
        """A path as written in the bundle: relative to the root, '/'-separated."""
        return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")

    def default_input(self, section_key, name):
        for s in self.sections:
            if s.key == section_key:
                return s.inputs[name][0].format(config=self.config)
        raise KeyError(name)

    def resolve_inputs(self, section):
        """{name: (path as written, absolute path or None when absent)}.

        A required input that is absent raises InputError."""
        out = {}
        for name, (default, required) in sorted(section.inputs.items()):
            if name in self.overrides:
                path = os.path.abspath(self.overrides[name])
            else:
                path = os.path.join(self.root, default.format(config=self.config).rstrip("/"))
            shown = self.rel(path)
            if (os.path.isdir if default.endswith("/") else os.path.isfile)(path):
                out[name] = (shown, path)
            elif required:
                raise InputError("%s: no such %s (input %s of section %s)"
                                 % (shown, "directory" if default.endswith("/") else "file",
                                    name, section.key))
            else:
                out[name] = (shown, None)
        return out

    def link(self, path, text=None):
        """<a> to a file of the tree, relative to the bundle's directory."""
        href = self.link_base + urllib.parse.quote(path)
        return '<a href="%s">%s</a>' % (esc(href), esc(text if text is not None else path))


STYLE = """
body { font-family: sans-serif; margin: 1.5em; max-width: 90em; color: #222; }
h1 { font-size: 1.5em; } h2 { border-bottom: 1px solid #999; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
td, th { border: 1px solid #bbb; padding: 0.25em 0.5em; vertical-align: top; text-align: left; }
tr.group th { background: #e8e8f0; }
tr.flag td:first-child { background: #fde8e8; }
ul { margin: 0; padding-left: 1.2em; }
.none { color: #999; } .ln { color: #777; font-size: 0.85em; }
.flagtext { color: #a00; font-size: 0.85em; }
.ok { color: #070; } .attention { color: #a60; } .error, .st-unproven { color: #a00; font-weight: bold; }
.notgen { color: #777; font-style: italic; } .st-proven { color: #070; } .st-not-run { color: #777; }
code { background: #f2f2f2; padding: 0 0.2em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.bad td { background: #fde8e8; }
"""


def html_table(headers, rows, numeric=(), row_class=None):
    """A <table>: headers and rows of cell texts (escaped here; a cell that
    is a Markup is inserted as is); columns in numeric are right-aligned;
    row_class(i) gives the class of row i (or None)."""
    def cell(tag, k, x):
        cls = ' class="num"' if k in numeric else ""
        return "<%s%s>%s</%s>" % (tag, cls, x if isinstance(x, Markup) else esc(x), tag)
    h = ["<table><thead><tr>%s</tr></thead><tbody>"
         % "".join(cell("th", k, x) for k, x in enumerate(headers))]
    for i, row in enumerate(rows):
        cls = row_class(i) if row_class else None
        h.append("<tr%s>%s</tr>" % (' class="%s"' % cls if cls else "",
                                    "".join(cell("td", k, x) for k, x in enumerate(row))))
    h.append("</tbody></table>")
    return "\n".join(h)


class Markup(str):
    """HTML text that html_table inserts without escaping."""


def render_index(ctx, sections, results):
    h = ['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
         '<title>Proteus-405 evidence: %s</title>' % esc(ctx.config),
         '<style>%s</style>' % STYLE, '</head>', '<body>',
         '<h1>Proteus-405 evidence bundle: configuration %s</h1>' % esc(ctx.config),
         '<p>Generated by <code>tools/evidence</code> from the tree at <code>%s</code> '
         '(relative to this page); links open the files of the tree. Regenerate with '
         '<code>make evidence CONFIG=%s</code>; the machine-readable summary is '
         '<a href="%s">%s</a> (spec/evidence.md).</p>'
         % (esc(ctx.link_base or "./"), esc(ctx.config), SUMMARY, SUMMARY),
         '<h2 id="summary">Summary</h2>',
         '<table><thead><tr><th>section</th><th>status</th><th>figures</th></tr></thead><tbody>']
    for s in sections:
        r = results[s.key]
        if isinstance(r, NotGenerated):
            h.append('<tr><td><a href="#%s">%s</a></td><td class="notgen">not generated</td>'
                     '<td class="notgen">%s</td></tr>' % (esc(s.key), esc(s.title), esc(r.reason)))
        else:
            h.append('<tr><td><a href="#%s">%s</a></td><td class="%s">%s</td><td>%s</td></tr>'
                     % (esc(s.key), esc(s.title), esc(r.status), esc(r.status), esc(r.headline)))
    h.append('</tbody></table>')
    for s in sections:
        r = results[s.key]
        h.append('<section id="%s">' % esc(s.key))
        h.append('<h2>%s</h2>' % esc(s.title))
        if isinstance(r, NotGenerated):
            h.append('<p class="notgen">Not generated: %s.</p>' % esc(r.reason))
        else:
            for e in r.errors:
                h.append('<p class="error">%s</p>' % esc(e))
            h.append(r.html)
            if r.reports:
                h.append('<p>Textual report%s: %s.</p>' % (
                    "s" if len(r.reports) > 1 else "",
                    ", ".join('<a href="%s">%s</a>' % (esc(n), esc(n)) for n in sorted(r.reports))))
        h.append('</section>')
    h.append('</body>')
    h.append('</html>')
    return "\n".join(h) + "\n"


def generate(ctx, sections):
    """Run every section; returns (summary dict, {key: result})."""
    ctx.sections = sections
    summary = {"config": ctx.config, "format": FORMAT}
    results = {}
    for s in sections:
        r = s.collect(ctx)
        results[s.key] = r
        summary[s.key] = None if isinstance(r, NotGenerated) else r.summary
    return summary, results


def write_bundle(ctx, sections, summary, results):
    """Write index.html, summary.json and the reports into ctx.out."""
    if os.path.exists(ctx.out) and not os.path.isdir(ctx.out):
        raise InputError("%s: exists and is not a directory" % ctx.out)
    os.makedirs(ctx.out, exist_ok=True)
    written = [SUMMARY, INDEX]
    _write(os.path.join(ctx.out, SUMMARY), dump_json(summary))
    _write(os.path.join(ctx.out, INDEX), render_index(ctx, sections, results))
    for s in sections:
        r = results[s.key]
        produced = {} if isinstance(r, NotGenerated) else r.reports
        for name in s.reports:
            path = os.path.join(ctx.out, name)
            if name in produced:
                _write(path, produced[name])
                written.append(name)
            elif os.path.isfile(path):
                os.remove(path)
    return written


def _write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def load_baseline(path):
    """The baseline's summary dict; raises InputError with the remedy."""
    if not os.path.isfile(path):
        raise InputError("no baseline %s" % path)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise InputError("%s: not a summary.json (%s)" % (path, e))
    if not isinstance(data, dict):
        raise InputError("%s: not a summary.json (not an object)" % path)
    return data


def compare(sections, results, base, cur):
    """(regressions, improvements, notes) of this run against the baseline.

    A section the baseline has but this run did not generate is a
    regression; one generated now but absent from the baseline is an
    improvement; absent from both, nothing."""
    regs, imps, notes = [], [], []
    if base.get("format") != cur.get("format"):
        regs.append("baseline written in format %s, this tool writes %s: review the bundle, "
                    "then make evidence-accept" % (base.get("format"), cur.get("format")))
        return regs, imps, notes
    if base.get("config") != cur.get("config"):
        regs.append("baseline is of configuration %s, not %s" % (base.get("config"), cur.get("config")))
        return regs, imps, notes
    for s in sections:
        b, c = base.get(s.key), cur.get(s.key)
        if b is None and c is None:
            continue
        if b is None:
            imps.append("%s: generated now (absent from the baseline)" % s.key)
        elif c is None:
            regs.append("%s: not generated (%s); the baseline has it"
                        % (s.key, results[s.key].reason))
        else:
            r, i, n = s.compare(b, c)
            regs.extend("%s: %s" % (s.key, x) for x in r)
            imps.extend("%s: %s" % (s.key, x) for x in i)
            notes.extend("%s: %s" % (s.key, x) for x in n)
    known = {s.key for s in sections} | {"config", "format"}
    for k in sorted(set(base) - known):
        notes.append("baseline has section %s, which this tool does not produce" % k)
    return regs, imps, notes


def accept(ctx, baseline_dir, sections, summary, results):
    """Copy summary.json and the sections' reports into the baseline."""
    if os.path.exists(baseline_dir) and not os.path.isdir(baseline_dir):
        raise InputError("%s: exists and is not a directory" % baseline_dir)
    os.makedirs(baseline_dir, exist_ok=True)
    written = [SUMMARY]
    shutil.copyfile(os.path.join(ctx.out, SUMMARY), os.path.join(baseline_dir, SUMMARY))
    for s in sections:
        r = results[s.key]
        produced = {} if isinstance(r, NotGenerated) else r.reports
        for name in s.reports:
            dst = os.path.join(baseline_dir, name)
            if name in produced:
                shutil.copyfile(os.path.join(ctx.out, name), dst)
                written.append(name)
            elif os.path.isfile(dst):
                os.remove(dst)
    return written


def text_table(headers, rows, left=(0,)):
    """Plain-text table for the reports: columns in left are left-aligned,
    the others right-aligned; no trailing spaces."""
    rows = [[str(x) for x in r] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(list(headers), *rows)]
    out = []
    for r in [list(headers)] + rows:
        out.append("  ".join(x.ljust(w) if k in left else x.rjust(w)
                             for k, (x, w) in enumerate(zip(r, widths))).rstrip())
    return "\n".join(out)

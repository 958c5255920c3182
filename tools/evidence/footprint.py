"""The footprint section: the memory footprint of the configuration's image.

Input (relative to the tree's root):
  footprint   build/<config>/footprint-config.json, written by
              `tools/footprint --config-only --json` on the configuration's
              own image build/<config>/proteus.elf (make evidence runs it;
              no variant is built); the JSON of a full `make footprint`
              (build/<config>/footprint.json) serves as well (--input).
              Optional: absent, the section is not generated.

The document is tools/footprint's JSON format 2 (spec/footprint.md); another
format is a bad input.  The numbers are those of its row `this
configuration` and of the excluded rows: .text, code, .data, per VM and its
two parts (the register file, struct ctx + struct vcpu; the bookkeeping,
the rest of struct partition), the configuration tables, the core stacks;
the partition images and the per-partition state are shown too.
Regression: any of .text, code, .data, per VM, register file, bookkeeping,
tables, stacks that grew (bytes).
REQ: EVID-002, FOOT-001.
"""
from . import bundle

# summary key -> (label, a regression when it grows)
FIGURES = (
    ("text", ".text (executable sections)", True),
    ("code", "code (.text minus alignment fill)", True),
    ("data", ".data (other allocated sections, minus the rows below)", True),
    ("per_vm", "per VM (per-partition state / partitions)", True),
    ("register_file", "register file per VM (struct ctx + struct vcpu)", True),
    ("bookkeeping", "bookkeeping per VM (the rest of struct partition)", True),
    ("tables", "configuration tables", True),
    ("stacks", "core stacks", True),
    ("images", "partition images (not core)", False),
    ("partition_state", "per-partition state", False),
)
GUARDED = tuple(k for k, _l, g in FIGURES if g)
FORMAT = 2      # the tools/footprint JSON format read here (spec/footprint.md)


def load(path, rel, config):
    """The configuration's figures from a tools/footprint JSON document."""
    doc = bundle.load_json(path, rel, "a tools/footprint --json document")
    if not isinstance(doc, dict) or doc.get("tool") != "proteus-footprint" \
            or not isinstance(doc.get("variants"), list):
        raise bundle.InputError("%s: not a tools/footprint --json document (expected \"tool\": "
                                "\"proteus-footprint\" and \"variants\")" % rel)
    if doc.get("format") != FORMAT or isinstance(doc.get("format"), bool):
        raise bundle.InputError("%s: format %s, expected %d: rerun make footprint"
                                % (rel, doc.get("format", "absent"), FORMAT))
    if doc.get("config") != config:
        raise bundle.InputError("%s: footprint of configuration %s, not %s"
                                % (rel, doc.get("config"), config))
    row = next((v for v in doc["variants"] if isinstance(v, dict) and v.get("name") == "config"),
               None)
    if row is None:
        raise bundle.InputError("%s: no row of the configuration (variant \"config\")" % rel)
    if row.get("status") != "ok":
        return None, "%s: the configuration's image was not measured: %s %s" % (
            rel, row.get("status"), row.get("reason", ""))
    conf = doc.get("configuration")
    try:
        fig = {k: int(row[k]) for k in ("text", "code", "data", "per_vm", "register_file",
                                        "bookkeeping")}
        for k, src in (("tables", "tables"), ("stacks", "stacks"), ("images", "images"),
                       ("partition_state", "partition_state")):
            fig[k] = int(conf[src]["bytes"])
        stacks = {str(n): int(v) for n, v in conf["stacks"]["symbols"].items()}
        tables = {str(n): int(v) for n, v in conf["tables"]["symbols"].items()}
        sections = {str(n): int(v["size"]) for n, v in row["sections"].items()}
        partitions = int(conf["partitions"])
        paper = int(conf["paper_register_file"])
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise bundle.InputError("%s: incomplete tools/footprint document (%s)" % (rel, e))
    return {"figures": fig, "partitions": partitions, "paper_register_file": paper,
            "features": {str(k): bool(v) for k, v in sorted((row.get("features") or {}).items())},
            "sections": sections, "stacks": stacks, "tables": tables,
            "input": rel}, None


def render_text(s, config):
    f = s["figures"]
    out = ["Footprint, configuration %s (bytes; tools/footprint, spec/footprint.md)" % config,
           "features: %s" % (", ".join(k for k, on in sorted(s["features"].items()) if on) or "none"),
           ""]
    rows = [[label, f[k]] for k, label, _g in FIGURES]
    rows.append(["partitions", s["partitions"]])
    rows.append(["register file per VM in the paper (section 5)", s["paper_register_file"]])
    out.append(bundle.text_table(["figure", "bytes"], rows))
    out.append("")
    out.append(bundle.text_table(["section", "bytes"], sorted(s["sections"].items())))
    return "\n".join(out) + "\n"


def render_html(ctx, s):
    f = s["figures"]
    esc = bundle.esc
    h = ['<p>Bytes of the linked image of this configuration, measured by '
         '<code>tools/footprint --config-only</code> (spec/footprint.md) into %s; the per-feature '
         'table against the paper is <code>make footprint CONFIG=%s</code>. .data excludes the '
         'rows below it, reported on their own. A figure marked &uarr; that grows is a '
         'regression.</p>' % (ctx.link(s["input"]), esc(ctx.config))]
    rows = [[label + (" \u2191" if g else ""), f[k]] for k, label, g in FIGURES]
    rows.append(["partitions", s["partitions"]])
    rows.append(["register file per VM in the paper (304, +956 with TLB virtualization)",
                 s["paper_register_file"]])
    h.append(bundle.html_table(["figure", "bytes"], rows, numeric={1}))
    h.append("<p>Stacks: %s. Tables: %s. Features on: %s.</p>" % (
        esc(", ".join("%s %d" % kv for kv in sorted(s["stacks"].items()))),
        esc(", ".join("%s %d" % kv for kv in sorted(s["tables"].items()))),
        esc(", ".join(k for k, on in sorted(s["features"].items()) if on) or "none")))
    h.append("<details><summary>allocated sections</summary>%s</details>" % bundle.html_table(
        ["section", "bytes"], sorted(s["sections"].items()), numeric={1}))
    return "\n".join(h)


class Footprint(bundle.Section):
    key = "footprint"
    title = "Footprint"
    inputs = {"footprint": ("build/{config}/footprint-config.json", False)}
    reports = ("footprint.txt",)

    def collect(self, ctx):
        rel, path = ctx.resolve_inputs(self)["footprint"]
        if path is None:
            return bundle.NotGenerated("no %s (make evidence CONFIG=%s writes it from the built "
                                       "image)" % (rel, ctx.config))
        s, error = load(path, rel, ctx.config)
        if s is None:
            return bundle.SectionResult(summary={"input": rel, "error": error},
                                        html="", errors=[error], headline="not measured",
                                        status="error")
        f = s["figures"]
        headline = (".text %d, code %d, .data %d, per VM %d (register file %d, bookkeeping %d), "
                    "tables %d, stacks %d" % tuple(f[k] for k in GUARDED))
        return bundle.SectionResult(summary=s, html=render_html(ctx, s),
                                    reports={"footprint.txt": render_text(s, ctx.config)},
                                    headline=headline)

    def compare(self, base, cur):
        regs, imps, notes = [], [], []
        bf, cf = base.get("figures"), cur.get("figures")
        if not bf:
            return regs, imps, notes
        if not cf:
            return ["the image was not measured (baseline: .text %s)" % bf.get("text")], [], []
        for k, label, guarded in FIGURES:
            b, c = bf.get(k), cf.get(k)
            if b is None or c is None or b == c:
                continue
            line = "%s %s %d bytes to %d (%+d)" % (label.split(" (")[0], "grew from" if c > b
                                                   else "fell from", b, c, c - b)
            if guarded and c > b:
                regs.append(line)
            elif guarded:
                imps.append(line)
            else:
                notes.append(line)
        if base.get("partitions") != cur.get("partitions"):
            notes.append("partitions %s, baseline %s" % (cur.get("partitions"),
                                                          base.get("partitions")))
        return regs, imps, notes

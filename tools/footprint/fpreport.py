"""The footprint table and its JSON form, with the paper's numbers (@req FOOT-001).

document() assembles the measurements of every variant into one
JSON-ready dict; render() prints the table from that dict alone, so the
text and the JSON always show the same numbers.

The per-VM bytes are two columns: the register file (struct ctx + struct
vcpu: what the paper's per-VM figure counts) and the rest of struct
partition (bookkeeping: state, start count, console line, padding).
"""
import fpmeasure as measure
import fpvariants as V

# The paper the product reimplements, Section 5, Table 2 (memory footprint of
# the hypervisor on the PowerPC 405, bytes), and the per-VM figures of the
# same section.  Its "Basis System" includes full virtualization of the ISA.
PAPER = {
    "source": "Proteus hypervisor paper, Section 5, Table 2 (memory footprint on the "
              "PowerPC 405, bytes) and the per-VM figures of Section 5",
    "table2": [
        ("Basis System", 4348, 2444),
        ("Para-Virtualization Support", 252, 144),
        ("IRFM Support", 516, 0),
        ("IRFM Fallback Support", 572, 0),
        ("Pre-Virtualization Support", 192, 0),
        ("TLB Virtualization Support", 960, 0),
        ("Driver Support", 504, 44),
        ("IPCM Support", 460, 4),
    ],
    "per_vm_register_file": 304,     # "additional 304 bytes for every virtual machine"
    "per_vm_tlb_virtualization": 956,  # "+956 per VM with TLB virtualization"
}
TLB_FEATURE = "virtual_tlb"
# variant -> the paper's Table 2 row it corresponds to
PAPER_ROW = {V.BASIS: "Basis System", "%s+%s" % (V.BASIS, TLB_FEATURE): "TLB Virtualization Support"}

OK, REFUSED, FAILED = "ok", "not buildable", "build failed"
# The table's columns; "per_vm" (their sum) is in the JSON as well.
COLUMNS = ("text", "code", "data", "register_file", "bookkeeping")
NUMBERS = COLUMNS + ("per_vm",)
# What a document covers: every variant (the default), or only the
# configuration's own image (--config-only: no variant built).
SCOPE_VARIANTS, SCOPE_CONFIG_ONLY = "variants", "config-only"


def paper_row(name):
    return next(((t, d) for row, t, d in PAPER["table2"] if row == name), None)


def paper_per_vm(features):
    """The paper's per-VM bytes for a set of features: the register file, plus
    the virtual TLB when TLB virtualization is in.  Compared with our
    register file (struct ctx + struct vcpu, the virtual TLB included)."""
    return PAPER["per_vm_register_file"] + (
        PAPER["per_vm_tlb_virtualization"] if features.get(TLB_FEATURE) else 0)


def label(name, added, config_name, scheduler):
    if name == V.BASIS:
        return "basis (FV basis, %s scheduler)" % scheduler
    if name == V.NO_FV:
        return "without %s" % V.BASE
    if name == V.CONFIG:
        return "this configuration (%s)" % config_name
    extra = [k for k in added if name != "%s+%s" % (V.BASIS, k)]
    return "+ %s%s" % (name.split("+", 1)[1], " (with %s)" % ", ".join(extra) if extra else "")


def document(config_name, config_file, choices, results, scope=SCOPE_VARIANTS):
    """The JSON document.  results: [(variant name, added, features, status,
    reason, measurement or None)] in table order; scope: SCOPE_VARIANTS, or
    SCOPE_CONFIG_ONLY when results hold the configuration's own image only."""
    rows, by_name = [], {}
    for name, added, features, status, reason, m in results:
        row = {"name": name, "label": label(name, added, config_name, choices.get("scheduler")),
               "features": dict(features), "added": list(added), "status": status}
        if status != OK:
            row["reason"] = reason
        else:
            row.update({k: m[k] for k in NUMBERS})
            row.update({"zero_words": m["zero_words"], "sections": m["sections"],
                        "allocated_data": m["allocated_data"], "excluded": m["excluded"],
                        "partitions": m["partitions"], "sizes": m["sizes"]})
        rows.append(row)
        by_name[name] = row
    basis = by_name.get(V.BASIS)
    for row in rows:
        if row["name"].startswith(V.BASIS + "+") and row["status"] == OK \
                and basis and basis["status"] == OK:
            row["increment"] = {k: row[k] - basis[k] for k in NUMBERS}
        paper = PAPER_ROW.get(row["name"])
        if paper:
            text, data = paper_row(paper)
            per_vm = (paper_per_vm(row["features"]) if row["name"] == V.BASIS
                      else PAPER["per_vm_tlb_virtualization"])
            row["paper"] = {"row": paper, "text": text, "data": data, "register_file": per_vm}
            ours = row.get("increment") if row["name"] != V.BASIS else (
                row if row["status"] == OK else None)
            if ours:
                row["ours_minus_paper"] = {"code": ours["code"] - text, "data": ours["data"] - data,
                                           "register_file": ours["register_file"] - per_vm}
    doc = {"format": 2, "tool": "proteus-footprint", "requirement": "FOOT-001",
           "config": config_name, "config_file": config_file, "choices": dict(choices),
           "scope": scope,
           "paper": {"source": PAPER["source"],
                     "table2": {r: {"text": t, "data": d} for r, t, d in PAPER["table2"]},
                     "per_vm_register_file": PAPER["per_vm_register_file"],
                     "per_vm_tlb_virtualization": PAPER["per_vm_tlb_virtualization"]},
           "variants": rows}
    conf = by_name.get(V.CONFIG)
    if conf and conf["status"] == OK:
        ex = conf["excluded"]
        paper_vm = paper_per_vm(conf["features"])
        doc["configuration"] = {
            "features": conf["features"],
            "tables": ex[measure.ROW_TABLES],
            "stacks": ex[measure.ROW_STACKS],
            "images": ex[measure.ROW_IMAGES],
            "partition_state": ex[measure.ROW_STATE],
            "partitions": conf["partitions"],
            "per_vm": conf["per_vm"],
            "register_file": conf["register_file"],
            "bookkeeping": conf["bookkeeping"],
            "sizes": conf["sizes"],
            "paper_register_file": paper_vm,
            "ours_minus_paper_register_file": conf["register_file"] - paper_vm,
        }
    return doc


# ---------------------------------------------------------------- the text --
W_LABEL, W_NUM = 38, 7


def _num(v, signed=False):
    if v is None:
        return " " * W_NUM
    return ("%+*d" if signed else "%*d") % (W_NUM, v)


def _line(label_text, ours=(None,) * len(COLUMNS), paper=None, signed=False, tail="",
          paper_signed=False):
    text = "%-*s" % (W_LABEL, label_text) + " ".join(_num(v, signed) for v in ours)
    if paper is not None or tail:
        paper = paper or (None,) * 3
        text += " |" + " ".join(_num(v, paper_signed) for v in paper) + tail
    return text.rstrip()


def render(doc):
    cols = " ".join("%*s" % (W_NUM, h) for h in (".text", "code", ".data", "regfile", "other"))
    per_vm = " per VM ".center(2 * W_NUM + 1, "-")   # over regfile and other
    out = ["Footprint of configuration %s (bytes; paper: Proteus Table 2, section 5)" % doc["config"],
           "%-*s%s%s | paper" % (W_LABEL, "", " " * (len(cols) - len(per_vm)), per_vm),
           "%-*s%s |%s" % (W_LABEL, "", cols,
                           " ".join("%*s" % (W_NUM, h) for h in (".text", ".data", "regfile")))]
    if doc.get("scope") == SCOPE_CONFIG_ONLY:
        out.insert(1, "(--config-only: the configuration's own image, no variant built)")
    diffs = []
    for row in doc["variants"]:
        paper = row.get("paper")
        paper_cols = (paper["text"], paper["data"], paper["register_file"]) if paper else None
        if row["status"] != OK:
            out.append("%-*s%s: %s" % (W_LABEL, row["label"], row["status"], row["reason"]))
            continue
        if "increment" in row:
            inc = row["increment"]
            out.append(_line(row["label"], [inc[k] for k in COLUMNS], paper_cols, signed=True,
                             paper_signed=True))
        elif row["name"].startswith(V.BASIS + "+"):
            out.append("%-*s%s" % (W_LABEL, row["label"], "no increment: the basis was not built"))
        else:
            if row["name"] == V.CONFIG and "configuration" in doc:
                paper_cols = (None, None, doc["configuration"]["paper_register_file"])
            out.append(_line(row["label"], [row[k] for k in COLUMNS], paper_cols))
        if "ours_minus_paper" in row:
            d = row["ours_minus_paper"]
            diffs.append(_line(row["label"].split(" (")[0],
                               (None, d["code"], d["data"], d["register_file"], None), signed=True))
    conf = doc.get("configuration")
    if conf:
        diffs.append(_line("this configuration (%s)" % doc["config"],
                           (None, None, None, conf["ours_minus_paper_register_file"], None),
                           signed=True))
        st = conf["stacks"]["symbols"]
        n = conf["partitions"]
        sz = conf["sizes"]
        out += ["",
                "excluded from .data above (this configuration):",
                _line("configuration tables (%s)" % doc["config"],
                      (None, None, conf["tables"]["bytes"], None)),
                _line("core stacks (%d + %d x %d reload)"
                      % (st[measure.STACK_KEY], n, st[measure.RELOAD_STACKS] // n),
                      (None, None, conf["stacks"]["bytes"], None)),
                _line("partition images (not core)", (None, None, conf["images"]["bytes"], None)),
                _line("per-partition state (%d x %d)" % (n, conf["per_vm"]),
                      (None, None, conf["partition_state"]["bytes"], conf["register_file"],
                       conf["bookkeeping"]),
                      (None, None, PAPER["per_vm_register_file"]),
                      tail=" (+%d with TLB virtualization)" % PAPER["per_vm_tlb_virtualization"]),
                "  regfile = struct ctx %d + struct vcpu %d (the paper's per-VM register file)"
                % (sz["ctx"], sz["vcpu"]),
                "  other = struct partition %d - regfile: state, start count, console line, "
                "padding" % sz["partition"]]
    if diffs:
        out += ["", "ours - paper (our code column against the paper's .text, regfile against "
                    "its per-VM bytes):"] + diffs
    return "\n".join(out) + "\n"

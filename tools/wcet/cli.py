"""Command line of tools/wcet (see __main__.py for the usage text)."""
import argparse
import glob
import json
import os
import sys

import analysis
import annotations
import dwarfline
import elfread
import timing

PROG = "tools/wcet"


class UsageError(Exception):
    pass


def fmt_cost(c):
    return ("%d" % c[0], "%d" % c[1]) if c else ("-", "-")


def cost_json(c):
    return {"instructions": c[0], "cycles": c[1]} if c else None


def build_program(args):
    elf = elfread.load(args.elf)
    lines = dwarfline.line_table(elf)
    root = args.root
    consts = annotations.Constants()
    config_h = args.config_h
    if config_h is None:
        guess = os.path.join(os.path.dirname(os.path.abspath(args.elf)), "gen", "config.h")
        config_h = guess if os.path.isfile(guess) else None
    if config_h:
        consts.add_file(config_h)
    includes = args.include or [os.path.join(root, "kernel", "include", "proteus")]
    for d in includes:
        if os.path.isdir(d):
            for h in sorted(glob.glob(os.path.join(d, "*.h"))):
                consts.add_file(h)
        elif os.path.isfile(d):
            consts.add_file(d)
        else:
            raise UsageError("--include %s: no such file or directory" % d)
    sources = annotations.Sources(root)
    model = timing.Model(args.fetch_penalty, args.data_penalty)
    return analysis.Program(elf, lines, sources, consts, model)


def entry_points(prog):
    """[(kind, name, address)] of every non-preemptible entry path."""
    entry = prog.elf.entry
    out = [("boot", "boot %s" % (prog.symname.get(entry) or "0x%08x" % entry), entry)]
    for addr, name, off in prog.vector_slots():
        out.append(("vector", "vector 0x%04x %s" % (off, name), addr))
    for addr, a in prog.entry_annotations():
        out.append(("entry", "entry %s" % a.name, addr))
    return out


def analyse(prog):
    """(paths, errors): paths = [dict] in entry order; errors = [message]."""
    paths, errors = [], []
    for kind, name, addr in entry_points(prog):
        try:
            r = prog.routine(addr, name=None if addr in prog.symname else name)
        except (analysis.AnalysisError, annotations.AnnotationError, elfread.ElfError) as e:
            msg = "%s: %s" % (name, e)
            errors.append(msg)
            continue
        if "ret" in r.cost:
            errors.append("%s: the path can return with blr at its top level (no caller to "
                          "return to)" % name)
        rfi, stop = r.cost.get("rfi"), r.cost.get("stop")
        paths.append({"kind": kind, "name": name, "entry": addr, "routine": r,
                      "rfi": rfi, "stop": stop, "bound": r.bound(("rfi", "stop"))})
    return paths, errors


def functions(prog):
    """Every function of the call graph, analysed without context (what
    cannot be bounded so is in prog.function_errors)."""
    if getattr(prog, "function_list", None) is None:
        out, errs = [], []
        for s in sorted({s for (s, _ctx) in prog.routines if s in prog.symname}):
            try:
                out.append(prog.routine(s))
            except (analysis.AnalysisError, annotations.AnnotationError) as e:
                errs.append("function %s: %s" % (prog.symname[s], e))
        prog.function_list, prog.function_errors = out, errs
    return prog.function_list


def report_json(prog, paths, errors, elf_path):
    funcs = []
    for r in functions(prog):
        funcs.append({
            "name": r.name, "address": "0x%08x" % r.start,
            "return": cost_json(r.cost.get("ret")), "rfi": cost_json(r.cost.get("rfi")),
            "stop": cost_json(r.cost.get("stop")),
            "callees": sorted({prog.routines[c].name for c in r.callees}),
        })
    loops, tables = [], []
    for r in functions(prog):
        for L in sorted(r.loops, key=lambda L: L.header):
            loops.append(L.as_dict(r))
    for start, g in sorted(prog.cfgs.items()):
        for at, table, _start, targets in g.jump_tables:
            tables.append({"routine": prog.symname.get(start) or "0x%08x" % start,
                           "bctr": "0x%08x" % at, "table": "0x%08x" % table,
                           "targets": ["0x%08x" % t for t in targets]})
    return {
        "tool": "proteus-wcet", "format": 1, "elf": elf_path,
        "model": prog.model.describe(),
        "paths": [{"kind": p["kind"], "name": p["name"], "entry": "0x%08x" % p["entry"],
                   "rfi": cost_json(p["rfi"]), "stop": cost_json(p["stop"]),
                   "bound": cost_json(p["bound"])} for p in paths],
        "functions": funcs, "loops": loops, "jump_tables": tables, "errors": sorted(errors),
    }


def table(rows, header, left=(0,)):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)] if rows else \
        [len(h) for h in header]
    lines = []
    for row in [header] + rows:
        cells = []
        for k, (x, w) in enumerate(zip(row, widths)):
            cells.append(str(x).ljust(w) if k in left else str(x).rjust(w))
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def print_report(prog, paths, errors, out, show_functions=True):
    m = prog.model.describe()
    out.write("WCET bounds of %s (timing model %s, fetch penalty %d, data penalty %d cycles)\n\n"
              % (prog.elf.path, m["name"], m["fetch_penalty"], m["data_penalty"]))
    rows = []
    for p in paths:
        ri, rc = fmt_cost(p["rfi"])
        si, sc = fmt_cost(p["stop"])
        rows.append([p["name"], "0x%08x" % p["entry"], ri, rc, si, sc])
    out.write("entry paths: from the entry to rfi (the path resumes a context), or to a halt\n"
              "(panic, arch_halt: the machine stops)\n")
    out.write(table(rows, ["entry path", "entry", "to rfi insns", "cycles",
                           "to halt insns", "cycles"]) + "\n")
    if show_functions:
        rows = []
        for r in functions(prog):
            ri, rc = fmt_cost(r.cost.get("ret"))
            hi, hc = fmt_cost(r.cost.get("rfi"))
            si, sc = fmt_cost(r.cost.get("stop"))
            rows.append([r.name, "0x%08x" % r.start, ri, rc, hi, hc, si, sc])
        out.write("\nfunctions (call graph of the entry paths)\n")
        out.write(table(rows, ["function", "address", "return insns", "cycles",
                               "to rfi insns", "cycles", "to halt insns", "cycles"]) + "\n")
        rows = []
        for r in functions(prog):
            for L in sorted(r.loops, key=lambda L: L.header):
                rows.append([r.name, "0x%08x" % L.header, L.source,
                             "none (ends the path)" if L.bound is None else str(L.bound),
                             L.annotation.text])
        if rows:
            out.write("\nloops\n")
            out.write(table(rows, ["routine", "header", "annotation", "bound", "text"],
                            left=(0, 2, 4)) + "\n")
    for e in errors:
        out.write("error: %s\n" % e)
    summary = "\n%d entry paths, %d functions, %d errors" % (
        len(paths), len(functions(prog)), len(errors))
    with_rfi = [p for p in paths if p["rfi"]]
    if with_rfi:
        big = max(with_rfi, key=lambda p: (p["rfi"][0], p["name"]))
        summary += "; longest path to rfi: %s, %d instructions, %d cycles" % (
            big["name"], big["rfi"][0], big["rfi"][1])
    out.write(summary + "\n")


def add_common(p):
    p.add_argument("elf", metavar="ELF", help="the linked core (built with -g)")
    p.add_argument("--root", default=".",
                   help="source tree the DWARF paths are relative to (default: .)")
    p.add_argument("--config-h", metavar="FILE",
                   help="the configuration's generated config.h (default: gen/config.h next "
                        "to the ELF, when present)")
    p.add_argument("--include", action="append", metavar="DIR|FILE",
                   help="headers whose #defines bounds may name (default: "
                        "kernel/include/proteus under --root); repeatable")
    p.add_argument("--fetch-penalty", type=int, default=0, metavar="CYCLES",
                   help="worst-case extra cycles per instruction fetched (default 0: hit)")
    p.add_argument("--data-penalty", type=int, default=0, metavar="CYCLES",
                   help="worst-case extra cycles per data word accessed (default 0: hit)")


def cmd_analyse(argv):
    p = argparse.ArgumentParser(
        prog=PROG, description="Static WCET bounds of every entry path of the Proteus-405 core "
        "(exception vectors, boot, @wcet-entry points) and of every function they call, in "
        "instructions and in cycles of the PPC405 timing model (spec/wcet.md). Exit status: "
        "0 all bounded; 1 an unbounded loop, an unresolved indirect branch, recursion or a bad "
        "ELF; 2 usage errors.")
    add_common(p)
    p.add_argument("--json", metavar="OUT", help="also write the results as JSON (sorted, stable)")
    p.add_argument("--paths-only", action="store_true",
                   help="print only the entry-path table")
    p.add_argument("--explain", metavar="PATH", action="append",
                   help="print the worst-case path of an entry path (its name as in the table, "
                        "or a part of it: 'pit', '0x0700'): the loops and calls it goes through")
    args = p.parse_args(argv)
    prog = build_program(args)
    paths, errors = analyse(prog)
    functions(prog)
    errors += prog.function_errors
    print_report(prog, paths, errors, sys.stdout, show_functions=not args.paths_only)
    for want in args.explain or []:
        hits = [q for q in paths if want == q["name"] or want in q["name"]]
        if not hits:
            raise UsageError("--explain %s: no such entry path" % want)
        for q in hits:
            r = q["routine"]
            for kind in ("rfi", "stop"):
                if kind in r.cost:
                    sys.stdout.write("\nworst path of %s to %s:\n" % (q["name"],
                                                                    "rfi" if kind == "rfi" else "halt"))
                    sys.stdout.write("\n".join(prog.explain(r, kind)) + "\n")
    if args.json:
        write_json(args.json, report_json(prog, paths, errors, args.elf))
    for e in errors:
        sys.stderr.write("%s: error: %s\n" % (PROG, e))
    return 1 if errors else 0


def write_json(path, data):
    try:
        with open(path, "w") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.write("\n")
    except OSError as e:
        raise UsageError("%s: cannot write: %s" % (path, e.strerror))


def cmd_model(argv):
    p = argparse.ArgumentParser(prog=PROG + " model",
                                description="Print the PPC405 timing model table.")
    p.parse_args(argv)
    rows = [[k, str(v[0]) + (" + n" if k in ("lmw", "stmw") else ""), str(v[1]), v[3], v[2]]
            for k, v in timing.TABLE.items()]
    print("timing model %s (cycles per instruction class; sources: spec/wcet.md)" % timing.MODEL_NAME)
    print(table(rows, ["class", "cycles", "data words", "source", "instructions"], left=(0, 3, 4)))
    return 0


def main(argv):
    import measure
    commands = {"analyse": cmd_analyse, "analyze": cmd_analyse, "measure": measure.cmd_measure,
                "trace": measure.cmd_trace, "model": cmd_model}
    try:
        if argv and argv[0] in commands:
            return commands[argv[0]](argv[1:])
        return cmd_analyse(argv)
    except UsageError as e:
        sys.stderr.write("%s: error: %s\n" % (PROG, e))
        return 2
    except (elfread.ElfError, analysis.AnalysisError, annotations.AnnotationError,
            measure.TraceError) as e:
        sys.stderr.write("%s: error: %s\n" % (PROG, e))
        return 1

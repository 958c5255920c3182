#!/usr/bin/env python3
"""Object-code coverage of a configuration's core on target, from a QEMU
per-instruction trace (spec/evidence.md, "Coverage").  @req EVID-002

Usage:
  python3 tools/evidence/coverage_target.py ELF -o OUT.json [--lines N]
          [--untraced SYMBOL ...] [--timeout SECONDS] [--qemu QEMU]
  python3 tools/evidence/coverage_target.py ELF -o OUT.json --pcs FILE

The image boots on QEMU 7.2's ref405ep exactly as the configuration's
scenarios boot it (tests/qemu/scenario.py: -icount shift=0,sleep=off, no
input), under the per-instruction trace of `tools/wcet trace` (spec/wcet.md,
"Measured maxima"), whose code it runs: the same QEMU command (-d
exec,nochain -singlestep -dfilter RANGES, RANGES = every executable section
of the core but the --untraced symbols), the same reading of the log
(measure.core_pcs: lines in problem state are guest code at the same
addresses and are dropped, a rewound instruction is cancelled) and the same
ends, deterministic:

  budget  after N lines "Trace ..." of QEMU's log (guest lines at core
          addresses included: they are what the run costs), so that two
          runs give the same trace (-icount: the machine is deterministic);
  halt    when the core executes a branch to itself twice in a row (the
          machine has stopped: arch_halt); the second is not counted;
  exit    when QEMU exits.
A run that reaches none of them within --timeout seconds of wall-clock time
fails (no output: a truncated trace would not be reproducible).

--pcs FILE reads the pcs of a QEMU log or of a `tools/wcet trace` output
instead (make evidence-traces records one trace per configuration, for the
WCET measured maxima and for this coverage).  A `tools/wcet trace` file
records its image's SHA-256, its -dfilter ranges and its untraced symbols:
it must be of this ELF, and traced with the ranges this tool would use
(not --path-ranges, the same untraced symbols): otherwise code the trace
left out would count as not executed.  Its budget, lines traced and end
are taken from the file.

Functions are the code symbols of the ELF (tools/wcet's elfread: function
and untyped symbols of executable sections, not .L labels); a function
runs from its address to the next symbol's, or to its st_size when it has
one and that is shorter (padding after a function belongs to none); one
name per address (a global function symbol first).  Zero words are
padding (between the vector slots), not instructions.

A conditional branch (bc/bcl, conditional bclr and bcctr, decoded by
tools/wcet's ppcdecode) executed at P is taken when the next pc of the core
is its target (for bclr/bcctr: anything but P+4) and falls through when it
is P+4; when the next pc is an exception vector slot an interrupt came in
between and the outcome is not known.

The output (JSON, deterministic: sorted keys, no time, no absolute path
unless one was given) lists per function its instructions (offset,
disassembly, executed or not, source lines from the DWARF line table) and
per conditional branch the directions seen.  The wall-clock cost is printed,
never written.
"""
import argparse
import hashlib
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WCET = os.path.join(os.path.dirname(HERE), "wcet")
if WCET not in sys.path:
    sys.path.insert(0, WCET)

import analysis  # noqa: E402  (tools/wcet)
import dwarfline  # noqa: E402
import elfread  # noqa: E402
import measure  # noqa: E402
import ppcdecode  # noqa: E402

FORMAT = 1
TOOL = "tools/evidence/coverage_target.py"
DEFAULT_LINES = 3000000
DEFAULT_UNTRACED = measure.DEFAULT_UNTRACED
DEFAULT_TIMEOUT = 600.0
COND_KINDS = ("bc", "ccall", "cret", "cjump_ctr")


class CoverageError(Exception):
    pass


class Function:
    def __init__(self, name, start, end):
        self.name = name
        self.start = start
        self.end = end
        self.insns = []        # [ppcdecode.Insn], padding left out


def functions(elf):
    """[Function] of the ELF's code, by address (see the module text;
    tools/wcet's measure.symbol_extents)."""
    out = []
    for name, addr, end in measure.symbol_extents(elf):
        f = Function(name, addr, end)
        for a in range(addr, end - 3, 4):
            word = elf.word(a)
            if word:
                f.insns.append(ppcdecode.decode(word, a))
        if f.insns:
            out.append(f)
    return out


def vector_slots(elf):
    """Addresses of the exception vector slots (tools/wcet's vector offsets
    and every multiple of 0x100 of .vectors that holds code)."""
    sec = elf.section(".vectors")
    if sec is None:
        return set()
    base_sym = elf.symbol("vectors_base")
    base = base_sym.value if base_sym else sec.addr
    out = set()
    for off in range(0, 0x2100, 0x10):
        addr = base + off
        if (off in analysis.VECTOR_NAMES or off % 0x100 == 0) \
                and sec.addr <= addr < sec.addr + sec.size and elf.word(addr):
            out.add(addr)
    return out


def trace_ranges(elf, funcs, untraced):
    """The -dfilter ranges (tools/wcet's measure.section_ranges: the
    executable sections minus the untraced functions' extents); ([(lo, hi)],
    set of untraced instruction addresses)."""
    ranges, _names = measure.section_ranges(elf, untraced)
    excluded = set(i.addr for f in funcs if f.name in untraced for i in f.insns)
    return ranges, excluded


class Recorder:
    """Consumes the core's pc sequence: executed addresses, branch outcomes."""

    def __init__(self, funcs, slots):
        self.cond = {}
        self.selfloops = set()
        for f in funcs:
            for i in f.insns:
                if i.kind in COND_KINDS:
                    self.cond[i.addr] = i
                elif i.kind == "b" and i.target == i.addr:
                    self.selfloops.add(i.addr)
        self.slots = slots
        self.executed = set()
        self.taken = set()
        self.fell = set()
        self.count = 0
        self.halted = False
        self.prev = None

    def step(self, pc):
        """One pc of the core, after self.prev."""
        self.count += 1
        self.executed.add(pc)
        prev = self.prev
        if prev is not None:
            b = self.cond.get(prev)
            if b is not None and pc not in self.slots:
                if b.kind in ("bc", "ccall"):
                    if pc == b.target:
                        self.taken.add(prev)
                    if pc == prev + 4:
                        self.fell.add(prev)
                elif pc == prev + 4:
                    self.fell.add(prev)
                else:
                    self.taken.add(prev)
        self.prev = pc

    def feed(self, pcs):
        """Steps through pcs until the machine stops (see the module text: the
        second branch to itself is not counted, as tools/wcet's
        measure.until_halt passes it not); returns True when it stopped."""
        for pc in pcs:
            if pc == self.prev and pc in self.selfloops:
                self.halted = True
                return True
            self.step(pc)
        return False


# The budget and the command are tools/wcet's (measure.LineBudget, trace_command).
Budget = measure.LineBudget


def qemu_command(qemu, elf_path, serial, ranges, log):
    """QEMU as tests/qemu/scenario.py runs a scenario, with tools/wcet's trace."""
    return measure.trace_command(qemu, elf_path, serial, measure.dfilter(ranges), log)


def run_trace(cmd_of, rec, limit, timeout):
    """Run QEMU with its log on a FIFO through tools/wcet's measure.run_trace
    (the halts: the branches to themselves in the traced code); returns
    (end, trace lines, seconds)."""
    tmp = tempfile.mkdtemp(prefix="coverage-trace-")
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    t0 = time.monotonic()
    try:
        end, seen = measure.run_trace(cmd_of(fifo), fifo, limit, timeout, rec.selfloops,
                                      rec.step, timeout_option="--timeout")
    except measure.TraceError as e:
        raise CoverageError(str(e))
    finally:
        os.unlink(fifo)
        os.rmdir(tmp)
    rec.halted = end == "halt"
    return end, seen, time.monotonic() - t0


def pcs_trace(path, elf, rec, requested):
    """Feeds rec from a pcs file; returns (the untraced symbols, its "trace"
    object).  The untraced symbols are `requested` (--untraced), or else
    the file's, or else the default; a `tools/wcet trace` file must be of
    this ELF and traced with the ranges they give (see the module text)."""
    info = {}
    try:
        pcs = measure.read_pcs(path, info)
    except measure.TraceError as e:
        raise CoverageError(str(e))
    untraced = tuple(requested or info.get("untraced") or DEFAULT_UNTRACED)
    ranges, _names = measure.section_ranges(elf, untraced)
    trace = {"source": "pcs"}
    if info.get("path_ranges"):
        raise CoverageError("%s: traced with --path-ranges (the code of the analysed paths): "
                            "the coverage needs every section traced; record it with "
                            "`tools/wcet trace` without --path-ranges" % path)
    sha = info.get("elf_sha256")
    if sha is not None and sha != hashlib.sha256(elf.data).hexdigest():
        raise CoverageError("%s: traced from another build of the image (its elf_sha256 "
                            "differs from %s's)" % (path, elf.path))
    if "dfilter" in info:
        want = measure.dfilter(ranges)
        if info["dfilter"] != want:
            raise CoverageError("%s: traced with -dfilter %s; the coverage of %s with the "
                                "untraced symbols %s needs %s" % (
                                    path, info["dfilter"], elf.path,
                                    ", ".join(untraced) or "(none)", want))
    rec.feed(pcs)
    if "end" in info:
        trace.update(end=info["end"], lines=info["lines"], budget=info["budget"])
    else:
        trace["end"] = "halt" if rec.halted else "file"
    return untraced, trace


def result(elf_path, elf, funcs, rec, trace, lines_table):
    out_funcs = []
    for f in funcs:
        insns, branches = [], []
        for i in f.insns:
            src = sorted("%s:%d" % pl for pl in (lines_table or {}).get(i.addr, ()))
            insns.append({"offset": i.addr - f.start, "text": i.text or i.name,
                          "executed": i.addr in rec.executed, "source": src})
            if i.kind in COND_KINDS:
                branches.append({"offset": i.addr - f.start, "taken": i.addr in rec.taken,
                                 "not_taken": i.addr in rec.fell})
        out_funcs.append({"name": f.name, "address": "0x%08x" % f.start,
                          "size": f.end - f.start, "instructions": insns, "branches": branches})
    return {"format": FORMAT, "tool": TOOL, "elf": elf_path,
            "elf_sha256": hashlib.sha256(elf.data).hexdigest(), "trace": trace,
            "functions": out_funcs}


def write_json(path, data):
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(data, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, path)


def main(argv):
    p = argparse.ArgumentParser(
        prog=TOOL, description=__doc__.split("\n\n")[0],
        epilog="See spec/evidence.md (Coverage).  Exit status: 0 written; 1 an error (bad ELF, "
               "QEMU failed, timeout); 2 usage.")
    p.add_argument("elf", metavar="ELF", help="the configuration's core (build/NAME/proteus.elf)")
    p.add_argument("-o", "--out", required=True, metavar="OUT.json")
    p.add_argument("--lines", type=int, default=DEFAULT_LINES, metavar="N",
                   help="trace budget: QEMU log lines (default %(default)d)")
    p.add_argument("--untraced", action="append", metavar="SYMBOL",
                   help="leave this function out of the trace (default: %s)"
                        % ", ".join(DEFAULT_UNTRACED))
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help="wall-clock guard (default %(default)g)")
    p.add_argument("--qemu", default="qemu-system-ppc")
    p.add_argument("--serial", metavar="FILE", help="serial output (default OUT.serial)")
    p.add_argument("--pcs", metavar="FILE",
                   help="read the core's pcs from a QEMU log or a `tools/wcet trace` file "
                        "instead of running QEMU (--lines and --timeout do not apply; the "
                        "untraced symbols are the file's)")
    args = p.parse_args(argv)
    if args.lines <= 0 or args.timeout <= 0:
        p.error("--lines and --timeout must be positive")
    untraced = tuple(args.untraced) if args.untraced else DEFAULT_UNTRACED
    out = args.out
    if os.path.exists(out):
        os.remove(out)   # a failed run leaves no stale result behind
    try:
        elf = elfread.load(args.elf)
        if elf.machine != elfread.EM_PPC:
            raise CoverageError("%s: not a PowerPC ELF" % args.elf)
        funcs = functions(elf)
        if not funcs:
            raise CoverageError("%s: no code symbols" % args.elf)
        rec = Recorder(funcs, vector_slots(elf))
        if args.pcs:
            untraced, trace = pcs_trace(args.pcs, elf, rec, args.untraced)
            ranges, _ = trace_ranges(elf, funcs, untraced)
            seconds = 0.0
        else:
            ranges, _ = trace_ranges(elf, funcs, untraced)
            serial = args.serial or out + ".serial"
            end, seen, seconds = run_trace(
                lambda log: qemu_command(args.qemu, args.elf, serial, ranges, log),
                rec, args.lines, args.timeout)
            trace = {"source": "qemu", "end": end, "lines": seen, "budget": args.lines}
        trace["core_instructions"] = rec.count
        trace["untraced"] = sorted(f.name for f in funcs if f.name in untraced)
        trace["ranges"] = ["0x%x..0x%x" % (lo, hi - 1) for lo, hi in ranges]
        lines_table = dwarfline.line_table(elf)
        data = result(args.elf, elf, funcs, rec, trace, lines_table)
    except (CoverageError, elfread.ElfError) as e:
        print("%s: error: %s" % (TOOL, e), file=sys.stderr)
        return 1
    write_json(out, data)
    total = sum(len(f.insns) for f in funcs)
    hit = sum(1 for f in funcs for i in f.insns if i.addr in rec.executed)
    nb = len(rec.cond)
    print("coverage-target: %s: %d of %d instructions, %d of %d branch directions; "
          "%d core instructions traced (%s), %.1f s" % (
              out, hit, total, len(rec.taken) + len(rec.fell), 2 * nb, rec.count,
              trace["end"], seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

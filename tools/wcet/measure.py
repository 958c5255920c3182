"""Measured maxima of the core's entry paths from QEMU instruction traces.

`trace` runs the core on QEMU 7.2 (ref405ep) with
    -icount shift=0,sleep=off -d exec,nochain -singlestep -dfilter RANGES -D LOG
where RANGES are every executable section of the core but the --untraced
functions (default idle_loop: its `b idle_loop` spins until the PIT ends
the window and would fill the log), the ranges the object-code coverage
needs (tools/evidence/coverage_target.py reads the same trace); with
--path-ranges, only the code the analysed paths can execute (the reload
loops, which no path reaches, are left out too: a cheaper trace that
measures the same paths).  The trace runs for a budget of N lines
"Trace ..." of the log (--lines): under
-icount the machine is deterministic, so a budget gives the same trace on
every machine (a wall-clock bound would not).  It also ends when the core
runs its halt loop twice in a row (the machine has stopped) or QEMU exits;
--seconds is only a timeout that fails the run.  QEMU prints one line per
executed instruction (one instruction per translation block under
-singlestep):
    Trace 0: 0x7f26ec000100 [00000000/000020f4/6c000002/ff020201] _start
(the second field in brackets is the pc, the third the translation flags,
whose bit 14 is MSR[PR]: lines in problem state are guest code, which
-dfilter cannot tell from the core's because it filters virtual
addresses, and are dropped).  Two other lines cancel the previous one,
because that instruction did not complete and runs again:
    cpu_io_recompile: rewound execution of TB to 00002ec4
    Stopped execution of TB chain before 0x... [00002ec4] ...

The output file starts with "# proteus-wcet core pcs v1 (ELF, budget N
lines)", then "# elf_sha256=...", "# dfilter=RANGES" and "# untraced=NAMES"
(or "# path-ranges"); one hexadecimal pc a line; it ends with "# end=budget|
halt|exit lines=L budget=N core=C".

`measure` cuts the pc sequence into path instances: one starts at a
vector slot (or an @wcet-entry point outside a path, or the ELF entry at
the start) and ends with the first rfi/rfci executed (to rfi) or at the
first instruction of a `@wcet-bound none` loop (to halt).  A vector slot
reached inside a path starts a new instance (the old one was cut by an
exception in the core and is counted as "cut").  Per path it reports the
longest instance next to the static bound, the ratio bound/measured, and
fails (exit status 1) when a measured maximum exceeds its bound.
"""
import argparse
import hashlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

import cli
import elfread

STOPPED_RE = re.compile(r"Stopped execution of TB chain before \S+ \[([0-9a-fA-F]+)\]")
REWOUND_RE = re.compile(r"rewound execution of TB to ([0-9a-fA-F]+)")


class TraceError(Exception):
    pass


MSR_PR_FLAG = 1 << 14
PCS_HEADER = "# proteus-wcet core pcs v1"


def core_pcs(lines, name="trace"):
    """Generator: the pcs the core executed (supervisor state), in order,
    from the lines of a QEMU exec trace."""
    pending = None  # the last Trace line's pc, if kept; a cancel line drops it
    for n, line in enumerate(lines, 1):
        if line.startswith("Trace "):
            lb = line.find("[")
            parts = line[lb + 1:].split("/", 3) if lb >= 0 else []
            if len(parts) < 4:
                raise TraceError("%s:%d: unrecognised trace line: %s" % (name, n, line.strip()))
            try:
                pc, flags = int(parts[1], 16), int(parts[2], 16)
            except ValueError:
                raise TraceError("%s:%d: bad trace line: %s" % (name, n, line.strip()))
            if pending is not None:
                yield pending
            pending = None if flags & MSR_PR_FLAG else pc
            continue
        if pending is not None and ("rewound" in line or "Stopped execution" in line):
            m = REWOUND_RE.search(line) or STOPPED_RE.search(line)
            if m and int(m.group(1), 16) == pending:
                pending = None
    if pending is not None:
        yield pending


END_RE = re.compile(r"^# end=(budget|halt|exit) lines=(\d+) budget=(\d+) core=(\d+)\s*$")
HEAD_RE = re.compile(r"^# (elf_sha256|dfilter|untraced)=(\S*)\s*$")
END_KEYS = ("end", "lines", "budget", "core")


def read_pcs(path, info=None):
    """The core's pcs from a QEMU exec trace or from a `trace` output file;
    for the latter, `info` (a dict) receives how its trace ended: "end"
    (budget, halt or exit), "lines" (QEMU log lines traced), "budget",
    "core" (core pcs), from its last line "# end=...", and what its header
    records: "elf_sha256", "dfilter" (the -dfilter ranges), "untraced" (a
    list of names) or "path_ranges" (True)."""
    try:
        f = open(path, encoding="latin-1")
    except OSError as e:
        raise TraceError("%s: cannot read: %s" % (path, e.strerror))
    with f:
        first = f.readline()
        if first.startswith(PCS_HEADER):
            out = []
            for n, line in enumerate(f, 2):
                line = line.strip()
                if not line or line.startswith("#"):
                    if info is None:
                        continue
                    m = END_RE.match(line)
                    if m:
                        info.update(end=m.group(1), lines=int(m.group(2)),
                                    budget=int(m.group(3)), core=int(m.group(4)))
                    m = HEAD_RE.match(line)
                    if m and m.group(1) == "untraced":
                        info["untraced"] = [x for x in m.group(2).split(",") if x]
                    elif m:
                        info[m.group(1)] = m.group(2)
                    if line == "# path-ranges":
                        info["path_ranges"] = True
                    continue
                try:
                    out.append(int(line, 16))
                except ValueError:
                    raise TraceError("%s:%d: not a hexadecimal pc: %r" % (path, n, line))
            return out
        f.seek(0)
        return list(core_pcs(f, path))


class Segmenter:
    """Cuts a pc sequence into path instances (see the module text)."""

    def __init__(self, vectors, entries, boot, rfis, stops):
        self.vectors = vectors    # addr -> path name
        self.entries = entries    # addr -> path name (@wcet-entry)
        self.boot = boot          # (addr, name)
        self.rfis = rfis
        self.stops = stops
        self.results = {}         # name -> {"rfi": [..], "stop": [..], "cut": n}
        self.cur = None           # [name, count]
        self.started = False

    def _rec(self, name):
        return self.results.setdefault(name, {"rfi": [], "stop": [], "cut": 0})

    def feed(self, pcs):
        vectors, entries, rfis, stops = self.vectors, self.entries, self.rfis, self.stops
        cur = self.cur
        for pc in pcs:
            if not self.started:
                self.started = True
                if pc == self.boot[0]:
                    cur = [self.boot[1], 0]
            if pc in vectors:
                if cur is not None:
                    self._rec(cur[0])["cut"] += 1
                cur = [vectors[pc], 0]
            elif cur is None and pc in entries:
                cur = [entries[pc], 0]
            if cur is None:
                continue
            cur[1] += 1
            if pc in rfis:
                self._rec(cur[0])["rfi"].append(cur[1])
                cur = None
            elif pc in stops:
                self._rec(cur[0])["stop"].append(cur[1])
                cur = None
        self.cur = cur

    def finish(self):
        if self.cur is not None:
            self._rec(self.cur[0])["cut"] += 1
            self.cur = None
        return self.results


def code_ranges(prog):
    """Merged [lo, hi) ranges of the routines the analysed paths reach."""
    spans = sorted((g.lo, g.hi) for g in prog.cfgs.values())
    out = []
    for lo, hi in spans:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


DEFAULT_UNTRACED = ("idle_loop",)


def symbol_extents(elf):
    """[(name, start, end)] of the ELF's code symbols (elfread: function and
    untyped symbols of executable sections, not .L labels), by address: one
    name per address (a function symbol first, then a global one, then the
    first name); a symbol runs to the next one's address or the end of its
    section, or to its st_size when it has one and that is shorter.  The
    functions of tools/evidence/coverage_target.py."""
    ranked = {}
    for sym in elf.code_symbols():
        rank = (0 if sym.type == elfread.STT_FUNC else 1, 0 if sym.bind == 1 else 1, sym.name)
        if sym.value not in ranked or rank < ranked[sym.value][0]:
            ranked[sym.value] = (rank, sym)
    starts = sorted(ranked)
    out = []
    for k, addr in enumerate(starts):
        sym = ranked[addr][1]
        sec = elf.sections[sym.shndx]
        end = sec.addr + sec.size
        if k + 1 < len(starts) and starts[k + 1] < end:
            end = starts[k + 1]
        if sym.size and addr + sym.size < end:
            end = addr + sym.size
        out.append((sym.name, addr, end))
    return out


def section_ranges(elf, untraced):
    """(ranges, names): the merged [lo, hi) ranges of every executable
    section minus the extents of the functions named in `untraced`, and the
    sorted names of those the ELF has."""
    holes, names = [], set()
    for name, lo, hi in symbol_extents(elf):
        if name in untraced:
            holes.append((lo, hi))
            names.add(name)
    out = []
    for sec in sorted(elf.exec_sections(), key=lambda s: s.addr):
        pieces = [(sec.addr, sec.addr + sec.size)]
        for lo, hi in holes:
            nxt = []
            for a, b in pieces:
                if hi <= a or lo >= b:
                    nxt.append((a, b))
                    continue
                if a < lo:
                    nxt.append((a, lo))
                if hi < b:
                    nxt.append((hi, b))
            pieces = nxt
        for a, b in pieces:
            if out and out[-1][1] == a:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return out, sorted(names)


def dfilter(ranges):
    """QEMU's -dfilter argument for [lo, hi) ranges."""
    return ",".join("0x%x..0x%x" % (lo, hi - 1) for lo, hi in ranges)


def markers(prog, paths):
    vectors, entries, boot = {}, {}, None
    for p in paths:
        if p["kind"] == "vector":
            vectors[p["entry"]] = p["name"]
        elif p["kind"] == "entry":
            entries[p["entry"]] = p["name"]
        else:
            boot = (p["entry"], p["name"])
    if boot is None:
        e = prog.elf.entry
        boot = (e, "boot %s" % (prog.symname.get(e) or "0x%08x" % e))
    rfis, stops = set(), set()
    for g in prog.cfgs.values():
        for n in g.nodes.values():
            if n.insn is not None and n.insn.kind == "rfi":
                rfis.add(n.id)
    for r in prog.routines.values():
        for L in r.loops:
            if L.bound is None:
                stops.update(L.latches)
    return vectors, entries, boot, rfis, stops


DEFAULT_LINES = 3000000
DEFAULT_TIMEOUT = 600.0


class LineBudget:
    """Passes the lines of QEMU's log through until the (N+1)-th Trace line
    (every "Trace" line counts, guest lines at core addresses included: they
    are what the run costs).  `reached` tells whether the budget ended it."""

    def __init__(self, lines, limit):
        self.lines = lines
        self.limit = limit
        self.seen = 0
        self.reached = False

    def __iter__(self):
        for line in self.lines:
            if line.startswith("Trace "):
                if self.seen >= self.limit:
                    self.reached = True
                    return
                self.seen += 1
            yield line


def until_halt(pcs, stops, state):
    """Passes the pcs through until the core executes a `@wcet-bound none`
    loop's branch twice in a row (the machine has stopped: arch_halt); the
    second one is not passed.  Sets state["halted"]."""
    prev = None
    for pc in pcs:
        if pc == prev and pc in stops:
            state["halted"] = True
            return
        yield pc
        prev = pc


def parse_positive_int(text):
    """argparse type of a budget: a positive integer, 1_000_000 and 1e6 allowed."""
    t = text.replace("_", "")
    try:
        v = int(t)
    except ValueError:
        try:
            f = float(t)
        except ValueError:
            raise argparse.ArgumentTypeError("%r is not a number of lines" % text)
        if f != f or f in (float("inf"), float("-inf")) or f != int(f):
            raise argparse.ArgumentTypeError("%r is not a whole number of lines" % text)
        v = int(f)
    if v <= 0:
        raise argparse.ArgumentTypeError("%r: the budget must be at least 1 line" % text)
    return v


def parse_seconds(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a number of seconds" % text)
    if not v > 0 or v == float("inf"):
        raise argparse.ArgumentTypeError("%r: the timeout must be a positive number of seconds"
                                         % text)
    return v


def trace_command(qemu, elf, serial, ranges, log):
    return [qemu, "-M", "ref405ep", "-nodefaults", "-display", "none", "-monitor", "none",
            "-serial", "file:" + serial, "-icount", "shift=0,sleep=off", "-kernel", elf,
            "-d", "exec,nochain", "-singlestep", "-dfilter", ranges, "-D", log]


def run_trace(cmd, fifo, limit, timeout, stops, sink, raw=None, timeout_option="--seconds"):
    """Run QEMU (cmd, its log on the FIFO) until `limit` Trace lines, a halt
    or its exit; `sink(pc)` gets every core pc (`raw(line)` every line of
    the log, instead, when given).  Returns (end, lines seen): end is
    "budget", "halt" or "exit".  TraceError when the run reaches none of
    them within `timeout` seconds of wall-clock time or QEMU fails."""
    errlog = tempfile.TemporaryFile()
    t0 = time.monotonic()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=errlog)
    except OSError as e:
        errlog.close()
        raise TraceError("cannot start %s: %s" % (cmd[0], e.strerror))
    watcher = threading.Thread(target=_watch, args=(proc, timeout, fifo))
    watcher.start()
    state = {"halted": False}
    budget = None
    try:
        with open(fifo, encoding="latin-1") as log:
            budget = LineBudget(log, limit)
            if raw is not None:
                lines = _tee(budget, raw)
            else:
                lines = budget
            for pc in until_halt(core_pcs(lines, "qemu log"), stops, state):
                if raw is None:
                    sink(pc)
        if not state["halted"] and not budget.reached:
            try:
                proc.wait(10)   # the log ended: QEMU is exiting (or being stopped)
            except subprocess.TimeoutExpired:
                pass
    finally:
        _stop(proc)
        watcher.join()
    elapsed = time.monotonic() - t0
    errlog.seek(0)
    err = errlog.read().decode("utf-8", "replace")
    errlog.close()
    seen = budget.seen if budget else 0
    if state["halted"]:
        return "halt", seen
    if budget is not None and budget.reached:
        return "budget", seen
    if elapsed >= timeout:
        raise TraceError("the trace reached neither its budget of %d lines nor a halt within "
                         "the timeout of %g s (%d lines traced): raise %s"
                         % (limit, timeout, seen, timeout_option))
    if proc.returncode not in (0, -signal.SIGTERM) and "terminating on signal" not in err:
        raise TraceError("qemu exited with status %s: %s" % (proc.returncode, err.strip()))
    return "exit", seen


def _tee(lines, raw):
    for line in lines:
        raw(line)
        yield line


def cmd_trace(argv):
    p = argparse.ArgumentParser(
        prog=cli.PROG + " trace",
        description="Run the core on QEMU ref405ep (-icount shift=0,sleep=off) with a "
                    "per-instruction trace of every executable section but the --untraced "
                    "functions (--path-ranges: the code the analysed paths can execute), for a "
                    "budget of QEMU log lines, and keep the pcs the core executed (the trace "
                    "streams through a FIFO: a full trace would hold every guest instruction "
                    "too).  Under -icount the machine is deterministic: the same budget gives "
                    "the same trace on every machine.  The trace ends after --lines lines "
                    "'Trace ...' of QEMU's log (guest lines at core addresses count), when the "
                    "machine halts (the core runs its halt loop) or when QEMU exits; a run "
                    "that reaches none of them within --seconds of wall-clock time fails and "
                    "writes nothing.  The output feeds `measure` and "
                    "tools/evidence/coverage_target.py --pcs; --raw keeps the QEMU log "
                    "instead.",
        epilog="Exit status: 0 written; 1 the timeout, QEMU failed, a bad ELF or trace; "
               "2 usage.  See spec/wcet.md (Measured maxima).")
    cli.add_common(p)
    p.add_argument("-o", "--out", required=True, metavar="FILE",
                   help="where the core's pcs go (one hexadecimal pc a line)")
    p.add_argument("--lines", type=parse_positive_int, default=DEFAULT_LINES, metavar="N",
                   help="the trace's budget: lines 'Trace ...' of QEMU's log (default "
                        "%(default)d; about 100,000 a second)")
    p.add_argument("--seconds", type=parse_seconds, default=DEFAULT_TIMEOUT, metavar="S",
                   help="wall-clock timeout: a run that has not ended by then fails "
                        "(default %(default)g); it never bounds the trace")
    p.add_argument("--qemu", default="qemu-system-ppc", help="QEMU binary (default %(default)s)")
    p.add_argument("--serial", metavar="FILE",
                   help="where the serial output goes (default FILE.serial)")
    p.add_argument("--raw", action="store_true",
                   help="write QEMU's own log to FILE (large) instead of the core's pcs")
    p.add_argument("--untraced", action="append", metavar="SYMBOL",
                   help="leave this function out of the trace (default: %s; repeat for more)"
                        % ", ".join(DEFAULT_UNTRACED))
    p.add_argument("--path-ranges", action="store_true",
                   help="trace only the code the analysed paths can execute (cheaper; the "
                        "trace then serves `measure` only, not the coverage)")
    args = p.parse_args(argv)
    if args.path_ranges and args.untraced:
        raise cli.UsageError("--path-ranges and --untraced: choose one")
    prog = cli.build_program(args)
    paths, errors = cli.analyse(prog)
    for e in errors:
        sys.stderr.write("%s: warning: %s\n" % (cli.PROG, e))
    _v, _e, _b, _r, stops = markers(prog, paths)
    if args.path_ranges:
        ranges = dfilter(code_ranges(prog))
        scope = "# path-ranges\n"
    else:
        spans, names = section_ranges(prog.elf, tuple(args.untraced or DEFAULT_UNTRACED))
        ranges = dfilter(spans)
        scope = "# untraced=%s\n" % ",".join(names)
    serial = args.serial or args.out + ".serial"
    if os.path.exists(args.out):
        os.remove(args.out)   # a failed run leaves no stale trace behind
    tmp = tempfile.mkdtemp(prefix="wcet-trace-")
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    partial = args.out + ".part"
    cmd = trace_command(args.qemu, args.elf, serial, ranges, fifo)
    print(" ".join(cmd))
    count = [0]
    try:
        with open(partial, "w", encoding="latin-1", newline="\n") as out:
            if args.raw:
                end, seen = run_trace(cmd, fifo, args.lines, args.seconds, stops, None,
                                      raw=out.write)
            else:
                out.write(PCS_HEADER + " (%s, budget %d lines)\n" % (args.elf, args.lines))
                out.write("# elf_sha256=%s\n# dfilter=%s\n%s"
                          % (hashlib.sha256(prog.elf.data).hexdigest(), ranges, scope))

                def sink(pc):
                    out.write("%x\n" % pc)
                    count[0] += 1
                end, seen = run_trace(cmd, fifo, args.lines, args.seconds, stops, sink)
                out.write("# end=%s lines=%d budget=%d core=%d\n" % (end, seen, args.lines,
                                                                    count[0]))
        os.replace(partial, args.out)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
        os.unlink(fifo)
        os.rmdir(tmp)
    what = "%d core instructions in %s" % (count[0], args.out) if not args.raw else args.out
    print("trace: %s; %d lines of %d (%s); serial output: %s"
          % (what, seen, args.lines, end, serial))
    return 0


def _watch(proc, seconds, fifo):
    """Stops QEMU after `seconds`; once it is gone, releases a reader still
    waiting to open the FIFO (QEMU died before opening its log)."""
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        _stop(proc)
    if fifo:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass  # no reader waiting (ENXIO) or already gone


def _stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def compare(paths, results):
    """Rows of bound vs measured, and the list of violations."""
    rows, bad = [], []
    for p in paths:
        res = results.get(p["name"], {"rfi": [], "stop": [], "cut": 0})
        for kind in ("rfi", "stop"):
            runs = res[kind]
            bound = p[kind]
            if not runs and bound is None:
                continue
            measured = max(runs) if runs else None
            row = {"path": p["name"], "end": "rfi" if kind == "rfi" else "halt",
                   "bound": bound[0] if bound else None,
                   "bound_cycles": bound[1] if bound else None,
                   "measured": measured, "runs": len(runs), "cut": res["cut"],
                   "ratio": round(bound[0] / measured, 2) if bound and measured else None}
            if measured is not None and (bound is None or measured > bound[0]):
                bad.append(row)
            rows.append(row)
    for name, res in sorted(results.items()):
        if not any(p["name"] == name for p in paths):
            bad.append({"path": name, "end": "?", "bound": None, "measured": None,
                        "runs": len(res["rfi"]) + len(res["stop"]), "cut": res["cut"],
                        "ratio": None, "bound_cycles": None})
    return rows, bad


def cmd_measure(argv):
    p = argparse.ArgumentParser(
        prog=cli.PROG + " measure",
        description="Measured maximum of every entry path in QEMU exec traces (from `trace`), "
                    "next to its static bound; exit status 1 when a measurement exceeds its bound "
                    "or the static analysis fails for a measured path.")
    cli.add_common(p)
    p.add_argument("traces", nargs="+", metavar="LOG", help="QEMU -d exec,nochain trace files")
    p.add_argument("--json", metavar="OUT", help="write the comparison as JSON")
    p.add_argument("--all", action="store_true",
                   help="list every path (default: only the measured ones)")
    args = p.parse_args(argv)
    prog = cli.build_program(args)
    paths, errors = cli.analyse(prog)
    seg = Segmenter(*markers(prog, paths))
    ends = []
    for t in args.traces:
        info = {}
        try:
            seg.feed(read_pcs(t, info))
        except TraceError as e:
            raise cli.UsageError(str(e))
        ends.append(dict({k: info[k] for k in END_KEYS}, file=t) if "end" in info
                    else {"file": t, "end": None})
    results = seg.finish()
    rows, bad = compare(paths, results)
    shown = [r for r in rows if args.all or r["measured"] is not None]
    shown.sort(key=lambda r: (-(r["bound"] or 0), r["path"], r["end"]))
    table = [[r["path"], r["end"], _s(r["bound"]), _s(r["measured"]),
              "%.2f" % r["ratio"] if r["ratio"] else "-", str(r["runs"]), str(r["cut"])]
             for r in shown]
    print("measured maxima of %s in %s (instructions)" % (prog.elf.path, ", ".join(args.traces)))
    print(cli.table(table, ["entry path", "end", "bound", "measured", "bound/measured",
                            "runs", "cut"]))
    for b in bad:
        print("VIOLATION: %s (%s): measured %s > bound %s" % (b["path"], b["end"],
                                                              _s(b["measured"]), _s(b["bound"])))
    for e in errors:
        sys.stderr.write("%s: warning: %s\n" % (cli.PROG, e))
    for t in ends:
        if t["end"] is not None:
            print("trace %s: %d lines of a budget of %d (ended by %s), %d core instructions"
                  % (t["file"], t["lines"], t["budget"], t["end"], t["core"]))
    print("%d paths measured, %d violations" % (len([r for r in rows if r["measured"]]), len(bad)))
    if args.json:
        cli.write_json(args.json, {"elf": args.elf, "traces": args.traces, "trace_ends": ends,
                                   "model": prog.model.describe(), "rows": sorted(
                                       rows, key=lambda r: (r["path"], r["end"])),
                                   "violations": bad})
    return 1 if bad else 0


def _s(v):
    return "-" if v is None else str(v)

"""Measured maxima of the core's entry paths from QEMU instruction traces.

`trace` runs the core on QEMU 7.2 (ref405ep) with
    -icount shift=0,sleep=off -d exec,nochain -singlestep -dfilter RANGES -D LOG
where RANGES are the code the analysed paths can execute (so the idle loop
and the preemptible reload loops, which no path reaches, do not flood the
log), for a limited wall-clock time.  QEMU prints one line per executed
instruction (one instruction per translation block under -singlestep):
    Trace 0: 0x7f26ec000100 [00000000/000020f4/6c000002/ff020201] _start
(the second field in brackets is the pc, the third the translation flags,
whose bit 14 is MSR[PR]: lines in problem state are guest code, which
-dfilter cannot tell from the core's because it filters virtual
addresses, and are dropped).  Two other lines cancel the previous one,
because that instruction did not complete and runs again:
    cpu_io_recompile: rewound execution of TB to 00002ec4
    Stopped execution of TB chain before 0x... [00002ec4] ...

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
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading

import cli

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


def read_pcs(path):
    """The core's pcs from a QEMU exec trace or from a `trace` output file."""
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


def cmd_trace(argv):
    p = argparse.ArgumentParser(
        prog=cli.PROG + " trace",
        description="Run the core on QEMU ref405ep (-icount shift=0,sleep=off) with a "
                    "per-instruction trace of the code the analysed paths can execute, for a "
                    "limited wall-clock time, and keep the pcs the core executed (the trace "
                    "streams through a FIFO: a full trace would hold every guest instruction "
                    "too).  The output feeds `measure`; --raw keeps the QEMU log instead.")
    cli.add_common(p)
    p.add_argument("-o", "--out", required=True, metavar="FILE",
                   help="where the core's pcs go (one hexadecimal pc a line)")
    p.add_argument("--seconds", type=float, default=20.0,
                   help="wall-clock run time before QEMU is stopped (default 20)")
    p.add_argument("--qemu", default="qemu-system-ppc", help="QEMU binary (default %(default)s)")
    p.add_argument("--serial", metavar="FILE",
                   help="where the serial output goes (default FILE.serial)")
    p.add_argument("--raw", action="store_true",
                   help="write QEMU's own log to FILE (large) instead of the core's pcs")
    args = p.parse_args(argv)
    if args.seconds <= 0:
        raise cli.UsageError("--seconds must be positive")
    prog = cli.build_program(args)
    _paths, errors = cli.analyse(prog)
    for e in errors:
        sys.stderr.write("%s: warning: %s\n" % (cli.PROG, e))
    ranges = ",".join("0x%x..0x%x" % (lo, hi - 1) for lo, hi in code_ranges(prog))
    serial = args.serial or args.out + ".serial"
    tmp = None
    if args.raw:
        log = args.out
    else:
        tmp = tempfile.mkdtemp(prefix="wcet-trace-")
        log = os.path.join(tmp, "fifo")
        os.mkfifo(log)
    cmd = [args.qemu, "-M", "ref405ep", "-nodefaults", "-display", "none", "-monitor", "none",
           "-serial", "file:" + serial, "-icount", "shift=0,sleep=off", "-kernel", args.elf,
           "-d", "exec,nochain", "-singlestep", "-dfilter", ranges, "-D", log]
    print(" ".join(cmd))
    errlog = tempfile.TemporaryFile()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=errlog)
    except OSError as e:
        if tmp:
            os.unlink(log)
            os.rmdir(tmp)
        raise cli.UsageError("cannot start %s: %s" % (args.qemu, e.strerror))
    watcher = threading.Thread(target=_watch, args=(proc, args.seconds, log if tmp else None))
    watcher.start()
    count = 0
    try:
        if tmp:
            with open(log, encoding="latin-1") as fifo, open(args.out, "w") as out:
                out.write(PCS_HEADER + " (%s, %g s)\n" % (args.elf, args.seconds))
                for pc in core_pcs(fifo, "qemu log"):
                    out.write("%x\n" % pc)
                    count += 1
        watcher.join()
    finally:
        _stop(proc)
        watcher.join()
        if tmp:
            os.unlink(log)
            os.rmdir(tmp)
    errlog.seek(0)
    err = errlog.read().decode("utf-8", "replace")
    errlog.close()
    if proc.returncode not in (0, -signal.SIGTERM) and "terminating on signal" not in err:
        sys.stderr.write(err)
        raise cli.UsageError("qemu exited with status %s" % proc.returncode)
    if tmp:
        print("trace: %d core instructions in %s; serial output: %s" % (count, args.out, serial))
    else:
        print("trace: %s; serial output: %s" % (args.out, serial))
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
    for t in args.traces:
        try:
            seg.feed(read_pcs(t))
        except TraceError as e:
            raise cli.UsageError(str(e))
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
    print("%d paths measured, %d violations" % (len([r for r in rows if r["measured"]]), len(bad)))
    if args.json:
        cli.write_json(args.json, {"elf": args.elf, "traces": args.traces,
                                   "model": prog.model.describe(), "rows": sorted(
                                       rows, key=lambda r: (r["path"], r["end"])),
                                   "violations": bad})
    return 1 if bad else 0


def _s(v):
    return "-" if v is None else str(v)

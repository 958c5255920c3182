"""Static WCET analysis of the linked core: control-flow graphs, loops,
call graph and longest paths (spec/wcet.md).

A *routine* is the code reached from one start address: a symbol (function
or assembly label), an exception vector slot, or an @wcet-entry point.  Its
extent is [the symbol at or below the start, the next symbol); a branch
inside the extent is local, a branch to another symbol's first instruction
is a tail call, falling off the end of the extent is a tail call to the
next symbol, and anything else is an error.  A routine ends at three kinds
of exits:
  ret   blr: back to its caller
  rfi   rfi/rfci: the core path is over (the interrupted or next context runs)
  stop  a loop annotated `@wcet-bound none` (left by interrupt only, or the
        machine stops: arch_halt)
and its cost is, per exit kind, the longest path from the start to such an
exit, in instructions and in cycles (timing.py).

Per routine: a context-free CFG from the decoded branches (jump tables of
gcc's `switch` resolved from .rodata; discovering a routine discovers its
callees first, which detects recursion and tells which callees never
return).  Then, per *context* (the constant argument registers of a call
site): constant propagation drops the infeasible edges (constprop.py);
natural loops from back edges (dominators; an irreducible CFG is an error),
each bounded by the @wcet-bound annotation on the source line of its
header or back edge (DWARF line table); loops processed innermost first:
the header carries bound x (longest header->latch->header iteration); then
the longest path over the acyclic graph.  Calls (bl) add the callee's 'ret'
cost on the return edge and end the path with its 'rfi' and 'stop' costs.
"""
import os

import constprop
from annotations import AnnotationError, evaluate
from elfread import ElfError
from ppcdecode import decode

KINDS = ("ret", "rfi", "stop")
ZERO = (0, 0)

VECTOR_NAMES = {
    0x0100: "critical-input", 0x0200: "machine-check", 0x0300: "data-storage",
    0x0400: "instruction-storage", 0x0500: "external", 0x0600: "alignment",
    0x0700: "program", 0x0800: "fpu-unavailable", 0x0C00: "system-call",
    0x0F20: "apu-unavailable", 0x1000: "pit", 0x1010: "fit", 0x1020: "watchdog",
    0x1100: "dtlb-miss", 0x1200: "itlb-miss", 0x2000: "debug",
}


class AnalysisError(Exception):
    pass


class RawNode:
    """A node of a routine's context-free CFG: an instruction, or a tail
    call (id ('tail', target))."""
    __slots__ = ("id", "insn", "succs", "exits", "call", "tail", "lines")

    def __init__(self, nid, insn=None):
        self.id = nid
        self.insn = insn
        self.succs = []   # [(node id, tag)]: tag 'seq' | 'taken' | 'fall' | 'table' | 'cont'
        self.exits = set()  # static exits: 'ret' (blr, bclr), 'rfi'
        self.call = None  # target of a bl
        self.tail = None  # target of a tail call (pseudo node)
        self.lines = ()


class CFG:
    def __init__(self, start, lo, hi):
        self.start = start
        self.lo, self.hi = lo, hi
        self.nodes = {}
        self.jump_tables = []   # (bctr address, table address, bounds check address, targets)
        self.may_return = False


class Node:
    """A node of a routine analysed in a context: weights and feasible edges."""
    __slots__ = ("id", "insn", "w", "succs", "exits", "call", "lines")

    def __init__(self, nid, insn=None, w=ZERO):
        self.id = nid
        self.insn = insn
        self.w = w
        self.succs = []   # [(node id, edge weight)]
        self.exits = {}   # kind -> weight added when the path ends here
        self.call = None  # callee Routine (bl) or tail-called Routine
        self.lines = ()


class Loop:
    def __init__(self, header, body, latches):
        self.header = header
        self.body = body
        self.latches = latches
        self.annotation = None
        self.bound = None      # int, or None for 'none'
        self.source = ""
        self.cycle = [0, 0]    # longest iteration (instructions, cycles)

    def as_dict(self, routine):
        return {"routine": routine.label, "header": "0x%08x" % self.header,
                "source": self.source, "bound": self.bound,
                "annotation": self.annotation.text if self.annotation else None}


class Routine:
    """A routine analysed in a context (known argument registers)."""

    def __init__(self, cfg, name, ctx):
        self.start = cfg.start
        self.cfg = cfg
        self.name = name
        self.ctx = ctx
        self.nodes = {}
        self.loops = []
        self.cost = {}          # kind -> (instructions, cycles)
        self.worst = {}         # kind -> node ids of the longest path (instructions)
        self.callees = set()    # (start, ctx) of the routines it calls or tail-calls
        self.order = []
        self.back = set()

    @property
    def label(self):
        if not self.ctx:
            return self.name
        return "%s(%s)" % (self.name, ",".join(
            "r%d=%s" % (reg, ("%d" % v) if v < 0x10000 else "0x%x" % v) for reg, v in self.ctx))

    def bound(self, kinds=KINDS):
        vals = [self.cost[k] for k in kinds if k in self.cost]
        if not vals:
            return None
        return (max(v[0] for v in vals), max(v[1] for v in vals))


class Program:
    """The analysis of one core ELF."""

    def __init__(self, elf, lines, sources, constants, model):
        if elf.machine != 20:
            raise AnalysisError("%s: not a PowerPC ELF (e_machine=%d)" % (elf.path, elf.machine))
        if lines is None:
            raise AnalysisError(
                "%s: no DWARF line table (.debug_line): build the core with -g so that loop "
                "bounds can be read from the @wcet-bound annotations (spec/wcet.md)" % elf.path)
        self.elf = elf
        self.lines = lines
        self.sources = sources
        self.constants = constants
        self.model = model
        self.exec = elf.exec_sections()
        if not self.exec:
            raise AnalysisError("%s: no executable section" % elf.path)
        names = {}
        for sym in elf.code_symbols():
            rank = (0 if sym.type == 2 else 1, 0 if sym.bind == 1 else 1, sym.name)
            if sym.value not in names or rank < names[sym.value][0]:
                names[sym.value] = (rank, sym.name)
        self.symname = {a: n for a, (_r, n) in names.items()}
        self.symstarts = sorted(self.symname)
        self.routines = {}    # (start, context) -> Routine
        self.cfgs = {}        # start -> CFG
        self.dstack = []      # CFGs being discovered (recursion detection)
        self.stack = []       # routines being analysed (messages)
        self.insns = {}
        self.line_index = None

    # ---- basic queries ---------------------------------------------------
    def section_of(self, addr):
        for s in self.exec:
            if s.addr <= addr < s.addr + s.size:
                return s
        return None

    def insn(self, addr):
        if addr in self.insns:
            return self.insns[addr]
        if addr % 4:
            raise AnalysisError("misaligned code address 0x%08x%s" % (addr, self.chain()))
        sec = self.section_of(addr)
        if sec is None:
            raise AnalysisError("control reaches 0x%08x, outside every executable section%s"
                                % (addr, self.chain()))
        i = decode(self.elf.word(addr), addr)
        self.insns[addr] = i
        return i

    def label(self, addr):
        """symbol+offset for messages."""
        best = None
        for s in self.symstarts:
            if s <= addr:
                best = s
            else:
                break
        if best is None:
            return "0x%08x" % addr
        off = addr - best
        return "0x%08x <%s%s>" % (addr, self.symname[best], "+0x%x" % off if off else "")

    def where(self, addr):
        ls = sorted(self.lines.get(addr, ()))
        if not ls:
            return "no source line"
        return ", ".join("%s:%d" % (self.sources.display(p), n) for p, n in ls[:3])

    def chain(self):
        if not self.stack:
            return self.dchain()
        return " (reached through %s)" % " -> ".join(r.label for r in self.stack)

    def extent(self, addr):
        sec = self.section_of(addr)
        if sec is None:
            raise AnalysisError("0x%08x is outside every executable section%s" % (addr, self.chain()))
        lo, hi = sec.addr, sec.addr + sec.size
        for s in self.symstarts:
            if s <= addr and s >= lo:
                lo = s
            elif s > addr:
                hi = min(hi, s)
                break
        return lo, hi

    def vector_slots(self):
        """[(address, name, offset)] of the exception vector slots in .vectors:
        the 405's vector offsets and every other multiple of 0x100 that holds
        code."""
        sec = self.elf.section(".vectors")
        if sec is None:
            raise AnalysisError("%s: no .vectors section" % self.elf.path)
        base_sym = self.elf.symbol("vectors_base")
        base = base_sym.value if base_sym else sec.addr
        out = []
        for off in range(0, 0x2100, 0x10):
            addr = base + off
            if not sec.addr <= addr < sec.addr + sec.size:
                continue
            if off not in VECTOR_NAMES and off % 0x100:
                continue
            if self.elf.word(addr) == 0:
                continue
            out.append((addr, VECTOR_NAMES.get(off, "unused-0x%04x" % off), off))
        return out

    def entry_annotations(self):
        """[(address, Annotation)] of the @wcet-entry annotations of every
        source file in the line table."""
        index = self._line_index()
        out = []
        for path in sorted({p for (p, _n) in index}):
            if not _exists(self.sources.resolve_path(path)):
                continue
            for n, a in sorted(self.sources.annotations(path).items()):
                if a.kind != "entry":
                    continue
                addrs = index.get((path, n))
                if not addrs:
                    raise AnalysisError("%s: @wcet-entry %s: no instruction of the binary comes from "
                                        "this line" % (a.where, a.name))
                out.append((min(addrs), a))
        return sorted(out, key=lambda x: x[0])

    def _line_index(self):
        if self.line_index is None:
            idx = {}
            for addr, keys in self.lines.items():
                for k in keys:
                    idx.setdefault(k, []).append(addr)
            self.line_index = idx
        return self.line_index

    # ---- context-free CFGs ---------------------------------------------------
    def cfg(self, start):
        """The CFG of the routine at start (discovered once, whatever the
        context); discovering it discovers its callees first (to know which
        return), which detects recursion."""
        if start in self.cfgs:
            return self.cfgs[start]
        if start in self.dstack:
            cycle = self.dstack[self.dstack.index(start):] + [start]
            raise AnalysisError("recursion: %s (the core must not recurse)"
                                % " -> ".join(self.symname.get(s) or self.label(s) for s in cycle))
        lo, hi = self.extent(start)
        g = CFG(start, lo, hi)
        self.dstack.append(start)
        try:
            self._discover(g)
        finally:
            self.dstack.pop()
        self.cfgs[start] = g
        return g

    def dchain(self):
        if not self.dstack:
            return ""
        return " (in %s)" % " <- ".join(self.symname.get(s) or self.label(s)
                                         for s in reversed(self.dstack))

    def _discover(self, g):
        nodes = g.nodes
        work = [g.start]

        def target_id(at, t):
            if g.lo <= t < g.hi:
                return t
            if t in self.symname:
                tid = ("tail", t)
                if tid not in nodes:
                    n = RawNode(tid)
                    n.tail = t
                    nodes[tid] = n
                return tid
            raise AnalysisError("%s: branch to %s, inside another routine%s"
                                % (self.label(at), self.label(t), self.dchain()))

        def succ(node, t, tag):
            if t == g.hi and t not in self.symname:
                raise AnalysisError("%s: execution runs off the end of the code%s"
                                    % (self.label(node.id), self.dchain()))
            tid = target_id(node.id, t)
            node.succs.append((tid, tag))
            if isinstance(tid, int) and tid not in nodes:
                work.append(tid)

        while work:
            a = work.pop()
            if a in nodes:
                continue
            i = self.insn(a)
            n = RawNode(a, i)
            n.lines = tuple(sorted(self.lines.get(a, ())))
            nodes[a] = n
            k = i.kind
            if k == "seq":
                succ(n, a + 4, "seq")
            elif k == "b":
                succ(n, i.target, "seq")
            elif k == "bc":
                succ(n, i.target, "taken")
                succ(n, a + 4, "fall")
            elif k == "call":
                if i.target not in self.symname:
                    raise AnalysisError("%s: call to %s, which is not the start of a symbol%s"
                                        % (self.label(a), self.label(i.target), self.dchain()))
                n.call = i.target
                if self.cfg(i.target).may_return:
                    succ(n, a + 4, "cont")
            elif k == "ret":
                n.exits.add("ret")
            elif k == "cret":
                n.exits.add("ret")
                succ(n, a + 4, "fall")
            elif k == "rfi":
                n.exits.add("rfi")
            elif k == "jump_ctr":
                for t in self._jump_table(g, a):
                    succ(n, t, "table")
            elif k in ("icall", "cjump_ctr", "ccall"):
                raise AnalysisError("%s: unresolved indirect branch or call `%s` (%s)%s"
                                    % (self.label(a), i.text, self.where(a), self.dchain()))
            elif k == "sc":
                raise AnalysisError("%s: `sc` inside the core (%s)%s"
                                    % (self.label(a), self.where(a), self.dchain()))
            else:
                raise AnalysisError("%s: undecodable instruction word 0x%08x on a code path "
                                    "(%s)%s" % (self.label(a), i.word, self.where(a), self.dchain()))
        self._check_jump_tables(g)
        g.may_return = any("ret" in n.exits for n in nodes.values()) or any(
            self.cfg(n.tail).may_return for n in nodes.values() if n.tail is not None)

    # ---- routines in a context ------------------------------------------------
    def routine(self, start, ctx=(), name=None):
        key = (start, ctx)
        if key in self.routines:
            return self.routines[key]
        g = self.cfg(start)
        if name is None:
            name = self.symname.get(start) or self.label(start)
        r = Routine(g, name, ctx)
        self.stack.append(r)
        try:
            states = self._propagate(r, g)
            self._link(r, g, states)
            self._loops(r)
            self._costs(r)
        finally:
            self.stack.pop()
        self.routines[key] = r
        return r

    def _propagate(self, r, g):
        """Constant propagation from the context: {node id: (state before,
        feasible successor ids, feasible static exits)}."""
        entry = g.start
        inn = {entry: constprop.State(dict(r.ctx))}
        feas = {}
        work = [entry]
        read = self.read_ro
        while work:
            u = work.pop()
            n = g.nodes[u]
            st = inn[u]
            edges, exits = feas.setdefault(u, (set(), set()))
            if n.tail is not None:
                continue
            i = n.insn
            out = constprop.step(i, st, read)
            outcome = None
            if i.kind in ("bc", "cret"):
                outcome = constprop.branch_outcome(i, st)
            for e in n.exits:
                if i.kind == "cret" and outcome is False:
                    continue
                exits.add(e)
            for v, tag in n.succs:
                if tag == "taken" and outcome is False:
                    continue
                if tag == "fall" and outcome is True:
                    continue
                if tag == "table" and st.ctr is not None and v != st.ctr:
                    continue
                new = constprop.State() if tag == "cont" else out
                edges.add(v)
                if v not in inn:
                    inn[v] = new
                    work.append(v)
                else:
                    m = inn[v].meet(new)
                    if not m == inn[v]:
                        inn[v] = m
                        work.append(v)
        return {u: (inn[u],) + feas.get(u, (set(), set())) for u in inn}

    def read_ro(self, addr, size):
        """Value at addr in a read-only section of the image, or None."""
        s = self.elf.section_at(addr)
        if s is None or s.flags & 0x1 or addr + size > s.addr + s.size:  # SHF_WRITE
            return None
        v = 0
        for b in self.elf.read(addr, size):
            v = (v << 8) | b
        return v

    def _link(self, r, g, states):
        """Nodes of the routine in its context: feasible edges, weights, and
        the callees analysed in the contexts of their call sites."""
        model = self.model
        for u, (st, edges, exits) in states.items():
            raw = g.nodes[u]
            if raw.tail is not None:
                callee = self.routine(raw.tail, st.context())
                r.callees.add((callee.start, callee.ctx))
                n = Node(u)
                n.call = callee
                n.exits = dict(callee.cost)
                r.nodes[u] = n
                continue
            i = raw.insn
            n = Node(u, i, (1, model.cycles(i)))
            n.lines = raw.lines
            for e in exits:
                n.exits[e] = ZERO
            cont_w = ZERO
            if raw.call is not None:
                callee = self.routine(raw.call, st.context())
                r.callees.add((callee.start, callee.ctx))
                n.call = callee
                for kind in ("rfi", "stop"):
                    if kind in callee.cost:
                        n.exits[kind] = callee.cost[kind]
                cont_w = callee.cost.get("ret")
            for v, tag in raw.succs:
                if v not in edges:
                    continue
                if tag == "cont":
                    if cont_w is None:
                        continue  # the callee does not return in this context
                    n.succs.append((v, cont_w))
                else:
                    n.succs.append((v, ZERO))
            r.nodes[u] = n
        # drop what the pruned edges left unreachable
        seen, stack = {g.start}, [g.start]
        while stack:
            x = stack.pop()
            for v, _w in r.nodes[x].succs:
                if v not in seen:
                    seen.add(v)
                    stack.append(v)
        for x in list(r.nodes):
            if x not in seen:
                del r.nodes[x]

    # ---- jump tables ---------------------------------------------------------
    def _jump_table(self, g, at):
        """Targets of gcc's switch dispatch ending in the bctr at `at`:
            cmplwi crN,rI,K ; bgt crN,default ; lis/addi rB ; slwi rS,rI,2 ;
            lwzx rE,rB,rS ; [add rT,rE,rB] ; mtctr rT ; bctr
        (other instructions may be interleaved: a register they overwrite
        loses its value).  K+1 table words from .rodata: addresses, or
        offsets from the table when the add is present."""
        def fail(why):
            raise AnalysisError("%s: unresolved indirect branch `bctr` (%s): %s%s"
                                % (self.label(at), self.where(at), why, self.dchain()))
        start = None
        for k in range(1, 33):
            b = at - 4 * k
            if b < g.lo:
                break
            i = self.insn(b)
            if i.kind not in ("seq", "bc"):
                break
            if i.opcd == 10:
                start = b
                break
        if start is None:
            fail("no bounds check (cmplwi) before it: not gcc's jump-table pattern")
        chk = self.insn(start)
        if (chk.word >> 21) & 1:
            fail("64-bit bounds check")
        state = {chk.ra: ("idx", 1)}
        limit, crf = chk.ui, chk.crf
        default = None
        ctr = None
        for b in range(start + 4, at, 4):
            i = self.insn(b)
            if i.kind == "bc":
                bgt = (i.bo & 0x14) == 0x04 and (i.bo & 0x08) and i.bi == 4 * crf + 1
                if not bgt or default is not None:
                    fail("unexpected branch at %s between the bounds check and the bctr"
                         % self.label(b))
                default = i.target
                continue
            if i.kind != "seq":
                fail("unexpected instruction at %s" % self.label(b))
            ctr = _simulate(i, state, ctr)
        if default is None:
            fail("the bounds check is not followed by `bgt` to the default case")
        if ctr is None or ctr[0] not in ("entry", "target"):
            fail("the value moved to CTR is not a table entry")
        table = ctr[1]
        targets = []
        for j in range(limit + 1):
            try:
                w = self.elf.word(table + 4 * j)
            except ElfError:
                fail("jump table at 0x%08x lies outside the image" % table)
            if ctr[0] == "target":
                w = ((w - 0x100000000 if w & 0x80000000 else w) + ctr[2]) & 0xFFFFFFFF
            if not g.lo <= w < g.hi:
                fail("table entry %d -> 0x%08x lies outside the routine" % (j, w))
            targets.append(w)
        g.jump_tables.append((at, table, start, targets))
        return sorted(set(targets))

    def _check_jump_tables(self, g):
        """The dispatch sequence after the bounds check must be entered only
        through the check (else the index may be out of range)."""
        preds = {}
        for n in g.nodes.values():
            for s, _tag in n.succs:
                preds.setdefault(s, set()).add(n.id)
        for at, _table, start, _targets in g.jump_tables:
            for b in range(start + 4, at + 4, 4):
                extra = preds.get(b, set()) - {b - 4}
                if extra:
                    raise AnalysisError(
                        "%s: jump table's bounds check at %s can be bypassed (branch from %s)%s"
                        % (self.label(at), self.label(start),
                           ", ".join(self.label(p) for p in sorted(extra, key=str)), self.dchain()))

    # ---- loops ------------------------------------------------------------
    def _loops(self, r):
        nodes = r.nodes
        entry = r.start
        order = _rpo(nodes, entry)
        index = {n: k for k, n in enumerate(order)}
        preds = {n: [] for n in order}
        for u in order:
            for v, _w in nodes[u].succs:
                preds[v].append(u)
        dom = _dominators(order, preds, index)
        back = []
        for u in order:
            for v, _w in nodes[u].succs:
                if index[v] <= index[u]:  # retreating edge in this DFS order
                    if not _dominates(dom, v, u):
                        raise AnalysisError("%s: irreducible control flow (edge %s -> %s)%s"
                                            % (r.label, self.label(u), self.label(v), self.chain()))
                    back.append((u, v))
        by_header = {}
        for u, h in back:
            by_header.setdefault(h, set()).add(u)
        loops = []
        for h, latches in by_header.items():
            body = {h}
            stack = [u for u in latches if u != h]
            body.update(stack)
            while stack:
                x = stack.pop()
                for p in preds[x]:
                    if p not in body:
                        body.add(p)
                        stack.append(p)
            loops.append(Loop(h, body, latches))
        loops.sort(key=lambda L: (len(L.body), L.header))
        claimed_by = {}  # loop header -> the annotations that bound it
        for L in loops:
            inner = set()
            claimed = set()  # annotations that bound a loop nested in L
            for M in loops:
                if M is not L and M.header in L.body and M.body < L.body:
                    inner |= M.body
                    claimed |= claimed_by.get(M.header, set())
            claimed_by[L.header] = self._bound(r, L, L.body - inner, claimed)
        r.loops = loops
        r.order = order
        r.back = set(back)

    def _bound(self, r, L, own, claimed):
        """The loop's bound from the @wcet-bound annotation on the source line
        of its header or of one of its latches (the instructions that branch
        back), not already the bound of a loop nested in it (claimed).  Two
        copies of one source loop (a function inlined twice) are not nested,
        so each takes the same annotation.  Returns the annotations that
        bound this loop and the loops nested in it."""
        def lines_of(ids):
            out = set()
            for x in ids:
                if isinstance(x, int):
                    out.update(r.nodes[x].lines)
            return out
        key_lines = lines_of(({L.header} | L.latches) & own)
        chosen = [a for a in self._annotations(key_lines) if (a.path, a.line) not in claimed]
        hdr = self.label(L.header)
        src = self.where(L.header)
        if not chosen:
            others = [a for a in self._annotations(lines_of(own))
                      if (a.path, a.line) not in claimed]
            hint = ""
            if others:
                hint = "; annotations on other lines of its body (%s) do not count" % ", ".join(
                    a.where for a in others)
            raise AnalysisError(
                "unbounded loop in %s: header %s (%s); put `@wcet-bound N` on the line of its "
                "header or back edge (%s)%s%s"
                % (r.label, hdr, src, ", ".join("%s:%d" % (self.sources.display(p), n)
                                                for p, n in sorted(key_lines)) or "no source line",
                   hint, self.chain()))
        values = {}
        for a in chosen:
            values.setdefault(self._value(a, r, L), []).append(a)
        if len(values) > 1:
            raise AnalysisError("loop in %s at %s (%s) has conflicting @wcet-bound annotations: %s"
                                % (r.label, hdr, src, ", ".join(
                                    "%s (%s)" % (a.where, a.text) for a in chosen)))
        (value, anns), = values.items()
        L.annotation = anns[0]
        L.source = anns[0].where
        L.bound = value
        return set((a.path, a.line) for a in chosen) | claimed

    def _annotations(self, lines):
        out = []
        for path, n in sorted(lines):
            a = self.sources.at(path, n)
            if a is not None and a.kind == "bound":
                out.append(a)
        return out

    def _value(self, a, r, L):
        if a.special == "none":
            return None
        if a.special == "preemptible":
            raise AnalysisError(
                "%s: loop in %s at %s is annotated `@wcet-bound preemptible` (runs only with "
                "interrupts on) but lies on a non-preemptible path%s"
                % (a.where, r.label, self.label(L.header), self.chain()))

        def resolve(name):
            v = self.constants.value(name)
            if v is not None:
                return v
            sym = self.elf.symbol(name)
            if sym is not None:
                return sym.value
            raise AnnotationError("unknown name %r (not a #define of the configuration or core "
                                  "headers, not an ELF symbol)" % name)
        ctx = dict(r.ctx)

        def arg(k):
            return ctx.get(2 + k)
        try:
            v = evaluate(a.expr, resolve, arg)
        except AnnotationError as e:
            raise AnnotationError("%s: @wcet-bound %s: %s%s" % (a.where, a.expr_text, e, self.chain()))
        if v is None:
            raise AnalysisError("%s: @wcet-bound %s: depends on an argument that is not a known "
                                "constant in %s; cap it, e.g. min(arg(k), N)%s"
                                % (a.where, a.expr_text, r.label, self.chain()))
        if v < 0:
            raise AnalysisError("%s: @wcet-bound %s evaluates to %d" % (a.where, a.expr_text, v))
        return v

    # ---- costs ---------------------------------------------------------------
    def _costs(self, r):
        nodes = r.nodes
        back = set(r.back)
        # `@wcet-bound none` loops end the path: drop their back edges, their
        # latches become 'stop' exits.
        for L in r.loops:
            if L.bound is None:
                for u in L.latches:
                    nodes[u].succs = [(v, w) for v, w in nodes[u].succs if v != L.header]
                    nodes[u].exits["stop"] = ZERO
                    back.discard((u, L.header))
        topo = [n for n in r.order]  # RPO is a topological order of the DAG without back edges
        cost = {}
        for m in (0, 1):
            extra = {}

            def weight(x):
                return nodes[x].w[m] + extra.get(x, 0)
            for L in r.loops:
                if L.bound is None:
                    continue
                dist = {L.header: weight(L.header)}
                for u in topo:
                    if u not in dist or u not in L.body:
                        continue
                    for v, w in nodes[u].succs:
                        if (u, v) in back or v not in L.body:
                            continue
                        d = dist[u] + w[m] + weight(v)
                        if d > dist.get(v, -1):
                            dist[v] = d
                cycle = 0
                for u in L.latches:
                    for v, w in nodes[u].succs:
                        if v == L.header and u in dist:
                            cycle = max(cycle, dist[u] + w[m])
                extra[L.header] = extra.get(L.header, 0) + L.bound * cycle
                L.cycle[m] = cycle
            dist = {r.start: weight(r.start)}
            pred = {}
            best, at = {}, {}
            for u in topo:
                if u not in dist:
                    continue
                for kind, w in nodes[u].exits.items():
                    if dist[u] + w[m] > best.get(kind, -1):
                        best[kind], at[kind] = dist[u] + w[m], u
                for v, w in nodes[u].succs:
                    if (u, v) in back:
                        continue
                    d = dist[u] + w[m] + weight(v)
                    if d > dist.get(v, -1):
                        dist[v] = d
                        pred[v] = u
            for kind, v in best.items():
                cost.setdefault(kind, [0, 0])[m] = v
                if m == 0:
                    path, x = [], at[kind]
                    while x is not None:
                        path.append(x)
                        x = pred.get(x)
                    r.worst[kind] = path[::-1]
        r.cost = {k: tuple(v) for k, v in cost.items()}
        r.back = back

    # ---- explanation ---------------------------------------------------------
    def explain(self, r, kind, depth=0, out=None, limit=6):
        """Lines describing the worst path (in instructions) of r to an exit
        of `kind`: the loops it crosses and the calls it makes, recursively."""
        out = [] if out is None else out
        pad = "  " * depth
        if kind not in r.cost:
            return out
        out.append("%s%s -> %s: %d instructions, %d cycles"
                   % (pad, r.label, kind, r.cost[kind][0], r.cost[kind][1]))
        if depth >= limit:
            return out
        loops = {L.header: L for L in r.loops if L.bound is not None}
        path = r.worst.get(kind, [])
        for k, u in enumerate(path):
            n = r.nodes[u]
            if u in loops:
                L = loops[u]
                out.append("%s  loop at %s (%s): %d iterations x %d instructions"
                           % (pad, self.label(u), L.source, L.bound, L.cycle[0]))
            if n.call is None:
                continue
            last = k == len(path) - 1
            ends = [e for e in ("rfi", "stop", "ret") if e in n.call.cost]
            sub = kind if last and kind in n.call.cost and (n.insn is None or kind != "ret"
                                                           or n.insn.kind != "call") else "ret"
            if sub not in n.call.cost:
                sub = ends[0] if ends else None
            if sub:
                self.explain(n.call, sub, depth + 1, out, limit)
        return out


def _simulate(i, state, ctr):
    """Symbolic step of the jump-table matcher; returns the CTR value."""
    op = i.opcd

    def val(reg):
        return state.get(reg)

    def const(v):
        return ("const", v & 0xFFFFFFFF)
    new = None
    dest = None
    if op in (14, 15):  # addi / addis (li / lis)
        dest = i.rt
        imm = i.si if op == 14 else (i.si << 16)
        if i.ra == 0:
            new = const(imm)
        elif val(i.ra) and val(i.ra)[0] == "const":
            new = const(val(i.ra)[1] + imm)
    elif op == 24:  # ori ra, rs, ui
        dest = i.ra
        if val(i.rt) and val(i.rt)[0] == "const":
            new = const(val(i.rt)[1] | i.ui)
    elif op == 21 and i.mb == 0 and i.me == 31 - i.sh:  # slwi ra, rs, sh
        dest = i.ra
        v = val(i.rt)
        if v and v[0] == "idx":
            new = ("idx", v[1] << i.sh)
        elif v and v[0] == "const":
            new = const(v[1] << i.sh)
    elif op == 31 and i.xo == 23:  # lwzx rt, ra, rb
        dest = i.rt
        a = const(0) if i.ra == 0 else val(i.ra)
        b = val(i.rb)
        for x, y in ((a, b), (b, a)):
            if x and y and x[0] == "const" and y == ("idx", 4):
                new = ("entry", x[1])
    elif op == 31 and i.name == "add":
        dest = i.rt
        a, b = val(i.ra), val(i.rb)
        for x, y in ((a, b), (b, a)):
            if x and y and x[0] == "entry" and y[0] == "const":
                new = ("target", x[1], y[1])
    elif op == 31 and i.xo == 444 and i.rt == i.rb:  # mr ra, rs
        dest = i.ra
        new = val(i.rt)
    elif i.name == "mtctr":
        return val(i.rt)
    if dest is not None:
        state[dest] = new
        return ctr
    if i.dest is None:
        state.clear()
    else:
        for d in i.dest:
            state[d] = None
    if i.name == "mtctr":
        return None
    return ctr


def _rpo(nodes, entry):
    """Reverse postorder of the nodes reachable from entry (iterative DFS)."""
    seen = {entry}
    post = []
    stack = [(entry, iter([s for s, _w in nodes[entry].succs]))]
    while stack:
        n, it = stack[-1]
        for s in it:
            if s not in seen:
                seen.add(s)
                stack.append((s, iter([x for x, _w in nodes[s].succs])))
                break
        else:
            stack.pop()
            post.append(n)
    post.reverse()
    return post


def _dominators(order, preds, index):
    """Immediate dominators (Cooper, Harvey, Kennedy)."""
    idom = {order[0]: order[0]}

    def intersect(a, b):
        while a != b:
            while index[a] > index[b]:
                a = idom[a]
            while index[b] > index[a]:
                b = idom[b]
        return a
    changed = True
    while changed:
        changed = False
        for n in order[1:]:
            ps = [p for p in preds[n] if p in idom]
            if not ps:
                continue
            new = ps[0]
            for p in ps[1:]:
                new = intersect(p, new)
            if idom.get(n) != new:
                idom[n] = new
                changed = True
    return idom


def _dominates(idom, a, b):
    """True when a dominates b."""
    while True:
        if a == b:
            return True
        nb = idom.get(b)
        if nb is None or nb == b:
            return False
        b = nb


def _exists(path):
    return os.path.isfile(path)

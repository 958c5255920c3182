"""Constant propagation over a routine's CFG, to drop infeasible edges.

A path through the core is often decided by a constant: the vector stub
loads the cause number into r3 and proteus_trap switches on it.  This pass
tracks, per instruction, the GPRs, CR fields and CTR whose values are known
(from the routine's entry context, immediates, and loads from read-only
sections of the image), and marks a conditional branch, a conditional
return or a jump-table dispatch whose outcome is decided as having only the
feasible successor(s).  It is sound and conservative:
  - any instruction it does not model makes the registers it writes
    unknown; one whose destinations are unknown makes everything unknown;
  - after a call (bl) every register, CR field and CTR is unknown (no
    assumption about what the callee preserves);
  - values merge at join points (a register stays known only if it holds
    the same value on every incoming feasible edge);
  - CTR-decrementing branches (bdnz...) are never decided.
"""

MASK = 0xFFFFFFFF
ARG_REGS = tuple(range(3, 11))  # r3..r10: the context passed to a callee


def _s32(v):
    return v - 0x100000000 if v & 0x80000000 else v


def _rotl(v, n):
    n &= 31
    return ((v << n) | (v >> (32 - n))) & MASK if n else v


def _mask(mb, me):
    if mb <= me:
        m = 0
        for b in range(mb, me + 1):
            m |= 1 << (31 - b)
        return m
    return ~_mask(me + 1, mb - 1) & MASK if me + 1 <= mb - 1 else MASK


def _crfield(a, b, signed):
    if signed:
        a, b = _s32(a), _s32(b)
    return (a < b, a > b, a == b)


class State:
    """Known values: gpr {reg: value}, cr {field: (lt, gt, eq)}, ctr."""
    __slots__ = ("gpr", "cr", "ctr")

    def __init__(self, gpr=None, cr=None, ctr=None):
        self.gpr = dict(gpr or {})
        self.cr = dict(cr or {})
        self.ctr = ctr

    def copy(self):
        return State(self.gpr, self.cr, self.ctr)

    def meet(self, other):
        return State({r: v for r, v in self.gpr.items() if other.gpr.get(r) == v},
                     {f: v for f, v in self.cr.items() if other.cr.get(f) == v},
                     self.ctr if self.ctr == other.ctr else None)

    def __eq__(self, other):
        return self.gpr == other.gpr and self.cr == other.cr and self.ctr == other.ctr

    def context(self):
        """The callee context: known argument registers, as a sorted tuple."""
        return tuple((r, self.gpr[r]) for r in ARG_REGS if r in self.gpr)


def _cr_writes(i):
    """CR fields an instruction may write: () | (field,) | 'all'."""
    op, w = i.opcd, i.word
    if op in (10, 11):
        return (i.crf,)
    if op in (13, 28, 29):
        return (0,)
    if op in (20, 21, 23):
        return (0,) if w & 1 else ()
    if op == 31:
        if i.xo in (0, 32, 512):  # cmp, cmpl, mcrxr
            return (i.crf,)
        if i.xo == 144:  # mtcrf
            return "all"
        if i.xo == 150:  # stwcx.
            return (0,)
        return (0,) if w & 1 else ()
    if op == 4:
        return (0,) if w & 1 else ()
    if op == 19:
        return "all" if i.kind == "seq" else ()
    return ()


def step(i, st, read_ro):
    """The state after instruction i (a new State); read_ro(addr, size) is
    the big-endian value at a read-only address or None."""
    out = st.copy()
    g = out.gpr
    op = i.opcd
    value = {}      # dest reg -> value (None = unknown)
    cr0_from = None  # result to compare with 0 for Rc=1 forms

    def get(r):
        return g.get(r)

    def ra0():
        return 0 if i.ra == 0 else get(i.ra)

    def both(a, b, f):
        return None if a is None or b is None else f(a, b) & MASK

    if op in (14, 15):
        imm = i.si if op == 14 else (i.si << 16)
        base = ra0()
        value[i.rt] = None if base is None else (base + imm) & MASK
    elif op == 12 or op == 13:  # addic(.) : value known, CA not tracked
        a = get(i.ra)
        value[i.rt] = None if a is None else (a + i.si) & MASK
        if op == 13:
            cr0_from = value[i.rt]
    elif op == 8:  # subfic
        a = get(i.ra)
        value[i.rt] = None if a is None else (i.si - a) & MASK
    elif op == 7:  # mulli
        a = get(i.ra)
        value[i.rt] = None if a is None else (_s32(a) * i.si) & MASK
    elif op in (24, 25, 26, 27, 28, 29):
        s = get(i.rt)
        imm = i.ui if op in (24, 26, 28) else i.ui << 16
        fn = {24: lambda x: x | imm, 25: lambda x: x | imm, 26: lambda x: x ^ imm,
              27: lambda x: x ^ imm, 28: lambda x: x & imm, 29: lambda x: x & imm}[op]
        value[i.ra] = None if s is None else fn(s) & MASK
        if op in (28, 29):
            cr0_from = value[i.ra]
    elif op == 21:  # rlwinm
        s = get(i.rt)
        value[i.ra] = None if s is None else _rotl(s, i.sh) & _mask(i.mb, i.me)
        cr0_from = value[i.ra]
    elif op in (32, 34, 40, 42) or (op in (33, 35, 41, 43)):
        base = ra0()
        ea = None if base is None else (base + i.si) & MASK
        size = {32: 4, 33: 4, 34: 1, 35: 1, 40: 2, 41: 2, 42: 2, 43: 2}[op]
        v = None if ea is None else read_ro(ea, size)
        if v is not None and op in (42, 43):
            v = (v - 0x10000 if v & 0x8000 else v) & MASK
        value[i.rt] = v
        if op in (33, 35, 41, 43):
            value[i.ra] = ea
    elif op == 31 and i.xo in (23, 87, 279) and i.kind == "seq":  # lwzx, lbzx, lhzx
        ea = both(ra0(), get(i.rb), lambda a, b: a + b)
        size = {23: 4, 87: 1, 279: 2}[i.xo]
        value[i.rt] = None if ea is None else read_ro(ea, size)
    elif op == 31 and i.xo in (0, 32):  # cmpw / cmplw
        a, b = get(i.ra), get(i.rb)
        out_cr = None if a is None or b is None else _crfield(a, b, i.xo == 0)
        _set_cr(out, i.crf, out_cr)
        return _finish(i, out, value)
    elif op in (10, 11):  # cmplwi / cmpwi
        a = get(i.ra)
        b = i.ui if op == 10 else i.si & MASK
        _set_cr(out, i.crf, None if a is None else _crfield(a, b, op == 11))
        return _finish(i, out, value)
    elif op == 31 and i.name.rstrip(".o") in ("add", "subf", "neg", "mullw"):
        a, b = get(i.ra), get(i.rb)
        n = i.name.rstrip(".o")
        if n == "add":
            v = both(a, b, lambda x, y: x + y)
        elif n == "subf":
            v = both(a, b, lambda x, y: y - x)
        elif n == "neg":
            v = None if a is None else (-a) & MASK
        else:
            v = both(a, b, lambda x, y: _s32(x) * _s32(y))
        value[i.rt] = v
        cr0_from = v
    elif op == 31 and i.xo in (28, 444, 316, 124, 476, 60, 412, 284, 24, 536, 26, 954, 922):
        s, b = get(i.rt), get(i.rb)
        fns = {28: lambda x, y: x & y, 444: lambda x, y: x | y, 316: lambda x, y: x ^ y,
               124: lambda x, y: ~(x | y), 476: lambda x, y: ~(x & y), 60: lambda x, y: x & ~y,
               412: lambda x, y: x | ~y, 284: lambda x, y: ~(x ^ y),
               24: lambda x, y: 0 if y & 0x20 else x << (y & 31),
               536: lambda x, y: 0 if y & 0x20 else x >> (y & 31)}
        if i.xo in fns:
            v = both(s, b, fns[i.xo])
        elif i.xo == 26:
            v = None if s is None else (32 - s.bit_length())
        elif i.xo == 954:
            v = None if s is None else ((s & 0xFF) - (0x100 if s & 0x80 else 0)) & MASK
        else:
            v = None if s is None else ((s & 0xFFFF) - (0x10000 if s & 0x8000 else 0)) & MASK
        value[i.ra] = v
        cr0_from = v
    elif i.name == "mtctr":
        out.ctr = get(i.rt)
        return _finish(i, out, value)
    else:
        if i.dest is None:
            out.gpr.clear()
        else:
            for d in i.dest:
                value[d] = None
    if i.word & 1 and cr0_from is not None and _cr_writes(i) == (0,):
        _set_cr(out, 0, _crfield(cr0_from, 0, True))
        return _finish(i, out, value, cr_done=True)
    return _finish(i, out, value)


def _set_cr(st, field, v):
    if v is None:
        st.cr.pop(field, None)
    else:
        st.cr[field] = v


def _finish(i, out, value, cr_done=False):
    for r, v in value.items():
        if v is None:
            out.gpr.pop(r, None)
        else:
            out.gpr[r] = v & MASK
    if not cr_done:
        w = _cr_writes(i)
        if w == "all":
            out.cr.clear()
        elif i.opcd not in (10, 11) and not (i.opcd == 31 and i.xo in (0, 32)):
            for f in w:
                out.cr.pop(f, None)
    if i.kind in ("b", "bc", "call", "ccall", "ret", "cret", "jump_ctr", "cjump_ctr", "icall"):
        if (i.bo & 0x04) == 0 and i.opcd in (16, 19):
            out.ctr = None  # decrementing forms
    if i.opcd == 31 and i.xo == 467 and i.spr == 9 and i.name != "mtctr":
        out.ctr = None
    return out


def branch_outcome(i, st):
    """For a conditional branch or return: True (always taken), False (never
    taken) or None (undecided), from the state before it."""
    bo, bi = i.bo, i.bi
    if bo & 0x04 == 0:
        return None  # decrements CTR: never decided
    if bo & 0x10:
        return True
    field = st.cr.get(bi >> 2)
    if field is None or (bi & 3) == 3:
        return None
    bit = field[bi & 3]
    return bit == bool(bo & 0x08)

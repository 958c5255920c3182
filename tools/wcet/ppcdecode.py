"""PowerPC 405 instruction decoder: just enough for a control-flow graph,
a jump-table matcher and the timing model.

decode(word, addr) -> Insn with
  kind     control-flow class: 'seq' (straight line), 'b' (direct jump),
           'bc' (conditional direct branch), 'call' (bl), 'ccall'
           (conditional call), 'ret' (blr), 'cret' (conditional bclr),
           'jump_ctr' (bctr), 'cjump_ctr' (conditional bcctr), 'icall'
           (bctrl/blrl), 'rfi' (rfi/rfci), 'sc', 'illegal'
  target   branch target of the direct forms
  tclass   timing class (see timing.py)
  name     mnemonic; text: mnemonic with operands (for messages)
  dest     GPRs the instruction writes (a tuple), or None when they are not
           known (load string, undecodable): then every GPR may change
and the raw fields (rt, ra, rb, si, ui, ...) for the pattern matchers.
Bit numbers below are the manual's (bit 0 is the most significant).
"""

SPR_LR, SPR_CTR = 8, 9


class Insn:
    __slots__ = ("addr", "word", "kind", "target", "tclass", "name", "text", "dest",
                 "opcd", "rt", "ra", "rb", "si", "ui", "xo", "bo", "bi", "spr",
                 "sh", "mb", "me", "crf", "nregs", "rc")

    def __init__(self, addr, word):
        self.addr = addr
        self.word = word
        self.kind = "seq"
        self.target = None
        self.tclass = "alu"
        self.name = "?"
        self.text = ""
        self.dest = ()
        self.opcd = word >> 26
        self.rt = (word >> 21) & 31
        self.ra = (word >> 16) & 31
        self.rb = (word >> 11) & 31
        self.ui = word & 0xFFFF
        self.si = self.ui - 0x10000 if self.ui & 0x8000 else self.ui
        self.xo = (word >> 1) & 0x3FF
        self.bo = self.rt
        self.bi = self.ra
        self.spr = ((word >> 16) & 31) | (((word >> 11) & 31) << 5)
        self.sh = self.rb
        self.mb = (word >> 6) & 31
        self.me = (word >> 1) & 31
        self.crf = (word >> 23) & 7
        self.nregs = 0
        self.rc = word & 1

    def __repr__(self):
        return "%08x: %s" % (self.addr, self.text or self.name)


def bo_always(bo):
    """True when BO makes the branch unconditional (no CTR, no CR test)."""
    return (bo & 0x14) == 0x14


def _bc_name(bo, bi, suffix):
    """A readable name for a conditional branch."""
    cond = ["lt", "gt", "eq", "so"][bi & 3]
    ncond = ["ge", "le", "ne", "ns"][bi & 3]
    cr = "" if bi < 4 else "cr%d," % (bi >> 2)
    if bo_always(bo):
        return "b" + suffix, ""
    if bo & 0x04 == 0:  # decrements CTR
        base = "bdnz" if bo & 0x02 == 0 else "bdz"
        if bo & 0x10 == 0:
            base += ("t" if bo & 0x08 else "f")
        return base + suffix, cr
    return "b" + (cond if bo & 0x08 else ncond) + suffix, cr


# Opcode 31, 10-bit extended opcodes that are not XO-form arithmetic:
# xo -> (name, timing class, destination field or None)
X31 = {
    0: ("cmpw", "alu", None), 32: ("cmplw", "alu", None), 4: ("tw", "trap", None),
    19: ("mfcr", "mfcr", "rt"), 20: ("lwarx", "load", "rt"), 23: ("lwzx", "load", "rt"),
    24: ("slw", "alu", "ra"), 26: ("cntlzw", "alu", "ra"), 28: ("and", "alu", "ra"),
    54: ("dcbst", "cacheop", None), 55: ("lwzux", "load", "rt+ra"), 60: ("andc", "alu", "ra"),
    78: ("dlmzb", "alu", "ra"),
    83: ("mfmsr", "mfmsr", "rt"), 86: ("dcbf", "cacheop", None), 87: ("lbzx", "load", "rt"),
    119: ("lbzux", "load", "rt+ra"), 124: ("nor", "alu", "ra"), 131: ("wrtee", "wrtee", None),
    144: ("mtcrf", "mtcrf", None), 146: ("mtmsr", "mtmsr", None), 150: ("stwcx.", "store", None),
    151: ("stwx", "store", None), 163: ("wrteei", "wrtee", None), 183: ("stwux", "store", "ra"),
    215: ("stbx", "store", None), 246: ("dcbtst", "cacheop", None), 247: ("stbux", "store", "ra"),
    262: ("icbt", "cacheop", None), 278: ("dcbt", "cacheop", None), 279: ("lhzx", "load", "rt"),
    284: ("eqv", "alu", "ra"), 306: ("tlbie", "tlb", None), 310: ("eciwx", "load", "rt"),
    311: ("lhzux", "load", "rt+ra"), 316: ("xor", "alu", "ra"), 323: ("mfdcr", "dcr", "rt"),
    339: ("mfspr", "mfspr", "rt"), 343: ("lhax", "load", "rt"), 370: ("tlbia", "tlbia", None),
    371: ("mftb", "mftb", "rt"), 375: ("lhaux", "load", "rt+ra"), 407: ("sthx", "store", None),
    412: ("orc", "alu", "ra"), 438: ("ecowx", "store", None), 439: ("sthux", "store", "ra"),
    444: ("or", "alu", "ra"), 451: ("mtdcr", "dcr", None), 454: ("dccci", "cacheall", None),
    467: ("mtspr", "mtspr", None), 470: ("dcbi", "cacheop", None), 476: ("nand", "alu", "ra"),
    486: ("dcread", "cacheall", "rt"), 512: ("mcrxr", "alu", None), 533: ("lswx", "lsw", "all"),
    534: ("lwbrx", "load", "rt"), 536: ("srw", "alu", "ra"), 566: ("tlbsync", "tlbsync", None),
    597: ("lswi", "lsw", "all"), 598: ("sync", "sync", None), 661: ("stswx", "stsw", None),
    662: ("stwbrx", "store", None), 725: ("stswi", "stsw", None), 790: ("lhbrx", "load", "rt"),
    792: ("sraw", "alu", "ra"), 824: ("srawi", "alu", "ra"), 854: ("eieio", "eieio", None),
    914: ("tlbsx", "tlbsx", "rt"), 918: ("sthbrx", "store", None), 922: ("extsh", "alu", "ra"),
    946: ("tlbre", "tlb", "rt"), 954: ("extsb", "alu", "ra"), 966: ("iccci", "cacheall", None),
    978: ("tlbwe", "tlb", None), 982: ("icbi", "cacheop", None), 998: ("icread", "cacheall", None),
    1014: ("dcbz", "cacheop", None),
}

# Opcode 31, 9-bit XO-form arithmetic (the OE bit is bit 21).
XO31 = {
    8: ("subfc", "alu"), 10: ("addc", "alu"), 11: ("mulhwu", "mul"), 40: ("subf", "alu"),
    75: ("mulhw", "mul"), 104: ("neg", "alu"), 136: ("subfe", "alu"), 138: ("adde", "alu"),
    200: ("subfze", "alu"), 202: ("addze", "alu"), 232: ("subfme", "alu"),
    234: ("addme", "alu"), 235: ("mullw", "mul"), 266: ("add", "alu"), 459: ("divwu", "div"),
    491: ("divw", "div"),
}

# D-form primary opcodes: opcd -> (name, timing class, destination field)
DFORM = {
    3: ("twi", "trap", None), 7: ("mulli", "muli", "rt"), 8: ("subfic", "alu", "rt"),
    10: ("cmplwi", "alu", None), 11: ("cmpwi", "alu", None), 12: ("addic", "alu", "rt"),
    13: ("addic.", "alu", "rt"), 14: ("addi", "alu", "rt"), 15: ("addis", "alu", "rt"),
    20: ("rlwimi", "alu", "ra"), 21: ("rlwinm", "alu", "ra"), 23: ("rlwnm", "alu", "ra"),
    24: ("ori", "alu", "ra"), 25: ("oris", "alu", "ra"), 26: ("xori", "alu", "ra"),
    27: ("xoris", "alu", "ra"), 28: ("andi.", "alu", "ra"), 29: ("andis.", "alu", "ra"),
    32: ("lwz", "load", "rt"), 33: ("lwzu", "load", "rt+ra"), 34: ("lbz", "load", "rt"),
    35: ("lbzu", "load", "rt+ra"), 36: ("stw", "store", None), 37: ("stwu", "store", "ra"),
    38: ("stb", "store", None), 39: ("stbu", "store", "ra"), 40: ("lhz", "load", "rt"),
    41: ("lhzu", "load", "rt+ra"), 42: ("lha", "load", "rt"), 43: ("lhau", "load", "rt+ra"),
    44: ("sth", "store", None), 45: ("sthu", "store", "ra"), 46: ("lmw", "lmw", "lmw"),
    47: ("stmw", "stmw", None),
}

XL19 = {
    0: ("mcrf", "crlogical"), 33: ("crnor", "crlogical"), 129: ("crandc", "crlogical"),
    150: ("isync", "isync"), 193: ("crxor", "crlogical"), 225: ("crnand", "crlogical"),
    257: ("crand", "crlogical"), 289: ("creqv", "crlogical"), 417: ("crorc", "crlogical"),
    449: ("cror", "crlogical"),
}


def _sext(v, bits):
    return v - (1 << bits) if v & (1 << (bits - 1)) else v


def _dest(i, field):
    if field is None:
        return ()
    if field == "rt":
        return (i.rt,)
    if field == "ra":
        return (i.ra,)
    if field == "rt+ra":
        return (i.rt, i.ra)
    if field == "lmw":
        return tuple(range(i.rt, 32))
    if field == "all":
        return None  # unknown: every register may change
    raise ValueError(field)


def decode(word, addr):
    i = Insn(addr, word)
    op = i.opcd
    if op == 18:  # I-form b/ba/bl/bla
        li = _sext(word & 0x03FFFFFC, 26)
        aa, lk = (word >> 1) & 1, word & 1
        i.target = (li if aa else addr + li) & 0xFFFFFFFF
        i.kind = "call" if lk else "b"
        i.name = "b" + ("l" if lk else "") + ("a" if aa else "")
        i.tclass = "branch"
        i.text = "%s 0x%x" % (i.name, i.target)
        return i
    if op == 16:  # B-form bc
        bd = _sext(word & 0xFFFC, 16)
        aa, lk = (word >> 1) & 1, word & 1
        i.target = (bd if aa else addr + bd) & 0xFFFFFFFF
        always = bo_always(i.bo)
        if lk:
            i.kind = "call" if always else "ccall"
        else:
            i.kind = "b" if always else "bc"
        i.name, cr = _bc_name(i.bo, i.bi, ("l" if lk else "") + ("a" if aa else ""))
        i.tclass = "branch"
        i.dest = None if lk else ()
        i.text = "%s %s0x%x" % (i.name, cr, i.target)
        return i
    if op == 19:
        xo = i.xo
        if xo in (16, 528):  # bclr / bcctr
            lk = word & 1
            always = bo_always(i.bo)
            reg = "lr" if xo == 16 else "ctr"
            i.tclass = "branch"
            if lk:
                i.kind = "icall"
            elif xo == 16:
                i.kind = "ret" if always else "cret"
            else:
                i.kind = "jump_ctr" if always else "cjump_ctr"
            nm, cr = _bc_name(i.bo, i.bi, "")
            i.name = (nm + reg if not always else "b" + reg) + ("l" if lk else "")
            i.text = i.name + (" " + cr.rstrip(",") if cr else "")
            return i
        if xo in (50, 51):
            i.kind = "rfi"
            i.name = i.text = "rfi" if xo == 50 else "rfci"
            i.tclass = "rfi"
            return i
        if xo in XL19:
            i.name, i.tclass = XL19[xo]
            i.text = i.name
            return i
        return _illegal(i)
    if op == 17:
        i.kind = "sc"
        i.name = i.text = "sc"
        i.tclass = "sc"
        return i
    if op == 31:
        xo9 = (word >> 1) & 0x1FF
        if xo9 in XO31 and i.xo not in X31:
            i.name, i.tclass = XO31[xo9]
            if word & 0x400:
                i.name += "o"
            if i.rc:
                i.name += "."
            i.dest = (i.rt,)
            i.text = "%s r%d,r%d,r%d" % (i.name, i.rt, i.ra, i.rb)
            return i
        if i.xo in X31:
            name, tclass, field = X31[i.xo]
            i.name, i.tclass, i.dest = name, tclass, _dest(i, field)
            if i.rc and name in ("and", "or", "xor", "nor", "nand", "andc", "orc", "eqv", "slw",
                                 "srw", "sraw", "srawi", "cntlzw", "extsb", "extsh"):
                i.name += "."
            if name in ("mfspr", "mtspr"):
                if i.spr in (SPR_LR, SPR_CTR):
                    i.tclass = ("mflrctr" if name == "mfspr" else "mtlrctr")
                    i.name = ("mf" if name == "mfspr" else "mt") + ("lr" if i.spr == SPR_LR else "ctr")
                    i.text = "%s r%d" % (i.name, i.rt)
                else:
                    i.text = "%s %d,r%d" % (name, i.spr, i.rt)
            elif name in ("add", "or", "lwzx", "lbzx"):
                i.text = "%s r%d,r%d,r%d" % (i.name, i.rt if name != "or" else i.ra,
                                             i.ra if name != "or" else i.rt, i.rb)
            else:
                i.text = i.name
            return i
        return _illegal(i)
    if op == 4:  # PPC405 multiply-accumulate / multiply-halfword (APU opcode 4)
        i.name = i.text = "mac"
        i.tclass = "mac"
        i.dest = (i.rt,)
        return i
    if op in DFORM:
        name, tclass, field = DFORM[op]
        i.name, i.tclass = name, tclass
        i.dest = _dest(i, field)
        if op == 46:
            i.nregs = 32 - i.rt
        elif op == 47:
            i.nregs = 32 - i.rt
        if op in (10, 11):
            i.name = name if i.crf == 0 else name
            i.text = "%s cr%d,r%d,%d" % (name, i.crf, i.ra, i.ui if op == 10 else i.si)
            if (word >> 21) & 1:  # L=1 (64-bit compare) is invalid on the 405
                return _illegal(i)
        elif op == 14 and i.ra == 0:
            i.name = "li"
            i.text = "li r%d,%d" % (i.rt, i.si)
        elif op == 15 and i.ra == 0:
            i.name = "lis"
            i.text = "lis r%d,0x%x" % (i.rt, i.ui)
        elif op in (14, 15, 12, 13, 8, 7):
            i.text = "%s r%d,r%d,%d" % (name, i.rt, i.ra, i.si)
        elif op in (24, 25, 26, 27, 28, 29):
            i.text = "%s r%d,r%d,0x%x" % (name, i.ra, i.rt, i.ui)
        elif op in (20, 21, 23):
            i.text = "%s r%d,r%d,%d,%d,%d" % (name, i.ra, i.rt, i.sh, i.mb, i.me)
        else:
            i.text = "%s r%d,%d(r%d)" % (name, i.rt, i.si, i.ra)
        return i
    return _illegal(i)


def _illegal(i):
    i.kind = "illegal"
    i.name = ".long"
    i.text = ".long 0x%08x" % i.word
    i.tclass = "alu"
    i.dest = None
    return i

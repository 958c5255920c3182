#!/usr/bin/env python3
"""Generate a random privileged-instruction program for the PowerPC 405.

    python3 tests/fuzz/genpriv.py SEED [--length N] -o OUT.S

The program is deterministic for a seed (random.Random(seed)).  It runs in
supervisor real mode on the bare ref405ep board and, unmodified, as a fully
virtualized partition; both runs must print the same final state.

Program shape (linked by tests/fuzz/fuzz.ld, everything below 1 MiB):

  0x00000  vector table A; 0x000..0x0ff is the handlers' scratch area
  0x02100  _start: prologue, N random catalogue items, epilogue
  0x40000  vector table B (the only other value EVPR ever takes)
  0x48000  data: dump values, exception log, names
  0x60000  scratch buffer for the cache-management items (never dumped)

The prologue prints `fuzz: start <seed>`, switches to a known MSR with rfi,
and sets every register the items can touch to a known value: the GPRs, CR,
XER, LR, CTR, each privileged SPR of the catalogue, the UIC0 DCRs, and the
TLB entries the program uses (after a tlbia).  The items follow.  The
epilogue stores the final state and prints it in a fixed order, one
`fuzz: <name>=0x<8 hex digits>` line per value, then `fuzz: end <seed>`,
and stops (`b .` with MSR[EE,CE] clear).

The alignment (0x600), program (0x700) and system call (0xC00) handlers of
both tables append (vector address, SRR0, ESR & ESR_LOG_MASK, DEAR, SRR1)
to an exception log that the epilogue prints (log.count entries); the
alignment and program handlers then skip the excepting instruction.  The
handlers preserve every GPR, CR, XER, LR and CTR (their scratch GPRs are
saved at absolute addresses 0x80.. through rA=0 addressing).  Every other
vector prints `fuzz: UNEXPECTED ...` and stops.

Everything dumped is independent of timing: time base, PIT and TSR reads
go to a GPR that the next instruction overwrites.  The catalogue avoids the
places where QEMU 7.2 and the PPC405 manual disagree (tests/fuzz/README.md
lists them), so that the native run is a valid oracle.
"""

import argparse
import random
import sys

# ---------------------------------------------------------------------------
# Machine constants

UART_BASE = 0xEF600300

VEC_BASE_A = 0x00000000
VEC_BASE_B = 0x00040000
EVPR_VALUES = (VEC_BASE_A, VEC_BASE_B)

# Absolute scratch words (rA=0 addressing) in the first 256 bytes.
ABS_GPRS = 0x00          # 32 words: the epilogue's stmw
ABS_R3 = 0x80
ABS_R4 = 0x84
ABS_R5 = 0x88
ABS_CR = 0x8C
ABS_LOGPTR = 0x90        # next free log entry
ABS_LOGEND = 0x94        # end of the log buffer
ABS_OVERFLOW = 0x98      # entries that did not fit
ABS_COUNT = 0x9C         # entries written
LOG_ENTRY_WORDS = ("vec", "srr0", "esr", "dear", "srr1")
LOG_ENTRY_SIZE = 4 * len(LOG_ENTRY_WORDS)

SCRATCH_BASE = 0x00060000
SCRATCH_SIZE = 0x1000

# TLB slots: entry i's EPN always lies in [TLB_SLOT_BASE + i*16M, +16M), so
# no two entries ever match the same address.
TLB_SLOT_BASE = 0x80000000
TLB_SLOT_SIZE = 0x01000000
TLB_SIZE_BYTES = [0x400 << (2 * s) for s in range(8)]   # SIZE field 0..7: 1K..16M

# MSR bits (PPC405 numbering, as masks)
MSR_AP = 0x02000000
MSR_APE = 0x00080000
MSR_WE = 0x00040000
MSR_CE = 0x00020000
MSR_EE = 0x00008000
MSR_PR = 0x00004000
MSR_FP = 0x00002000
MSR_ME = 0x00001000
MSR_FE0 = 0x00000800
MSR_DWE = 0x00000400
MSR_DE = 0x00000200
MSR_FE1 = 0x00000100
MSR_IR = 0x00000020
MSR_DR = 0x00000010
MSR_DEFINED = (MSR_AP | MSR_APE | MSR_WE | MSR_CE | MSR_EE | MSR_PR | MSR_FP | MSR_ME
               | MSR_FE0 | MSR_DWE | MSR_DE | MSR_FE1 | MSR_IR | MSR_DR)
# Bits a program may put in the MSR and stay alive in real supervisor mode
# with every result independent of QEMU's deviations (ME handled apart).
MSR_FREE = MSR_CE | MSR_EE | MSR_FP | MSR_DWE | MSR_DE

# ESR: MCI, PIL, PPR, PTR, DST, DIZ, the bits every PPC405 manual defines
# (the manual's rule: write reserved fields as zero, ignore them on read).
# MCI is left out of writes: program interrupts keep it on the 405 and clear
# it on QEMU.
ESR_MCI = 0x80000000
ESR_PIL = 0x08000000
ESR_PPR = 0x04000000
ESR_PTR = 0x02000000
ESR_DEFINED = 0x8EC00000
ESR_WRITABLE = ESR_DEFINED & ~ESR_MCI
ESR_LOG_MASK = ESR_DEFINED

# CCR0: LWL LWOA SWOA DPP1 IPP U0XE LDBE PFC PFNC NCRS FWOA CIS CWS; U0XE
# (enables the U0 storage exception) is left out.
CCR0_DEFINED = 0x03F30F11
CCR0_U0XE = 0x00020000
CCR0_WRITABLE = CCR0_DEFINED & ~CCR0_U0XE
TCR_SAFE = 0xC3400000          # WP, FP, ARE; never WRC, WIE, PIE, FIE
TSR_DEFINED = 0xFC000000
UIC_VCR_DEFINED = 0xFFFFFFFD

# ---------------------------------------------------------------------------
# Register tables

# (name, number, value class) for the SPRs the catalogue writes and
# reads.  Value classes: see Gen.value().
SPRS = [
    ("srr0", 26, "aligned"),
    ("srr1", 27, "msrdef"),
    ("srr2", 990, "aligned"),
    ("srr3", 991, "msrdef"),
    ("sprg0", 272, "any"),
    ("sprg1", 273, "any"),
    ("sprg2", 274, "any"),
    ("sprg3", 275, "any"),
    ("sprg4", 276, "any"),
    ("sprg5", 277, "any"),
    ("sprg6", 278, "any"),
    ("sprg7", 279, "any"),
    ("esr", 980, "esr"),
    ("dear", 981, "any"),
    ("evpr", 982, "evpr"),
    ("pid", 945, "pid"),
    ("zpr", 944, "any"),
    ("ccr0", 947, "ccr0"),
    ("dbcr0", 1010, "zero"),
    ("dbcr1", 957, "zero"),
    ("dbsr", 1008, "any"),        # write-one-to-clear; the prologue clears it
    ("dac1", 1014, "any"),
    ("dac2", 1015, "any"),
    ("dvc1", 950, "any"),
    ("dvc2", 951, "any"),
    ("iac1", 1012, "aligned"),
    ("iac2", 1013, "aligned"),
    ("iac3", 948, "aligned"),
    ("iac4", 949, "aligned"),
    ("dccr", 1018, "any"),
    ("iccr", 1019, "any"),
    ("dcwr", 954, "any"),
    ("sgr", 953, "any"),
    ("su0r", 956, "any"),
    ("sler", 955, "zero"),
    ("tcr", 986, "tcr"),
]

# Read-only views read by spr-read: SPRG4-7 through their user numbers
# (260-263; never written), and the PVR.
SPR_READ_ONLY = [("sprg4u", 260), ("sprg5u", 261), ("sprg6u", 262), ("sprg7u", 263),
                 ("pvr", 287)]

# Time-dependent reads (mftb of TBL/TBU, mfspr of PIT/TSR): the result is
# overwritten at once.
TB_READS = [268, 269]
SPR_TIME_READS = [987, 984]

SPR_TSR = 984
SPR_PIT = 987
SPR_TBL_W = 284
SPR_TBU_W = 285

# SPR numbers no 405 register answers to (privileged numbers, bit 0x10 of the
# split field set): mfspr and mtspr are no-ops in supervisor state.
SPR_UNIMPLEMENTED = [16, 17, 18, 19, 22, 25, 28, 29, 30, 31, 48, 49, 61, 62, 63, 304, 305,
                     308, 336, 400, 401, 528, 529, 560, 561, 624, 625, 816, 817, 880, 881]

# UIC0 DCRs: (name, number, write class or None, readable)
UIC = [
    ("uic.sr", 0xC0, "any", True),      # write-one-to-clear
    ("uic.srs", 0xC1, "any", False),    # write sets SR bits
    ("uic.er", 0xC2, "zero", True),     # never enable an interrupt source
    ("uic.cr", 0xC3, "any", True),
    ("uic.pr", 0xC4, "any", True),
    ("uic.tr", 0xC5, "any", True),
    ("uic.msr", 0xC6, None, True),
    ("uic.vr", 0xC7, None, True),
    ("uic.vcr", 0xC8, "vcr", True),
]

# Encodings that raise a program interrupt with ESR[PIL] (reserved primary
# opcodes, undefined extended opcodes, reserved fields set).  Never primary
# opcode 1: that is the Proteus hypercall opcode.
ILLEGAL_WORDS = [
    ("opcode-0", 0x00000000),
    ("opcode-5", 0x14000000),
    ("opcode-6", 0x18000000),
    ("opcode-9", 0x24000000),
    ("opcode-22", 0x58000000),
    ("opcode-56", 0xE0000000),
    ("opcode-57", 0xE4000000),
    ("opcode-60", 0xF0000000),
    ("opcode-61", 0xF4000000),
    ("opcode-62", 0xF8000000),
    ("mfmsr-ra", 0x7C0300A6),       # mfmsr r0 with rA=3
    ("mfmsr-rb", 0x7C0020A6),       # mfmsr r0 with rB=4
    ("mfmsr-rc", 0x7C0000A7),       # mfmsr r0 with bit 31 set
    ("mtmsr-ra", 0x7C020124),       # mtmsr r0 with rA=2
    ("mtmsr-rb", 0x7C002124),       # mtmsr r0 with rB=4
    ("wrteei-rc", 0x7C000147),      # wrteei 0 with bit 31 set
    ("rfi-rs", 0x4C200064),         # rfi with a reserved field set
    ("sc-bit30", 0x44000000),       # sc with bit 30 clear
    ("x31-xo-1", 0x7C000002),       # opcode 31, extended opcode 1
    ("x31-xo-1019", 0x7C0007F6),    # opcode 31, extended opcode 1019
    ("x19-xo-2", 0x4C000004),       # opcode 19, extended opcode 2
]

# DCR numbers no device of ref405ep answers to: mfdcr/mtdcr raise ESR[PIL].
DCR_UNREGISTERED = [0x000, 0x001, 0x040, 0x0FF, 0x200, 0x2A0, 0x3FF]

# Cache-management instructions, all on the scratch buffer.
USER_CACHE_OPS = ["dcbf", "dcbst", "icbi", "dcbz", "dcbt", "dcbtst", "icbt", "dcba"]
PRIV_CACHE_OPS = ["dcbi", "dccci", "iccci", "icread"]


class Model:
    """What the generator knows of the machine while it emits items: the MSR
    bits that decide which items are safe (CE, ME; EE may be unknown), PID,
    and the TLB entries the program uses."""

    def __init__(self):
        self.ce = False
        self.me = False
        self.pid = 0
        # entry index -> dict(epn, size, v, tid)
        self.tlb = {}


class Gen:
    """Emits one program.  Items are methods item_<name>; ITEMS lists them
    with their weights."""

    def __init__(self, seed, length=200, only=None, exclude=()):
        self.seed = seed
        self.length = length
        self.rng = random.Random(seed)
        self.model = Model()
        self.lines = []
        self.label_no = 0
        self.exc_items = 0            # items that may raise an exception
        self.used_items = []          # item names in program order
        names = [n for n, _ in ITEMS]
        if only:
            unknown = set(only) - set(names)
            if unknown:
                raise ValueError("unknown item(s): %s" % ", ".join(sorted(unknown)))
        unknown = set(exclude) - set(names)
        if unknown:
            raise ValueError("unknown item(s): %s" % ", ".join(sorted(unknown)))
        self.items = [(n, w) for n, w in ITEMS
                      if (not only or n in only) and n not in exclude]
        if not self.items:
            raise ValueError("no catalogue item left to choose from")
        # TLB entries this program uses
        count = self.rng.randint(2, 8)
        self.tlb_entries = sorted(self.rng.sample(range(64), count))

    # ---- helpers -----------------------------------------------------------

    def emit(self, *lines):
        self.lines.extend(lines)

    def label(self, stem):
        self.label_no += 1
        return ".L%s_%d" % (stem, self.label_no)

    def gpr(self, avoid=()):
        return self.rng.choice([r for r in range(32) if r not in avoid])

    def gpr_nonzero(self, avoid=()):
        return self.rng.choice([r for r in range(1, 32) if r not in avoid])

    @staticmethod
    def load(reg, value):
        """Instructions that set GPR reg to the 32-bit value."""
        value &= 0xFFFFFFFF
        signed = value - (1 << 32) if value & 0x80000000 else value
        if -0x8000 <= signed < 0x8000:
            return ["    li      %%r%d, %d" % (reg, signed)]
        hi, lo = value >> 16, value & 0xFFFF
        out = ["    lis     %%r%d, 0x%04x" % (reg, hi)]
        if lo:
            out.append("    ori     %%r%d, %%r%d, 0x%04x" % (reg, reg, lo))
        return out

    def rand32(self):
        """A 32-bit value biased towards edge cases."""
        r = self.rng.random()
        if r < 0.08:
            return 0
        if r < 0.14:
            return 0xFFFFFFFF
        if r < 0.26:
            return 1 << self.rng.randrange(32)
        if r < 0.34:
            return self.rng.randrange(0x10000)
        return self.rng.getrandbits(32)

    def subset(self, mask):
        """A random subset of the bits of mask."""
        r = self.rng.random()
        if r < 0.1:
            return 0
        if r < 0.2:
            return mask
        return self.rng.getrandbits(32) & mask

    def msr_value(self, keep_me):
        """An MSR value that keeps the program alive: PR, IR, DR, WE clear,
        no bit QEMU does not implement; ME as the model says unless rfi may
        change it (keep_me False)."""
        v = self.subset(MSR_FREE)
        me = self.model.me if keep_me else self.rng.random() < 0.6
        return v | (MSR_ME if me else 0)

    def value(self, cls):
        """A value of a write class."""
        if cls == "any":
            return self.rand32()
        if cls == "aligned":
            return self.rand32() & ~3
        if cls == "msrdef":
            return self.subset(MSR_DEFINED)
        if cls == "esr":
            return self.subset(ESR_WRITABLE)
        if cls == "evpr":
            return self.rng.choice(EVPR_VALUES)
        if cls == "pid":
            return self.rng.randrange(256)
        if cls == "ccr0":
            return self.subset(CCR0_WRITABLE)
        if cls == "zero":
            return 0
        if cls == "tcr":
            return self.subset(TCR_SAFE)
        if cls == "vcr":
            return self.subset(UIC_VCR_DEFINED)
        raise ValueError(cls)

    def mtspr(self, num, reg):
        return "    mtspr   %d, %%r%d" % (num, reg)

    def mfspr(self, reg, num):
        return "    mfspr   %%r%d, %d" % (reg, num)

    def ea_operands(self, address):
        """(lines, 'rA, rB') computing the effective address with rA=0, or
        as the sum (modulo 2^32) of a random word-aligned base and an index."""
        if self.rng.random() < 0.4:
            rb = self.gpr()
            return self.load(rb, address), "0, %%r%d" % rb
        ra = self.gpr_nonzero()
        rb = self.gpr(avoid=(ra,))
        base = self.rand32() & ~3
        return (self.load(ra, base) + self.load(rb, (address - base) & 0xFFFFFFFF),
                "%%r%d, %%r%d" % (ra, rb))

    def scratch_address(self):
        return SCRATCH_BASE + (self.rng.randrange(SCRATCH_SIZE // 4) * 4)

    def tlb_hi_value(self, index):
        """A tag word for entry index: EPN aligned to its size inside the
        entry's slot, SIZE 1..7 when valid, E = U0 = 0."""
        valid = self.rng.random() < 0.6
        size = self.rng.randrange(1, 8) if valid else self.rng.randrange(0, 8)
        nbytes = TLB_SIZE_BYTES[size]
        slot = TLB_SLOT_BASE + index * TLB_SLOT_SIZE
        epn = slot + self.rng.randrange(TLB_SLOT_SIZE // nbytes) * nbytes
        return epn | (size << 7) | (0x40 if valid else 0), dict(
            epn=epn, size=nbytes, v=valid)

    def tlb_lo_value(self):
        """A data word: any RPN, EX and WR; ZSEL and WIMG zero."""
        return (self.rng.getrandbits(22) << 10) | (self.rng.getrandbits(2) << 8)

    def tlb_index_reg_value(self, index):
        """The index with random high bits (only bits 26:31 select)."""
        if self.rng.random() < 0.5:
            return index
        return (self.rng.getrandbits(26) << 6) | index

    def tlb_match(self, ea):
        """The entry tlbsx finds for ea under the model, or None."""
        for i in sorted(self.model.tlb):
            e = self.model.tlb[i]
            if not e["v"]:
                continue
            if e["tid"] != 0 and e["tid"] != self.model.pid:
                continue
            if (ea & ~(e["size"] - 1)) == e["epn"]:
                return i
        return None

    # ---- catalogue items ---------------------------------------------------

    def item_spr_write(self):
        name, num, cls = self.rng.choice(SPRS)
        if cls == "any" and self.rng.random() < 0.3:
            rs = self.gpr()             # whatever the register holds
            self.emit(self.mtspr(num, rs))
        else:
            rs = self.gpr()
            val = self.value(cls)
            self.emit(*self.load(rs, val))
            self.emit(self.mtspr(num, rs))
            if name == "pid":
                self.model.pid = val
        return True

    def item_spr_read(self):
        choices = [(n, num) for n, num, _ in SPRS] + SPR_READ_ONLY
        _, num = self.rng.choice(choices)
        self.emit(self.mfspr(self.gpr(), num))
        return True

    def item_evpr_switch(self):
        rs = self.gpr()
        self.emit(*self.load(rs, self.rng.choice(EVPR_VALUES)))
        self.emit(self.mtspr(982, rs))
        return True

    def item_spr_time_read(self):
        rd = self.gpr()
        if self.rng.random() < 0.5:
            self.emit("    mftb    %%r%d, %d" % (rd, self.rng.choice(TB_READS)))
        else:
            self.emit(self.mfspr(rd, self.rng.choice(SPR_TIME_READS)))
        self.emit(*self.load(rd, self.rand32() & 0x7FFF))   # time never reaches the dump
        return True

    def item_tsr_write(self):
        rs = self.gpr()
        self.emit(*self.load(rs, self.subset(TSR_DEFINED)))
        self.emit(self.mtspr(SPR_TSR, rs))
        return True

    def item_tb_write(self):
        rs = self.gpr()
        self.emit(*self.load(rs, self.rand32()))
        self.emit(self.mtspr(self.rng.choice((SPR_TBL_W, SPR_TBU_W)), rs))
        return True

    def item_pit_write(self):
        rs = self.gpr()
        self.emit(*self.load(rs, self.rand32()))
        self.emit(self.mtspr(SPR_PIT, rs))
        return True

    def item_spr_unimplemented(self):
        num = self.rng.choice(SPR_UNIMPLEMENTED)
        if self.rng.random() < 0.5:
            self.emit(self.mfspr(self.gpr(), num))
        else:
            self.emit(self.mtspr(num, self.gpr()))
        return True

    def item_mfmsr(self):
        self.emit("    mfmsr   %%r%d" % self.gpr())
        return True

    def item_mtmsr(self):
        rs = self.gpr()
        val = self.msr_value(keep_me=True)
        self.emit(*self.load(rs, val))
        self.emit("    mtmsr   %%r%d" % rs)
        self.model.ce = bool(val & MSR_CE)
        return True

    def item_wrtee(self):
        rs = self.gpr()
        if self.rng.random() < 0.5:
            self.emit(*self.load(rs, self.rand32()))
        self.emit("    wrtee   %%r%d" % rs)
        return True

    def item_wrteei(self):
        self.emit("    wrteei  %d" % self.rng.randrange(2))
        return True

    def item_rfi(self):
        r0 = self.gpr()
        r1 = self.gpr(avoid=(r0,))
        target = self.label("rfi")
        val = self.msr_value(keep_me=False)
        self.emit("    lis     %%r%d, %s@h" % (r0, target),
                  "    ori     %%r%d, %%r%d, %s@l" % (r0, r0, target),
                  self.mtspr(26, r0))
        self.emit(*self.load(r1, val))
        self.emit(self.mtspr(27, r1), "    rfi", "%s:" % target)
        self.model.ce = bool(val & MSR_CE)
        self.model.me = bool(val & MSR_ME)
        return True

    def item_sc(self):
        if self.model.ce:
            return False
        self.emit("    sc")
        self.exc_items += 1
        return True

    def item_illegal(self):
        if self.model.ce:
            return False
        name, word = self.rng.choice(ILLEGAL_WORDS)
        self.emit("    .long   0x%08x      /* %s */" % (word, name))
        self.exc_items += 1
        return True

    def item_trap(self):
        if self.model.ce:
            return False
        to = self.rng.choice([31, 31, 4, 8, 16, 2, 1, 0, self.rng.randrange(32)])
        if self.rng.random() < 0.5:
            self.emit("    tw      %d, %%r%d, %%r%d" % (to, self.gpr(), self.gpr()))
        else:
            self.emit("    twi     %d, %%r%d, %d" % (to, self.gpr(),
                                                  self.rng.randrange(-0x8000, 0x8000)))
        self.exc_items += 1
        return True

    def item_alignment(self):
        # lwarx with an EA that is not word-aligned: alignment interrupt,
        # DEAR = EA, ESR unchanged (only lwarx: QEMU lets stwcx. without a
        # reservation and dcbz through).
        if self.model.ce:
            return False
        ea = SCRATCH_BASE + self.rng.randrange(SCRATCH_SIZE - 4)
        if ea % 4 == 0:
            ea += self.rng.randrange(1, 4)
        lines, ops = self.ea_operands(ea)
        self.emit(*lines)
        self.emit("    lwarx   %%r%d, %s" % (self.gpr(), ops))
        self.exc_items += 1
        return True

    def item_dcr_read(self):
        name, num, _, readable = self.rng.choice([u for u in UIC if u[3]])
        self.emit("    mfdcr   %%r%d, 0x%x" % (self.gpr(), num))
        return True

    def item_dcr_write(self):
        name, num, cls, _ = self.rng.choice([u for u in UIC if u[2]])
        rs = self.gpr()
        self.emit(*self.load(rs, self.value(cls)))
        self.emit("    mtdcr   0x%x, %%r%d" % (num, rs))
        return True

    def item_dcr_unregistered(self):
        if self.model.ce:
            return False
        num = self.rng.choice(DCR_UNREGISTERED)
        if self.rng.random() < 0.5:
            self.emit("    mfdcr   %%r%d, 0x%x" % (self.gpr(), num))
        else:
            self.emit("    mtdcr   0x%x, %%r%d" % (num, self.gpr()))
        self.exc_items += 1
        return True

    def item_cache_priv(self):
        op = self.rng.choice(PRIV_CACHE_OPS)
        lines, ops = self.ea_operands(self.scratch_address())
        self.emit(*lines)
        self.emit("    %-7s %s" % (op, ops))
        return True

    def item_dcread(self):
        lines, ops = self.ea_operands(self.scratch_address())
        self.emit(*lines)
        self.emit("    dcread  %%r%d, %s" % (self.gpr(), ops))
        return True

    def item_cache_user(self):
        op = self.rng.choice(USER_CACHE_OPS)
        lines, ops = self.ea_operands(self.scratch_address())
        self.emit(*lines)
        self.emit("    %-7s %s" % (op, ops))
        return True

    def _tlbwe_hi(self, index):
        ra = self.gpr()
        rs = self.gpr(avoid=(ra,))
        hi, entry = self.tlb_hi_value(index)
        self.emit(*self.load(ra, self.tlb_index_reg_value(index)))
        self.emit(*self.load(rs, hi))
        self.emit("    tlbwe   %%r%d, %%r%d, 0" % (rs, ra))
        entry["tid"] = self.model.pid
        self.model.tlb[index] = entry

    def _tlbwe_lo(self, index):
        ra = self.gpr()
        rs = self.gpr(avoid=(ra,))
        self.emit(*self.load(ra, self.tlb_index_reg_value(index)))
        self.emit(*self.load(rs, self.tlb_lo_value()))
        self.emit("    tlbwe   %%r%d, %%r%d, 1" % (rs, ra))

    def item_tlbwe_pair(self):
        index = self.rng.choice(self.tlb_entries)
        self._tlbwe_lo(index)           # data word first: it is then made valid
        self._tlbwe_hi(index)
        return True

    def item_tlbwe_hi(self):
        self._tlbwe_hi(self.rng.choice(self.tlb_entries))
        return True

    def item_tlbwe_lo(self):
        # Only on an invalid entry (on QEMU the data word clears V).
        free = [i for i in self.tlb_entries if not self.model.tlb[i]["v"]]
        if not free:
            return False
        self._tlbwe_lo(self.rng.choice(free))
        return True

    def item_tlbre(self):
        index = self.rng.choice(self.tlb_entries)
        ra = self.gpr()
        rd = self.gpr()
        ws = self.rng.randrange(2)
        self.emit(*self.load(ra, self.tlb_index_reg_value(index)))
        self.emit("    tlbre   %%r%d, %%r%d, %d" % (rd, ra, ws))
        if ws == 0:
            self.model.pid = self.model.tlb[index]["tid"]    # tlbre hi loads PID
        return True

    def item_tlbsx(self):
        index = self.rng.choice(self.tlb_entries)
        entry = self.model.tlb[index]
        slot = TLB_SLOT_BASE + index * TLB_SLOT_SIZE
        if self.rng.random() < 0.7:
            ea = entry["epn"] + self.rng.randrange(entry["size"])
        else:
            ea = slot + self.rng.randrange(TLB_SLOT_SIZE)
        hit = self.tlb_match(ea)
        lines, ops = self.ea_operands(ea)
        rd = self.gpr()
        self.emit(*lines)
        if hit is not None and self.rng.random() < 0.4:
            self.emit("    tlbsx   %%r%d, %s" % (rd, ops))
        else:
            # rD is undefined on a miss: overwrite it then; LT and GT of
            # CR0 are not architected: clear them.
            done = self.label("tlbsx")
            self.emit("    tlbsx.  %%r%d, %s" % (rd, ops),
                      "    beq     %s" % done)
            self.emit(*self.load(rd, 0x7AB5))
            self.emit("%s:" % done, "    crclr   0", "    crclr   1")
        return True

    def item_tlbia(self):
        self.emit("    tlbia")
        for e in self.model.tlb.values():
            e["v"] = False
        return True

    def item_tlbsync(self):
        self.emit("    tlbsync")
        return True

    def item_user_state(self):
        kind = self.rng.randrange(4)
        rs = self.gpr()
        if kind == 0:
            self.emit("    mtcrf   0x%02x, %%r%d" % (self.rng.randrange(256), rs))
        elif kind == 1:
            self.emit(*self.load(rs, self.rand32() & 0xE000007F))
            self.emit("    mtxer   %%r%d" % rs)
        elif kind == 2:
            self.emit("    mtlr    %%r%d" % rs)
        else:
            self.emit("    mtctr   %%r%d" % rs)
        return True

    def item_sync(self):
        self.emit("    %s" % self.rng.choice(["sync", "isync", "eieio"]))
        return True

    # ---- program parts -----------------------------------------------------

    def prologue(self):
        rng = self.rng
        m = self.model
        e = self.emit
        e("    .section .text.start, \"ax\"",
          "    .globl  _start",
          "    .type   _start, @function",
          "_start:")
        # Banner (the print routines use r3-r12 and LR; all set afterwards).
        e("    lis     %r3, fuzz_msg_start@ha",
          "    addi    %r3, %r3, fuzz_msg_start@l",
          "    bl      fuzz_puts")
        # Exception log.
        e("    lis     %r3, fuzz_log@ha",
          "    addi    %r3, %r3, fuzz_log@l",
          "    stw     %%r3, 0x%x(0)" % ABS_LOGPTR,
          "    lis     %r3, fuzz_log_end@ha",
          "    addi    %r3, %r3, fuzz_log_end@l",
          "    stw     %%r3, 0x%x(0)" % ABS_LOGEND,
          "    li      %r3, 0",
          "    stw     %%r3, 0x%x(0)" % ABS_OVERFLOW,
          "    stw     %%r3, 0x%x(0)" % ABS_COUNT)
        # Initial MSR through rfi (mtmsr cannot change ME).
        init_msr = self.msr_value(keep_me=False)
        e("    lis     %r3, .Lfuzz_msr_set@h",
          "    ori     %r3, %r3, .Lfuzz_msr_set@l",
          "    mtspr   26, %r3")
        e(*self.load(4, init_msr))
        e("    mtspr   27, %r4",
          "    rfi",
          ".Lfuzz_msr_set:")
        m.ce = bool(init_msr & MSR_CE)
        m.me = bool(init_msr & MSR_ME)
        # Privileged SPRs.
        for name, num, cls in SPRS:
            if name == "dbsr":
                val = 0xFFFFFFFF       # clear every status bit
            else:
                val = self.value(cls)
            e(*self.load(3, val))
            e(self.mtspr(num, 3))
            if name == "pid":
                m.pid = val
        e(*self.load(3, TSR_DEFINED))
        e(self.mtspr(SPR_TSR, 3))
        e("    li      %r3, 0")
        e(self.mtspr(SPR_PIT, 3))
        # UIC0: clear the status, then known values.
        e("    li      %r3, 0",
          "    mtdcr   0xc2, %r3",
          "    li      %r3, -1",
          "    mtdcr   0xc0, %r3")
        for name, num, cls, _ in UIC:
            if cls in (None, "zero") or name in ("uic.sr", "uic.srs"):
                continue
            e(*self.load(3, self.value(cls)))
            e("    mtdcr   0x%x, %%r3" % num)
        # TLB: invalidate all, then the program's entries (data word first).
        e("    tlbia")
        saved_pid = m.pid
        for index in self.tlb_entries:
            # TID comes from PID: give each entry a TID of its own choosing.
            tid = rng.choice([0, 0, saved_pid, rng.randrange(256)])
            e(*self.load(3, tid))
            e(self.mtspr(945, 3))
            m.pid = tid
            e(*self.load(5, index))
            e(*self.load(3, self.tlb_lo_value()))
            e("    tlbwe   %r3, %r5, 1")
            hi, entry = self.tlb_hi_value(index)
            hi &= ~0x40                # invalid at first
            entry["v"] = False
            entry["tid"] = tid
            e(*self.load(3, hi))
            e("    tlbwe   %r3, %r5, 0")
            m.tlb[index] = entry
        e(*self.load(3, saved_pid))
        e(self.mtspr(945, 3))
        m.pid = saved_pid
        # User-visible state.
        e(*self.load(3, rng.getrandbits(32)))
        e("    mtcrf   0xff, %r3")
        e(*self.load(3, rng.getrandbits(32) & 0xE000007F))
        e("    mtxer   %r3")
        e(*self.load(3, rng.getrandbits(32)))
        e("    mtlr    %r3")
        e(*self.load(3, rng.getrandbits(32)))
        e("    mtctr   %r3")
        for r in range(32):
            e(*self.load(r, self.rand32()))

    def body(self):
        names = [n for n, _ in self.items]
        weights = [w for _, w in self.items]
        for k in range(self.length):
            for _attempt in range(50):
                name = self.rng.choices(names, weights)[0]
                mark = len(self.lines)
                self.emit("    /* item %d: %s */" % (k, name))
                if getattr(self, "item_" + name.replace("-", "_"))():
                    self.used_items.append(name)
                    break
                del self.lines[mark:]
            else:
                # Only exception items are ever refused (MSR[CE] set): clear CE.
                self.emit("    /* item %d: mtmsr (CE off) */" % k)
                rs = self.gpr()
                self.emit(*self.load(rs, MSR_ME if self.model.me else 0))
                self.emit("    mtmsr   %%r%d" % rs)
                self.model.ce = False
                self.used_items.append("mtmsr")

    def dump_names(self):
        """The fixed part of the dump, in order (each one word)."""
        names = ["r%d" % r for r in range(32)]
        names += ["cr", "xer", "lr", "ctr", "msr"]
        names += [n for n, _, _ in SPRS]
        names += ["pvr"]
        names += [n for n, _, _, readable in UIC if readable]
        for index in self.tlb_entries:
            names += ["tlb%d.hi" % index, "tlb%d.tid" % index, "tlb%d.lo" % index]
        names += ["log.count", "log.overflow"]
        return names

    def epilogue(self):
        e = self.emit
        e("    /* epilogue: store the final state */",
          "    stmw    %%r0, 0x%x(0)" % ABS_GPRS,
          "    lis     %r31, fuzz_vals@ha",
          "    addi    %r31, %r31, fuzz_vals@l",
          "    mfcr    %r3",
          "    stw     %r3, 128(%r31)",
          "    mfxer   %r3",
          "    stw     %r3, 132(%r31)",
          "    mflr    %r3",
          "    stw     %r3, 136(%r31)",
          "    mfctr   %r3",
          "    stw     %r3, 140(%r31)",
          "    mfmsr   %r3",
          "    stw     %r3, 144(%r31)",
          "    li      %r4, 0",
          "    li      %r5, 32",
          "    mtctr   %r5",
          "1:  lwzx    %r3, 0, %r4",
          "    stwx    %r3, %r4, %r31",
          "    addi    %r4, %r4, 4",
          "    bdnz    1b")
        off = 148
        for name, num, _ in SPRS:
            e(self.mfspr(3, num), "    stw     %%r3, %d(%%r31)" % off)
            off += 4
        e(self.mfspr(3, 287), "    stw     %%r3, %d(%%r31)" % off)
        off += 4
        for name, num, _, readable in UIC:
            if readable:
                e("    mfdcr   %%r3, 0x%x" % num, "    stw     %%r3, %d(%%r31)" % off)
                off += 4
        for index in self.tlb_entries:
            e("    li      %%r5, %d" % index,
              "    tlbre   %r3, %r5, 0",
              "    stw     %%r3, %d(%%r31)" % off,
              self.mfspr(3, 945),
              "    stw     %%r3, %d(%%r31)" % (off + 4),
              "    tlbre   %r3, %r5, 1",
              "    stw     %%r3, %d(%%r31)" % (off + 8))
            off += 12
        # log.count, log.overflow
        e("    lwz     %%r3, 0x%x(0)" % ABS_COUNT,
          "    stw     %%r3, %d(%%r31)" % off,
          "    lwz     %%r4, 0x%x(0)" % ABS_OVERFLOW,
          "    stw     %%r4, %d(%%r31)" % (off + 4))
        off += 8
        assert off == 4 * len(self.dump_names())
        # Lines to print: the fixed part and one per log entry word.
        e("    mulli   %%r3, %%r3, %d" % len(LOG_ENTRY_WORDS),
          "    addi    %%r22, %%r3, %d" % len(self.dump_names()),
          "    lis     %r20, fuzz_names@ha",
          "    addi    %r20, %r20, fuzz_names@l",
          "    mr      %r21, %r31",
          "2:  lis     %r3, fuzz_msg_prefix@ha",
          "    addi    %r3, %r3, fuzz_msg_prefix@l",
          "    bl      fuzz_puts",
          "    lwz     %r3, 0(%r20)",
          "    bl      fuzz_puts",
          "    lis     %r3, fuzz_msg_eq@ha",
          "    addi    %r3, %r3, fuzz_msg_eq@l",
          "    bl      fuzz_puts",
          "    lwz     %r3, 0(%r21)",
          "    bl      fuzz_puthex",
          "    li      %r3, 10",
          "    bl      fuzz_putc",
          "    addi    %r20, %r20, 4",
          "    addi    %r21, %r21, 4",
          "    addic.  %r22, %r22, -1",
          "    bne     2b",
          "    lis     %r3, fuzz_msg_end@ha",
          "    addi    %r3, %r3, fuzz_msg_end@l",
          "    bl      fuzz_puts",
          "    /* stop with external and critical interrupts off */",
          "    wrteei  0",
          "    mfmsr   %r3",
          "    lis     %%r4, 0x%04x" % (MSR_CE >> 16),
          "    andc    %r3, %r3, %r4",
          "    mtmsr   %r3",
          "3:  b       3b",
          "    .size   _start, . - _start")

    def vectors(self, base, section):
        e = self.emit
        e("", "    .section %s, \"ax\"" % section)
        if base == VEC_BASE_A:
            e("    .globl  fuzz_vectors_a",
              "fuzz_vectors_a:",
              "    .space  0x100           /* handler scratch words (rA=0 addressing) */")
        else:
            e("    .globl  fuzz_vectors_b",
              "fuzz_vectors_b:",
              "    .space  0x100")
        offsets = [0x100, 0x200, 0x300, 0x400, 0x500, 0x600, 0x700, 0x800, 0x900, 0xA00,
                   0xB00, 0xC00, 0xD00, 0xE00, 0xF00, 0x1000, 0x1010, 0x1020, 0x1100,
                   0x1200, 0x1300, 0x1400, 0x1500, 0x1600, 0x1700, 0x1800, 0x1900,
                   0x1A00, 0x1B00, 0x1C00, 0x1D00, 0x1E00, 0x1F00, 0x2000]
        for off in offsets:
            vec = base + off
            target = {0x600: "fuzz_exc_alignment", 0x700: "fuzz_exc_program",
                      0xC00: "fuzz_exc_syscall"}.get(off, "fuzz_exc_unexpected")
            e("    .org    0x%x" % off,
              "    stw     %%r3, 0x%x(0)" % ABS_R3,
              "    lis     %%r3, 0x%04x" % (vec >> 16),
              "    ori     %%r3, %%r3, 0x%04x" % (vec & 0xFFFF),
              "    b       %s" % target)
        e("    .org    0x2100")

    def handlers(self):
        e = self.emit
        e("", "    .text")
        for name, skip in (("fuzz_exc_program", True), ("fuzz_exc_alignment", True),
                           ("fuzz_exc_syscall", False)):
            e("/* r3 = vector address; r3 (saved at 0x%x(0)), r4, r5, CR are restored. */"
              % ABS_R3,
              "    .type   %s, @function" % name,
              "%s:" % name,
              "    stw     %%r4, 0x%x(0)" % ABS_R4,
              "    stw     %%r5, 0x%x(0)" % ABS_R5,
              "    mfcr    %r5",
              "    stw     %%r5, 0x%x(0)" % ABS_CR,
              "    lwz     %%r4, 0x%x(0)" % ABS_LOGPTR,
              "    lwz     %%r5, 0x%x(0)" % ABS_LOGEND,
              "    cmplw   %r4, %r5",
              "    bge     1f",
              "    stw     %r3, 0(%r4)",
              "    mfspr   %r3, 26",
              "    lis     %r5, fuzz_image_base@ha",
              "    addi    %r5, %r5, fuzz_image_base@l",
              "    subf    %r3, %r5, %r3",
              "    stw     %r3, 4(%r4)",
              "    mfspr   %r3, 980",
              "    lis     %%r5, 0x%04x" % (ESR_LOG_MASK >> 16),
              "    ori     %%r5, %%r5, 0x%04x" % (ESR_LOG_MASK & 0xFFFF),
              "    and     %r3, %r3, %r5",
              "    stw     %r3, 8(%r4)",
              "    mfspr   %r3, 981",
              "    stw     %r3, 12(%r4)",
              "    mfspr   %r3, 27",
              "    stw     %r3, 16(%r4)",
              "    addi    %%r4, %%r4, %d" % LOG_ENTRY_SIZE,
              "    stw     %%r4, 0x%x(0)" % ABS_LOGPTR,
              "    lwz     %%r4, 0x%x(0)" % ABS_COUNT,
              "    addi    %r4, %r4, 1",
              "    stw     %%r4, 0x%x(0)" % ABS_COUNT,
              "    b       2f",
              "1:  lwz     %%r4, 0x%x(0)" % ABS_OVERFLOW,
              "    addi    %r4, %r4, 1",
              "    stw     %%r4, 0x%x(0)" % ABS_OVERFLOW,
              "2:")
            if skip:
                e("    mfspr   %r3, 26",
                  "    addi    %r3, %r3, 4",
                  "    mtspr   26, %r3")
            e("    lwz     %%r5, 0x%x(0)" % ABS_CR,
              "    mtcrf   0xff, %r5",
              "    lwz     %%r5, 0x%x(0)" % ABS_R5,
              "    lwz     %%r4, 0x%x(0)" % ABS_R4,
              "    lwz     %%r3, 0x%x(0)" % ABS_R3,
              "    rfi",
              "    .size   %s, . - %s" % (name, name))
        e("/* Any other interrupt: report it and stop. */",
          "    .type   fuzz_exc_unexpected, @function",
          "fuzz_exc_unexpected:",
          "    mr      %r20, %r3",
          "    lis     %r3, fuzz_msg_unexpected@ha",
          "    addi    %r3, %r3, fuzz_msg_unexpected@l",
          "    bl      fuzz_puts",
          "    mr      %r3, %r20",
          "    bl      fuzz_puthex",
          "    lis     %r3, fuzz_msg_srr0@ha",
          "    addi    %r3, %r3, fuzz_msg_srr0@l",
          "    bl      fuzz_puts",
          "    mfspr   %r3, 26",
          "    bl      fuzz_puthex",
          "    lis     %r3, fuzz_msg_srr1@ha",
          "    addi    %r3, %r3, fuzz_msg_srr1@l",
          "    bl      fuzz_puts",
          "    mfspr   %r3, 27",
          "    bl      fuzz_puthex",
          "    lis     %r3, fuzz_msg_esr@ha",
          "    addi    %r3, %r3, fuzz_msg_esr@l",
          "    bl      fuzz_puts",
          "    mfspr   %r3, 980",
          "    bl      fuzz_puthex",
          "    li      %r3, 10",
          "    bl      fuzz_putc",
          "1:  b       1b",
          "    .size   fuzz_exc_unexpected, . - fuzz_exc_unexpected")
        # Console: UART0 polled (LSR bit THRE), r3 argument, r9-r12 scratch.
        e("/* fuzz_putc: send the byte in r3 to UART0; clobbers r9, r10, CR0. */",
          "    .type   fuzz_putc, @function",
          "fuzz_putc:",
          "    lis     %%r9, 0x%04x" % (UART_BASE >> 16),
          "    ori     %%r9, %%r9, 0x%04x" % (UART_BASE & 0xFFFF),
          "1:  lbz     %r10, 5(%r9)",
          "    andi.   %r10, %r10, 0x20",
          "    beq     1b",
          "    stb     %r3, 0(%r9)",
          "    blr",
          "    .size   fuzz_putc, . - fuzz_putc",
          "/* fuzz_puts: send the NUL-terminated string at r3; clobbers r3, r9-r12, CR0. */",
          "    .type   fuzz_puts, @function",
          "fuzz_puts:",
          "    mflr    %r12",
          "    mr      %r11, %r3",
          "1:  lbz     %r3, 0(%r11)",
          "    cmpwi   %r3, 0",
          "    beq     2f",
          "    bl      fuzz_putc",
          "    addi    %r11, %r11, 1",
          "    b       1b",
          "2:  mtlr    %r12",
          "    blr",
          "    .size   fuzz_puts, . - fuzz_puts",
          "/* fuzz_puthex: send r3 as 8 lower-case hex digits; clobbers r3, r8-r12, CR0. */",
          "    .type   fuzz_puthex, @function",
          "fuzz_puthex:",
          "    mflr    %r12",
          "    mr      %r11, %r3",
          "    li      %r8, 8",
          "1:  rlwinm  %r3, %r11, 4, 28, 31",
          "    slwi    %r11, %r11, 4",
          "    cmplwi  %r3, 10",
          "    blt     2f",
          "    addi    %r3, %r3, 'a' - '0' - 10",
          "2:  addi    %r3, %r3, '0'",
          "    bl      fuzz_putc",
          "    addic.  %r8, %r8, -1",
          "    bne     1b",
          "    mtlr    %r12",
          "    blr",
          "    .size   fuzz_puthex, . - fuzz_puthex")

    def data(self):
        e = self.emit
        names = self.dump_names()
        cap = max(self.exc_items, 1)
        log_names = []
        for k in range(cap):
            log_names += ["log%d.%s" % (k, w) for w in LOG_ENTRY_WORDS]
        all_names = names + log_names
        e("", "    .section .rodata",
          "fuzz_msg_start:",
          "    .asciz  \"fuzz: start %d\\n\"" % self.seed,
          "fuzz_msg_end:",
          "    .asciz  \"fuzz: end %d\\n\"" % self.seed,
          "fuzz_msg_prefix:",
          "    .asciz  \"fuzz: \"",
          "fuzz_msg_eq:",
          "    .asciz  \"=0x\"",
          "fuzz_msg_unexpected:",
          "    .asciz  \"fuzz: UNEXPECTED exception vector=0x\"",
          "fuzz_msg_srr0:",
          "    .asciz  \" srr0=0x\"",
          "fuzz_msg_srr1:",
          "    .asciz  \" srr1=0x\"",
          "fuzz_msg_esr:",
          "    .asciz  \" esr=0x\"")
        for i, n in enumerate(all_names):
            e(".Lname_%d: .asciz \"%s\"" % (i, n))
        e("    .balign 4",
          "fuzz_names:")
        for i in range(len(all_names)):
            e("    .long   .Lname_%d" % i)
        e("", "    .section .data",
          "    .balign 16",
          "    .globl  fuzz_vals",
          "fuzz_vals:",
          "    .space  %d" % (4 * len(names)),
          "    .globl  fuzz_log",
          "fuzz_log:                   /* must follow fuzz_vals: printed as one array */",
          "    .space  %d" % (LOG_ENTRY_SIZE * cap),
          "fuzz_log_end:",
          "", "    .section .bss.scratch, \"aw\", @nobits",
          "    .globl  fuzz_scratch",
          "fuzz_scratch:",
          "    .space  0x%x" % SCRATCH_SIZE)

    def generate(self):
        self.lines = []
        self.emit("/*",
                  " * Generated by tests/fuzz/genpriv.py: seed %d, %d items." % (
                      self.seed, self.length),
                  " * TLB entries used: %s." % ", ".join(map(str, self.tlb_entries)),
                  " */",
                  "    .machine \"405\"")
        self.prologue()
        self.body()
        self.epilogue()
        self.handlers()
        self.vectors(VEC_BASE_A, ".vectors")
        self.vectors(VEC_BASE_B, ".vectors.alt")
        self.data()
        self.emit("", "    .section .note.GNU-stack, \"\", @progbits", "")
        return "\n".join(self.lines)


# Catalogue: item name -> relative weight.
ITEMS = [
    ("spr-write", 30),
    ("spr-read", 20),
    ("evpr-switch", 3),
    ("spr-time-read", 3),
    ("tsr-write", 2),
    ("tb-write", 2),
    ("pit-write", 2),
    ("spr-unimplemented", 3),
    ("mfmsr", 4),
    ("mtmsr", 6),
    ("wrtee", 3),
    ("wrteei", 3),
    ("rfi", 5),
    ("sc", 4),
    ("illegal", 4),
    ("trap", 3),
    ("alignment", 2),
    ("dcr-read", 5),
    ("dcr-write", 5),
    ("dcr-unregistered", 2),
    ("cache-priv", 4),
    ("dcread", 2),
    ("cache-user", 3),
    ("tlbwe-pair", 4),
    ("tlbwe-hi", 2),
    ("tlbwe-lo", 2),
    ("tlbre", 5),
    ("tlbsx", 4),
    ("tlbia", 1),
    ("tlbsync", 1),
    ("user-state", 4),
    ("sync", 1),
]
ITEM_NAMES = [n for n, _ in ITEMS]


def generate(seed, length=200, only=None, exclude=()):
    """The assembly text of the program for seed."""
    return Gen(seed, length, only, exclude).generate()


def generate_info(seed, length=200, only=None, exclude=()):
    """(text, Gen) for callers that want the item list and TLB entries."""
    g = Gen(seed, length, only, exclude)
    return g.generate(), g


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Generate a random privileged-instruction PPC405 program "
                    "(deterministic for a seed).",
        epilog="Catalogue items: " + ", ".join(ITEM_NAMES))
    parser.add_argument("seed", type=int, help="the seed (a non-negative integer)")
    parser.add_argument("--length", "-n", type=int, default=200,
                        help="number of random items (default %(default)s)")
    parser.add_argument("--only", default="",
                        help="comma-separated items to draw from (default: all)")
    parser.add_argument("--exclude", default="",
                        help="comma-separated items never to draw")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.S",
                        help="output file ('-' for standard output)")
    args = parser.parse_args(argv)
    if args.seed < 0:
        parser.error("the seed must be non-negative")
    if args.length < 0:
        parser.error("the length must be non-negative")
    only = [s for s in args.only.split(",") if s]
    exclude = [s for s in args.exclude.split(",") if s]
    try:
        text = generate(args.seed, args.length, only, exclude)
    except ValueError as e:
        parser.error(str(e))
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

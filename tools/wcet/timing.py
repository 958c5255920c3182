"""The PPC405 timing model of the WCET analyser (spec/wcet.md, "Timing model").

Each instruction costs a fixed number of core cycles that bounds its
execution time plus any stall it can cause to the next instruction on the
in-order, single-issue, five-stage PPC405 pipeline.  A bound in cycles is
the longest path with these weights (a path's cycles are not its
instructions times a constant, so the two bounds may come from different
paths).  Memory is assumed to answer like a cache hit; --fetch-penalty and
--data-penalty add a stated worst-case penalty per instruction fetched and
per data word accessed (a 32-byte line for cache-block operations).

Sources (named in TABLE):
  C.2   PPC405 Core User's Manual (IBM SA14-2339-04), appendix C "Code
        Optimization and Instruction Timings": C.2.2 branches (a branch
        takes 1 to 3 cycles, 3 when mispredicted or address-dependent),
        C.2.3 multiplies, C.2.4 loads (1 cycle on a hit, 2 with a load-use
        dependency, 3 when operand forwarding is disabled).
  gcc   GCC's PPC405 pipeline description (gcc/config/rs6000/40x.md):
        multiply latency 5 (word) / 3 / 2 (halfword forms), divide 33,
        mfcr 2, mtcrf 3, mtlr/mtctr 4, mflr/mfctr 2, CR logical 2.
  asm   an assumption of this model, chosen to be pessimistic and stated as
        such (synchronizing and cache/TLB/DCR operations, whose manual
        timing depends on the bus and on outstanding accesses).
"""

MODEL_NAME = "ppc405-v1"

# tclass -> (cycles, data words accessed, description, source)
TABLE = {
    "alu":       (1, 0, "integer arithmetic, logical, rotate/shift, compare, li/lis/mr", "C.2"),
    "load":      (3, 1, "load (byte/half/word, indexed, update): hit + load-use stall with forwarding off", "C.2"),
    "store":     (2, 1, "store (byte/half/word, indexed, update)", "asm"),
    "lmw":       (2, 1, "load multiple: 1 cycle per register + this (n + 2)", "asm"),
    "stmw":      (1, 1, "store multiple: 1 cycle per register + this (n + 1)", "asm"),
    "lsw":       (40, 32, "load string (not emitted by the core)", "asm"),
    "stsw":      (40, 32, "store string (not emitted by the core)", "asm"),
    "mul":       (5, 0, "mullw, mulhw, mulhwu", "gcc"),
    "muli":      (3, 0, "mulli", "gcc"),
    "mac":       (2, 0, "multiply-accumulate / halfword multiply (opcode 4)", "gcc"),
    "div":       (35, 0, "divw, divwu (gcc's model: 33)", "gcc"),
    "branch":    (3, 0, "any branch, taken or not, predicted or not (worst case of C.2.2)", "C.2"),
    "mfcr":      (2, 0, "mfcr", "gcc"),
    "mtcrf":     (3, 0, "mtcrf / mtcr", "gcc"),
    "crlogical": (2, 0, "CR logical, mcrf", "gcc"),
    "mflrctr":   (2, 0, "mflr, mfctr", "gcc"),
    "mtlrctr":   (4, 0, "mtlr, mtctr", "gcc"),
    "mfspr":     (3, 0, "mfspr (other SPRs)", "asm"),
    "mtspr":     (3, 0, "mtspr (other SPRs)", "asm"),
    "mftb":      (3, 0, "mftb, mftbu", "asm"),
    "mfmsr":     (2, 0, "mfmsr", "asm"),
    "mtmsr":     (5, 0, "mtmsr (execution synchronizing: pipeline drain)", "asm"),
    "wrtee":     (2, 0, "wrtee, wrteei", "asm"),
    "isync":     (5, 0, "isync (context synchronizing: pipeline refill)", "asm"),
    "sync":      (5, 1, "sync (waits for outstanding accesses)", "asm"),
    "eieio":     (2, 0, "eieio", "asm"),
    "rfi":       (6, 0, "rfi, rfci (context synchronizing branch)", "asm"),
    "sc":        (6, 0, "sc", "asm"),
    "trap":      (1, 0, "tw, twi that do not trap", "asm"),
    "tlb":       (3, 0, "tlbwe, tlbre, tlbie", "asm"),
    "tlbsx":     (4, 0, "tlbsx (associative search)", "asm"),
    "tlbia":     (5, 0, "tlbia", "asm"),
    "tlbsync":   (1, 0, "tlbsync", "asm"),
    "cacheop":   (4, 8, "dcbf, dcbst, dcbi, dcbz, dcbt, dcbtst, icbi, icbt (one 32-byte line)", "asm"),
    "cacheall":  (4, 8, "iccci, dccci, icread, dcread", "asm"),
    "dcr":       (8, 0, "mfdcr, mtdcr (DCR bus)", "asm"),
}


class Model:
    def __init__(self, fetch_penalty=0, data_penalty=0):
        if fetch_penalty < 0 or data_penalty < 0:
            raise ValueError("penalties must not be negative")
        self.fetch_penalty = fetch_penalty
        self.data_penalty = data_penalty

    def cycles(self, insn):
        base, words, _desc, _src = TABLE[insn.tclass]
        if insn.tclass in ("lmw", "stmw"):
            base += insn.nregs
            words = insn.nregs
        return base + self.fetch_penalty + words * self.data_penalty

    def describe(self):
        return {"name": MODEL_NAME, "fetch_penalty": self.fetch_penalty,
                "data_penalty": self.data_penalty}

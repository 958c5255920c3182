/*
 * Structure offsets for the assembly, taken from the C definitions.
 * Compiled (never linked) by the cross compiler; tools/asmoffsets reads the
 * asmoff_* constants from the object file and writes asm-offsets.h.
 */
#include <stddef.h>
#include <proteus/core.h>

#define OFFSET(sym, type, member) \
    const uint32_t asmoff_##sym = (uint32_t)offsetof(type, member)

OFFSET(CTX_GPR0, struct ctx, gpr[0]);
OFFSET(CTX_GPR1, struct ctx, gpr[1]);
OFFSET(CTX_GPR2, struct ctx, gpr[2]);
OFFSET(CTX_GPR3, struct ctx, gpr[3]);
OFFSET(CTX_GPR4, struct ctx, gpr[4]);
OFFSET(CTX_GPR5, struct ctx, gpr[5]);
OFFSET(CTX_CR, struct ctx, cr);
OFFSET(CTX_XER, struct ctx, xer);
OFFSET(CTX_LR, struct ctx, lr);
OFFSET(CTX_CTR, struct ctx, ctr);
OFFSET(CTX_PC, struct ctx, pc);
OFFSET(CTX_MSR, struct ctx, msr);
OFFSET(CTX_ESR, struct ctx, esr);
OFFSET(CTX_DEAR, struct ctx, dear);
OFFSET(CTX_PID, struct ctx, pid);
OFFSET(CTX_SPRG0, struct ctx, sprg0);
OFFSET(CTX_SPRG4, struct ctx, sprg4);
OFFSET(CTX_SPRG5, struct ctx, sprg5);
OFFSET(CTX_SPRG6, struct ctx, sprg6);
OFFSET(CTX_SPRG7, struct ctx, sprg7);
OFFSET(CTX_SRR2, struct ctx, srr2);
OFFSET(CTX_SRR3, struct ctx, srr3);
OFFSET(TLBE_HI, struct tlb_entry, hi);
OFFSET(TLBE_LO, struct tlb_entry, lo);
OFFSET(TLBE_PID, struct tlb_entry, pid);

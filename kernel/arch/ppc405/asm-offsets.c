/*
 * Structure offsets for the assembly, and the structure sizes
 * tools/footprint reads, taken from the C definitions.
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
OFFSET(VR_SPRG0, struct vregs, reg[VI_SPRG0]);
OFFSET(VR_SPRG4, struct vregs, reg[VI_SPRG0 + 4u]);
OFFSET(VR_SPRG5, struct vregs, reg[VI_SPRG0 + 5u]);
OFFSET(VR_SPRG6, struct vregs, reg[VI_SPRG0 + 6u]);
OFFSET(VR_SPRG7, struct vregs, reg[VI_SPRG0 + 7u]);
OFFSET(VR_SRR2, struct vregs, reg[VI_SRR2]);
OFFSET(VR_SRR3, struct vregs, reg[VI_SRR3]);
OFFSET(TLBE_HI, struct tlb_entry, hi);
OFFSET(TLBE_LO, struct tlb_entry, lo);
OFFSET(TLBE_PID, struct tlb_entry, pid);
/* The fast emulation path (vectors.S) reaches a partition's virtual 405
 * from its context, the first thing SPRG3 gives. */
const uint32_t asmoff_CTX_TO_VCPU =
    (uint32_t)(offsetof(struct partition, v) - offsetof(struct partition, ctx));
OFFSET(VCPU_MSR, struct vcpu, r.msr);
OFFSET(VCPU_SRR0, struct vcpu, r.reg[VI_SRR0]);
OFFSET(VCPU_SRR1, struct vcpu, r.reg[VI_SRR1]);
OFFSET(VCPU_SPRG1, struct vcpu, r.reg[VI_SPRG0 + 1u]);

/* Sizes of the per-partition state, for tools/footprint (its register
 * file is the context and the virtual 405; the rest of struct partition is
 * bookkeeping): they depend on the configuration's switches. */
#define SIZEOF(sym, type) \
    const uint32_t asmoff_##sym = (uint32_t)sizeof(type)

SIZEOF(SIZEOF_CTX, struct ctx);
SIZEOF(SIZEOF_VCPU, struct vcpu);
SIZEOF(SIZEOF_PARTITION, struct partition);

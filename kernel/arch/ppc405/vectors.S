/*
 * Exception vectors, trap entry and trap exit of the core.
 *
 * The vector table sits at the start of the core image; EVPR points at it.
 * Every exception enters in supervisor state with translation off and
 * interrupts off.  SPRG3 always holds the host address of the context being
 * run (a partition's or the idle loop's struct ctx); SPRG1 and SPRG2 are
 * the entry's scratch registers.  Problem state cannot read SPRG1-3 (they
 * are the core's); SPRG0 and SPRG4-7 are readable by problem state on this
 * board and are never used by the core.   REQ: PART-004, CORE-002.
 */
#include <proteus/ppc405.h>
#include <proteus/trap.h>
#include "asm-offsets.h"

/* One vector slot: at most 16 bytes (0x1000, 0x1010 and 0x1020 are that
 * close).  Entry: any state.  Uses: r3 (saved in SPRG1).  Exit: branches to
 * the common entry with r3 = cause. */
.macro VECTOR offset, cause, common
    .org vectors_base + \offset
    mtspr   SPR_SPRG1, r3
    li      r3, \cause
    b       \common
.endm

    .section .vectors, "ax"
    .globl  vectors_base
vectors_base:
    VECTOR 0x0100, CAUSE_CRITICAL,  crit_entry
    VECTOR 0x0200, CAUSE_MCHECK,    crit_entry
    VECTOR 0x0300, CAUSE_DSI,       trap_entry
    VECTOR 0x0400, CAUSE_ISI,       trap_entry
    VECTOR 0x0500, CAUSE_EXTERNAL,  trap_entry
    VECTOR 0x0600, CAUSE_ALIGNMENT, trap_entry
    VECTOR 0x0700, CAUSE_PROGRAM,   trap_entry
    VECTOR 0x0800, CAUSE_OTHER,     trap_entry
    VECTOR 0x0900, CAUSE_OTHER,     trap_entry
    VECTOR 0x0A00, CAUSE_OTHER,     trap_entry
    VECTOR 0x0B00, CAUSE_OTHER,     trap_entry
    VECTOR 0x0C00, CAUSE_SYSCALL,   trap_entry
    VECTOR 0x0D00, CAUSE_OTHER,     trap_entry
    VECTOR 0x0E00, CAUSE_OTHER,     trap_entry
    VECTOR 0x0F00, CAUSE_OTHER,     trap_entry
    VECTOR 0x0F20, CAUSE_OTHER,     trap_entry
    VECTOR 0x1000, CAUSE_PIT,       trap_entry
    VECTOR 0x1010, CAUSE_FIT,       trap_entry
    VECTOR 0x1020, CAUSE_WDT,       crit_entry
    VECTOR 0x1100, CAUSE_DTLB,      trap_entry
    VECTOR 0x1200, CAUSE_ITLB,      trap_entry
    VECTOR 0x1300, CAUSE_OTHER,     trap_entry
    VECTOR 0x1400, CAUSE_OTHER,     trap_entry
    VECTOR 0x1500, CAUSE_OTHER,     trap_entry
    VECTOR 0x1600, CAUSE_OTHER,     trap_entry
    VECTOR 0x1700, CAUSE_OTHER,     trap_entry
    VECTOR 0x1800, CAUSE_OTHER,     trap_entry
    VECTOR 0x1900, CAUSE_OTHER,     trap_entry
    VECTOR 0x1A00, CAUSE_OTHER,     trap_entry
    VECTOR 0x1B00, CAUSE_OTHER,     trap_entry
    VECTOR 0x1C00, CAUSE_OTHER,     trap_entry
    VECTOR 0x1D00, CAUSE_OTHER,     trap_entry
    VECTOR 0x1E00, CAUSE_OTHER,     trap_entry
    VECTOR 0x1F00, CAUSE_OTHER,     trap_entry
    VECTOR 0x2000, CAUSE_DEBUG,     crit_entry

/*
 * crit_entry: critical-class exceptions (critical input, machine check,
 * watchdog, debug) save the interrupted state in SRR2/SRR3.  None of them
 * is ever enabled for a partition; the core reports them like any other
 * trap.  Entry: r3 = cause, original r3 in SPRG1.  Uses: r4 (saved in
 * SPRG2 and restored).  Exit: SRR0/SRR1 = SRR2/SRR3, falls into trap_entry.
 */
crit_entry:
    mtspr   SPR_SPRG2, r4
    mfspr   r4, SPR_SRR2
    mtspr   SPR_SRR0, r4
    mfspr   r4, SPR_SRR3
    mtspr   SPR_SRR1, r4
    mfspr   r4, SPR_SPRG2
    /* fall through */

/*
 * trap_entry: save the interrupted context into the struct ctx that SPRG3
 * points at, switch to the core stack and call proteus_trap(cause, ctx).
 * Entry: r3 = cause, original r3 in SPRG1, SRR0/SRR1 = interrupted pc/msr.
 * Uses: every GPR (all saved first).  Exit: continues in trap_exit with the
 * context proteus_trap returns.
 */
trap_entry:
    mtspr   SPR_SPRG2, r4
    mfspr   r4, SPR_SPRG3
    stw     r0, CTX_GPR0(r4)
    stw     r1, CTX_GPR1(r4)
    stw     r2, CTX_GPR2(r4)
    mfspr   r0, SPR_SPRG1
    stw     r0, CTX_GPR3(r4)
    mfspr   r0, SPR_SPRG2
    stw     r0, CTX_GPR4(r4)
    stmw    r5, CTX_GPR5(r4)
    mfcr    r0
    stw     r0, CTX_CR(r4)
    mfxer   r0
    stw     r0, CTX_XER(r4)
    mflr    r0
    stw     r0, CTX_LR(r4)
    mfctr   r0
    stw     r0, CTX_CTR(r4)
    mfspr   r0, SPR_SRR0
    stw     r0, CTX_PC(r4)
    mfspr   r0, SPR_SRR1
    stw     r0, CTX_MSR(r4)
    mfspr   r0, SPR_ESR
    stw     r0, CTX_ESR(r4)
    mfspr   r0, SPR_DEAR
    stw     r0, CTX_DEAR(r4)
    lis     r1, __stack_top@ha
    addi    r1, r1, __stack_top@l
    li      r0, 0
    stwu    r0, -16(r1)
    bl      proteus_trap
    /* fall through with r3 = context to resume */

/*
 * trap_exit: resume a context.  Entry: r3 = host address of a struct ctx
 * (a partition's, whose msr is MSR_GUEST, or the idle loop's), supervisor
 * state, translation and interrupts off.  Uses: every GPR.  Exit: rfi into
 * the context with SPRG3 = r3 and PID = its pid.
 */
    .globl  trap_exit
trap_exit:
    mtspr   SPR_SPRG3, r3
    lwz     r0, CTX_PID(r3)
    mtspr   SPR_PID, r0
    lwz     r0, CTX_CR(r3)
    mtcr    r0
    lwz     r0, CTX_XER(r3)
    mtxer   r0
    lwz     r0, CTX_LR(r3)
    mtlr    r0
    lwz     r0, CTX_CTR(r3)
    mtctr   r0
    lwz     r0, CTX_PC(r3)
    mtspr   SPR_SRR0, r0
    lwz     r0, CTX_MSR(r3)
    mtspr   SPR_SRR1, r0
    lwz     r0, CTX_GPR0(r3)
    lwz     r1, CTX_GPR1(r3)
    lwz     r2, CTX_GPR2(r3)
    lmw     r4, CTX_GPR4(r3)
    lwz     r3, CTX_GPR3(r3)
    rfi

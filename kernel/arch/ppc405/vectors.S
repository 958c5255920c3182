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
#include "config.h"

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
#if CONFIG_FV_FAST
    /* program: the fast emulation path first (program_fast) */
    .org    vectors_base + 0x0700
    mtspr   SPR_SPRG1, r3
    b       program_fast
#else
    VECTOR 0x0700, CAUSE_PROGRAM,   trap_entry
#endif
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
 * (a partition's, whose msr is MSR_GUEST or, during a reload, MSR_CORE_BG,
 * or the idle loop's), supervisor state, translation and interrupts off;
 * PID = the current partition's (set by the C core when the current
 * partition changes, arch_pid_set, so it is right for any of its guest
 * contexts; the reload routine and the idle loop run untranslated).
 * Uses: every GPR.  Exit: rfi into the context with SPRG3 = r3, PID
 * untouched.
 */
    .globl  trap_exit
trap_exit:
    mtspr   SPR_SPRG3, r3
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

#if CONFIG_FV_FAST
/*
 * program_fast: the hot emulation path.  A privileged-operation program
 * interrupt from a partition in its virtual supervisor state, for mfmsr,
 * mtmsr, wrtee, wrteei, rfi, or mfspr/mtspr of SRR0, SRR1, SPRG0-7, is
 * emulated here on the partition's register file without entering C
 * (REQ: FV-001, FV-002).  Every other case goes to trap_entry with the
 * interrupted state untouched, and C does the work: another instruction,
 * a reserved field set, the virtual problem state, an MSR write that sets
 * EE or CE (a virtual interrupt may become deliverable), IR, DR or WE, or
 * mtmsr with bit 15.  The live registers (SPRG0, SPRG4-7) are read and
 * written in the real registers, the others in the vcpu (vcpu.h).
 * Entry: r3 in SPRG1; SRR0/SRR1/ESR of the program interrupt; MSR = ME.
 * Uses: every GPR and CR, saved first in the context SPRG3 points at and
 * restored from it (a result stored into the context's GPR is what the
 * partition gets).  Exit: rfi to the next instruction (for rfi: its
 * target), or trap_entry with r3 = CAUSE_PROGRAM, the original r3 in SPRG1.
 */
/* Branch to .Lpf_bail unless the MSR value in \new (\old: the current one)
 * keeps WE, IR, DR clear and sets neither EE nor CE that was clear. */
.macro  MSR_FAST_OK new, old
    andis.  r0, \new, MSR_WE@h
    bne     .Lpf_bail
    andi.   r0, \new, MSR_IR | MSR_DR
    bne     .Lpf_bail
    andc    r0, \new, \old
    andis.  r0, r0, MSR_CE@h
    bne     .Lpf_bail
    andc    r0, \new, \old
    andi.   r0, r0, MSR_EE
    bne     .Lpf_bail
.endm

/* r9 = the SPR number of the instruction in r10 (its halves swapped). */
.macro  SPRN_R9
    rlwinm  r9, r10, 16, 27, 31
    rlwinm  r7, r10, 26, 22, 26
    or      r9, r9, r7
.endm

program_fast:
    mfspr   r3, SPR_SPRG3
    stw     r4, CTX_GPR4(r3)
    mfcr    r4
    stw     r4, CTX_CR(r3)
    mfspr   r4, SPR_SRR1
    andi.   r4, r4, MSR_PR
    beq     .Lpf_bail4                /* from the core: C reports it */
    mfspr   r4, SPR_ESR
    andis.  r4, r4, ESR_PPR@h
    beq     .Lpf_bail4                /* not a privileged operation */
    stmw    r5, CTX_GPR5(r3)
    stw     r0, CTX_GPR0(r3)
    stw     r1, CTX_GPR1(r3)
    stw     r2, CTX_GPR2(r3)
    mfspr   r0, SPR_SPRG1
    stw     r0, CTX_GPR3(r3)
    addi    r5, r3, CTX_TO_VCPU     /* r5 = the partition's vcpu */
    lwz     r6, VCPU_MSR(r5)        /* r6 = its virtual MSR */
    andi.   r0, r6, MSR_PR
    bne     .Lpf_bail                 /* virtual problem state: reflected in C */
    /* The instruction word, read through the partition's own translation:
     * the TLB entry that has just fetched it is there. */
    mfmsr   r7
    ori     r8, r7, MSR_DR
    mfspr   r9, SPR_SRR0
    mtmsr   r8
    isync
    lwz     r10, 0(r9)
    mtmsr   r7
    isync
    rlwinm  r11, r10, 6, 26, 31     /* primary opcode */
    rlwinm  r12, r10, 31, 22, 31    /* extended opcode */
    rlwinm  r8, r10, 13, 25, 29     /* 4 * rD (or rS) */
    add     r8, r8, r3              /* CTX_GPR0(r8) = that GPR in the context */
    cmpwi   r11, 19
    beq     .Lpf_op19
    cmpwi   r11, 31
    bne     .Lpf_bail
    cmpwi   r12, 83
    beq     .Lpf_mfmsr
    cmpwi   r12, 339
    beq     .Lpf_mfspr
    cmpwi   r12, 467
    beq     .Lpf_mtspr
    cmpwi   r12, 163
    beq     .Lpf_wrteei
    cmpwi   r12, 131
    beq     .Lpf_wrtee
    cmpwi   r12, 146
    beq     .Lpf_mtmsr
    b       .Lpf_bail

.Lpf_op19:                            /* rfi: reserved bits 6:16, 31 */
    cmpwi   r12, 50
    bne     .Lpf_bail
    lis     r0, 0x03FF
    ori     r0, r0, 0x8001
    and.    r0, r10, r0
    bne     .Lpf_bail
    lis     r0, VMSR_MASK@h
    ori     r0, r0, VMSR_MASK@l
    lwz     r7, VCPU_SRR1(r5)
    and     r7, r7, r0              /* the new virtual MSR */
    MSR_FAST_OK r7, r6
    lwz     r9, VCPU_SRR0(r5)
    rlwinm  r9, r9, 0, 0, 29        /* word aligned */
    stw     r7, VCPU_MSR(r5)
    mtspr   SPR_SRR0, r9
    b       .Lpf_done

.Lpf_mfmsr:                           /* reserved: rA, rB, Rc */
    lis     r0, 0x001F
    ori     r0, r0, 0xF801
    and.    r0, r10, r0
    bne     .Lpf_bail
    stw     r6, CTX_GPR0(r8)
    b       .Lpf_next

.Lpf_mtmsr:                           /* reserved: bits 11:14, 16:20, 31; 15 (L) in C */
    lis     r0, 0x001F
    ori     r0, r0, 0xF801
    and.    r0, r10, r0
    bne     .Lpf_bail
    lis     r0, VMSR_MASK@h
    ori     r0, r0, VMSR_MASK@l
    lwz     r7, CTX_GPR0(r8)
    and     r7, r7, r0
    MSR_FAST_OK r7, r6
    stw     r7, VCPU_MSR(r5)
    b       .Lpf_next

.Lpf_wrteei:                          /* reserved: bits 12:14, 17:21, 31 */
    lis     r0, 0x000E
    ori     r0, r0, 0x7C01
    and.    r0, r10, r0
    bne     .Lpf_bail
    andi.   r7, r10, MSR_EE         /* E (bit 16) is where MSR[EE] is */
    b       .Lpf_set_ee

.Lpf_wrtee:                           /* reserved: bits 12:21, 31 */
    lis     r0, 0x000F
    ori     r0, r0, 0xFC01
    and.    r0, r10, r0
    bne     .Lpf_bail
    lwz     r7, CTX_GPR0(r8)
    andi.   r7, r7, MSR_EE
.Lpf_set_ee:                          /* r7 = the new EE bit, CR0 from it */
    beq     1f
    andi.   r0, r6, MSR_EE
    beq     .Lpf_bail                 /* EE set now: an interrupt may be due */
1:  rlwinm  r6, r6, 0, 17, 15       /* clear EE */
    or      r6, r6, r7
    stw     r6, VCPU_MSR(r5)
    b       .Lpf_next

.Lpf_mfspr:                           /* reserved: Rc */
    andi.   r0, r10, 1
    bne     .Lpf_bail
    SPRN_R9
    cmpwi   r9, SPR_SRR0
    li      r7, VCPU_SRR0
    beq     .Lpf_mf_field
    cmpwi   r9, SPR_SRR1
    li      r7, VCPU_SRR1
    beq     .Lpf_mf_field
    addi    r12, r9, -SPR_SPRG1
    cmplwi  r12, 2
    bgt     1f
    slwi    r12, r12, 2
    addi    r7, r12, VCPU_SPRG1
.Lpf_mf_field:
    lwzx    r7, r5, r7
    b       .Lpf_mf_store
1:  cmpwi   r9, SPR_SPRG0
    bne     2f
    mfspr   r7, SPR_SPRG0
    b       .Lpf_mf_store
2:  cmpwi   r9, SPR_SPRG4
    bne     3f
    mfspr   r7, SPR_SPRG4
    b       .Lpf_mf_store
3:  cmpwi   r9, SPR_SPRG5
    bne     4f
    mfspr   r7, SPR_SPRG5
    b       .Lpf_mf_store
4:  cmpwi   r9, SPR_SPRG6
    bne     5f
    mfspr   r7, SPR_SPRG6
    b       .Lpf_mf_store
5:  cmpwi   r9, SPR_SPRG7
    bne     .Lpf_bail
    mfspr   r7, SPR_SPRG7
.Lpf_mf_store:
    stw     r7, CTX_GPR0(r8)
    b       .Lpf_next

.Lpf_mtspr:                           /* no reserved field */
    SPRN_R9
    lwz     r7, CTX_GPR0(r8)
    cmpwi   r9, SPR_SRR0
    li      r11, VCPU_SRR0
    beq     .Lpf_mt_field
    cmpwi   r9, SPR_SRR1
    li      r11, VCPU_SRR1
    beq     .Lpf_mt_field
    addi    r12, r9, -SPR_SPRG1
    cmplwi  r12, 2
    bgt     1f
    slwi    r12, r12, 2
    addi    r11, r12, VCPU_SPRG1
.Lpf_mt_field:
    stwx    r7, r5, r11
    b       .Lpf_next
1:  cmpwi   r9, SPR_SPRG0
    bne     2f
    mtspr   SPR_SPRG0, r7
    b       .Lpf_next
2:  cmpwi   r9, SPR_SPRG4
    bne     3f
    mtspr   SPR_SPRG4, r7
    b       .Lpf_next
3:  cmpwi   r9, SPR_SPRG5
    bne     4f
    mtspr   SPR_SPRG5, r7
    b       .Lpf_next
4:  cmpwi   r9, SPR_SPRG6
    bne     5f
    mtspr   SPR_SPRG6, r7
    b       .Lpf_next
5:  cmpwi   r9, SPR_SPRG7
    bne     .Lpf_bail
    mtspr   SPR_SPRG7, r7

.Lpf_next:                            /* resume after the instruction */
    mfspr   r7, SPR_SRR0
    addi    r7, r7, 4
    mtspr   SPR_SRR0, r7
.Lpf_done:                            /* every GPR and CR from the context */
    lwz     r0, CTX_CR(r3)
    mtcr    r0
    lmw     r5, CTX_GPR5(r3)
    lwz     r4, CTX_GPR4(r3)
    lwz     r2, CTX_GPR2(r3)
    lwz     r1, CTX_GPR1(r3)
    lwz     r0, CTX_GPR0(r3)
    lwz     r3, CTX_GPR3(r3)
    rfi

.Lpf_bail:                            /* every GPR and CR saved: restore them */
    lwz     r0, CTX_CR(r3)
    mtcr    r0
    lmw     r5, CTX_GPR5(r3)
    lwz     r4, CTX_GPR4(r3)
    lwz     r0, CTX_GPR0(r3)
    li      r3, CAUSE_PROGRAM
    b       trap_entry

.Lpf_bail4:                           /* only r4 and CR saved */
    lwz     r4, CTX_CR(r3)
    mtcr    r4
    lwz     r4, CTX_GPR4(r3)
    li      r3, CAUSE_PROGRAM
    b       trap_entry
#endif /* CONFIG_FV_FAST */

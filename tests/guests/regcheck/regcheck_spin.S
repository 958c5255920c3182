/*
 * regcheck_spin: fill the whole user-visible register state with patterns,
 * then check it over and over while the partition may be preempted.
 *
 *   unsigned regcheck_spin(unsigned seed, unsigned iterations);
 *
 * Entry: r1 = a valid stack, r3 = seed, r4 = iterations, LR = return
 * address (the SysV ABI; any CR, XER, CTR).
 *
 * Patterns: a table of 36 expected values is built in the stack frame from
 * a linear congruential sequence started at seed ^ 0x9E3779B9, one value
 * per slot: r0..r31 (indexed by register number; r1's slot is unused), CR,
 * XER, CTR, LR.  XER keeps only the bits the 405 implements
 * (RC_XER_MASK): its byte count comes from the sequence, SO/OV/CA are
 * the seed's low three bits, so successive seeds cover all eight
 * combinations.  Different seeds give different patterns in every slot.
 *
 * Registers used: all of them.  r0, r2..r31, CR (all 8 fields), XER, CTR
 * and LR are loaded with their patterns; r1 stays the stack pointer (the
 * table is addressed r1-relative).  Nothing but the stack frame and, on a
 * mismatch, regcheck_got/regcheck_want is written.
 *
 * A check compares every one of those registers with its table slot, with
 * no spare register.  It has a scratch register S, a second scratch T and
 * a CR field F for its compares:
 *   1. S is stored to the frame, then CR is read (through S) and stored,
 *      before any compare changes a CR field.
 *   2. Every GPR but r1 and S is compared in turn: lwz S,<slot> /
 *      cmpw F,<reg>,S / bne F: S is the only scratch register.
 *   3. T matched in step 2, so it becomes the second scratch: S takes the
 *      stored S, the stored CR, then mfxer, mfctr and mflr, T the expected
 *      value, and each pair is compared.
 *   4. The count of checks (kept in the frame, not in CTR, which holds a
 *      pattern) is decremented through r31 (S or T); T, CR and S get
 *      their patterns back and the other check follows.
 * Checks A (S = r0, T = r31, F = cr0) and B (S = r31, T = r0, F = cr7)
 * alternate, so every register holds its pattern during most of the loop
 * (r0, r31, cr0 and cr7 at least during every other check, all others
 * throughout): a window switch anywhere in the loop that does not restore
 * the complete state is found by the next check or the one after.
 * XER is never changed by the checks (cmpw and lwz leave it alone).
 *
 * Exit: r3 = RC_OK (0) if every check passed, else the code (regcheck.h)
 * of the first register found different in the failing check, with
 * regcheck_got/regcheck_want set to the value found and the one expected.
 * r1, r2, r13..r31, LR and CR are restored to their entry values; r0,
 * r4..r12, XER and CTR are clobbered (volatile in the ABI).
 *
 * Problem state only: no privileged instruction.
 */
#include "regcheck.h"

    .machine    "405"

/* Stack frame, offsets from r1 after the stwu. */
#define F_CNT       8                   /* checks left */
#define F_SCR       12                  /* S as found at the start of a check */
#define F_CR        16                  /* CR as found at the start of a check */
#define F_GOT       20                  /* mismatch: value found */
#define F_WANT      24                  /* mismatch: value expected */
#define F_EXP       32                  /* the table of expected values */
#define EXP_R(n)    (F_EXP + 4 * (n))   /* GPR n */
#define EXP_CR      (F_EXP + 128)
#define EXP_XER     (F_EXP + 132)
#define EXP_CTR     (F_EXP + 136)
#define EXP_LR      (F_EXP + 140)
#define EXP_SLOTS   36
#define F_SAVE_CR   (F_EXP + 4 * EXP_SLOTS)         /* caller's CR */
#define F_SAVE_R2   (F_SAVE_CR + 4)                 /* caller's r2 */
#define F_SAVE_GPR  (F_SAVE_R2 + 4)                 /* caller's r13..r31 */
#define FRAME       ((F_SAVE_GPR + 4 * 19 + 15) & ~15)
#define F_LR        (FRAME + 4)         /* LR save word of the caller's frame */

/* Sequence x' = x * LCG_MUL + LCG_ADD (mod 2^32), started at seed ^ LCG_START. */
#define LCG_START   0x9E3779B9
#define LCG_MUL     0x0019660D
#define LCG_ADD     0x3C6EF35F

/* GPRs compared in step 2 (all but r1; the scratch one is skipped). */
#define CHECKED_GPRS 0,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31

/*
 * One check: scratch r\s, second scratch r\t, compares in cr\f.  Falls
 * through to the next check; branches to .Lpassed when the count is done.
 */
    .macro  CHECK s, t, f
    /* 1. S and CR before any compare. */
    stw     %r\s, F_SCR(%r1)
    mfcr    %r\s
    stw     %r\s, F_CR(%r1)

    /* 2. Every GPR but r1 and S, with S as scratch. */
    .irp    reg, CHECKED_GPRS
    .if     \reg != \s
    lwz     %r\s, EXP_R(\reg)(%r1)
    cmpw    \f, %r\reg, %r\s
    bne-    \f, .Lbad_\s\()_r\reg
    .endif
    .endr

    /* 3. T matched: it is the second scratch for S, CR, XER, CTR, LR. */
    lwz     %r\s, F_SCR(%r1)
    lwz     %r\t, EXP_R(\s)(%r1)
    cmpw    \f, %r\s, %r\t
    bne-    \f, .Lbad_scr_\s
    lwz     %r\s, F_CR(%r1)
    lwz     %r\t, EXP_CR(%r1)
    cmpw    \f, %r\s, %r\t
    bne-    \f, .Lbad_cr_\s
    mfxer   %r\s
    lwz     %r\t, EXP_XER(%r1)
    cmpw    \f, %r\s, %r\t
    bne-    \f, .Lbad_xer_\s
    mfctr   %r\s
    lwz     %r\t, EXP_CTR(%r1)
    cmpw    \f, %r\s, %r\t
    bne-    \f, .Lbad_ctr_\s
    mflr    %r\s
    lwz     %r\t, EXP_LR(%r1)
    cmpw    \f, %r\s, %r\t
    bne-    \f, .Lbad_lr_\s

    /* 4. Count down through r31 (S or T: free here; not r0, which addi
     * reads as 0), then patterns back into T, CR and S. */
    lwz     %r31, F_CNT(%r1)
    addi    %r31, %r31, -1
    stw     %r31, F_CNT(%r1)
    cmpwi   \f, %r31, 0
    beq-    \f, .Lpassed
    lwz     %r\t, EXP_R(\t)(%r1)
    lwz     %r\s, EXP_CR(%r1)
    mtcrf   0xff, %r\s
    lwz     %r\s, EXP_R(\s)(%r1)
    .endm

/* The mismatch exits of CHECK s, t: code in r3, then .Lfail. */
    .macro  CHECK_EXITS s, t
    /* Step 2: found in r\reg, expected in r\s. */
    .irp    reg, CHECKED_GPRS
    .if     \reg != \s
.Lbad_\s\()_r\reg:
    stw     %r\reg, F_GOT(%r1)
    stw     %r\s, F_WANT(%r1)
    li      %r3, RC_GPR(\reg)
    b       .Lfail
    .endif
    .endr
    /* Step 3: found in r\s, expected in r\t. */
    CHECK_EXIT3 scr_\s, RC_GPR(\s), \s, \t
    CHECK_EXIT3 cr_\s, RC_CR, \s, \t
    CHECK_EXIT3 xer_\s, RC_XER, \s, \t
    CHECK_EXIT3 ctr_\s, RC_CTR, \s, \t
    CHECK_EXIT3 lr_\s, RC_LR, \s, \t
    .endm

    .macro  CHECK_EXIT3 name, code, s, t
.Lbad_\name:
    stw     %r\s, F_GOT(%r1)
    stw     %r\t, F_WANT(%r1)
    li      %r3, \code
    b       .Lfail
    .endm

    .text
    .globl  regcheck_spin
    .type   regcheck_spin, @function
regcheck_spin:
    stwu    %r1, -FRAME(%r1)
    mflr    %r0
    stw     %r0, F_LR(%r1)
    mfcr    %r0
    stw     %r0, F_SAVE_CR(%r1)
    stw     %r2, F_SAVE_R2(%r1)
    stmw    %r13, F_SAVE_GPR(%r1)
    cmpwi   %r4, 0
    bne+    2f
    li      %r3, RC_OK                  /* no check: nothing to do */
    b       .Lreturn
2:  stw     %r4, F_CNT(%r1)

    /* The table of expected values. */
    mr      %r10, %r3                   /* seed */
    lis     %r5, LCG_START@h
    ori     %r5, %r5, LCG_START@l
    xor     %r5, %r5, %r10
    lis     %r6, LCG_MUL@h
    ori     %r6, %r6, LCG_MUL@l
    lis     %r7, LCG_ADD@h
    ori     %r7, %r7, LCG_ADD@l
    addi    %r8, %r1, F_EXP - 4
    li      %r9, EXP_SLOTS
    mtctr   %r9
1:  mullw   %r5, %r5, %r6
    add     %r5, %r5, %r7
    stwu    %r5, 4(%r8)
    bdnz    1b
    lwz     %r5, EXP_XER(%r1)
    andi.   %r5, %r5, RC_XER_MASK & 0xFFFF      /* byte count */
    rlwinm  %r9, %r10, 29, 0, 2                 /* seed bits 29-31 -> SO, OV, CA */
    or      %r5, %r5, %r9
    stw     %r5, EXP_XER(%r1)

    /* Load every pattern: XER, CTR, LR, r2..r31, CR, r0. */
    lwz     %r0, EXP_XER(%r1)
    mtxer   %r0
    lwz     %r0, EXP_CTR(%r1)
    mtctr   %r0
    lwz     %r0, EXP_LR(%r1)
    mtlr    %r0
    lmw     %r2, EXP_R(2)(%r1)
    lwz     %r0, EXP_CR(%r1)
    mtcrf   0xff, %r0
    lwz     %r0, EXP_R(0)(%r1)

.Lloop:
    CHECK   0, 31, 0                    /* check A */
    CHECK   31, 0, 7                    /* check B */
    b       .Lloop

.Lpassed:
    li      %r3, RC_OK
    b       .Lreturn

    CHECK_EXITS 0, 31
    CHECK_EXITS 31, 0

/* r3 = code: publish the values found and expected. */
.Lfail:
    lwz     %r4, F_GOT(%r1)
    lis     %r5, regcheck_got@ha
    stw     %r4, regcheck_got@l(%r5)
    lwz     %r4, F_WANT(%r1)
    lis     %r5, regcheck_want@ha
    stw     %r4, regcheck_want@l(%r5)

/* r3 = result: give the caller its registers back. */
.Lreturn:
    lwz     %r0, F_LR(%r1)
    mtlr    %r0
    lwz     %r0, F_SAVE_CR(%r1)
    mtcrf   0xff, %r0
    lwz     %r2, F_SAVE_R2(%r1)
    lmw     %r13, F_SAVE_GPR(%r1)
    addi    %r1, %r1, FRAME
    blr
    .size   regcheck_spin, . - regcheck_spin

    .section .note.GNU-stack, "", @progbits

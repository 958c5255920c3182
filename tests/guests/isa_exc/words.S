/* isa_exc: the words that raise (or might raise) program and alignment
 * interrupts, one stub each; r0 = the operand (value or address). */
#include "../isa_common/isa.h"

    .machine "405"
    ISA_STUB w_ill_opcode_0, 0x00000000
    ISA_STUB w_ill_opcode_5, 0x14000000
    ISA_STUB w_ill_opcode_6, 0x18000000
    ISA_STUB w_ill_opcode_22, 0x58000000
    ISA_STUB w_ill_opcode_56, 0xE0000000
    ISA_STUB w_ill_opcode_62, 0xF8000000
    ISA_STUB w_ill_x31_xo1, 0x7C000002      /* opcode 31, extended opcode 1 */
    ISA_STUB w_ill_x31_xo1019, 0x7C0007F6   /* opcode 31, extended opcode 1019 */
    ISA_STUB w_ill_x19_xo2, 0x4C000004      /* opcode 19, extended opcode 2 */
    ISA_STUB w_dev_dlmzb, 0x7C00009C        /* dlmzb r0, r0, r0 */

    ISA_STUB w_tw_always, 0x7FE00008        /* tw 31, r0, r0 */
    ISA_STUB w_tw_eq_self, 0x7C800008       /* tw 4 (EQ), r0, r0 */
    ISA_STUB w_tw_lt_self, 0x7E000008       /* tw 16 (LT), r0, r0 */
    ISA_STUB w_tw_never, 0x7C000008         /* tw 0, r0, r0 */
    ISA_STUB w_twi_lt, 0x0E000000           /* twi 16 (LT), r0, 0 */
    ISA_STUB w_twi_gt, 0x0D000005           /* twi 8 (GT), r0, 5 */
    ISA_STUB w_twi_eq, 0x0C801234           /* twi 4 (EQ), r0, 0x1234 */
    ISA_STUB w_twi_llt, 0x0C40FFFF          /* twi 2 (LLT), r0, -1 */
    ISA_STUB w_twi_lgt, 0x0C200000          /* twi 1 (LGT), r0, 0 */
    ISA_STUB w_twi_never, 0x0C000000        /* twi 0, r0, 0 */

    ISA_STUB w_lwarx, 0x7C000028            /* lwarx r0, 0, r0 */
    ISA_STUB w_stwcx, 0x7C00012D            /* stwcx. r0, 0, r0 */
    ISA_STUB w_lwzx, 0x7C00002E             /* lwzx r0, 0, r0 */
    ISA_STUB w_stwx, 0x7C00012E             /* stwx r0, 0, r0 */
    ISA_STUB w_lhzx, 0x7C00022E             /* lhzx r0, 0, r0 */

/* stmw r31 / lmw r31 at r3 (= r0): r31 is preserved around them
 * (in r6); stmw stores the word 0x53544D57, lmw's result is returned. */
    .text
    .globl  w_stmw
    .type   w_stmw, @function
w_stmw:
    mr      %r6, %r31
    lis     %r31, 0x5354
    ori     %r31, %r31, 0x4D57
    lis     %r4, 1f@ha
    addi    %r4, %r4, 1f@l
    stw     %r4, ISA_SITE_ADDR(0)
1:  stmw    %r31, 0(%r3)
    mr      %r31, %r6
    blr
    .size   w_stmw, . - w_stmw

    .globl  w_lmw
    .type   w_lmw, @function
w_lmw:
    mr      %r6, %r31
    lis     %r31, 0x4C4D
    ori     %r31, %r31, 0x5721
    lis     %r4, 1f@ha
    addi    %r4, %r4, 1f@l
    stw     %r4, ISA_SITE_ADDR(0)
1:  lmw     %r31, 0(%r3)
    mr      %r3, %r31
    mr      %r31, %r6
    blr
    .size   w_lmw, . - w_lmw

/* A reservation at r3 (word-aligned), then stwcx. at r3 + 2. */
    .globl  w_resv_stwcx
    .type   w_resv_stwcx, @function
w_resv_stwcx:
    lwarx   %r5, 0, %r3
    addi    %r6, %r3, 2
    lis     %r4, 1f@ha
    addi    %r4, %r4, 1f@l
    stw     %r4, ISA_SITE_ADDR(0)
1:  stwcx.  %r5, 0, %r6
    blr
    .size   w_resv_stwcx, . - w_resv_stwcx

    .section .note.GNU-stack, "", @progbits

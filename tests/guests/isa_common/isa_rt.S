/*
 * Run-time start-up and exception entry of the instruction-group guests
 * (included by each guest's rt.S).
 *
 * Vectors live at 0 (EVPR = 0); every slot of the 405 vector table has a
 * stub that opens an exception frame on the interrupted stack, saves r3,
 * loads its offset into r3 and joins isa_exc_entry.  That saves every
 * volatile register, CR, LR, CTR and XER, calls isa_exception(offset)
 * (isa_lib.c: logs and decides where to resume by setting SRR0/SRR1),
 * restores them and returns with rfi.  The guests never corrupt r1, so
 * the interrupted stack is always usable; no SPRG is used.
 */
#include "isa.h"

    .machine    "405"

/* Exception frame (below the interrupted r1, 16-byte aligned). */
#define XF_SIZE     80
#define XF_R0       8
#define XF_R3       12
#define XF_R4       16      /* r4..r12 at 16..48 */
#define XF_CR       52
#define XF_LR       56
#define XF_CTR      60
#define XF_XER      64

/* The stubs branch absolutely, so the table may be copied elsewhere
 * (a guest that moves EVPR copies it to a 64 KiB boundary). */
    .macro  VEC off
    .org    \off
    stwu    %r1, -XF_SIZE(%r1)
    stw     %r3, XF_R3(%r1)
    li      %r3, \off
    ba      isa_exc_entry
    .endm

    .section .vectors, "ax"
    .globl  isa_vectors
isa_vectors:
    .space  ISA_SITE_ADDR   /* unused */
    .globl  isa_site_word
isa_site_word:              /* ISA_SITE_ADDR: the instruction under test */
    .space  0x100 - ISA_SITE_ADDR
    VEC     0x0100          /* critical input */
    VEC     0x0200          /* machine check */
    VEC     0x0300          /* data storage */
    VEC     0x0400          /* instruction storage */
    VEC     0x0500          /* external */
    VEC     0x0600          /* alignment */
    VEC     0x0700          /* program */
    VEC     0x0800          /* FPU unavailable */
    VEC     0x0900
    VEC     0x0A00
    VEC     0x0B00
    VEC     0x0C00          /* system call */
    VEC     0x0D00
    VEC     0x0E00
    VEC     0x0F00
    VEC     0x0F20          /* APU unavailable */
    VEC     0x1000          /* PIT */
    VEC     0x1010          /* FIT */
    VEC     0x1020          /* watchdog */
    VEC     0x1100          /* data TLB miss */
    VEC     0x1200          /* instruction TLB miss */
    VEC     0x1300
    VEC     0x1400
    VEC     0x1500
    VEC     0x1600
    VEC     0x1700
    VEC     0x1800
    VEC     0x1900
    VEC     0x1A00
    VEC     0x1B00
    VEC     0x1C00
    VEC     0x1D00
    VEC     0x1E00
    VEC     0x1F00
    VEC     0x2000          /* debug */

    .text
    .type   isa_exc_entry, @function
isa_exc_entry:
    stw     %r0, XF_R0(%r1)
    stw     %r4, XF_R4+0(%r1)
    stw     %r5, XF_R4+4(%r1)
    stw     %r6, XF_R4+8(%r1)
    stw     %r7, XF_R4+12(%r1)
    stw     %r8, XF_R4+16(%r1)
    stw     %r9, XF_R4+20(%r1)
    stw     %r10, XF_R4+24(%r1)
    stw     %r11, XF_R4+28(%r1)
    stw     %r12, XF_R4+32(%r1)
    mfcr    %r0
    stw     %r0, XF_CR(%r1)
    mflr    %r0
    stw     %r0, XF_LR(%r1)
    mfctr   %r0
    stw     %r0, XF_CTR(%r1)
    mfxer   %r0
    stw     %r0, XF_XER(%r1)
    bl      isa_exception
    lwz     %r0, XF_XER(%r1)
    mtxer   %r0
    lwz     %r0, XF_CTR(%r1)
    mtctr   %r0
    lwz     %r0, XF_LR(%r1)
    mtlr    %r0
    lwz     %r0, XF_CR(%r1)
    mtcrf   0xff, %r0
    lwz     %r0, XF_R0(%r1)
    lwz     %r3, XF_R3(%r1)
    lwz     %r4, XF_R4+0(%r1)
    lwz     %r5, XF_R4+4(%r1)
    lwz     %r6, XF_R4+8(%r1)
    lwz     %r7, XF_R4+12(%r1)
    lwz     %r8, XF_R4+16(%r1)
    lwz     %r9, XF_R4+20(%r1)
    lwz     %r10, XF_R4+24(%r1)
    lwz     %r11, XF_R4+28(%r1)
    lwz     %r12, XF_R4+32(%r1)
    addi    %r1, %r1, XF_SIZE
    rfi
    .size   isa_exc_entry, . - isa_exc_entry

/*
 * Entry from the loader: supervisor state, real mode; nothing else is
 * assumed.  EVPR = 0, .bss cleared, the stack set, then isa_start
 * (isa_lib.c) entered through rfi with MSR = ME exactly.
 */
    .section .text.start, "ax"
    .globl  _start
    .type   _start, @function
_start:
    li      %r0, 0
    mtspr   SPR_EVPR, %r0
    lis     %r3, __bss_start@ha
    addi    %r3, %r3, __bss_start@l
    lis     %r4, __bss_end@ha
    addi    %r4, %r4, __bss_end@l
1:  cmplw   %r3, %r4
    bge     2f
    stw     %r0, 0(%r3)
    addi    %r3, %r3, 4
    b       1b
2:  lis     %r1, isa_stack_top@ha
    addi    %r1, %r1, isa_stack_top@l
    stwu    %r0, -16(%r1)
    lis     %r3, isa_start@ha
    addi    %r3, %r3, isa_start@l
    mtspr   SPR_SRR0, %r3
    li      %r3, MSR_ME
    mtspr   SPR_SRR1, %r3
    rfi
    .size   _start, . - _start

    .section .bss.stack, "aw", @nobits
    .balign 16
    .space  0x4000
    .globl  isa_stack_top
isa_stack_top:

    .section .note.GNU-stack, "", @progbits

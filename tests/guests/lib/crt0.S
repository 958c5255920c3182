/*
 * Start-up code and bare-board exception vectors of a Proteus-405 test guest.
 *
 * The guest starts in (virtual) supervisor state, real mode, EVPR = 0, on
 * the bare board (QEMU ref405ep, -kernel) and under the Proteus core alike,
 * so the vectors at 0x100..0x2000 are live in both: a system call returns
 * at once; on the bare board the program-interrupt handler emulates the
 * hypercalls a guest needs to run stand-alone (under the core they never
 * reach it); every other interrupt is reported on UART0 and stops the
 * guest.  _start executes no privileged instruction.
 */
#include <proteus/hcall.h>

#define SPR_SRR0    26
#define SPR_SRR1    27
#define SPR_SPRG0   272
#define SPR_SPRG1   273
#define SPR_SPRG2   274

#define UART0_BASE  0xEF600300
#define UART_THR    0
#define UART_LSR    5
#define LSR_THRE    0x20

    .machine    "405"

/* Send the byte in \reg to UART0 (base in \base); clobbers \tmp and CR0. */
    .macro  NATIVE_PUTC reg, base, tmp
.Lputc_wait\@:
    lbz     \tmp, UART_LSR(\base)
    andi.   \tmp, \tmp, LSR_THRE
    beq     .Lputc_wait\@
    stb     \reg, UART_THR(\base)
    .endm

/* An unexpected interrupt: report its vector offset and stop. */
    .macro  UNEXPECTED vec
    .org    \vec
    li      %r3, \vec
    b       native_unexpected
    .endm

/* ------------------------------------------------------------------ */
    .section .vectors, "ax"
    .globl  __vectors
__vectors:
    UNEXPECTED 0x0100   /* critical input */
    UNEXPECTED 0x0200   /* machine check */
    UNEXPECTED 0x0300   /* data storage */
    UNEXPECTED 0x0400   /* instruction storage */
    UNEXPECTED 0x0500   /* external */
    UNEXPECTED 0x0600   /* alignment */

    .org    0x0700      /* program: hypercall emulation on the bare board */
    b       native_program

    UNEXPECTED 0x0800   /* FPU unavailable */
    UNEXPECTED 0x0900
    UNEXPECTED 0x0A00
    UNEXPECTED 0x0B00
    .org    0x0C00      /* system call: returns at once (SRR0 = next) */
    rfi

    UNEXPECTED 0x0D00
    UNEXPECTED 0x0E00
    UNEXPECTED 0x0F00   /* APU unavailable */
    UNEXPECTED 0x1000   /* PIT */
    UNEXPECTED 0x1010   /* FIT */
    UNEXPECTED 0x1020   /* watchdog */
    UNEXPECTED 0x1100   /* data TLB miss */
    UNEXPECTED 0x1200   /* instruction TLB miss */
    UNEXPECTED 0x1300
    UNEXPECTED 0x1400
    UNEXPECTED 0x1500
    UNEXPECTED 0x1600
    UNEXPECTED 0x1700
    UNEXPECTED 0x1800
    UNEXPECTED 0x1900
    UNEXPECTED 0x1A00
    UNEXPECTED 0x1B00
    UNEXPECTED 0x1C00
    UNEXPECTED 0x1D00
    UNEXPECTED 0x1E00
    UNEXPECTED 0x1F00
    UNEXPECTED 0x2000   /* debug */

/* ------------------------------------------------------------------ */
    .section .text.start, "ax"
    .globl  _start
    .type   _start, @function
_start:
    /* Clear .bss (which holds the stack). */
    lis     %r3, __bss_start@ha
    addi    %r3, %r3, __bss_start@l
    lis     %r4, __bss_end@ha
    addi    %r4, %r4, __bss_end@l
    li      %r0, 0
1:  cmplw   %r3, %r4
    bge     2f
    stw     %r0, 0(%r3)
    addi    %r3, %r3, 4
    b       1b
2:
    /* Stack with a terminated back chain. */
    lis     %r1, __stack_top@ha
    addi    %r1, %r1, __stack_top@l
    stwu    %r0, -16(%r1)

    /* main(partition index, start count) */
    li      %r0, HC_PARTITION_INFO
    .long   HC_INSN
    bl      main
3:  b       3b
    .size   _start, . - _start

/* ------------------------------------------------------------------ */
    .text

/*
 * Program interrupt on the bare board.  If the faulting word is HC_INSN,
 * perform the hypercall in r0 and resume after it; every register except
 * the results r3/r4 is preserved (scratch: SPRG0-2).
 */
    .type   native_program, @function
native_program:
    mtspr   SPR_SPRG0, %r5
    mtspr   SPR_SPRG1, %r6
    mfcr    %r6
    mtspr   SPR_SPRG2, %r6

    mfspr   %r5, SPR_SRR0
    lwz     %r5, 0(%r5)
    lis     %r6, HC_INSN@h
    ori     %r6, %r6, HC_INSN@l
    cmplw   %r5, %r6
    bne     native_bad_program

    lis     %r5, guest_native@ha
    li      %r6, 1
    stw     %r6, guest_native@l(%r5)

    cmplwi  %r0, HC_CONSOLE_PUTC
    bne     1f
    lis     %r5, UART0_BASE@h
    ori     %r5, %r5, UART0_BASE@l
    NATIVE_PUTC %r3, %r5, %r6
    li      %r3, HC_OK
    b       9f

1:  cmplwi  %r0, HC_PARTITION_INFO
    bne     2f
    li      %r3, 0              /* partition index */
    li      %r4, 0              /* start count */
    b       9f

2:  li      %r3, HC_E_NOSYS

9:  mfspr   %r5, SPR_SRR0
    addi    %r5, %r5, 4
    mtspr   SPR_SRR0, %r5
    mfspr   %r6, SPR_SPRG2
    mtcr    %r6
    mfspr   %r6, SPR_SPRG1
    mfspr   %r5, SPR_SPRG0
    rfi
    .size   native_program, . - native_program

/* A program interrupt that is not a hypercall: report and stop. */
    .type   native_bad_program, @function
native_bad_program:
    lis     %r3, msg_bad_program@ha
    addi    %r3, %r3, msg_bad_program@l
    bl      native_puts
1:  b       1b
    .size   native_bad_program, . - native_bad_program

/* Unexpected interrupt, r3 = vector offset: report and stop. */
    .type   native_unexpected, @function
native_unexpected:
    mr      %r10, %r3
    lis     %r3, msg_unexpected@ha
    addi    %r3, %r3, msg_unexpected@l
    bl      native_puts
    lis     %r5, UART0_BASE@h
    ori     %r5, %r5, UART0_BASE@l
    slwi    %r8, %r10, 16       /* the four hex digits, most significant first */
    li      %r7, 4
    mtctr   %r7
1:  rlwinm  %r7, %r8, 4, 28, 31
    slwi    %r8, %r8, 4
    cmplwi  %r7, 10
    blt     2f
    addi    %r7, %r7, 'a' - '0' - 10
2:  addi    %r7, %r7, '0'
    NATIVE_PUTC %r7, %r5, %r6
    bdnz    1b
    li      %r7, '\n'
    NATIVE_PUTC %r7, %r5, %r6
3:  b       3b
    .size   native_unexpected, . - native_unexpected

/* Print the NUL-terminated string at r3 on UART0; clobbers r3, r5-r7, CR0. */
    .type   native_puts, @function
native_puts:
    lis     %r5, UART0_BASE@h
    ori     %r5, %r5, UART0_BASE@l
1:  lbz     %r7, 0(%r3)
    cmplwi  %r7, 0
    beqlr
    NATIVE_PUTC %r7, %r5, %r6
    addi    %r3, %r3, 1
    b       1b
    .size   native_puts, . - native_puts

/* ------------------------------------------------------------------ */
    .section .rodata
msg_bad_program:
    .asciz  "native: unexpected program interrupt\n"
msg_unexpected:
    .asciz  "native: unexpected exception 0x"

    .section .bss
    .balign 4
    .globl  guest_native
    .type   guest_native, @object
guest_native:
    .space  4
    .size   guest_native, 4

    .section .note.GNU-stack, "", @progbits

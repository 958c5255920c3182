/*
 * _start: the image's entry point.
 * Entry: as QEMU's -kernel leaves the 405: supervisor state, translation
 * off, MSR = 0, EVPR = 0.  Uses: r0, r1, r3, r4.  Exit: never returns;
 * enters the first window through trap_exit with the context that
 * proteus_main returns.   REQ: BOOT-001.
 */
#include <proteus/ppc405.h>

    .section .text.start, "ax"
    .globl  _start
_start:
    li      r0, 0
    mtspr   SPR_SPRG3, r0
    lis     r3, MSR_ME@h
    ori     r3, r3, MSR_ME@l
    mtmsr   r3
    isync
    lis     r1, __stack_top@ha
    addi    r1, r1, __stack_top@l
    stwu    r0, -16(r1)
    /* Clear .bss (both bounds 16-byte aligned by the linker script). */
    lis     r3, __bss_start@ha
    addi    r3, r3, __bss_start@l
    lis     r4, __bss_end@ha
    addi    r4, r4, __bss_end@l
1:  cmplw   r3, r4
    bge     2f
    stw     r0, 0(r3)
    addi    r3, r3, 4
    b       1b                      /* @wcet-bound (__bss_end - __bss_start) / 4 (bss words, boot only) */
2:  lis     r3, vectors_base@h
    mtspr   SPR_EVPR, r3
    isync
    bl      proteus_main
    b       trap_exit

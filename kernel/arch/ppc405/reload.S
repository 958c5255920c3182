/*
 * The partition reload routine: a core context that (re)loads a
 * partition's image in that partition's own windows, interrupts on, so the
 * PIT preempts it like a guest and a reload never delays another window.
 * REQ: HM-004.
 */
#include <proteus/ppc405.h>
#include "asm-offsets.h"
#include "config.h"

#define RELOAD_STACK_SIZE 512

    .section .bss
    .balign 16
reload_stacks:
    .space  CONFIG_NUM_PARTITIONS * RELOAD_STACK_SIZE

    .text

/* arch_reload_ctx(c = r3, index = r4).  Uses r5, r6.  Sets c's pc to
 * reload_entry, msr to MSR_CORE_BG, r3 to index and r1 to the top of
 * partition index's reload stack (with a terminated back chain). */
    .globl  arch_reload_ctx
arch_reload_ctx:
    lis     r5, reload_entry@ha
    addi    r5, r5, reload_entry@l
    stw     r5, CTX_PC(r3)
    lis     r5, MSR_CORE_BG@h
    ori     r5, r5, MSR_CORE_BG@l
    stw     r5, CTX_MSR(r3)
    stw     r4, CTX_GPR3(r3)
    addi    r5, r4, 1
    mulli   r5, r5, RELOAD_STACK_SIZE
    lis     r6, reload_stacks@ha
    addi    r6, r6, reload_stacks@l
    add     r5, r5, r6
    addi    r5, r5, -16
    li      r6, 0
    stw     r6, 0(r5)
    stw     r5, CTX_GPR1(r3)
    blr

/* reload_entry: entered by trap_exit's rfi.  Entry: supervisor, real mode,
 * MSR = MSR_CORE_BG, r1 = reload stack, r3 = partition index, SPRG3 = the
 * partition's ctx.  Uses: r31 (index across the call) and what the C
 * callees use.  Exit: interrupts off, trap_exit with the partition's fresh
 * guest context (partition_loaded). */
reload_entry:
    mr      r31, r3
    bl      partition_load
    wrteei  0                       /* @wcet-entry reload-finish: interrupts off until trap_exit's rfi */
    mr      r3, r31
    bl      partition_loaded
    b       trap_exit

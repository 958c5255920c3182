/*
 * The test RTOS's machine layer: exception vectors, start-up, exception
 * entry and exit (the context switch), the idle loop, the user side of the
 * system calls, and the few privileged accessors the kernel C uses.
 *
 * Vectors live at 0 and EVPR is set to 0 explicitly.  Three vectors are
 * live: program (0x700), system call (0xC00) and PIT (0x1000).  They save
 * the interrupted context into the current task's TCB, which SPRG0 always
 * points to (struct context is the TCB's first member), switch to the
 * kernel stack held in SPRG2, and call
 *
 *     struct tcb *k_exception(unsigned vector, struct tcb *cur, struct kernel *k)
 *
 * (k from SPRG3) with interrupts off (every interrupt clears MSR[EE]).  It
 * returns the task to run next, which is restored completely and entered
 * with rfi.  Every other vector reports `rtos: unexpected exception` and
 * stops.
 */
#include "rtos.h"

    .machine    "405"

/* A live vector: r4 -> SPRG1, r4 = current TCB, r3 saved there, r3 = vector. */
    .macro  ENTER vec
    .org    \vec
    mtspr   SPR_SPRG1, %r4
    mfspr   %r4, SPR_SPRG0
    stw     %r3, CTX_GPR(3)(%r4)
    li      %r3, \vec
    b       exc_entry
    .endm

/* Any other vector: report it and stop (r3 is lost; nothing resumes). */
    .macro  UNEXPECTED vec
    .org    \vec
    li      %r3, \vec
    b       exc_unexpected
    .endm

/* ------------------------------------------------------------------ */
    .section .vectors, "ax"
    .globl  rtos_vectors
rtos_vectors:
    UNEXPECTED 0x0100   /* critical input */
    UNEXPECTED 0x0200   /* machine check */
    UNEXPECTED 0x0300   /* data storage */
    UNEXPECTED 0x0400   /* instruction storage */
    UNEXPECTED 0x0500   /* external */
    UNEXPECTED 0x0600   /* alignment */
    ENTER      VEC_PROGRAM
    UNEXPECTED 0x0800   /* FPU unavailable */
    UNEXPECTED 0x0900
    UNEXPECTED 0x0A00
    UNEXPECTED 0x0B00
    ENTER      VEC_SYSCALL
    UNEXPECTED 0x0D00
    UNEXPECTED 0x0E00
    UNEXPECTED 0x0F00
    UNEXPECTED 0x0F20   /* APU unavailable */

    /* PIT: its slot holds four instructions; the rest follows below. */
    .org    VEC_PIT
    mtspr   SPR_SPRG1, %r4
    mfspr   %r4, SPR_SPRG0
    stw     %r3, CTX_GPR(3)(%r4)
    b       pit_entry

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
    .text

pit_entry:
    li      %r3, VEC_PIT
    b       exc_entry

/*
 * Common entry.  r3 = vector, r4 = current TCB (its r3 already saved),
 * SPRG1 = interrupted r4; every other register still the task's.
 */
exc_entry:
    stw     %r0, CTX_GPR(0)(%r4)
    stw     %r1, CTX_GPR(1)(%r4)
    stw     %r2, CTX_GPR(2)(%r4)
    stmw    %r5, CTX_GPR(5)(%r4)
    mfspr   %r5, SPR_SPRG1
    stw     %r5, CTX_GPR(4)(%r4)
    mfcr    %r5
    stw     %r5, CTX_CR(%r4)
    mfxer   %r5
    stw     %r5, CTX_XER(%r4)
    mflr    %r5
    stw     %r5, CTX_LR(%r4)
    mfctr   %r5
    stw     %r5, CTX_CTR(%r4)
    mfspr   %r5, SPR_SRR0
    stw     %r5, CTX_PC(%r4)
    mfspr   %r5, SPR_SRR1
    stw     %r5, CTX_MSR(%r4)

    mfspr   %r1, SPR_SPRG2          /* kernel stack */
    mfspr   %r5, SPR_SPRG3          /* kernel state */
    bl      k_exception

/* Resume the task whose TCB is in r3: it becomes current (SPRG0). */
exc_resume:
    mtspr   SPR_SPRG0, %r3
    lwz     %r4, CTX_PC(%r3)
    mtspr   SPR_SRR0, %r4
    lwz     %r4, CTX_MSR(%r3)
    mtspr   SPR_SRR1, %r4
    lwz     %r4, CTX_CR(%r3)
    mtcr    %r4
    lwz     %r4, CTX_XER(%r3)
    mtxer   %r4
    lwz     %r4, CTX_LR(%r3)
    mtlr    %r4
    lwz     %r4, CTX_CTR(%r3)
    mtctr   %r4
    lwz     %r0, CTX_GPR(0)(%r3)
    lwz     %r1, CTX_GPR(1)(%r3)
    lwz     %r2, CTX_GPR(2)(%r3)
    lwz     %r4, CTX_GPR(4)(%r3)
    lmw     %r5, CTX_GPR(5)(%r3)
    lwz     %r3, CTX_GPR(3)(%r3)
    rfi

/* Unexpected exception, r3 = vector: k_unexpected(vector, SRR0) stops. */
exc_unexpected:
    mfspr   %r1, SPR_SPRG2
    mfspr   %r4, SPR_SRR0
    bl      k_unexpected
1:  b       1b

/* ------------------------------------------------------------------ */
    .section .text.start, "ax"
/*
 * Entry from the loader: supervisor, real mode.  Nothing is assumed of
 * the registers.  Vectors first (EVPR), then .bss, the stacks, and kmain
 * entered through rfi so that it starts with MSR = ME exactly.
 */
    .globl  _start
    .type   _start, @function
_start:
    lis     %r3, RTOS_EVPR@h
    mtspr   SPR_EVPR, %r3

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
    /* Kernel stack for the exception handlers, in SPRG2; a frame with a
     * null back chain below its top. */
    lis     %r3, rtos_kstack_top@ha
    addi    %r3, %r3, rtos_kstack_top@l
    stwu    %r0, -16(%r3)
    mtspr   SPR_SPRG2, %r3

    /* kmain runs on the idle task's stack: it becomes the idle task. */
    lis     %r1, rtos_idle_stack_top@ha
    addi    %r1, %r1, rtos_idle_stack_top@l
    stwu    %r0, -16(%r1)

    lis     %r3, kmain@ha
    addi    %r3, %r3, kmain@l
    mtspr   SPR_SRR0, %r3
    li      %r3, MSR_ME
    mtspr   SPR_SRR1, %r3
    rfi
    .size   _start, . - _start

/* ------------------------------------------------------------------ */
    .text

/*
 * void idle_run(void): the boot thread, now the idle task, lets the tasks
 * run, then waits for interrupts with them enabled.  Never returns.
 */
    .globl  idle_run
    .type   idle_run, @function
idle_run:
    li      %r0, SYS_YIELD
    sc
    wrteei  1
1:  b       1b
    .size   idle_run, . - idle_run

/* ---- user side (problem state) ---- */

/* int rtos_syscall(unsigned num, unsigned a0) */
    .globl  rtos_syscall
    .type   rtos_syscall, @function
rtos_syscall:
    mr      %r0, %r3
    mr      %r3, %r4
    sc
    blr
    .size   rtos_syscall, . - rtos_syscall

/* Where a task's entry function returns to (its initial LR): exit with
 * the returned value. */
    .globl  task_return
    .type   task_return, @function
task_return:
    li      %r0, SYS_EXIT
    sc
1:  b       1b
    .size   task_return, . - task_return

/* Faults on purpose, for the tasks that test the kernel's program
 * exception handling: a privileged instruction in problem state, and an
 * illegal instruction (primary opcode 0). */
    .globl  rogue_privileged
    .type   rogue_privileged, @function
rogue_privileged:
    mfmsr   %r3
    blr
    .size   rogue_privileged, . - rogue_privileged

    .globl  rogue_illegal
    .type   rogue_illegal, @function
rogue_illegal:
    .long   0
    blr
    .size   rogue_illegal, . - rogue_illegal

/* ---- kernel accessors (supervisor state) ---- */

/* uint32_t irq_save(void): interrupts off; returns the previous MSR. */
    .globl  irq_save
    .type   irq_save, @function
irq_save:
    mfmsr   %r3
    wrteei  0
    blr
    .size   irq_save, . - irq_save

/* void irq_restore(uint32_t msr): MSR[EE] as it was in msr. */
    .globl  irq_restore
    .type   irq_restore, @function
irq_restore:
    wrtee   %r3
    blr
    .size   irq_restore, . - irq_restore

/* uint32_t msr_get(void); void msr_set(uint32_t msr) */
    .globl  msr_get
    .type   msr_get, @function
msr_get:
    mfmsr   %r3
    blr
    .size   msr_get, . - msr_get

    .globl  msr_set
    .type   msr_set, @function
msr_set:
    mtmsr   %r3
    blr
    .size   msr_set, . - msr_set

/* void kernel_regs_init(struct tcb *current, struct kernel *k):
 * SPRG0/SPRG3, a clean MMU context (PID 0, ZPR 0: unused in real mode,
 * set so that nothing depends on reset values) and CCR0. */
    .globl  kernel_regs_init
    .type   kernel_regs_init, @function
kernel_regs_init:
    mtspr   SPR_SPRG0, %r3
    mtspr   SPR_SPRG3, %r4
    li      %r5, 0
    mtspr   SPR_PID, %r5
    mtspr   SPR_ZPR, %r5
    lis     %r5, CCR0_INIT@h
    ori     %r5, %r5, CCR0_INIT@l
    mtspr   SPR_CCR0, %r5
    blr
    .size   kernel_regs_init, . - kernel_regs_init

/* void tick_start(uint32_t pit): PIT interrupt with auto-reload, then the
 * PIT value (the PIT counts only once TCR[PIE] is set). */
    .globl  tick_start
    .type   tick_start, @function
tick_start:
    lis     %r4, (TCR_PIE | TCR_ARE)@h
    mtspr   SPR_TCR, %r4
    mtspr   SPR_PIT, %r3
    blr
    .size   tick_start, . - tick_start

/* void tick_ack(void): clear TSR[PIS].  The write also carries ENW:
 * harmless by the manual (it clears a watchdog status bit this RTOS never
 * uses) and needed on this board, where only a TSR write with ENW
 * withdraws a PIT interrupt that is still pending. */
    .globl  tick_ack
    .type   tick_ack, @function
tick_ack:
    lis     %r3, (TSR_ENW | TSR_PIS)@h
    mtspr   SPR_TSR, %r3
    blr
    .size   tick_ack, . - tick_ack

/* void tick_stop(void): a PIT value of 0 stops the count. */
    .globl  tick_stop
    .type   tick_stop, @function
tick_stop:
    li      %r3, 0
    mtspr   SPR_PIT, %r3
    blr
    .size   tick_stop, . - tick_stop

/* uint32_t esr_get(void) */
    .globl  esr_get
    .type   esr_get, @function
esr_get:
    mfspr   %r3, SPR_ESR
    blr
    .size   esr_get, . - esr_get

/* void state_read(uint32_t out[STATE_COUNT]): the registers of the final
 * state dump, in the order of kernel.c's state_names. */
    .globl  state_read
    .type   state_read, @function
state_read:
    mfmsr   %r4
    stw     %r4, 0(%r3)
    mfspr   %r4, SPR_EVPR
    stw     %r4, 4(%r3)
    mfspr   %r4, SPR_ESR
    stw     %r4, 8(%r3)
    mfspr   %r4, SPR_SRR0
    stw     %r4, 12(%r3)
    mfspr   %r4, SPR_SRR1
    stw     %r4, 16(%r3)
    mfspr   %r4, SPR_SPRG0
    stw     %r4, 20(%r3)
    mfspr   %r4, SPR_SPRG1
    stw     %r4, 24(%r3)
    mfspr   %r4, SPR_SPRG2
    stw     %r4, 28(%r3)
    mfspr   %r4, SPR_SPRG3
    stw     %r4, 32(%r3)
    mfspr   %r4, SPR_TCR
    stw     %r4, 36(%r3)
    mfspr   %r4, SPR_CCR0
    stw     %r4, 40(%r3)
    mfspr   %r4, SPR_PID
    stw     %r4, 44(%r3)
    mfspr   %r4, SPR_ZPR
    stw     %r4, 48(%r3)
    blr
    .size   state_read, . - state_read

/* ------------------------------------------------------------------ */
    .section .bss
    .balign 16
rtos_kstack:                    /* exception handlers (SPRG2) */
    .space  4096
rtos_kstack_top:
rtos_idle_stack:                /* kmain, then the idle task */
    .space  2048
rtos_idle_stack_top:

    .section .note.GNU-stack, "", @progbits

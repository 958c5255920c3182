/*
 * The Proteus-405 test RTOS: definitions shared by the kernel (kernel.c),
 * its assembly (entry.S) and the application tasks (tasks.c, fft.c).
 *
 * The RTOS runs in supervisor state in real mode; its tasks run in problem
 * state (MSR[PR] = 1), also in real mode, and reach the kernel only
 * through `sc`.  Everything it needs from the machine is here: it uses no
 * header of the hypervisor and no hypercall.
 */
#ifndef RTOS_H
#define RTOS_H

/* ---- machine --------------------------------------------------------- */

/* Special-purpose registers (405 numbering). */
#define SPR_XER     1
#define SPR_LR      8
#define SPR_CTR     9
#define SPR_SRR0    26
#define SPR_SRR1    27
#define SPR_SPRG0   272     /* current task's TCB: the exception save area */
#define SPR_SPRG1   273     /* exception entry scratch (interrupted r4) */
#define SPR_SPRG2   274     /* kernel stack pointer */
#define SPR_SPRG3   275     /* the kernel's state (struct kernel) */
#define SPR_ZPR     944
#define SPR_PID     945
#define SPR_CCR0    947
#define SPR_ESR     980
#define SPR_EVPR    982
#define SPR_TSR     984
#define SPR_TCR     986
#define SPR_PIT     987

/* MSR bits. */
#define MSR_EE      0x00008000  /* external and timer interrupts */
#define MSR_PR      0x00004000  /* problem state */
#define MSR_ME      0x00001000  /* machine check enable */

/* Timers: PIT interrupt enable and auto-reload; TSR status bits. */
#define TCR_PIE     0x04000000
#define TCR_ARE     0x00400000
#define TSR_ENW     0x80000000
#define TSR_PIS     0x08000000

/* CCR0 at its reset value (instruction and data prefetch settings),
 * written explicitly so that the state does not rely on reset. */
#define CCR0_INIT   0x00700000

/* The tick: 33333 time-base ticks, 100 us at the board's 333.33 MHz. */
#define TICK_TB     33333

/* Exception vector offsets from EVPR. */
#define VEC_PROGRAM 0x0700
#define VEC_SYSCALL 0x0C00
#define VEC_PIT     0x1000

/* Vector base: the vectors are linked at address 0 (rtos.ld). */
#define RTOS_EVPR   0x00000000

/* Memory the RTOS owns: everything below 1 MiB. */
#define RTOS_RAM_TOP 0x00100000

/* UART0, a 16550: transmit register and line status (THR empty bit). */
#define UART0_THR   0xEF600300
#define UART0_LSR   0xEF600305
#define LSR_THRE    0x20

/* ---- saved task context (struct context), offsets for entry.S --------- */

#define CTX_GPR(n)  ((n) * 4)
#define CTX_CR      128
#define CTX_XER     132
#define CTX_LR      136
#define CTX_CTR     140
#define CTX_PC      144     /* SRR0 at the exception */
#define CTX_MSR     148     /* SRR1 at the exception */
#define CTX_SIZE    152

/* ---- system calls: r0 = number, r3.. = arguments, r3 = result ----------- */

#define SYS_EXIT    0   /* r3 = exit code; does not return */
#define SYS_YIELD   1   /* to the next ready task of the same priority */
#define SYS_SLEEP   2   /* r3 = ticks (0: yield); ready again once that many ticks have passed */
#define SYS_TICKS   3   /* returns the tick count since boot */
#define SYS_PUTS    4   /* r3 = NUL-terminated string; printed whole; returns its length */
#define SYS_JOIN    5   /* r3 = task id; waits until it has ended; returns its exit code */
#define SYS_COUNT   6

#define E_NOSYS     (-1)    /* unknown system call number */
#define E_INVAL     (-2)    /* bad argument */
#define E_FAULT     (-3)    /* pointer outside the RTOS's memory or string too long */

#define EXIT_KILLED (-128)  /* exit code of a task killed by the kernel */

#define PUTS_MAX    256     /* longest string SYS_PUTS accepts, NUL included */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The register state of a task while it is not running. */
struct context {
    uint32_t gpr[32];
    uint32_t cr, xer, lr, ctr;
    uint32_t pc, msr;
};

/* The application: the task table the kernel starts at boot (tasks.c).
 * Priorities: 1 (lowest) .. RTOS_NPRIO - 1; 0 is the idle task's. */
#define RTOS_NPRIO      8
#define RTOS_MAX_TASKS  8

struct task_def {
    const char *name;
    int (*entry)(unsigned arg);     /* returning from it is SYS_EXIT */
    unsigned arg;
    unsigned prio;
};

extern const struct task_def rtos_tasks[];
extern const unsigned rtos_ntasks;

/* User side of the system calls (entry.S). */
int rtos_syscall(unsigned num, unsigned a0);

static inline __attribute__((noreturn)) void sys_exit(int code)
{
    (void)rtos_syscall(SYS_EXIT, (unsigned)code);
    __builtin_unreachable();
}

static inline void sys_yield(void)
{
    (void)rtos_syscall(SYS_YIELD, 0);
}

static inline void sys_sleep(unsigned ticks)
{
    (void)rtos_syscall(SYS_SLEEP, ticks);
}

static inline uint32_t sys_ticks(void)
{
    return (uint32_t)rtos_syscall(SYS_TICKS, 0);
}

static inline int sys_puts(const char *s)
{
    return rtos_syscall(SYS_PUTS, (unsigned)(uintptr_t)s);
}

static inline int sys_join(unsigned id)
{
    return rtos_syscall(SYS_JOIN, id);
}
#endif /* __ASSEMBLER__ */

#endif

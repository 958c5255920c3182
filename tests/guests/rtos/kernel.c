/*
 * The test RTOS's kernel: tasks, the fixed-priority preemptive scheduler
 * with round robin within a priority, the tick, the system calls, program
 * exceptions, the console and the final state dump.
 *
 * All of it runs in supervisor state with interrupts off: entry.S calls
 * k_exception from the program, system call and PIT vectors, and resumes
 * whichever task it returns.  The one other supervisor context is kmain,
 * which becomes the idle task.
 *
 * Scheduling: one FIFO ready queue per priority.  The running task stays
 * at the head of its queue; it moves to the tail when it yields or at each
 * tick (a one-tick round-robin slice); a task that becomes ready joins the
 * tail.  The head of the highest non-empty queue runs, else idle.
 */
#include "rtos.h"

#include <stddef.h>

enum task_state { T_READY, T_SLEEPING, T_JOINING, T_DEAD };

struct tcb {
    struct context ctx;         /* first: entry.S saves into it (SPRG0) */
    struct tcb *next;           /* ready queue link */
    const char *name;
    unsigned id;
    unsigned prio;
    unsigned state;             /* enum task_state */
    uint32_t wake;              /* T_SLEEPING: tick at which it is ready again */
    unsigned join;              /* T_JOINING: id of the awaited task */
    int exit_code;              /* T_DEAD */
};

_Static_assert(offsetof(struct tcb, ctx) == 0, "context first in the TCB");
_Static_assert(offsetof(struct context, gpr[5]) == CTX_GPR(5), "CTX_GPR");
_Static_assert(offsetof(struct context, cr) == CTX_CR, "CTX_CR");
_Static_assert(offsetof(struct context, xer) == CTX_XER, "CTX_XER");
_Static_assert(offsetof(struct context, lr) == CTX_LR, "CTX_LR");
_Static_assert(offsetof(struct context, ctr) == CTX_CTR, "CTX_CTR");
_Static_assert(offsetof(struct context, pc) == CTX_PC, "CTX_PC");
_Static_assert(offsetof(struct context, msr) == CTX_MSR, "CTX_MSR");
_Static_assert(sizeof(struct context) == CTX_SIZE, "CTX_SIZE");

struct kernel {
    struct tcb *current;
    struct tcb *head[RTOS_NPRIO];
    struct tcb *tail[RTOS_NPRIO];
    uint32_t ticks;             /* PIT ticks since boot */
    unsigned ntasks;
    unsigned alive;             /* tasks not yet ended */
    struct tcb task[RTOS_MAX_TASKS];
    struct tcb idle;
};

#define TASK_STACK 4096

static struct kernel kernel;
static uint8_t task_stacks[RTOS_MAX_TASKS][TASK_STACK] __attribute__((aligned(16)));

/* entry.S */
uint32_t irq_save(void);
void irq_restore(uint32_t msr);
uint32_t msr_get(void);
void msr_set(uint32_t msr);
void kernel_regs_init(struct tcb *current, struct kernel *k);
void tick_start(uint32_t pit);
void tick_ack(void);
void tick_stop(void);
uint32_t esr_get(void);
void state_read(uint32_t *out);
void idle_run(void) __attribute__((noreturn));
void task_return(void);

void kmain(void) __attribute__((noreturn));
struct tcb *k_exception(unsigned vector, struct tcb *cur, struct kernel *k);
void k_unexpected(unsigned vector, uint32_t srr0) __attribute__((noreturn));

/* ---- console: UART0, polled ------------------------------------------ */

static void uart_putc(char c)
{
    volatile uint8_t *lsr = (volatile uint8_t *)UART0_LSR;
    volatile uint8_t *thr = (volatile uint8_t *)UART0_THR;

    while ((*lsr & LSR_THRE) == 0u)
        continue;
    *thr = (uint8_t)c;
}

/* Callable in any context: the string goes out in one piece. */
static void kputs(const char *s)
{
    uint32_t msr = irq_save();

    while (*s != '\0')
        uart_putc(*s++);
    irq_restore(msr);
}

/* "0x" and 8 hex digits, or the low `digits` digits. */
static void kput_hex(uint32_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    char buf[11];
    int i;

    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0; i < digits; i++)
        buf[2 + i] = hex[(v >> (4 * (digits - 1 - i))) & 0xfu];
    buf[2 + digits] = '\0';
    kputs(buf);
}

static void kput_dec(uint32_t v)
{
    char buf[11];
    int n = 10;

    buf[n] = '\0';
    do {
        buf[--n] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    kputs(&buf[n]);
}

/* ---- halting ---------------------------------------------------------- */

static void __attribute__((noreturn)) halt(void)
{
    msr_set(msr_get() & ~(uint32_t)MSR_EE);
    for (;;)
        continue;
}

void k_unexpected(unsigned vector, uint32_t srr0)
{
    kputs("rtos: unexpected exception ");
    kput_hex(vector, 4);
    kputs(" srr0=");
    kput_hex(srr0, 8);
    kputs("\n");
    halt();
}

/* The final architectural state: registers the kernel set, or whose value
 * follows from the program alone (never the time-dependent TSR, PIT, TB). */
static const char *const state_names[] = {
    "msr", "evpr", "esr", "srr0", "srr1", "sprg0", "sprg1", "sprg2", "sprg3",
    "tcr", "ccr0", "pid", "zpr",
};
#define STATE_COUNT (sizeof(state_names) / sizeof(state_names[0]))

/* The last task has ended: stop the tick, dump the state, stop. */
static void __attribute__((noreturn)) k_shutdown(void)
{
    uint32_t v[STATE_COUNT];
    unsigned i;

    tick_stop();
    tick_ack();
    msr_set(msr_get() & ~(uint32_t)MSR_EE);
    state_read(v);
    for (i = 0; i < STATE_COUNT; i++) {
        kputs("rtos: state ");
        kputs(state_names[i]);
        kputs("=");
        kput_hex(v[i], 8);
        kputs("\n");
    }
    kputs("rtos: done\n");
    halt();
}

/* ---- ready queues ------------------------------------------------------ */

static void rq_push(struct kernel *k, struct tcb *t)
{
    t->next = NULL;
    t->state = T_READY;
    if (k->tail[t->prio] != NULL)
        k->tail[t->prio]->next = t;
    else
        k->head[t->prio] = t;
    k->tail[t->prio] = t;
}

static void rq_remove(struct kernel *k, struct tcb *t)
{
    struct tcb **link = &k->head[t->prio];
    struct tcb *prev = NULL;

    while (*link != NULL && *link != t) {
        prev = *link;
        link = &(*link)->next;
    }
    if (*link == NULL)
        return;
    *link = t->next;
    if (k->tail[t->prio] == t)
        k->tail[t->prio] = prev;
    t->next = NULL;
}

/* Round robin: the task at the head of its queue goes to the tail. */
static void rq_rotate(struct kernel *k, struct tcb *t)
{
    if (t == &k->idle || k->head[t->prio] != t || t->next == NULL)
        return;
    rq_remove(k, t);
    rq_push(k, t);
}

static struct tcb *pick_next(struct kernel *k)
{
    unsigned p;

    for (p = RTOS_NPRIO - 1u; p > 0u; p--)
        if (k->head[p] != NULL)
            return k->head[p];
    return &k->idle;
}

/* ---- task life ----------------------------------------------------------- */

static void task_end(struct kernel *k, struct tcb *t, int code)
{
    unsigned i;

    rq_remove(k, t);
    t->state = T_DEAD;
    t->exit_code = code;
    for (i = 0; i < k->ntasks; i++) {
        struct tcb *w = &k->task[i];

        if (w->state == T_JOINING && w->join == t->id) {
            w->ctx.gpr[3] = (uint32_t)code;
            rq_push(k, w);
        }
    }
    k->alive--;
    if (k->alive == 0u)
        k_shutdown();
}

/* ---- the tick ------------------------------------------------------------ */

static void k_tick(struct kernel *k)
{
    unsigned i;

    tick_ack();
    k->ticks++;
    for (i = 0; i < k->ntasks; i++) {
        struct tcb *t = &k->task[i];

        if (t->state == T_SLEEPING && (int32_t)(k->ticks - t->wake) >= 0)
            rq_push(k, t);
    }
    rq_rotate(k, k->current);
}

/* ---- system calls -------------------------------------------------------- */

/* A string of the caller's: inside the RTOS's memory, shorter than
 * PUTS_MAX.  Printed in one piece (interrupts are off). */
static int32_t sys_puts_k(uint32_t addr)
{
    const char *s = (const char *)(uintptr_t)addr;
    uint32_t n = 0;

    if (addr >= RTOS_RAM_TOP)
        return E_FAULT;
    while (n < PUTS_MAX - 1u && addr + n < RTOS_RAM_TOP && s[n] != '\0')
        n++;
    if (addr + n >= RTOS_RAM_TOP || s[n] != '\0')
        return E_FAULT;
    kputs(s);
    return (int32_t)n;
}

static void k_syscall(struct kernel *k, struct tcb *cur)
{
    uint32_t *r = cur->ctx.gpr;
    int is_task = cur != &k->idle;

    switch (r[0]) {
    case SYS_EXIT:
        if (is_task) {
            task_end(k, cur, (int)r[3]);
            return;
        }
        r[3] = (uint32_t)E_INVAL;
        break;
    case SYS_YIELD:
        rq_rotate(k, cur);
        r[3] = 0;
        break;
    case SYS_SLEEP:
        if (!is_task) {
            r[3] = (uint32_t)E_INVAL;
        } else if (r[3] == 0u) {
            rq_rotate(k, cur);
        } else {
            rq_remove(k, cur);
            cur->state = T_SLEEPING;
            cur->wake = k->ticks + r[3];
            r[3] = 0;
        }
        break;
    case SYS_TICKS:
        r[3] = k->ticks;
        break;
    case SYS_PUTS:
        r[3] = (uint32_t)sys_puts_k(r[3]);
        break;
    case SYS_JOIN:
        if (!is_task || r[3] >= k->ntasks || r[3] == cur->id) {
            r[3] = (uint32_t)E_INVAL;
        } else if (k->task[r[3]].state == T_DEAD) {
            r[3] = (uint32_t)k->task[r[3]].exit_code;
        } else {
            rq_remove(k, cur);
            cur->state = T_JOINING;
            cur->join = r[3];
        }
        break;
    default:
        r[3] = (uint32_t)E_NOSYS;
        break;
    }
}

/* ---- program exceptions ----------------------------------------------- */

static void k_program(struct kernel *k, struct tcb *cur)
{
    if ((cur->ctx.msr & MSR_PR) == 0u)
        k_unexpected(VEC_PROGRAM, cur->ctx.pc);
    kputs("rtos: task ");
    kputs(cur->name);
    kputs(" killed: program exception at ");
    kput_hex(cur->ctx.pc, 8);
    kputs(" esr=");
    kput_hex(esr_get(), 8);
    kputs("\n");
    task_end(k, cur, EXIT_KILLED);
}

/* ---- the one entry from entry.S --------------------------------------- */

struct tcb *k_exception(unsigned vector, struct tcb *cur, struct kernel *k)
{
    switch (vector) {
    case VEC_PIT:
        k_tick(k);
        break;
    case VEC_SYSCALL:
        k_syscall(k, cur);
        break;
    case VEC_PROGRAM:
        k_program(k, cur);
        break;
    default:
        k_unexpected(vector, cur->ctx.pc);
    }
    k->current = pick_next(k);
    return k->current;
}

/* ---- boot ------------------------------------------------------------- */

void kmain(void)
{
    struct kernel *k = &kernel;
    unsigned i;

    k->ntasks = rtos_ntasks <= RTOS_MAX_TASKS ? rtos_ntasks : RTOS_MAX_TASKS;
    for (i = 0; i < k->ntasks; i++) {
        const struct task_def *d = &rtos_tasks[i];
        struct tcb *t = &k->task[i];

        t->name = d->name;
        t->id = i;
        t->prio = d->prio < RTOS_NPRIO && d->prio > 0u ? d->prio : 1u;
        t->ctx.gpr[1] = (uint32_t)(uintptr_t)&task_stacks[i][TASK_STACK - 16];
        t->ctx.gpr[3] = d->arg;
        t->ctx.pc = (uint32_t)(uintptr_t)d->entry;
        t->ctx.lr = (uint32_t)(uintptr_t)task_return;
        t->ctx.msr = MSR_EE | MSR_PR | MSR_ME;
        rq_push(k, t);
    }
    k->alive = k->ntasks;

    /* The boot thread is the idle task from here on. */
    k->idle.name = "idle";
    k->idle.id = RTOS_MAX_TASKS;
    k->current = &k->idle;
    kernel_regs_init(&k->idle, k);

    kputs("rtos: Proteus-405 test RTOS, ");
    kput_dec(k->ntasks);
    kputs(" tasks, tick ");
    kput_dec(TICK_TB);
    kputs(" time-base ticks\n");

    tick_start(TICK_TB);
    idle_run();
}

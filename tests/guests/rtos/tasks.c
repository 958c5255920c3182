/*
 * The test RTOS's application: the task table and the tasks (the fft task
 * is in fft.c).  Every task runs in problem state.
 *
 * Output rule, so that the transcript is the same whatever the timing:
 * only the reporter task prints, and only results that follow from the
 * code alone (never a tick count).  The workers leave their results in
 * memory and end; the reporter, at the lowest priority, joins them one by
 * one in table order and prints one line per task, each in one SYS_PUTS.
 * The kernel prints only at boot, when it kills a task (only the two
 * rogue tasks fault; they hold the two highest priorities, so they run
 * and die first, in that order, before any other task has run), and after
 * the last task has ended.
 */
#include "app.h"

#define SLEEPS          10      /* sleep(1) .. sleep(SLEEPS) */
#define COUNT_TO        20000   /* per activation of the count task */
#define COUNT_PERIOD    5       /* ticks */
#define COUNT_ACTIVATIONS 200
#define SIEVE_LIMIT     65536u
#define SIEVE_ROUNDS    8

/* entry.S: fault on purpose. */
unsigned rogue_privileged(void);
void rogue_illegal(void);

/* ---- results left for the reporter ---- */

static struct {
    unsigned sleeps;
    unsigned early;             /* sleeps that returned too soon */
} sleep_result;

static struct {
    unsigned activations;
    uint32_t counter;
} count_result;

static struct {
    unsigned rounds;
    unsigned primes;
    unsigned largest;
    uint32_t sum;
    unsigned disagree;          /* rounds whose result differs from round 0 */
} sieve_result;

/* ---- rogue tasks: the kernel must kill them ---- */

static int priv_task(unsigned arg)
{
    (void)arg;
    return (int)rogue_privileged();
}

static int illegal_task(unsigned arg)
{
    (void)arg;
    rogue_illegal();
    return 0;
}

/* ---- sleep: sleeps of 1..n ticks, none may end early ---- */

static int sleep_task(unsigned n)
{
    unsigned k;

    for (k = 1; k <= n; k++) {
        uint32_t t0 = sys_ticks();

        sys_sleep(k);
        if (sys_ticks() - t0 < k)
            sleep_result.early++;
    }
    sleep_result.sleeps = n;
    return 0;
}

/* ---- count: a periodic task; each activation counts a variable ---- */

static volatile uint32_t counter;

static int count_task(unsigned activations)
{
    uint32_t release = sys_ticks();
    unsigned a, i;

    for (a = 0; a < activations; a++) {
        int32_t left;

        for (i = 0; i < COUNT_TO; i++)
            counter++;
        release += COUNT_PERIOD;
        left = (int32_t)(release - sys_ticks());
        sys_sleep(left > 0 ? (unsigned)left : 0u);     /* 0: overrun, yield */
    }
    count_result.activations = activations;
    count_result.counter = counter;
    return 0;
}

/* ---- sieve: primes below 65536, odd numbers only, yielding now and then ---- */

static uint8_t composite[SIEVE_LIMIT / 2];     /* [i]: 2i + 1 */

static int sieve_task(unsigned rounds)
{
    unsigned r, i;

    for (r = 0; r < rounds; r++) {
        unsigned primes = 1, largest = 2;
        uint32_t sum = 2;

        for (i = 0; i < SIEVE_LIMIT / 2; i++)
            composite[i] = 0;
        composite[0] = 1;
        for (i = 1; (2 * i + 1) * (2 * i + 1) < SIEVE_LIMIT; i++) {
            unsigned p = 2 * i + 1, j;

            if (composite[i])
                continue;
            for (j = p * p / 2; j < SIEVE_LIMIT / 2; j += p)
                composite[j] = 1;
            sys_yield();
        }
        for (i = 1; i < SIEVE_LIMIT / 2; i++) {
            if (!composite[i]) {
                primes++;
                sum += 2 * i + 1;
                largest = 2 * i + 1;
            }
        }
        if (r == 0) {
            sieve_result.primes = primes;
            sieve_result.largest = largest;
            sieve_result.sum = sum;
        } else if (primes != sieve_result.primes || largest != sieve_result.largest ||
                   sum != sieve_result.sum) {
            sieve_result.disagree++;
        }
    }
    sieve_result.rounds = rounds;
    return 0;
}

/* ---- report ---- */

struct line {
    char buf[128];
    unsigned n;
};

static void add(struct line *l, const char *s)
{
    while (*s != '\0' && l->n < sizeof(l->buf) - 2)
        l->buf[l->n++] = *s++;
}

static void add_dec(struct line *l, int32_t v)
{
    char d[12];
    int n = 11;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;

    d[n] = '\0';
    do {
        d[--n] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u != 0u);
    if (v < 0)
        d[--n] = '-';
    add(l, &d[n]);
}

static void add_hex(struct line *l, uint32_t v)
{
    static const char hex[] = "0123456789abcdef";
    char d[11];
    int i;

    d[0] = '0';
    d[1] = 'x';
    for (i = 0; i < 8; i++)
        d[2 + i] = hex[(v >> (28 - 4 * i)) & 0xfu];
    d[10] = '\0';
    add(l, d);
}

/* Print the line in one system call and start a new one. */
static void emit(struct line *l)
{
    l->buf[l->n++] = '\n';
    l->buf[l->n] = '\0';
    (void)sys_puts(l->buf);
    l->n = 0;
}

static int report_task(unsigned arg)
{
    struct line l;
    unsigned id;

    (void)arg;
    l.n = 0;

    /* The kernel refuses bad system calls. */
    add(&l, "report: bad calls: unknown ");
    add_dec(&l, rtos_syscall(SYS_COUNT + 10, 0));
    add(&l, ", pointer ");
    add_dec(&l, sys_puts((const char *)(uintptr_t)RTOS_RAM_TOP));
    add(&l, ", task ");
    add_dec(&l, sys_join(TASK_NUM + 3));
    add(&l, ", self ");
    add_dec(&l, sys_join(TASK_REPORT));
    emit(&l);

    for (id = 0; id < TASK_REPORT; id++) {
        int code = sys_join(id);

        add(&l, "report: ");
        add(&l, rtos_tasks[id].name);
        add(&l, ": ");
        if (code == EXIT_KILLED) {
            add(&l, "killed");
        } else if (code != 0) {
            add(&l, "exit ");
            add_dec(&l, code);
        } else if (id == TASK_SLEEP) {
            add_dec(&l, (int32_t)sleep_result.sleeps);
            add(&l, " sleeps of 1..");
            add_dec(&l, (int32_t)sleep_result.sleeps);
            add(&l, " ticks, ");
            add_dec(&l, (int32_t)sleep_result.early);
            add(&l, " early");
        } else if (id == TASK_COUNT) {
            add_dec(&l, (int32_t)count_result.activations);
            add(&l, " activations of ");
            add_dec(&l, COUNT_TO);
            add(&l, ", counter ");
            add_dec(&l, (int32_t)count_result.counter);
        } else if (id == TASK_FFT) {
            add_dec(&l, FFT_N);
            add(&l, " points x ");
            add_dec(&l, (int32_t)fft_result.runs);
            add(&l, " runs, peak bin ");
            add_dec(&l, (int32_t)fft_result.peak_bin);
            add(&l, ", checksum ");
            add_hex(&l, fft_result.checksum);
        } else if (id == TASK_SIEVE) {
            add_dec(&l, (int32_t)sieve_result.rounds);
            add(&l, " rounds, ");
            add_dec(&l, (int32_t)sieve_result.primes);
            add(&l, " primes below ");
            add_dec(&l, SIEVE_LIMIT);
            add(&l, ", largest ");
            add_dec(&l, (int32_t)sieve_result.largest);
            add(&l, ", sum ");
            add_hex(&l, sieve_result.sum);
            add(&l, ", ");
            add_dec(&l, (int32_t)sieve_result.disagree);
            add(&l, " rounds differ");
        }
        emit(&l);
    }
    return 0;
}

/* ---- the task table: ids as in app.h; higher number, higher priority ---- */

const struct task_def rtos_tasks[] = {
    [TASK_PRIV]    = { "priv",    priv_task,    0,                 7 },
    [TASK_ILLEGAL] = { "illegal", illegal_task, 0,                 6 },
    [TASK_SLEEP]   = { "sleep",   sleep_task,   SLEEPS,            5 },
    [TASK_COUNT]   = { "count",   count_task,   COUNT_ACTIVATIONS, 4 },
    [TASK_FFT]     = { "fft",     fft_task,     FFT_RUNS,          2 },
    [TASK_SIEVE]   = { "sieve",   sieve_task,   SIEVE_ROUNDS,      2 },
    [TASK_REPORT]  = { "report",  report_task,  0,                 1 },
};
const unsigned rtos_ntasks = sizeof(rtos_tasks) / sizeof(rtos_tasks[0]);

/*
 * Unit tests of the fixed-priority scheduler of kernel/core/sched.c
 * (sched_start, sched_next and the slot choice behind them), built against
 * tests/unit/unit-fp.conf.  The expected slots are computed by hand from
 * the semantics of SCHED-005 (spec/config-format.md), and compared with an
 * independent tick-by-tick model of those semantics.  After every event the
 * scheduler's state must satisfy fp_ok, the predicate of its contracts
 * (kernel/include/proteus/core.h), checked here in C.
 */
#include <string.h>

#include "mock_arch.h"

#define T0 0x1FFFFF000ull  /* beyond 32 bits, not a multiple of any period */
#define IDLE 99u           /* in the tables below: nobody runs (running == n) */

/* fp_ok(s, b, n), and the invariants it implies, on the state after an
 * event; what is checked is said in the failure message. */
static void check_fp_ok(const struct sched *s, const struct cfg_budget *b, uint32_t n)
{
    uint32_t i;

    if (s->running > n) {
        fail_msg("running %u beyond n %u", s->running, n);
    }
    if (!(s->start < s->end)) {
        fail_msg("empty slot [%llu, %llu)", (unsigned long long)s->start,
                 (unsigned long long)s->end);
    }
    if (!(s->end < SCHED_TB_LIMIT)) {
        fail_msg("slot end beyond SCHED_TB_LIMIT");
    }
    if (s->running < n) {
        if (s->left[s->running] == 0u) {
            fail_msg("running %u has no budget left", s->running);
        }
        if (s->end - s->start > s->left[s->running]) {
            fail_msg("slot of %llu ticks beyond the %u left to %u",
                     (unsigned long long)(s->end - s->start), s->left[s->running], s->running);
        }
    }
    for (i = 0u; i < n; i++) {
        if (s->end > s->release[i]) {
            fail_msg("slot end %llu after the release of %u at %llu",
                     (unsigned long long)s->end, i, (unsigned long long)s->release[i]);
        }
        if (s->release[i] > s->start + b[i].period) {
            fail_msg("release of %u more than a period ahead", i);
        }
        if (s->left[i] > b[i].budget) {
            fail_msg("%u has %u left, more than its budget %u", i, s->left[i], b[i].budget);
        }
        if (i < s->running && s->left[i] != 0u) {
            fail_msg("%u has budget left but %u of lower priority runs", i, s->running);
        }
    }
}

/* sched_next with the checks of its contract: the slots follow each other
 * without a gap, the result is the new owner, fp_ok holds. */
static uint32_t next_checked(struct sched *s, const struct cfg_budget *b, uint32_t n)
{
    const uint64_t old_end = s->end;
    const uint32_t r = sched_next(s, b, n);

    assert_true(s->start == old_end);
    assert_int_equal(r, s->running);
    check_fp_ok(s, b, n);
    return r;
}

/* A table of budgets with every figure in units of u ticks. */
static void scale(struct cfg_budget *out, const struct cfg_budget *in, uint32_t n, uint32_t u)
{
    uint32_t i;

    for (i = 0u; i < n; i++) {
        out[i].partition = in[i].partition;
        out[i].budget = in[i].budget * u;
        out[i].period = in[i].period * u;
    }
}

/* One expected slot: owner (index into the table, IDLE for nobody) and
 * its nominal start and end, in units relative to the boot. */
struct slot {
    uint32_t run;
    uint32_t start, end;
};

/* Start at T0 and compare every slot with want[0 .. count-1]. */
static void walk(struct sched *s, const struct cfg_budget *b, uint32_t n, uint32_t u,
                 const struct slot *want, uint32_t count)
{
    uint32_t k;

    memset(s, 0xA5, sizeof *s);
    sched_start(s, b, n, T0);
    check_fp_ok(s, b, n);
    for (k = 0u; k < count; k++) {
        if (k > 0u) {
            (void)next_checked(s, b, n);
        }
        if (s->running != (want[k].run == IDLE ? n : want[k].run) ||
            s->start != T0 + (uint64_t)want[k].start * u ||
            s->end != T0 + (uint64_t)want[k].end * u) {
            fail_msg("slot %u: (%u, %llu, %llu), expected (%u, %u, %u) units of %u", k,
                     s->running, (unsigned long long)(s->start - T0) / u,
                     (unsigned long long)(s->end - T0) / u, want[k].run, want[k].start,
                     want[k].end, u);
        }
    }
}

/* ------------------------------------------------------ sched_start ---- */

/* Everybody released at now with the whole budget; the highest priority
 * runs until its budget ends, before any release.
 * @req SCHED-005 SCHED-002 */
static void test_fp_start_budget_ends_first(void **state)
{
    static const struct cfg_budget b[3] = {
        { .partition = 2u, .budget = 300u, .period = 1000u },
        { .partition = 0u, .budget = 100u, .period = 700u },
        { .partition = 1u, .budget = 50u, .period = 400u },
    };
    struct sched s;
    uint32_t i;
    (void)state;
    memset(&s, 0xA5, sizeof s);
    sched_start(&s, b, 3u, T0);
    assert_true(s.start == T0);
    assert_int_equal(s.running, 0u);
    assert_true(s.end == T0 + 300u);
    for (i = 0u; i < 3u; i++) {
        assert_int_equal(s.left[i], b[i].budget);
        assert_true(s.release[i] == T0 + b[i].period);
    }
    check_fp_ok(&s, b, 3u);
}

/* The first slot ends at the earliest release when that comes before the
 * end of the highest priority's budget (any partition's release, not only
 * the first's).  @req SCHED-005 SCHED-002 */
static void test_fp_start_release_ends_first(void **state)
{
    static const struct cfg_budget b[3] = {
        { .partition = 0u, .budget = 500u, .period = 1000u },
        { .partition = 1u, .budget = 10u, .period = 900u },
        { .partition = 2u, .budget = 100u, .period = 300u },
    };
    struct sched s;
    (void)state;
    memset(&s, 0xA5, sizeof s);
    sched_start(&s, b, 3u, 12345u);
    assert_int_equal(s.running, 0u);
    assert_true(s.start == 12345u);
    assert_true(s.end == 12345u + 300u);
    assert_int_equal(s.left[0], 500u);
    assert_int_equal(s.left[1], 10u);
    assert_int_equal(s.left[2], 100u);
    assert_true(s.release[2] == 12345u + 300u);
    check_fp_ok(&s, b, 3u);
}

/* Budget equal to the period: the release and the budget end coincide.
 * @req SCHED-005 SCHED-002 */
static void test_fp_start_single_full_budget(void **state)
{
    static const struct cfg_budget b[1] = {
        { .partition = 0u, .budget = 777u, .period = 777u },
    };
    struct sched s;
    uint32_t k;
    (void)state;
    sched_start(&s, b, 1u, 0u);
    assert_int_equal(s.running, 0u);
    assert_true(s.start == 0u && s.end == 777u);
    check_fp_ok(&s, b, 1u);
    /* Never idle: each event both ends the budget and releases it again. */
    for (k = 1u; k <= 20u; k++) {
        assert_int_equal(next_checked(&s, b, 1u), 0u);
        assert_true(s.start == 777u * k && s.end == 777u * (k + 1u));
        assert_int_equal(s.left[0], 777u);
        assert_true(s.release[0] == 777u * (k + 1u));
    }
}

/* ------------------------------------------------------- sched_next ---- */

/* Three partitions, units of 1000 ticks: budget/period 2/8, 2/7, 1/9
 * (unit-fp.conf's, in another unit).  By hand: releases of 0 at 8k, of 1
 * at 7k, of 2 at 9k; at each instant the first with budget left runs. */
static const struct cfg_budget three_units[3] = {
    { .partition = 1u, .budget = 2u, .period = 8u },
    { .partition = 2u, .budget = 2u, .period = 7u },
    { .partition = 0u, .budget = 1u, .period = 9u },
};

static const struct slot three_slots[] = {
    { 0u, 0u, 2u },     /* everybody released; 0 until its budget ends */
    { 1u, 2u, 4u },     /* budget exhausted: the next priority */
    { 2u, 4u, 5u },
    { IDLE, 5u, 7u },   /* nobody has budget: idle until 1's release */
    { 1u, 7u, 8u },     /* 1 released, cut by 0's release at 8 */
    { 0u, 8u, 9u },     /* preemption: 1 keeps 1 unit for later */
    { 0u, 9u, 10u },    /* 2 released at 9 while 0 runs: same owner */
    { 1u, 10u, 11u },   /* 1 takes what it kept */
    { 2u, 11u, 12u },
    { IDLE, 12u, 14u },
    { 1u, 14u, 16u },   /* 1's budget ends with 0's release at 16 */
    { 0u, 16u, 18u },
    { 2u, 18u, 19u },   /* 0's budget ends with 2's release */
    { IDLE, 19u, 21u },
    { 1u, 21u, 23u },
    { IDLE, 23u, 24u },
    { 0u, 24u, 26u },
    { IDLE, 26u, 27u },
    { 2u, 27u, 28u },
    { 1u, 28u, 30u },   /* 1 released while 2 runs: 2's budget ended too */
    { IDLE, 30u, 32u },
    { 0u, 32u, 34u },
    { IDLE, 34u, 35u },
    { 1u, 35u, 36u },
    { 1u, 36u, 37u },   /* 2 released while 1 runs */
    { 2u, 37u, 38u },
    { IDLE, 38u, 40u },
    { 0u, 40u, 42u },
    { 1u, 42u, 44u },
    { IDLE, 44u, 45u },
    { 2u, 45u, 46u },
    { IDLE, 46u, 48u },
    { 0u, 48u, 49u },
    { 0u, 49u, 50u },   /* 1 released while 0 runs */
    { 1u, 50u, 52u },
    { IDLE, 52u, 54u },
    { 2u, 54u, 55u },
    { IDLE, 55u, 56u },
    { 0u, 56u, 58u },   /* 0 and 1 released together */
    { 1u, 58u, 60u },
    { IDLE, 60u, 63u },
    { 1u, 63u, 64u },   /* 1 and 2 released together, 0 at 64 */
    { 0u, 64u, 66u },   /* preemption */
    { 1u, 66u, 67u },
    { 2u, 67u, 68u },
    { IDLE, 68u, 70u },
    { 1u, 70u, 72u },   /* 1 released; its budget ends with 0's and 2's release */
    { 0u, 72u, 74u },
    { 2u, 74u, 75u },
    { IDLE, 75u, 77u },
};
#define THREE_SLOTS (sizeof three_slots / sizeof three_slots[0])

/* @req SCHED-005 SCHED-002 */
static void test_fp_next_three_partitions(void **state)
{
    struct cfg_budget b[3];
    struct sched s;
    (void)state;
    scale(b, three_units, 3u, 1000u);
    walk(&s, b, 3u, 1000u, three_slots, THREE_SLOTS);
}

/* The budget accounting of the preemption at 8 and the release at 9 in
 * detail.  @req SCHED-005 */
static void test_fp_next_preemption_keeps_budget(void **state)
{
    struct cfg_budget b[3];
    struct sched s;
    uint32_t k;
    (void)state;
    scale(b, three_units, 3u, 1000u);
    walk(&s, b, 3u, 1000u, three_slots, 5u);          /* 1 runs in [7, 8) */
    assert_int_equal(s.left[1], 2000u);
    assert_int_equal(next_checked(&s, b, 3u), 0u);    /* 0 released at 8 */
    assert_int_equal(s.left[0], 2000u);
    assert_int_equal(s.left[1], 1000u);               /* one unit used, one kept */
    assert_int_equal(s.left[2], 0u);
    assert_true(s.release[0] == T0 + 16000u);
    assert_true(s.release[1] == T0 + 14000u);
    assert_true(s.release[2] == T0 + 9000u);
    assert_int_equal(next_checked(&s, b, 3u), 0u);    /* 2 released at 9 */
    assert_int_equal(s.left[0], 1000u);
    assert_int_equal(s.left[2], 1000u);
    assert_true(s.release[2] == T0 + 18000u);
    assert_true(s.end == T0 + 10000u);                /* 0's budget ends */
    for (k = 0u; k < 2u; k++) {
        (void)next_checked(&s, b, 3u);
    }
    assert_int_equal(s.running, 2u);
    assert_int_equal(s.left[0] | s.left[1], 0u);
}

/* Two partitions, the lower one with the longer budget, preempted twice
 * per period.  Units of 3 ticks: budget/period 1/3 and 4/9.  @req SCHED-005 SCHED-002 */
static void test_fp_next_two_partitions(void **state)
{
    static const struct cfg_budget units[2] = {
        { .partition = 0u, .budget = 1u, .period = 3u },
        { .partition = 1u, .budget = 4u, .period = 9u },
    };
    static const struct slot want[] = {
        { 0u, 0u, 1u }, { 1u, 1u, 3u }, { 0u, 3u, 4u }, { 1u, 4u, 6u },
        { 0u, 6u, 7u }, { IDLE, 7u, 9u },
        { 0u, 9u, 10u }, { 1u, 10u, 12u }, { 0u, 12u, 13u }, { 1u, 13u, 15u },
        { 0u, 15u, 16u }, { IDLE, 16u, 18u },
        { 0u, 18u, 19u },
    };
    struct cfg_budget b[2];
    struct sched s;
    (void)state;
    scale(b, units, 2u, 3u);
    walk(&s, b, 2u, 3u, want, sizeof want / sizeof want[0]);
    /* Mid-period the lower one keeps what it has not used. */
    walk(&s, b, 2u, 3u, want, 3u);
    assert_int_equal(s.left[1], 6u);
}

/* An unschedulable set (the configuration compiler rejects it, but the
 * code must stay total): budget/period 3/4 and 3/6.  What a partition has
 * not used by its next release is lost: the release sets the budget, it
 * does not add to it.  @req SCHED-005 */
static void test_fp_next_budget_lost_at_release(void **state)
{
    static const struct cfg_budget units[2] = {
        { .partition = 0u, .budget = 3u, .period = 4u },
        { .partition = 1u, .budget = 3u, .period = 6u },
    };
    static const struct slot want[] = {
        { 0u, 0u, 3u },
        { 1u, 3u, 4u },    /* 1 runs one unit, preempted with 2 left */
        { 0u, 4u, 6u },    /* cut by 1's release at 6 */
        { 0u, 6u, 7u },    /* 1 released with 2 left: 3, not 5 */
        { 1u, 7u, 8u },
        { 0u, 8u, 11u },
        { 1u, 11u, 12u },  /* 1 left at 12 with 1 unused */
        { 0u, 12u, 15u },
        { 1u, 15u, 16u },
        { 0u, 16u, 18u },
        { 0u, 18u, 19u },
        { 1u, 19u, 20u },
        { 0u, 20u, 23u },
        { 1u, 23u, 24u },
    };
    struct cfg_budget b[2];
    struct sched s;
    (void)state;
    scale(b, units, 2u, 10u);
    walk(&s, b, 2u, 10u, want, 3u);
    assert_int_equal(s.left[1], 20u);
    assert_int_equal(next_checked(&s, b, 2u), 0u);   /* the event at 6 */
    assert_int_equal(s.left[1], 30u);
    assert_true(s.release[1] == T0 + 120u);
    walk(&s, b, 2u, 10u, want, 7u);
    assert_int_equal(s.left[1], 20u);                /* 1 runs [11, 12) */
    assert_int_equal(next_checked(&s, b, 2u), 0u);   /* both released at 12 */
    assert_int_equal(s.left[1], 30u);
    assert_int_equal(s.left[0], 30u);
    walk(&s, b, 2u, 10u, want, sizeof want / sizeof want[0]);
}

/* A partition that never runs (the one above it takes the whole core):
 * its releases are still events and its budget stays at one budget.
 * @req SCHED-005 */
static void test_fp_next_starved_partition(void **state)
{
    static const struct cfg_budget b[2] = {
        { .partition = 0u, .budget = 40u, .period = 40u },
        { .partition = 1u, .budget = 5u, .period = 30u },
    };
    struct sched s;
    uint32_t k;
    (void)state;
    sched_start(&s, b, 2u, T0);
    check_fp_ok(&s, b, 2u);
    assert_true(s.end == T0 + 30u);
    for (k = 0u; k < 50u; k++) {
        assert_int_equal(next_checked(&s, b, 2u), 0u);
        assert_int_equal(s.left[1], 5u);
        /* the events are the multiples of 30 and of 40 */
        assert_true((s.start - T0) % 30u == 0u || (s.start - T0) % 40u == 0u);
    }
    /* the 50th event: 33 multiples of 30 and 25 of 40 up to 1000, 8 of both */
    assert_true(s.start == T0 + 1000u);
}

/* The boundaries are absolute: many events later, beyond 2^32 ticks, the
 * slots are still on the multiples of the periods.  @req SCHED-005 SCHED-002 */
static void test_fp_next_no_drift(void **state)
{
    static const struct cfg_budget b[2] = {
        { .partition = 0u, .budget = 666667u, .period = 3333333u },
        { .partition = 1u, .budget = 1000003u, .period = 5000011u },
    };
    struct sched s;
    uint64_t prev_end;
    uint32_t k;
    (void)state;
    sched_start(&s, b, 2u, 0xFFFFFFFF00ull);
    prev_end = s.end;
    for (k = 0u; k < 5000u; k++) {
        (void)next_checked(&s, b, 2u);
        assert_true(s.start == prev_end);
        prev_end = s.end;
        if (s.running == 0u && s.left[0] == b[0].budget) {
            assert_true((s.start - 0xFFFFFFFF00ull) % b[0].period == 0u);
        }
    }
}

/* -------------------------------------------- the reference model ---- */

/* SCHED-005 tick by tick, written from the text of the requirement: at
 * each tick, the releases due at it set the budgets; then the first
 * partition (highest priority) with budget left owns the tick and
 * consumes one tick of it, else nobody (n). */
struct model {
    uint32_t n;
    uint32_t budget[CFG_MAX_PARTITIONS];
    uint32_t period[CFG_MAX_PARTITIONS];
    uint32_t left[CFG_MAX_PARTITIONS];
    uint64_t t;   /* ticks since the boot */
};

static void model_init(struct model *m, const struct cfg_budget *b, uint32_t n)
{
    uint32_t i;

    memset(m, 0, sizeof *m);
    m->n = n;
    for (i = 0u; i < n; i++) {
        m->budget[i] = b[i].budget;
        m->period[i] = b[i].period;
    }
}

/* The releases at the current tick (the start of the tick). */
static void model_release(struct model *m)
{
    uint32_t i;

    for (i = 0u; i < m->n; i++) {
        if (m->t % m->period[i] == 0u) {
            m->left[i] = m->budget[i];
        }
    }
}

/* The owner of the current tick, which it consumes; then the next tick. */
static uint32_t model_tick(struct model *m)
{
    uint32_t i, owner = m->n;

    for (i = 0u; i < m->n && owner == m->n; i++) {
        if (m->left[i] > 0u) {
            owner = i;
        }
    }
    if (owner < m->n) {
        m->left[owner]--;
    }
    m->t++;
    return owner;
}

/* Run the event-driven scheduler for events events from now, and the
 * model over the same ticks: the owner of every tick agrees, and at every
 * slot start so do the budgets left and the next releases. */
static void compare_with_model(const struct cfg_budget *b, uint32_t n, uint64_t now,
                               uint32_t events)
{
    struct sched s;
    struct model m;
    uint32_t k, i;

    model_init(&m, b, n);
    sched_start(&s, b, n, now);
    check_fp_ok(&s, b, n);
    for (k = 0u; k < events; k++) {
        if (k > 0u) {
            (void)next_checked(&s, b, n);
        }
        assert_true(s.start == now + m.t);
        model_release(&m);
        for (i = 0u; i < n; i++) {
            if (s.left[i] != m.left[i]) {
                fail_msg("event %u at +%llu: %u has %u left, the model %u", k,
                         (unsigned long long)m.t, i, s.left[i], m.left[i]);
            }
            assert_true(s.release[i] == now + (m.t / b[i].period + 1u) * b[i].period);
        }
        while (now + m.t < s.end) {
            const uint64_t t = m.t;
            const uint32_t owner = model_tick(&m);
            if (owner != s.running) {
                fail_msg("event %u, tick +%llu: the code runs %u, the model %u", k,
                         (unsigned long long)t, s.running, owner);
            }
            if (now + m.t < s.end) {
                model_release(&m);  /* no release inside a slot */
                for (i = 0u; i < n; i++) {
                    assert_true(m.t % b[i].period != 0u);
                }
            }
        }
    }
}

/* The tables of the tests above and a few more, schedulable or not.
 * @req SCHED-005 SCHED-002 */
static void test_fp_next_matches_model_fixed_tables(void **state)
{
    static const struct cfg_budget t1[3] = {
        { 1u, 2u, 8u }, { 2u, 2u, 7u }, { 0u, 1u, 9u },
    };
    static const struct cfg_budget t2[2] = { { 0u, 1u, 3u }, { 1u, 4u, 9u } };
    static const struct cfg_budget t3[2] = { { 0u, 3u, 4u }, { 1u, 3u, 6u } };
    static const struct cfg_budget t4[4] = {
        { 0u, 1u, 4u }, { 1u, 2u, 6u }, { 2u, 3u, 10u }, { 3u, 5u, 12u },
    };
    static const struct cfg_budget t5[1] = { { 0u, 3u, 7u } };
    static const struct cfg_budget t6[3] = {
        { 0u, 1u, 1u }, { 1u, 1u, 2u }, { 2u, 1u, 3u },   /* nobody but 0 */
    };
    static const struct cfg_budget t7[3] = {
        { 0u, 5u, 11u }, { 1u, 1u, 2u }, { 2u, 7u, 13u }, /* overloaded */
    };
    static const struct cfg_budget t8[5] = {
        { 0u, 1u, 5u }, { 1u, 1u, 5u }, { 2u, 1u, 5u }, { 3u, 1u, 5u }, { 4u, 1u, 5u },
    };
    (void)state;
    compare_with_model(t1, 3u, T0, 400u);
    compare_with_model(t2, 2u, 0u, 300u);
    compare_with_model(t3, 2u, 5u, 300u);
    compare_with_model(t4, 4u, 0xFFFFFFFFull, 400u);
    compare_with_model(t5, 1u, T0, 200u);
    compare_with_model(t6, 3u, 1u, 200u);
    compare_with_model(t7, 3u, T0, 400u);
    compare_with_model(t8, 5u, 0x3FFFFFFE00000000ull, 300u);
}

/* Pseudo-random tables (a fixed sequence): 1 to 6 partitions, periods of
 * 1 to 15 ticks, budgets of 1 tick to the whole period.
 * @req SCHED-005 SCHED-002 */
static void test_fp_next_matches_model_random_tables(void **state)
{
    uint32_t seed = 0x2545F491u;
    uint32_t t, i;
    (void)state;
    for (t = 0u; t < 60u; t++) {
        struct cfg_budget b[6];
        uint32_t n;
        seed = seed * 1664525u + 1013904223u;
        n = 1u + (seed >> 24) % 6u;
        for (i = 0u; i < n; i++) {
            seed = seed * 1664525u + 1013904223u;
            b[i].partition = i;
            b[i].period = 1u + (seed >> 20) % 15u;
            seed = seed * 1664525u + 1013904223u;
            b[i].budget = 1u + (seed >> 20) % b[i].period;
        }
        compare_with_model(b, n, T0 + t, 300u);
    }
}

/* ------------------------------------------ the configured table ---- */

/* unit-fp.conf: sorted by priority (beta, gamma, alpha), in ticks of the
 * durations there; the first slots are those of the table above in units
 * of 300 us.  @req SCHED-005 CFG-001 */
static void test_fp_configured_budgets(void **state)
{
    struct sched s;
    (void)state;
    assert_int_equal(CONFIG_NUM_BUDGETS, 3u);
    assert_int_equal(CONFIG_NUM_WINDOWS, 0u);
    assert_int_equal(cfg_budgets[0].partition, 1u);
    assert_int_equal(cfg_budgets[0].budget, 200000u);
    assert_int_equal(cfg_budgets[0].period, 800000u);
    assert_int_equal(cfg_budgets[1].partition, 2u);
    assert_int_equal(cfg_budgets[1].budget, 200000u);
    assert_int_equal(cfg_budgets[1].period, 700000u);
    assert_int_equal(cfg_budgets[2].partition, 0u);
    assert_int_equal(cfg_budgets[2].budget, 100000u);
    assert_int_equal(cfg_budgets[2].period, 900000u);
    walk(&s, cfg_budgets, CONFIG_NUM_BUDGETS, 100000u, three_slots, THREE_SLOTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fp_start_budget_ends_first),
        cmocka_unit_test(test_fp_start_release_ends_first),
        cmocka_unit_test(test_fp_start_single_full_budget),
        cmocka_unit_test(test_fp_next_three_partitions),
        cmocka_unit_test(test_fp_next_preemption_keeps_budget),
        cmocka_unit_test(test_fp_next_two_partitions),
        cmocka_unit_test(test_fp_next_budget_lost_at_release),
        cmocka_unit_test(test_fp_next_starved_partition),
        cmocka_unit_test(test_fp_next_no_drift),
        cmocka_unit_test(test_fp_next_matches_model_fixed_tables),
        cmocka_unit_test(test_fp_next_matches_model_random_tables),
        cmocka_unit_test(test_fp_configured_budgets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

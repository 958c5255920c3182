/*
 * Unit test of the slot-start trace (trap.c, trace_windows = 6 in
 * unit-fp.conf) under the fixed-priority scheduler: every dispatch is
 * logged, a slot nobody owns as "(idle)".  The trace counters are
 * file-static in trap.c and count from the first slot after the process
 * starts, so this binary boots once and its single test must run first.
 */
#include <string.h>

#include "mock_arch.h"

#define T0 0x1F0000000ull

/* The first CONFIG_TRACE_WINDOWS slot starts are logged, relative to the
 * first: beta, gamma, alpha, nobody, gamma (released), beta (released,
 * preempting gamma); then nothing more.  @req SCHED-005 SCHED-004 SCHED-002 */
static void test_fp_trace_first_slots(void **state)
{
    const char *banner = "Proteus-405: configuration unit-fp, 3 partitions, "
                         "fixed-priority scheduler\n";
    char expect[512];
    struct ctx *cur;
    uint32_t i;
    (void)state;
    assert_int_equal(CONFIG_TRACE_WINDOWS, 6u);
    cur = mock_run(mock_boot(T0));
    snprintf(expect, sizeof expect, "%ssched: window 0 beta +0\n", banner);
    assert_string_equal(mock_uart_text(), expect);
    cur = mock_run(mock_slot_tick(cur, 5u));
    cur = mock_run(mock_slot_tick(cur, 9u));
    cur = mock_run(mock_slot_tick(cur, 2u));
    assert_ptr_equal(cur, &idle_ctx);
    cur = mock_run(mock_slot_tick(cur, 40u));
    cur = mock_run(mock_slot_tick(cur, 0u));
    snprintf(expect, sizeof expect,
             "%ssched: window 0 beta +0\n"
             "sched: window 1 gamma +%u\n"
             "sched: window 2 alpha +%u\n"
             "sched: window 3 (idle) +%u\n"
             "sched: window 4 gamma +%u\n"
             "sched: window 5 beta +%u\n",
             banner, 200000u + 5u, 400000u + 9u, 500000u + 2u, 700000u + 40u, 800000u);
    assert_string_equal(mock_uart_text(), expect);
    /* 36 more slots, idle ones among them: no further trace line; slot 41
     * is gamma [63, 64) units of 100000 ticks. */
    for (i = 0u; i < 36u; i++) {
        cur = mock_run(mock_slot_tick(cur, 1u));
    }
    assert_string_equal(mock_uart_text(), expect);
    assert_true(sched.start == T0 + 6300000u);
    assert_int_equal(sched.running, 1u);
    assert_ptr_equal(cur, &partitions[2].ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fp_trace_first_slots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

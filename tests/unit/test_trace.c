/*
 * Unit test of the window-start trace (trap.c, trace_windows = 3 in
 * unit.conf).  The trace counters are file-static in trap.c and count from
 * the first window after the process starts, so this binary boots once and
 * its single test must run first.
 */
#include <string.h>

#include "mock_arch.h"

#define T0 0x1F0000000ull

/* The first CONFIG_TRACE_WINDOWS window starts are logged, relative to the
 * first, then nothing more.  @req SCHED-004 SCHED-002 */
static void test_trace_first_windows(void **state)
{
    const char *banner = "Proteus-405: configuration unit, 3 partitions, 4 windows, "
                         "major frame 3333333 ticks\n";
    char expect[512];
    struct ctx *cur;
    uint32_t i;
    (void)state;
    assert_int_equal(CONFIG_TRACE_WINDOWS, 3u);
    cur = mock_boot(T0);
    snprintf(expect, sizeof expect, "%ssched: window 0 alpha +0\n", banner);
    assert_string_equal(mock_uart_text(), expect);
    cur = mock_tick(cur, 5u);
    cur = mock_tick(cur, 9u);
    snprintf(expect, sizeof expect,
             "%ssched: window 0 alpha +0\n"
             "sched: window 1 beta +%u\n"
             "sched: window 2 alpha +%u\n",
             banner, 666667u + 5u, 1666667u + 9u);
    assert_string_equal(mock_uart_text(), expect);
    /* Two more major frames: no further trace line. */
    for (i = 0u; i < 2u * CONFIG_NUM_WINDOWS; i++) {
        cur = mock_tick(cur, 1u);
    }
    assert_string_equal(mock_uart_text(), expect);
    assert_int_equal(sched.window, 2u);
    assert_ptr_equal(cur, &partitions[0].ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_first_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

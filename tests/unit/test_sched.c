/*
 * Unit tests of kernel/core/sched.c (the cyclic schedule and the PIT value
 * of absolute window deadlines) and of the window table unit.conf yields.
 */
#include "mock_arch.h"

static const struct cfg_window four[4] = {
    { .partition = 0u, .start = 0u, .ticks = 100u },
    { .partition = 1u, .start = 100u, .ticks = 300u },
    { .partition = 0u, .start = 400u, .ticks = 50u },
    { .partition = 2u, .start = 450u, .ticks = 550u },
};
#define FOUR_MAJOR 1000u

/* @req SCHED-001 */
static void test_sched_start(void **state)
{
    struct sched s = { .window = 3u, .frame_start = 99u };
    (void)state;
    sched_start(&s, 0x123456789ull);
    assert_int_equal(s.window, 0u);
    assert_true(s.frame_start == 0x123456789ull);
}

/* @req SCHED-001 */
static void test_sched_advance_in_order_then_wraps(void **state)
{
    struct sched s;
    (void)state;
    sched_start(&s, 5000u);
    assert_int_equal(sched_advance(&s, 4u, FOUR_MAJOR), 1u);
    assert_true(s.frame_start == 5000u);
    assert_int_equal(sched_advance(&s, 4u, FOUR_MAJOR), 2u);
    assert_int_equal(sched_advance(&s, 4u, FOUR_MAJOR), 3u);
    assert_true(s.frame_start == 5000u);
    /* The last window wraps to window 0 of the next major frame. */
    assert_int_equal(sched_advance(&s, 4u, FOUR_MAJOR), 0u);
    assert_int_equal(s.window, 0u);
    assert_true(s.frame_start == 5000u + FOUR_MAJOR);
}

/* @req SCHED-001 */
static void test_sched_advance_single_window(void **state)
{
    struct sched s;
    (void)state;
    sched_start(&s, 0u);
    assert_int_equal(sched_advance(&s, 1u, 777u), 0u);
    assert_true(s.frame_start == 777u);
    assert_int_equal(sched_advance(&s, 1u, 777u), 0u);
    assert_true(s.frame_start == 1554u);
}

/* @req SCHED-002 */
static void test_sched_window_end(void **state)
{
    struct sched s;
    (void)state;
    sched_start(&s, 1000u);
    assert_true(sched_window_end(&s, four) == 1100u);
    s.window = 1u;
    assert_true(sched_window_end(&s, four) == 1400u);
    s.window = 3u;
    assert_true(sched_window_end(&s, four) == 1000u + FOUR_MAJOR);
    /* 64-bit time base beyond 2^32. */
    sched_start(&s, 0xFFFFFFF0ull);
    s.window = 3u;
    assert_true(sched_window_end(&s, four) == 0xFFFFFFF0ull + 1000u);
}

/* @req SCHED-002 DEV-002 */
static void test_sched_pit_value_exact(void **state)
{
    (void)state;
    assert_int_equal(sched_pit_value(1000u, 0u), 1000u);
    assert_int_equal(sched_pit_value(0x100000003ull, 0x100000000ull), 3u);
    assert_int_equal(sched_pit_value(12u, 10u), 2u);
}

/* @req SCHED-002 DEV-002 */
static void test_sched_pit_value_late_clamps_to_2(void **state)
{
    (void)state;
    assert_int_equal(sched_pit_value(11u, 10u), 2u);   /* 1 tick left */
    assert_int_equal(sched_pit_value(10u, 10u), 2u);   /* due now */
    assert_int_equal(sched_pit_value(5u, 10u), 2u);    /* already past */
    assert_int_equal(sched_pit_value(0u, 0xFFFFFFFFFFull), 2u);
}

/* @req SCHED-002 */
static void test_sched_pit_value_far_clamps_to_max(void **state)
{
    (void)state;
    assert_int_equal(sched_pit_value(0xFFFFFFFFull, 0u), 0xFFFFFFFFu);
    assert_int_equal(sched_pit_value(0x100000000ull, 0u), 0xFFFFFFFFu);
    assert_int_equal(sched_pit_value(0x500000000ull, 0x100u), 0xFFFFFFFFu);
    assert_int_equal(sched_pit_value(0xFFFFFFFEull + 7u, 7u), 0xFFFFFFFEu);
}

/* Walk three major frames: windows come in table order, each ends where
 * the next begins, and frames follow each other without a gap.
 * @req SCHED-001 SCHED-002 */
static void test_sched_walk_three_frames(void **state)
{
    struct sched s;
    uint32_t k, w, seen = 0u;
    const uint64_t t0 = 0xFFFF0000ull;
    uint64_t prev_end;
    (void)state;
    sched_start(&s, t0);
    prev_end = t0;
    for (k = 0u; k < 3u; k++) {
        for (w = 0u; w < 4u; w++) {
            assert_int_equal(s.window, w);
            assert_true(s.frame_start == t0 + (uint64_t)k * FOUR_MAJOR);
            /* The window starts where the previous one ended. */
            assert_true(s.frame_start + four[s.window].start == prev_end);
            prev_end = sched_window_end(&s, four);
            seen++;
            if (seen < 12u) {
                assert_int_equal(sched_advance(&s, 4u, FOUR_MAJOR), (w + 1u) % 4u);
            }
        }
    }
    assert_int_equal(seen, 12u);
    assert_true(prev_end == t0 + 3u * FOUR_MAJOR);
}

/* The same walk over the generated table of unit.conf.
 * @req SCHED-001 CFG-001 */
static void test_sched_walk_configured_windows(void **state)
{
    static const uint32_t owners[CONFIG_NUM_WINDOWS] = { 0u, 1u, 0u, 2u };
    struct sched s;
    uint32_t i, total = 0u;
    uint64_t prev_end = 42u;
    (void)state;
    assert_int_equal(CONFIG_NUM_WINDOWS, 4u);
    for (i = 0u; i < CONFIG_NUM_WINDOWS; i++) {
        assert_int_equal(cfg_windows[i].partition, owners[i]);
        assert_int_equal(cfg_windows[i].start, total);
        assert_true(cfg_windows[i].ticks > 0u);
        total += cfg_windows[i].ticks;
    }
    assert_int_equal(total, CONFIG_MAJOR_FRAME);
    sched_start(&s, 42u);
    for (i = 0u; i < 3u * CONFIG_NUM_WINDOWS; i++) {
        assert_int_equal(s.window, i % CONFIG_NUM_WINDOWS);
        assert_true(s.frame_start + cfg_windows[s.window].start == prev_end);
        prev_end = sched_window_end(&s, cfg_windows);
        (void)sched_advance(&s, CONFIG_NUM_WINDOWS, CONFIG_MAJOR_FRAME);
    }
    assert_true(prev_end == 42u + 3ull * CONFIG_MAJOR_FRAME);
    assert_true(s.frame_start == 42u + 3ull * CONFIG_MAJOR_FRAME);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sched_start),
        cmocka_unit_test(test_sched_advance_in_order_then_wraps),
        cmocka_unit_test(test_sched_advance_single_window),
        cmocka_unit_test(test_sched_window_end),
        cmocka_unit_test(test_sched_pit_value_exact),
        cmocka_unit_test(test_sched_pit_value_late_clamps_to_2),
        cmocka_unit_test(test_sched_pit_value_far_clamps_to_max),
        cmocka_unit_test(test_sched_walk_three_frames),
        cmocka_unit_test(test_sched_walk_configured_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

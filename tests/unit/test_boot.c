/*
 * Unit tests of kernel/core/boot.c and the partition (re)load of
 * partition.c: proteus_main initialises the machine, makes every
 * partition's context its reload routine and starts the first window; each
 * partition then loads its image from the blob in its own windows.
 */
#include <string.h>

#include "mock_arch.h"

#define T0 0x100000000ull  /* time base at boot: beyond 32 bits */

static struct ctx *first;

static int setup(void **state)
{
    (void)state;
    first = mock_boot(T0);
    return 0;
}

/* @req BOOT-001 */
static void test_boot_banner(void **state)
{
    const char *banner = "Proteus-405: configuration unit, 3 partitions, 4 windows, "
                         "major frame 3333333 ticks\n";
    (void)state;
    assert_int_equal(strncmp(mock_uart_text(), banner, strlen(banner)), 0);
}

/* @req BOOT-001 */
static void test_boot_arch_init_first(void **state)
{
    (void)state;
    assert_int_equal(mock_init_calls, 1u);
    assert_int_equal(mock_init_uart_len, 0u);
    /* No translation installed yet: the first access of the first
     * partition misses. */
    assert_int_equal(mock_tlb_writes, 0u);
    assert_int_equal(mock_tlb_valid_count(), 0u);
}

/* Boot loads nothing itself: every partition is loaded by its reload
 * routine in its own windows.  @req BOOT-001 HM-004 */
static void test_boot_defers_loading(void **state)
{
    uint32_t i;
    (void)state;
    assert_int_equal(mock_zero_count, 0u);
    assert_int_equal(mock_copy_count, 0u);
    for (i = 0u; i < CONFIG_NUM_REGIONS; i++) {
        assert_int_equal(mock_phys_peek32(cfg_regions[i].host), 0xA5A5A5A5u);
    }
}

/* @req BOOT-001 HM-004 */
static void test_boot_reload_contexts(void **state)
{
    uint32_t i, g;
    (void)state;
    assert_int_equal(mock_reload_ctx_calls, CONFIG_NUM_PARTITIONS);
    for (i = 0u; i < CONFIG_NUM_PARTITIONS; i++) {
        const struct partition *p = &partitions[i];
        assert_int_equal(p->state, PART_LOADING);
        assert_int_equal(p->starts, 0u);
        assert_int_equal(p->line_len, 0u);
        assert_int_equal(p->ctx.pc, MOCK_RELOAD_ENTRY);
        assert_int_equal(p->ctx.msr, MSR_CORE_BG);
        assert_int_equal(p->ctx.msr & MSR_PR, 0u);
        assert_int_equal(p->ctx.gpr[1], MOCK_RELOAD_STACK(i));
        assert_int_equal(p->ctx.gpr[3], i);
        for (g = 0u; g < 32u; g++) {
            if (g != 1u && g != 3u) {
                assert_int_equal(p->ctx.gpr[g], 0u);
            }
        }
        assert_int_equal(p->ctx.cr | p->ctx.xer | p->ctx.lr | p->ctx.ctr, 0u);
        assert_int_equal(p->ctx.esr | p->ctx.dear, 0u);
    }
}

/* @req BOOT-001 SCHED-003 */
static void test_boot_idle_context(void **state)
{
    (void)state;
    assert_int_equal(idle_ctx.pc, MOCK_IDLE_ENTRY);
    assert_int_equal(idle_ctx.msr, MSR_CORE_BG);
    assert_int_equal(idle_ctx.msr & MSR_PR, 0u);
}

/* @req BOOT-001 SCHED-001 SCHED-002 */
static void test_boot_starts_first_window(void **state)
{
    (void)state;
    assert_ptr_equal(first, &partitions[cfg_windows[0].partition].ctx);
    assert_int_equal(cur_index, cfg_windows[0].partition);
    assert_int_equal(sched.window, 0u);
    assert_true(sched.frame_start == T0);
    assert_int_equal(mock_pit_sets, 1u);
    assert_int_equal(mock_pit_last, cfg_windows[0].ticks);
    assert_int_equal(mock_pit_last, 666667u);
    /* The first window is entered without a switch: the live registers
     * are saved into the first partition's own vregs only (reset when it
     * has loaded), the TLB left as arch_init made it. */
    assert_int_equal(mock_uregs_saves, 1u);
    assert_ptr_equal(mock_uregs_last_save, &partitions[0].v.r);
    assert_int_equal(mock_tlb_invalidates, 0u);
    /* The PID is the first partition's, set once, after arch_init (which
     * leaves 0).  @req PART-003 */
    assert_int_equal(mock_pid, cfg_partitions[cfg_windows[0].partition].pid);
    assert_int_equal(mock_pid_sets, 1u);
}

/* The reload zeroes the partition's RAM regions, never its device page
 * nor another partition's memory.  @req HM-002 HM-004 PART-001 */
static void test_reload_zeroes_own_ram_regions_only(void **state)
{
    uint32_t i;
    (void)state;
    (void)mock_reload(first);
    assert_int_equal(mock_zero_count, 2u);
    assert_int_equal(mock_zero_calls[0].addr, 0x01000000u);
    assert_int_equal(mock_zero_calls[0].len, 0x00100000u);
    assert_int_equal(mock_zero_calls[1].addr, 0x01100000u);
    assert_int_equal(mock_zero_calls[1].len, 0x00010000u);
    assert_int_equal(mock_phys_peek32(0x010FFFFCu), 0u);
    assert_int_equal(mock_phys_peek32(0x0110FFFCu), 0u);
    assert_int_equal(mock_phys_peek32(0xEF600000u), 0xA5A5A5A5u);
    assert_int_equal(mock_phys_peek32(0xEF600FFCu), 0xA5A5A5A5u);
    for (i = 3u; i < CONFIG_NUM_REGIONS; i++) {
        assert_int_equal(mock_phys_peek32(cfg_regions[i].host), 0xA5A5A5A5u);
    }
}

/* @req HM-002 HM-004 CFG-001 */
static void test_reload_copies_image(void **state)
{
    uint32_t size;
    const uint8_t *blob = mock_image_blob(&size);
    const struct cfg_load *l = &cfg_loads[0];
    (void)state;
    (void)mock_reload(first);
    assert_int_equal(cfg_partitions[0].num_loads, 1u);
    assert_int_equal(mock_copy_count, 1u);
    assert_int_equal(mock_copy_calls[0].dst, l->host);
    assert_int_equal(mock_copy_calls[0].src, l->src);
    assert_int_equal(mock_copy_calls[0].len, l->len);
    assert_int_equal(l->host, 0x01000000u);
    /* Copied after the zeroing: the image is there. */
    assert_memory_equal(mock_phys(l->host, l->len), blob + l->src, l->len);
}

/* The loaded partition starts at its entry in problem state, every
 * register zero, the user-visible SPRs its own (zero).
 * @req HM-002 HM-004 PART-003 PART-004 */
static void test_reload_starts_guest(void **state)
{
    struct ctx *c;
    uint32_t g;
    (void)state;
    mock_uregs.sprg0 = 0x11111111u;
    mock_uregs.sprg4 = 0x44444444u;
    mock_uregs.sprg5 = 0x55555555u;
    mock_uregs.sprg6 = 0x66666666u;
    mock_uregs.sprg7 = 0x77777777u;
    mock_uregs.srr2 = 0x22222222u;
    mock_uregs.srr3 = 0x33333333u;
    c = mock_reload(first);
    assert_ptr_equal(c, &partitions[0].ctx);
    assert_int_equal(c->pc, cfg_partitions[0].entry);
    assert_int_equal(c->pc, 0x00002100u);
    assert_int_equal(c->msr, MSR_GUEST);
    assert_true((c->msr & MSR_EE) != 0u);
    assert_int_equal(mock_pid, 1u);         /* it runs under its own PID */
    for (g = 0u; g < 32u; g++) {
        assert_int_equal(c->gpr[g], 0u);
    }
    assert_int_equal(c->cr | c->xer | c->lr | c->ctr | c->esr | c->dear, 0u);
    assert_int_equal(partitions[0].state, PART_RUNNING);
    assert_int_equal(partitions[0].starts, 1u);
    assert_int_equal(mock_uregs.sprg0 | mock_uregs.sprg4 | mock_uregs.sprg5 |
                     mock_uregs.sprg6 | mock_uregs.sprg7 | mock_uregs.srr2 |
                     mock_uregs.srr3, 0u);
    assert_ptr_equal(mock_uregs_last_load, &partitions[0].v.r);
    /* Its virtual 405 starts as the bare board (FV-002). */
    mock_assert_vcpu_reset(&partitions[0].v, T0);
    /* The other partitions are still to be loaded in their windows. */
    assert_int_equal(partitions[1].state, PART_LOADING);
    assert_int_equal(partitions[2].state, PART_LOADING);
}

/* Over the first major frame each partition loads in its own first
 * window; the schedule is not delayed.  @req HM-004 SCHED-002 BOOT-001 */
static void test_each_partition_loads_in_own_window(void **state)
{
    static const uint32_t owner[CONFIG_NUM_WINDOWS] = { 0u, 1u, 0u, 2u };
    uint32_t w, size, i;
    const uint8_t *blob = mock_image_blob(&size);
    struct ctx *cur;
    (void)state;
    cur = mock_reload(first);
    for (w = 1u; w < CONFIG_NUM_WINDOWS; w++) {
        const uint32_t zeroes = mock_zero_count;
        cur = mock_tick(cur, 0u);
        assert_ptr_equal(cur, &partitions[owner[w]].ctx);
        assert_true(mock_tb + mock_pit_last == mock_window_end(T0, 0u, w));
        if (w == 2u) {
            assert_int_equal(partitions[0].state, PART_RUNNING);
            assert_ptr_equal(mock_run(cur), cur);          /* nothing to load */
            assert_int_equal(mock_zero_count, zeroes);
            continue;
        }
        assert_int_equal(partitions[owner[w]].state, PART_LOADING);
        assert_int_equal(cur->pc, MOCK_RELOAD_ENTRY);
        assert_int_equal(mock_zero_count, zeroes);
        cur = mock_run(cur);
        assert_int_equal(partitions[owner[w]].state, PART_RUNNING);
        assert_int_equal(cur->pc, 0x00002100u);
        assert_int_equal(mock_pid, owner[w] + 1u);
    }
    for (i = 0u; i < CONFIG_NUM_LOADS; i++) {
        const struct cfg_load *l = &cfg_loads[i];
        assert_memory_equal(mock_phys(l->host, l->len), blob + l->src, l->len);
    }
    assert_int_equal(mock_zero_count, 5u);
    assert_int_equal(mock_copy_count, 3u);
    for (i = 0u; i < CONFIG_NUM_PARTITIONS; i++) {
        assert_int_equal(partitions[i].starts, 1u);
    }
}

/* A PIT preempts a reload like a guest; the reload goes on in the
 * partition's next window.  @req HM-004 SCHED-002 */
static void test_reload_preempted_by_pit(void **state)
{
    struct ctx *cur;
    (void)state;
    cur = mock_tick(first, 3u);           /* alpha's reload did not finish */
    assert_ptr_equal(cur, &partitions[1].ctx);
    assert_int_equal(partitions[0].state, PART_LOADING);
    assert_true(mock_tb + mock_pit_last == mock_window_end(T0, 0u, 1u));
    cur = mock_tick(cur, 0u);             /* beta's reload preempted as well */
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_int_equal(cur->pc, MOCK_RELOAD_ENTRY);
    assert_int_equal(cur->gpr[3], 0u);
    cur = mock_run(cur);
    assert_int_equal(partitions[0].state, PART_RUNNING);
    assert_int_equal(partitions[0].starts, 1u);
    assert_int_equal(partitions[1].state, PART_LOADING);
    assert_int_equal(mock_halts, 0u);
}

/* partition_loaded again: start count + 1.  @req HM-002 HC-003 */
static void test_partition_loaded_counts_starts(void **state)
{
    struct ctx *c;
    (void)state;
    c = mock_reload(first);
    c->gpr[9] = 9u;
    c->pc = 0x4000u;
    partitions[0].v.r.reg[VI_SRR2] = 2u;
    partitions[0].line_len = 3u;
    partition_reload(0u);
    assert_int_equal(partitions[0].state, PART_LOADING);
    assert_int_equal(partitions[0].line_len, 0u);
    assert_int_equal(partitions[0].starts, 1u);
    assert_int_equal(c->gpr[9], 0u);
    c = mock_reload(c);
    assert_int_equal(partitions[0].starts, 2u);
    assert_int_equal(partitions[0].v.r.reg[VI_SRR2], 0u);
    assert_int_equal(c->pc, 0x00002100u);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_boot_banner),
        T(test_boot_arch_init_first),
        T(test_boot_defers_loading),
        T(test_boot_reload_contexts),
        T(test_boot_idle_context),
        T(test_boot_starts_first_window),
        T(test_reload_zeroes_own_ram_regions_only),
        T(test_reload_copies_image),
        T(test_reload_starts_guest),
        T(test_each_partition_loads_in_own_window),
        T(test_reload_preempted_by_pit),
        T(test_partition_loaded_counts_starts),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

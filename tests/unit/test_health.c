/*
 * Unit tests of the health monitor (kernel/core/health.c) through the trap
 * dispatcher: every partition trap the core does not handle ends in one
 * HM line and the partition's configured action.  unit.conf: alpha
 * (index 0) and gamma (2) restart, beta (1) halts.
 */
#include <string.h>

#include <proteus/hcall.h>

#include "mock_arch.h"

#define T0 1000u

static struct ctx *cur;

static int setup(void **state)
{
    (void)state;
    cur = mock_run(mock_boot(T0));
    mock_uart_reset();
    return 0;
}

/* Fill a partition's RAM with a pattern (as if it had run). */
static void scribble(uint32_t index, uint8_t value)
{
    const struct cfg_partition *cp = &cfg_partitions[index];
    uint32_t i;

    for (i = 0u; i < cp->num_regions; i++) {
        const struct cfg_region *r = &cfg_regions[cp->first_region + i];
        if ((r->attr & REGION_DEVICE) == 0u) {
            memset(mock_phys(r->host, r->size), value, r->size);
        }
    }
}

/* The partition's RAM holds its pristine image and zeros elsewhere. */
static void assert_pristine(uint32_t index)
{
    const struct cfg_partition *cp = &cfg_partitions[index];
    const struct cfg_load *l = &cfg_loads[cp->first_load];
    uint32_t i, size;
    const uint8_t *blob = mock_image_blob(&size);

    assert_memory_equal(mock_phys(l->host, l->len), blob + l->src, l->len);
    for (i = 0u; i < cp->num_regions; i++) {
        const struct cfg_region *r = &cfg_regions[cp->first_region + i];
        const uint8_t *m = mock_phys(r->host, r->size);
        uint32_t from = 0u, b;
        if ((r->attr & REGION_DEVICE) != 0u) {
            continue;
        }
        if (r->host == l->host) {
            from = l->len;
        }
        for (b = from; b < r->size; b++) {
            if (m[b] != 0u) {
                fail_msg("byte 0x%08x of '%s' is 0x%02x after restart",
                         r->host + b, cp->name, m[b]);
            }
        }
    }
}

/* The partition's virtual 405 as the bare board starts: nothing of its
 * previous run survives a restart.  @req HM-002 FV-002 */
static void assert_fresh_vcpu(uint32_t index)
{
    mock_assert_vcpu_reset(&partitions[index].v, mock_tb);
}

static void assert_fresh_ctx(uint32_t index, uint32_t starts)
{
    const struct partition *p = &partitions[index];
    uint32_t g;

    assert_int_equal(p->state, PART_RUNNING);
    assert_int_equal(p->starts, starts);
    assert_int_equal(p->ctx.pc, cfg_partitions[index].entry);
    assert_int_equal(p->ctx.msr, MSR_GUEST);
    assert_int_equal(cur_index, index);
    assert_int_equal(mock_pid, index + 1u);   /* it runs under its own PID */
    for (g = 0u; g < 32u; g++) {
        assert_int_equal(p->ctx.gpr[g], 0u);
    }
    assert_int_equal(p->ctx.cr | p->ctx.xer | p->ctx.lr | p->ctx.ctr |
                     p->ctx.esr | p->ctx.dear, 0u);
    assert_fresh_vcpu(index);
}

/* The context of partition index is its reload routine's, every other
 * field zero.  @req HM-004 */
static void assert_reload_ctx(uint32_t index)
{
    const struct partition *p = &partitions[index];
    uint32_t g;

    assert_int_equal(p->state, PART_LOADING);
    assert_int_equal(p->ctx.pc, MOCK_RELOAD_ENTRY);
    assert_int_equal(p->ctx.msr, MSR_CORE_BG);
    assert_int_equal(p->ctx.gpr[1], MOCK_RELOAD_STACK(index));
    assert_int_equal(p->ctx.gpr[3], index);
    for (g = 0u; g < 32u; g++) {
        if (g != 1u && g != 3u) {
            assert_int_equal(p->ctx.gpr[g], 0u);
        }
    }
    assert_int_equal(p->ctx.cr | p->ctx.xer | p->ctx.lr | p->ctx.ctr |
                     p->ctx.esr | p->ctx.dear, 0u);
    assert_int_equal(p->line_len, 0u);
}

/* A data access outside every region: HM line, restart from the image,
 * nothing else changes.  @req HM-001 HM-002 HM-003 PART-002 PART-003 PART-004 */
static void test_dtlb_miss_outside_restarts(void **state)
{
    struct ctx other[2];
    uint32_t inv, pits;
    uint32_t w;
    (void)state;
    for (w = 0u; w < CONFIG_NUM_WINDOWS; w++) {           /* load all, back to alpha */
        cur = mock_run(mock_tick(cur, 0u));
    }
    mock_uart_reset();
    inv = mock_tlb_invalidates;
    pits = mock_pit_sets;
    scribble(0u, 0x5Au);
    mock_phys_write32(0x01280000u, 0xCAFEF00Du);          /* beta's RAM */
    mock_phys_write32(0x01400010u, 0x600DF00Du);          /* gamma's RAM */
    memcpy(&other[0], &partitions[1].ctx, sizeof other[0]);
    memcpy(&other[1], &partitions[2].ctx, sizeof other[1]);
    cur->dear = 0x00001000u;
    (void)proteus_trap(CAUSE_DTLB, cur);                  /* one valid entry */
    mock_uregs.srr2 = 0x77u;
    mock_uregs.sprg0 = 0x78u;
    for (w = 0u; w < 32u; w++) {
        cur->gpr[w] = 0x0000FF00u + w;
    }
    cur->cr = 0x11u;
    cur->xer = 0x22u;
    cur->lr = 0x33u;
    cur->ctr = 0x44u;
    partitions[0].v.r.reg[VI_SRR3] = 0x55u;
    partitions[0].v.r.reg[VI_SPRG0 + 1u] = 0x56u;
    partitions[0].v.r.msr = MSR_EE;
    partitions[0].v.t.tcr = TCR_PIE;
    cur->pc = 0x00002200u;
    cur->esr = ESR_DST;
    cur->dear = 0x00500000u;
    cur = proteus_trap(CAUSE_DTLB, cur);
    assert_string_equal(mock_uart_text(),
                        mock_hm_line("alpha", "dtlb-miss", 0x00002200u, 0x00500000u,
                                     ESR_DST, "restart #1"));
    assert_int_equal(mock_tlb_invalidates, inv + 1u);
    assert_int_equal(mock_tlb_valid_count(), 0u);
    /* The reload routine resumes in alpha's window (HM-004). */
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_reload_ctx(0u);
    assert_int_equal(partitions[0].starts, 1u);
    cur = mock_run(cur);
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_fresh_ctx(0u, 2u);
    assert_int_equal(mock_uregs.srr2 | mock_uregs.sprg0, 0u);
    assert_pristine(0u);
    /* Other partitions, the device page and the schedule are untouched. */
    assert_int_equal(mock_phys_peek32(0x01280000u), 0xCAFEF00Du);
    assert_int_equal(mock_phys_peek32(0x01400010u), 0x600DF00Du);
    assert_int_equal(mock_phys_peek32(0xEF600000u), 0xA5A5A5A5u);
    assert_memory_equal(&partitions[1].ctx, &other[0], sizeof other[0]);
    assert_memory_equal(&partitions[2].ctx, &other[1], sizeof other[1]);
    assert_int_equal(partitions[1].starts, 1u);
    assert_int_equal(partitions[2].starts, 1u);
    assert_int_equal(sched.window, 0u);
    assert_true(sched.frame_start == T0 + CONFIG_MAJOR_FRAME);
    assert_int_equal(mock_pit_sets, pits);
    assert_int_equal(cur_index, 0u);
}

/* @req HM-001 HM-002 HM-003 */
static void test_restart_count_increments(void **state)
{
    uint32_t n;
    (void)state;
    for (n = 1u; n <= 3u; n++) {
        mock_uart_reset();
        cur->dear = 0x00110000u;       /* just past the read-only region */
        cur = mock_run(proteus_trap(CAUSE_DTLB, cur));
        assert_string_equal(mock_uart_text(),
                            mock_hm_line("alpha", "dtlb-miss", 0x00002100u, 0x00110000u,
                                         0u, n == 1u ? "restart #1" :
                                             n == 2u ? "restart #2" : "restart #3"));
        assert_int_equal(partitions[0].starts, n + 1u);
    }
    /* The partition information hypercall reports the restarts. */
    cur = mock_hcall(cur, 0x00080000u, HC_PARTITION_INFO, 0u);
    assert_int_equal(cur->gpr[4], 3u);
}

/* The start count saturates instead of wrapping to 0.  @req HM-002 HC-003 */
static void test_restart_count_saturates(void **state)
{
    (void)state;
    partitions[0].starts = 0xFFFFFFFFu;
    cur->dear = 0x00110000u;
    cur = mock_run(proteus_trap(CAUSE_DTLB, cur));
    assert_int_equal(partitions[0].starts, 0xFFFFFFFFu);
    assert_int_equal(partitions[0].state, PART_RUNNING);
}

/* @req HM-001 HM-002 HM-003 */
static void test_itlb_miss_outside_restarts(void **state)
{
    (void)state;
    cur->pc = 0x00400000u;
    cur->dear = 0x12345678u;
    cur = mock_run(proteus_trap(CAUSE_ITLB, cur));
    assert_string_equal(mock_uart_text(),
                        mock_hm_line("alpha", "itlb-miss", 0x00400000u, 0x00400000u, 0u,
                                     "restart #1"));
    assert_fresh_ctx(0u, 2u);
}

/* A halting partition: its windows run the idle loop from then on, the
 * others go on.  @req HM-002 HM-003 SCHED-003 */
static void test_fault_halts_partition(void **state)
{
    uint32_t zeroes, copies, i;
    (void)state;
    cur = mock_run(mock_tick(cur, 0u));                       /* beta */
    assert_ptr_equal(cur, &partitions[1].ctx);
    mock_phys_write32(0x01280000u, 0xCAFEF00Du);
    zeroes = mock_zero_count;
    copies = mock_copy_count;
    mock_uart_reset();
    cur->pc = 0x00002300u;
    cur->dear = 0x00100000u;
    cur = mock_run(proteus_trap(CAUSE_DTLB, cur));
    assert_string_equal(mock_uart_text(),
                        mock_hm_line("beta", "dtlb-miss", 0x00002300u, 0x00100000u, 0u,
                                     "halt"));
    assert_ptr_equal(cur, &idle_ctx);
    assert_int_equal(partitions[1].state, PART_HALTED);
    assert_int_equal(partitions[1].starts, 1u);
    /* Nothing reloaded: halted as it was. */
    assert_int_equal(mock_zero_count, zeroes);
    assert_int_equal(mock_copy_count, copies);
    assert_int_equal(mock_phys_peek32(0x01280000u), 0xCAFEF00Du);
    /* Two more major frames: beta's windows are idle, the others run. */
    for (i = 0u; i < 8u; i++) {
        const uint32_t w = (2u + i) % CONFIG_NUM_WINDOWS;
        cur = mock_run(mock_tick(cur, 3u));
        assert_int_equal(sched.window, w);
        if (w == 1u) {
            assert_ptr_equal(cur, &idle_ctx);
        } else {
            assert_ptr_equal(cur, &partitions[cfg_windows[w].partition].ctx);
            assert_int_equal(partitions[cfg_windows[w].partition].state, PART_RUNNING);
        }
    }
    assert_int_equal(partitions[1].state, PART_HALTED);
    assert_int_equal(partitions[0].starts + partitions[2].starts, 2u);
    /* A trap in the halted partition's own context can only be the core's. */
    assert_ptr_equal(cur, &idle_ctx);
    assert_int_equal(cur_index, 1u);
    MOCK_EXPECT_HALT(proteus_trap(CAUSE_PIT, &partitions[1].ctx));
    assert_true(mock_uart_has("PANIC: core trap cause 9 "));
}

/* A restarting partition reloads in its own windows only: the windows of
 * the others start on their deadlines and run their guests meanwhile.
 * @req HM-004 HM-002 SCHED-002 PART-004 */
static void test_reload_runs_in_own_windows(void **state)
{
    uint32_t zeroes;
    (void)state;
    scribble(0u, 0x5Au);
    /* alpha's own values in the user-visible SPRs when it faults: saved
     * with the preempted reload, they must not reach the new start. */
    mock_uregs.sprg0 = 0xA0u;
    mock_uregs.sprg4 = 0xA4u;
    mock_uregs.sprg5 = 0xA5u;
    mock_uregs.sprg6 = 0xA6u;
    mock_uregs.sprg7 = 0xA7u;
    mock_uregs.srr2 = 0xA2u;
    mock_uregs.srr3 = 0xA3u;
    cur->dear = 0x00500000u;
    cur = proteus_trap(CAUSE_DTLB, cur);            /* alpha faults, window 0 */
    zeroes = mock_zero_count;
    cur = mock_tick(cur, 0u);                       /* reload preempted: beta */
    assert_true(mock_tb + mock_pit_last == mock_window_end(T0, 0u, 1u));
    assert_ptr_equal(cur, &partitions[1].ctx);
    cur = mock_run(cur);                            /* beta's first load */
    assert_int_equal(partitions[1].state, PART_RUNNING);
    assert_int_equal(partitions[0].state, PART_LOADING);
    assert_int_equal(mock_zero_count, zeroes + 1u); /* beta's only */
    assert_int_equal(mock_phys_peek32(0x01000000u), 0x5A5A5A5Au);
    cur = mock_tick(cur, 0u);                       /* alpha's window 2 */
    assert_true(mock_tb + mock_pit_last == mock_window_end(T0, 0u, 2u));
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_int_equal(cur->pc, MOCK_RELOAD_ENTRY);
    assert_int_equal(partitions[0].v.r.reg[VI_SRR3], 0xA3u); /* saved at the preemption */
    assert_int_equal(partitions[0].v.r.reg[VI_SPRG0], 0xA0u);
    cur = mock_run(cur);
    assert_fresh_ctx(0u, 2u);
    assert_pristine(0u);
    assert_int_equal(mock_uregs.sprg0 | mock_uregs.sprg4 | mock_uregs.sprg5 |
                     mock_uregs.sprg6 | mock_uregs.sprg7 | mock_uregs.srr2 |
                     mock_uregs.srr3, 0u);
    cur = mock_tick(cur, 0u);                       /* gamma, on time */
    assert_true(mock_tb + mock_pit_last == mock_window_end(T0, 0u, 3u));
    assert_ptr_equal(cur, &partitions[2].ctx);
}

/* A pending console line is printed before the HM line.  @req CON-002 HM-003 */
static void test_pending_console_line_flushed_first(void **state)
{
    (void)state;
    cur = mock_hcall(cur, 0x00080000u, HC_CONSOLE_PUTC, 'o');
    cur = mock_hcall(cur, 0x00080000u, HC_CONSOLE_PUTC, 'k');
    assert_int_equal(mock_uart_len(), 0u);
    cur->pc = 0x00002104u;
    cur->esr = 0u;
    cur->dear = 0x00000003u;
    cur = mock_run(proteus_trap(CAUSE_DSI, cur));
    {
        char expect[256];
        snprintf(expect, sizeof expect, "[alpha] ok\n%s",
                 mock_hm_line("alpha", "dsi", 0x00002104u, 0x00000003u, 0u,
                              "restart #1"));
        assert_string_equal(mock_uart_text(), expect);
    }
    assert_int_equal(partitions[0].line_len, 0u);
}

struct fault_case {
    uint32_t cause;
    uint32_t esr;
    const char *name;
    int addr_is_dear;
};

/* Every trap class a partition can cause, with the cause name and the
 * address the line reports.  @req HM-001 HM-003 */
static void test_fault_names_and_addresses(void **state)
{
    static const struct fault_case cases[] = {
        { CAUSE_DSI, ESR_DST, "dsi", 1 },
        { CAUSE_ISI, 0u, "isi", 0 },
        { CAUSE_MCHECK, ESR_MCI, "machine-check", 0 },
        { CAUSE_DEBUG, 0u, "debug", 0 },
        { CAUSE_OTHER, 0u, "vector", 0 },
        /* A program interrupt at a pc outside the executable regions (no
         * instruction to look at): named by its syndrome. */
        { CAUSE_PROGRAM, ESR_PPR, "program-privileged", 0 },
        { CAUSE_PROGRAM, ESR_PPR | ESR_PIL, "program-privileged", 0 },
        { CAUSE_PROGRAM, ESR_PTR, "program-trap", 0 },
        { CAUSE_PROGRAM, ESR_PTR | ESR_PIL, "program-trap", 0 },
        { CAUSE_PROGRAM, ESR_PIL, "program-illegal", 0 },
        { CAUSE_PROGRAM, 0u, "program", 0 },
        /* Syndrome bits of the program kind mean nothing for another cause. */
        { CAUSE_DSI, ESR_PPR | ESR_PTR | ESR_PIL, "dsi", 1 },
    };
    uint32_t i;
    (void)state;
    for (i = 0u; i < sizeof cases / sizeof cases[0]; i++) {
        const struct fault_case *c = &cases[i];
        char action[24];
        /* alpha's read-only region: no instruction fetched there */
        const uint32_t pc = 0x00100000u + 8u * i;
        cur->pc = pc;
        cur->esr = c->esr;
        cur->dear = 0x000F0000u + i;
        mock_uart_reset();
        cur = mock_run(proteus_trap(c->cause, cur));
        snprintf(action, sizeof action, "restart #%u", i + 1u);
        assert_string_equal(mock_uart_text(),
                            mock_hm_line("alpha", c->name, pc,
                                         c->addr_is_dear ? 0x000F0000u + i : pc,
                                         c->esr, action));
        assert_ptr_equal(cur, &partitions[0].ctx);
        assert_fresh_ctx(0u, i + 2u);
    }
}

/* hm_fault on its own, for a cause number the vectors never pass.
 * @req HM-003 */
static void test_hm_fault_unknown_cause(void **state)
{
    (void)state;
    cur->pc = 0x00002108u;
    cur = mock_run(hm_fault(CAUSE_ALL, 0x42u));
    cur = mock_run(hm_fault(0u, 0x43u));
    assert_int_equal(partitions[0].starts, 3u);
    assert_true(mock_uart_has(mock_hm_line("alpha", "unknown", 0x00002108u, 0x42u, 0u,
                                           "restart #1")));
    assert_true(mock_uart_has(mock_hm_line("alpha", "none", 0x00002100u, 0x43u, 0u,
                                           "restart #2")));
}

/* The causes the core finds while emulating: named, and the unsupported
 * ones report the instruction (insn=) instead of an address; a guest
 * reset reports the pc.  @req HM-003 FV-001 */
static void test_hm_fault_emulation_causes(void **state)
{
    static const char *const names[] = {
        "unsupported-insn", "unsupported-tlb", "unsupported-xlate", "unsupported-sler",
        "unsupported-dcr",
    };
    uint32_t i;
    char action[24];
    (void)state;
    for (i = 0u; i < 5u; i++) {
        mock_uart_reset();
        cur->pc = 0x00002200u + 4u * i;
        cur->esr = ESR_PPR;
        cur = mock_run(hm_fault(CAUSE_UNSUP_INSN + i, 0x7C000000u + i));
        snprintf(action, sizeof action, "restart #%u", i + 1u);
        assert_string_equal(mock_uart_text(),
                            mock_hm_insn_line("alpha", names[i], 0x00002200u + 4u * i,
                                              0x7C000000u + i, ESR_PPR, action));
    }
    mock_uart_reset();
    cur->pc = 0x00002300u;
    cur = mock_run(hm_fault(CAUSE_GUEST_RESET, 0x00002300u));
    assert_string_equal(mock_uart_text(),
                        mock_hm_line("alpha", "guest-reset", 0x00002300u, 0x00002300u, 0u,
                                     "restart #6"));
    assert_int_equal(partitions[0].starts, 7u);
}

/* A restarting partition other than the first (gamma) in its window.
 * @req HM-002 */
static void test_gamma_fault_restarts_gamma_only(void **state)
{
    struct ctx alpha;
    (void)state;
    cur->gpr[7] = 7u;
    cur = mock_run(mock_tick(cur, 0u));               /* beta */
    cur = mock_run(mock_tick(cur, 0u));               /* alpha */
    cur = mock_run(mock_tick(cur, 0u));               /* gamma */
    memcpy(&alpha, &partitions[0].ctx, sizeof alpha);
    scribble(2u, 0x11u);
    mock_uart_reset();
    cur->pc = 0x00002400u;
    cur = mock_run(proteus_trap(CAUSE_ISI, cur));
    assert_string_equal(mock_uart_text(),
                        mock_hm_line("gamma", "isi", 0x00002400u, 0x00002400u, 0u,
                                     "restart #1"));
    assert_ptr_equal(cur, &partitions[2].ctx);
    assert_fresh_ctx(2u, 2u);
    assert_pristine(2u);
    assert_memory_equal(&partitions[0].ctx, &alpha, sizeof alpha);
    assert_int_equal(partitions[0].ctx.gpr[7], 7u);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_dtlb_miss_outside_restarts),
        T(test_restart_count_increments),
        T(test_restart_count_saturates),
        T(test_itlb_miss_outside_restarts),
        T(test_fault_halts_partition),
        T(test_reload_runs_in_own_windows),
        T(test_pending_console_line_flushed_first),
        T(test_fault_names_and_addresses),
        T(test_hm_fault_unknown_cause),
        T(test_hm_fault_emulation_causes),
        T(test_gamma_fault_restarts_gamma_only),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

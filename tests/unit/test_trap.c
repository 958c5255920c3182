/*
 * Unit tests of the trap dispatcher (kernel/core/trap.c) with the window
 * switch (partition.c) and the TLB refill (tlb.c), driven as the exception
 * vectors drive them: proteus_main() in each test's setup, then
 * proteus_trap(cause, ctx) with the context the core returned last (a
 * partition's reload context is run to its end with mock_run where the
 * test needs the guest).  unit.conf's schedule: alpha (index 0), beta (1),
 * alpha, gamma (2).
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

static const uint32_t owner[CONFIG_NUM_WINDOWS] = { 0u, 1u, 0u, 2u };

/* ------------------------------------------------------ windows ---- */

/* Windows follow the table, each PIT programmed for the absolute end of
 * the new window whatever the interrupt latency.
 * @req SCHED-001 SCHED-002 SCHED-003 */
static void test_pit_walks_windows_in_order(void **state)
{
    static const uint32_t latency[6] = { 0u, 7u, 123u, 1u, 4000u, 64u };
    uint32_t i;
    (void)state;
    for (i = 1u; i <= 3u * CONFIG_NUM_WINDOWS; i++) {
        const uint32_t w = i % CONFIG_NUM_WINDOWS;
        const uint32_t k = i / CONFIG_NUM_WINDOWS;
        const uint32_t l = latency[i % 6u];
        cur = mock_run(mock_tick(cur, l));
        assert_int_equal(sched.window, w);
        assert_true(sched.frame_start == T0 + (uint64_t)k * CONFIG_MAJOR_FRAME);
        assert_int_equal(cur_index, owner[w]);
        assert_ptr_equal(cur, &partitions[owner[w]].ctx);
        assert_int_equal(mock_pid, owner[w] + 1u);
        /* The PIT expires exactly at the window's absolute end. */
        assert_true(mock_tb + mock_pit_last == mock_window_end(T0, k, w));
        assert_int_equal(mock_pit_last, cfg_windows[w].ticks - l);
    }
    assert_int_equal(mock_pit_sets, 1u + 3u * CONFIG_NUM_WINDOWS);
}

/* A PIT interrupt served after the next window's end: the PIT gets its
 * minimum and the following window still ends on its own deadline.
 * @req SCHED-002 DEV-002 */
static void test_pit_late_clamps_and_does_not_drift(void **state)
{
    uint64_t now;
    (void)state;
    now = mock_window_end(T0, 0u, 1u) + 5u;  /* past beta's end too */
    cur = mock_pit(cur, now);
    assert_int_equal(sched.window, 1u);
    assert_int_equal(mock_pit_last, 2u);
    cur = mock_pit(cur, now + 2u);
    assert_int_equal(sched.window, 2u);
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_true(mock_tb + mock_pit_last == mock_window_end(T0, 0u, 2u));
}

/* @req PART-003 */
static void test_switch_invalidates_tlb(void **state)
{
    uint32_t inv;
    (void)state;
    cur->dear = 0x00001000u;
    assert_ptr_equal(proteus_trap(CAUSE_DTLB, cur), cur);
    assert_int_equal(mock_tlb_valid_count(), 1u);
    inv = mock_tlb_invalidates;
    cur = mock_run(mock_tick(cur, 0u));                        /* alpha -> beta */
    assert_int_equal(mock_tlb_invalidates, inv + 1u);
    assert_int_equal(mock_tlb_valid_count(), 0u);
    cur->dear = 0x00001000u;
    assert_ptr_equal(proteus_trap(CAUSE_DTLB, cur), cur);
    assert_int_equal(mock_tlb_lookup(2u, 0x00001000u) >= 0, 1);
    assert_int_equal(mock_tlb_lookup(1u, 0x00001000u), -1);
    cur = mock_run(mock_tick(cur, 0u));                        /* beta -> alpha */
    assert_int_equal(mock_tlb_invalidates, inv + 2u);
    assert_int_equal(mock_tlb_valid_count(), 0u);
    cur = mock_run(mock_tick(cur, 0u));                        /* alpha -> gamma */
    cur = mock_run(mock_tick(cur, 0u));                        /* gamma -> alpha */
    assert_int_equal(mock_tlb_invalidates, inv + 4u);
}

/* The same partition continuing keeps its TLB entries and its SPRs; its
 * live registers are saved into its own vregs (always, so that they are
 * up to date for the C code that follows) and not reloaded.
 * @req PART-003 SCHED-003 FV-002 */
static void test_switch_same_partition_keeps_state(void **state)
{
    const uint32_t inv = mock_tlb_invalidates;
    const uint32_t saves = mock_uregs_saves, loads = mock_uregs_loads;
    const uint32_t pid_sets = mock_pid_sets;
    (void)state;
    cur->dear = 0x00001000u;
    (void)proteus_trap(CAUSE_DTLB, cur);
    mock_uregs.srr2 = 0x1234u;
    assert_ptr_equal(partition_switch(cur_index), &partitions[0].ctx);
    assert_int_equal(mock_tlb_invalidates, inv);
    assert_int_equal(mock_uregs_saves, saves + 1u);
    assert_ptr_equal(mock_uregs_last_save, &partitions[0].v.r);
    assert_int_equal(partitions[0].v.r.reg[VI_SRR2], 0x1234u);
    assert_int_equal(mock_uregs_loads, loads);
    assert_int_equal(mock_tlb_valid_count(), 1u);
    assert_int_equal(mock_uregs.srr2, 0x1234u);
    assert_int_equal(cur_index, 0u);
    assert_int_equal(mock_pid_sets, pid_sets);   /* the PID is left as it is */
    assert_int_equal(mock_pid, 1u);
}

static void set_uregs(uint32_t base)
{
    mock_uregs.sprg0 = base + 0u;
    mock_uregs.sprg4 = base + 4u;
    mock_uregs.sprg5 = base + 5u;
    mock_uregs.sprg6 = base + 6u;
    mock_uregs.sprg7 = base + 7u;
    mock_uregs.srr2 = base + 2u;
    mock_uregs.srr3 = base + 3u;
}

static void assert_uregs(uint32_t base)
{
    assert_int_equal(mock_uregs.sprg0, base + 0u);
    assert_int_equal(mock_uregs.sprg4, base + 4u);
    assert_int_equal(mock_uregs.sprg5, base + 5u);
    assert_int_equal(mock_uregs.sprg6, base + 6u);
    assert_int_equal(mock_uregs.sprg7, base + 7u);
    assert_int_equal(mock_uregs.srr2, base + 2u);
    assert_int_equal(mock_uregs.srr3, base + 3u);
}

static void assert_uregs_zero(void)
{
    assert_int_equal(mock_uregs.sprg0 | mock_uregs.sprg4 | mock_uregs.sprg5 |
                     mock_uregs.sprg6 | mock_uregs.sprg7 | mock_uregs.srr2 |
                     mock_uregs.srr3, 0u);
}

/* Each partition sees only its own problem-state-visible SPRs.
 * @req PART-004 SCHED-003 DEV-001 */
static void test_switch_saves_and_restores_uregs(void **state)
{
    (void)state;
    assert_uregs_zero();
    set_uregs(0xA0000000u);                 /* alpha writes them */
    cur = mock_run(mock_tick(cur, 0u));               /* -> beta */
    assert_uregs_zero();                    /* beta's own: zero after start */
    set_uregs(0xB0000000u);
    cur = mock_run(mock_tick(cur, 0u));               /* -> alpha */
    assert_uregs(0xA0000000u);
    mock_uregs.srr2 = 0xA00000F2u;          /* alpha changes one */
    cur = mock_run(mock_tick(cur, 0u));               /* -> gamma */
    assert_uregs_zero();
    set_uregs(0xC0000000u);
    cur = mock_run(mock_tick(cur, 0u));               /* -> alpha, next frame */
    assert_int_equal(mock_uregs.srr2, 0xA00000F2u);
    assert_int_equal(mock_uregs.sprg7, 0xA0000007u);
    cur = mock_run(mock_tick(cur, 0u));               /* -> beta */
    assert_uregs(0xB0000000u);
    assert_int_equal(partitions[2].v.r.reg[VI_SRR3], 0xC0000003u);
    assert_int_equal(partitions[2].v.r.reg[VI_SPRG0 + 7u], 0xC0000007u);
}

/* The C core leaves every saved register of a partition alone across
 * windows.  @req SCHED-003 CORE-002 */
static void test_switch_preserves_context(void **state)
{
    struct ctx saved;
    uint32_t i;
    (void)state;
    for (i = 0u; i < 32u; i++) {
        cur->gpr[i] = 0x1000u + i;
    }
    cur->cr = 0x22224444u;
    cur->xer = 0x20000000u;
    cur->lr = 0x00002204u;
    cur->ctr = 17u;
    cur->pc = 0x00003000u;
    memcpy(&saved, cur, sizeof saved);
    cur = mock_run(mock_tick(cur, 0u));               /* -> beta */
    cur->gpr[3] = 99u;
    cur = mock_run(mock_tick(cur, 0u));               /* -> alpha */
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_memory_equal(cur, &saved, sizeof saved);
    assert_int_equal(partitions[1].ctx.gpr[3], 99u);
}

/* The PID register is the running partition's whenever its guest (or its
 * reload routine) runs: set at boot, set again by each switch to another
 * partition before its context is resumed, kept across a restart and the
 * reload that follows.  A halted partition's windows run the idle loop
 * (untranslated) with the PID left at that partition's; the next switch
 * sets it.  mock_pit and mock_reload also check, on every guest context
 * they resume, that the PID is that partition's; arch_tlb_write that it
 * is the running partition's.  @req PART-003 SCHED-003 HM-002 */
static void test_pid_follows_running_partition(void **state)
{
    uint32_t i, sets;
    (void)state;
    assert_int_equal(mock_pid, 1u);                   /* alpha, from boot */
    sets = mock_pid_sets;
    for (i = 1u; i <= 2u * CONFIG_NUM_WINDOWS; i++) {
        const uint32_t w = i % CONFIG_NUM_WINDOWS;
        cur = mock_tick(cur, 0u);
        assert_int_equal(cur_index, owner[w]);
        assert_int_equal(mock_pid, cfg_partitions[owner[w]].pid);
        assert_int_equal(mock_pid, owner[w] + 1u);
        assert_int_equal(mock_pid_sets, sets + 1u);   /* every window changes owner */
        sets = mock_pid_sets;
        cur = mock_run(cur);                          /* beta, gamma: first load */
        assert_int_equal(mock_pid, owner[w] + 1u);
        cur->dear = 0x00001000u;
        assert_ptr_equal(proteus_trap(CAUSE_DTLB, cur), cur);
        assert_true(mock_tlb_lookup(mock_pid, 0x00001000u) >= 0);
    }
    /* alpha again: a fault restarts it; PID unchanged through the reload. */
    assert_int_equal(cur_index, 0u);
    cur->dear = 0x00500000u;
    cur = proteus_trap(CAUSE_DTLB, cur);
    assert_int_equal(partitions[0].state, PART_LOADING);
    assert_int_equal(mock_pid, 1u);
    cur = mock_run(cur);
    assert_int_equal(partitions[0].starts, 2u);
    assert_int_equal(mock_pid, 1u);
    assert_int_equal(mock_pid_sets, sets);
    cur->dear = 0x00001000u;
    assert_ptr_equal(proteus_trap(CAUSE_DTLB, cur), cur);
    assert_true(mock_tlb_lookup(1u, 0x00001000u) >= 0);
    /* beta halts: its windows idle with its PID; alpha's follows. */
    cur = mock_run(mock_tick(cur, 0u));               /* -> beta */
    assert_int_equal(mock_pid, 2u);
    cur->dear = 0x00001000u;
    cur = proteus_trap(CAUSE_DSI, cur);
    assert_ptr_equal(cur, &idle_ctx);
    assert_int_equal(partitions[1].state, PART_HALTED);
    assert_int_equal(mock_pid, 2u);
    cur = mock_tick(cur, 0u);                         /* -> alpha */
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_int_equal(mock_pid, 1u);
    /* gamma restarts in its window: its PID throughout. */
    cur = mock_run(mock_tick(cur, 0u));               /* -> gamma */
    assert_int_equal(mock_pid, 3u);
    sets = mock_pid_sets;
    cur->pc = 0x00002400u;
    cur = mock_run(proteus_trap(CAUSE_ISI, cur));
    assert_int_equal(partitions[2].starts, 2u);
    assert_int_equal(partitions[2].state, PART_RUNNING);
    assert_int_equal(mock_pid, 3u);
    assert_int_equal(mock_pid_sets, sets);
    cur = mock_tick(cur, 0u);                         /* -> alpha */
    assert_int_equal(mock_pid, 1u);
    cur = mock_tick(cur, 0u);                         /* -> beta: halted, idle */
    assert_ptr_equal(cur, &idle_ctx);
    assert_int_equal(mock_pid, 2u);
}

/* A PIT in the idle loop starts the next window.  @req SCHED-003 */
static void test_pit_from_idle(void **state)
{
    (void)state;
    cur = mock_pit(&idle_ctx, mock_window_end(T0, 0u, 0u));
    assert_ptr_equal(cur, &partitions[1].ctx);
    assert_int_equal(sched.window, 1u);
    assert_int_equal(mock_halts, 0u);
}

/* ---------------------------------------------------- TLB refill ---- */

static const struct tlb_entry *entry_for(uint32_t pid, uint32_t addr)
{
    const int i = mock_tlb_lookup(pid, addr);
    assert_true(i >= 0);
    return &mock_tlb[i];
}

/* @req PART-002 HM-001 */
static void test_dtlb_miss_in_ram_region(void **state)
{
    const struct tlb_entry *e;
    (void)state;
    cur->pc = 0x00002200u;
    cur->dear = 0x00012344u;
    assert_ptr_equal(proteus_trap(CAUSE_DTLB, cur), cur);
    assert_int_equal(cur->pc, 0x00002200u);   /* the access is retried */
    assert_int_equal(mock_tlb_writes, 1u);
    e = entry_for(1u, 0x00012344u);
    assert_int_equal(e->hi, 0x00000000u | (5u << TLBHI_SIZE_SHIFT) | TLBHI_V);
    assert_int_equal(e->lo, 0x01000000u | TLBLO_EX | TLBLO_WR | (ZONE_GUEST << TLBLO_ZSEL_SHIFT));
    assert_int_equal(e->pid, 1u);
    assert_int_equal(mock_uart_len(), 0u);
}

/* @req PART-002 */
static void test_dtlb_miss_in_read_only_region(void **state)
{
    const struct tlb_entry *e;
    (void)state;
    cur->dear = 0x0010FFFCu;
    assert_ptr_equal(proteus_trap(CAUSE_DTLB, cur), cur);
    e = entry_for(1u, 0x0010FFFCu);
    assert_int_equal(e->hi, 0x00100000u | (3u << TLBHI_SIZE_SHIFT) | TLBHI_V);
    assert_int_equal(e->lo, 0x01100000u | (ZONE_GUEST << TLBLO_ZSEL_SHIFT));
}

/* @req PART-002 */
static void test_dtlb_miss_in_device_region(void **state)
{
    const struct tlb_entry *e;
    (void)state;
    cur->dear = 0xEF600305u;
    assert_ptr_equal(proteus_trap(CAUSE_DTLB, cur), cur);
    e = entry_for(1u, 0xEF600305u);
    assert_int_equal(e->hi, 0xEF600000u | (1u << TLBHI_SIZE_SHIFT) | TLBHI_V);
    assert_int_equal(e->lo, 0xEF600000u | TLBLO_WR | TLBLO_I | TLBLO_G |
                                (ZONE_GUEST << TLBLO_ZSEL_SHIFT));
}

/* The same guest address maps to each partition's own host memory.
 * @req PART-002 PART-003 */
static void test_dtlb_miss_per_partition_mapping(void **state)
{
    const struct tlb_entry *e;
    (void)state;
    cur = mock_run(mock_tick(cur, 0u));               /* beta */
    cur->dear = 0x00000010u;
    (void)proteus_trap(CAUSE_DTLB, cur);
    e = entry_for(2u, 0x00000010u);
    assert_int_equal(e->lo & TLBLO_RPN_MASK, 0x01200000u);
    cur = mock_run(mock_tick(cur, 0u));               /* alpha */
    cur = mock_run(mock_tick(cur, 0u));               /* gamma */
    cur->dear = 0x00000010u;
    (void)proteus_trap(CAUSE_DTLB, cur);
    e = entry_for(3u, 0x00000010u);
    assert_int_equal(e->lo & TLBLO_RPN_MASK, 0x01300000u);
    cur->dear = 0x0020FFF0u;
    (void)proteus_trap(CAUSE_DTLB, cur);
    e = entry_for(3u, 0x0020FFF0u);
    assert_int_equal(e->hi & TLBHI_EPN_MASK, 0x00200000u);
    assert_int_equal(e->lo, 0x01400000u | TLBLO_WR | (ZONE_GUEST << TLBLO_ZSEL_SHIFT));
    /* gamma has nothing at alpha's read-only region. */
    cur->pc = 0x00002100u;
    cur->dear = 0x00100000u;
    cur = mock_run(proteus_trap(CAUSE_DTLB, cur));
    assert_true(mock_uart_has("HM: gamma dtlb-miss"));
    assert_int_equal(partitions[2].starts, 2u);
}

/* @req PART-002 HM-001 */
static void test_itlb_miss_in_region(void **state)
{
    const struct tlb_entry *e;
    (void)state;
    cur->pc = 0x00002100u;
    cur->dear = 0xDEADBEEFu;                 /* stale: not used for ITLB */
    assert_ptr_equal(proteus_trap(CAUSE_ITLB, cur), cur);
    e = entry_for(1u, 0x00002100u);
    assert_int_equal(e->lo & TLBLO_EX, TLBLO_EX);
    assert_int_equal(mock_tlb_lookup(1u, 0xDEADBEEFu), -1);
}

/* Replacement is round-robin over the 64 entries.  @req PART-002 */
static void test_tlb_refill_round_robin(void **state)
{
    uint32_t i, prev;
    (void)state;
    cur->dear = 0x00000000u;
    (void)proteus_trap(CAUSE_DTLB, cur);
    prev = mock_tlb_last_index;
    for (i = 1u; i < 2u * TLB_ENTRIES + 3u; i++) {
        /* 4 KiB pages of the 64 KiB read-only region, then the device. */
        cur->dear = (i % 3u == 0u) ? 0xEF600000u : 0x00100000u + (i % 16u) * 0x1000u;
        assert_ptr_equal(proteus_trap(CAUSE_DTLB, cur), cur);
        assert_int_equal(mock_tlb_last_index, (prev + 1u) % TLB_ENTRIES);
        prev = mock_tlb_last_index;
    }
    assert_int_equal(mock_tlb_writes, 2u * TLB_ENTRIES + 3u);
    assert_int_equal(mock_tlb_valid_count(), TLB_ENTRIES);
}

/* tlb_refill on its own: nothing is installed outside the regions.
 * @req PART-002 */
static void test_tlb_refill_outside_installs_nothing(void **state)
{
    (void)state;
    assert_int_equal(tlb_refill(0u, 0x00110000u), -1);
    assert_int_equal(tlb_refill(0u, 0xEF601000u), -1);
    assert_int_equal(tlb_refill(0u, 0xEF5FFFFCu), -1);
    assert_int_equal(mock_tlb_writes, 0u);
    assert_int_equal(tlb_refill(0u, 0x000FFFFFu), 0);
    assert_int_equal(mock_tlb_writes, 1u);
}

/* ------------------------------------------------- core traps ---- */

/* proteus_trap(cause, c), which must stop the machine (a function of its
 * own so that no caller's loop variable lives across the longjmp). */
static void expect_halt(uint32_t cause, struct ctx *c)
{
    MOCK_EXPECT_HALT(proteus_trap(cause, c));
}

/* @req CORE-001 */
static void test_trap_in_supervisor_state_panics(void **state)
{
    (void)state;
    cur->pc = 0x00002100u;
    cur->msr = MSR_GUEST & ~MSR_PR;
    cur->esr = ESR_DST;
    cur->dear = 0x00500000u;
    MOCK_EXPECT_HALT(proteus_trap(CAUSE_DTLB, cur));
    assert_string_equal(mock_uart_text(),
                        mock_panic_line(CAUSE_DTLB, 0x00002100u, 0x00009030u,
                                        ESR_DST, 0x00500000u));
    /* Never blamed on the partition. */
    assert_int_equal(partitions[0].state, PART_RUNNING);
    assert_int_equal(partitions[0].starts, 1u);
    assert_int_equal(mock_tlb_writes, 0u);
}

/* @req CORE-001 */
static void test_pit_in_supervisor_state_panics(void **state)
{
    (void)state;
    cur->msr = MSR_CORE_BG;
    MOCK_EXPECT_HALT(mock_pit(cur, mock_window_end(T0, 0u, 0u)));
    assert_true(strncmp(mock_uart_text(), "PANIC: core trap cause 9 ", 25u) == 0);
    assert_int_equal(sched.window, 0u);
}

/* Only the idle loop's timer interrupt is expected in supervisor state.
 * @req CORE-001 */
static void test_idle_non_pit_trap_panics(void **state)
{
    static const uint32_t causes[] = { CAUSE_DTLB, CAUSE_ITLB, CAUSE_PROGRAM, CAUSE_DSI,
                                       CAUSE_SYSCALL, CAUSE_MCHECK, CAUSE_EXTERNAL };
    uint32_t i;
    (void)state;
    for (i = 0u; i < sizeof causes / sizeof causes[0]; i++) {
        char head[40];
        mock_uart_reset();
        expect_halt(causes[i], &idle_ctx);
        snprintf(head, sizeof head, "PANIC: core trap cause %u pc=0x%08x ",
                 causes[i], MOCK_IDLE_ENTRY);
        assert_true(strncmp(mock_uart_text(), head, strlen(head)) == 0);
        assert_false(mock_uart_has("HM:"));
    }
}

/* A context other than the running partition's is the core's.
 * @req CORE-001 */
static void test_trap_with_other_partition_context_panics(void **state)
{
    struct partition gamma;
    (void)state;
    memcpy(&gamma, &partitions[2], sizeof gamma);
    partitions[2].ctx.msr = MSR_GUEST;
    gamma.ctx.msr = MSR_GUEST;
    MOCK_EXPECT_HALT(proteus_trap(CAUSE_DSI, &partitions[2].ctx));
    assert_true(mock_uart_has("PANIC: core trap cause 3 "));
    assert_memory_equal(&partitions[2], &gamma, sizeof gamma);
    MOCK_EXPECT_HALT(mock_pit(&partitions[1].ctx, mock_window_end(T0, 0u, 0u)));
    assert_int_equal(sched.window, 0u);
}

/* A reload context is the core's: any trap but the PIT in it stops the
 * machine.  @req CORE-001 HM-004 */
static void test_trap_in_reload_context_panics(void **state)
{
    static const uint32_t causes[] = { CAUSE_DTLB, CAUSE_ITLB, CAUSE_PROGRAM, CAUSE_DSI,
                                       CAUSE_ALIGNMENT, CAUSE_MCHECK };
    uint32_t i;
    (void)state;
    cur = mock_tick(cur, 0u);                        /* beta's reload context */
    assert_int_equal(partitions[1].state, PART_LOADING);
    for (i = 0u; i < sizeof causes / sizeof causes[0]; i++) {
        char head[64];
        mock_uart_reset();
        expect_halt(causes[i], cur);
        snprintf(head, sizeof head, "PANIC: core trap cause %u pc=0x%08x msr=0x%08x ",
                 causes[i], MOCK_RELOAD_ENTRY, MSR_CORE_BG);
        assert_true(strncmp(mock_uart_text(), head, strlen(head)) == 0);
        assert_false(mock_uart_has("HM:"));
        assert_int_equal(partitions[1].state, PART_LOADING);
    }
    /* Another partition's context, even one being reloaded, is not the
     * running reload: a PIT in it is the core's. */
    partitions[2].ctx.pc = 0x00000E10u;
    MOCK_EXPECT_HALT(mock_pit(&partitions[2].ctx, mock_window_end(T0, 0u, 1u)));
    assert_int_equal(sched.window, 1u);
    /* Even with the problem-state bit in the saved msr. */
    cur->msr |= MSR_PR;
    MOCK_EXPECT_HALT(proteus_trap(CAUSE_SYSCALL, cur));
    assert_int_equal(mock_zero_count, 2u);           /* alpha's load only */
}

/* Interrupt classes the core never enables.  @req CORE-001 DEV-004 DEV-005 */
static void test_never_enabled_interrupts_panic(void **state)
{
    static const uint32_t causes[] = { CAUSE_CRITICAL, CAUSE_EXTERNAL, CAUSE_FIT,
                                       CAUSE_WDT, 0u, CAUSE_COUNT, 0xFFFFFFFFu };
    uint32_t i;
    (void)state;
    cur->pc = 0x00002468u;
    cur->esr = 0x11u;
    cur->dear = 0x22u;
    for (i = 0u; i < sizeof causes / sizeof causes[0]; i++) {
        mock_uart_reset();
        expect_halt(causes[i], cur);
        assert_string_equal(mock_uart_text(),
                            mock_panic_line(causes[i], 0x00002468u, MSR_GUEST, 0x11u, 0x22u));
        assert_int_equal(partitions[0].state, PART_RUNNING);
        assert_int_equal(partitions[0].starts, 1u);
    }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_pit_walks_windows_in_order),
        T(test_pit_late_clamps_and_does_not_drift),
        T(test_switch_invalidates_tlb),
        T(test_switch_same_partition_keeps_state),
        T(test_switch_saves_and_restores_uregs),
        T(test_switch_preserves_context),
        T(test_pid_follows_running_partition),
        T(test_pit_from_idle),
        T(test_dtlb_miss_in_ram_region),
        T(test_dtlb_miss_in_read_only_region),
        T(test_dtlb_miss_in_device_region),
        T(test_dtlb_miss_per_partition_mapping),
        T(test_itlb_miss_in_region),
        T(test_tlb_refill_round_robin),
        T(test_tlb_refill_outside_installs_nothing),
        T(test_trap_in_supervisor_state_panics),
        T(test_pit_in_supervisor_state_panics),
        T(test_idle_non_pit_trap_panics),
        T(test_trap_with_other_partition_context_panics),
        T(test_trap_in_reload_context_panics),
        T(test_never_enabled_interrupts_panic),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests of the core under the fixed-priority scheduler (SCHED-005):
 * boot (boot.c), the slots of sched.c driven by the PIT through the trap
 * dispatcher (trap.c) and the switches between partitions (partition.c),
 * built against tests/unit/unit-fp.conf.  Its table, highest priority
 * first: beta (partition 1) 200000 ticks every 800000, gamma (2) 200000
 * every 700000, alpha (0) 100000 every 900000; in units of 100000 ticks the
 * slots are those of the table below (test_fp_sched.c derives them by hand
 * and checks them against a tick-by-tick model).
 */
#include <string.h>

#include "mock_arch.h"

#define T0 0x100000000ull  /* time base at boot: beyond 32 bits */
#define UNIT_TICKS  100000u         /* ticks of a unit of the table */
#define ALPHA 0u
#define BETA  1u
#define GAMMA 2u
#define NOBODY 99u

/* One slot: the partition that owns it (NOBODY: idle), its nominal start
 * and end in units after the boot. */
struct slot {
    uint32_t owner;
    uint32_t start, end;
};

static const struct slot slots[] = {
    { BETA, 0u, 2u },   { GAMMA, 2u, 4u },  { ALPHA, 4u, 5u },   { NOBODY, 5u, 7u },
    { GAMMA, 7u, 8u },  { BETA, 8u, 9u },   { BETA, 9u, 10u },   { GAMMA, 10u, 11u },
    { ALPHA, 11u, 12u }, { NOBODY, 12u, 14u }, { GAMMA, 14u, 16u }, { BETA, 16u, 18u },
    { ALPHA, 18u, 19u }, { NOBODY, 19u, 21u }, { GAMMA, 21u, 23u }, { NOBODY, 23u, 24u },
    { BETA, 24u, 26u }, { NOBODY, 26u, 27u }, { ALPHA, 27u, 28u }, { GAMMA, 28u, 30u },
    { NOBODY, 30u, 32u }, { BETA, 32u, 34u }, { NOBODY, 34u, 35u }, { GAMMA, 35u, 36u },
    { GAMMA, 36u, 37u }, { ALPHA, 37u, 38u }, { NOBODY, 38u, 40u }, { BETA, 40u, 42u },
    { GAMMA, 42u, 44u }, { NOBODY, 44u, 45u }, { ALPHA, 45u, 46u }, { NOBODY, 46u, 48u },
    { BETA, 48u, 49u }, { BETA, 49u, 50u }, { GAMMA, 50u, 52u }, { NOBODY, 52u, 54u },
    { ALPHA, 54u, 55u }, { NOBODY, 55u, 56u }, { BETA, 56u, 58u }, { GAMMA, 58u, 60u },
    { NOBODY, 60u, 63u }, { GAMMA, 63u, 64u }, { BETA, 64u, 66u }, { GAMMA, 66u, 67u },
    { ALPHA, 67u, 68u }, { NOBODY, 68u, 70u },
};
#define NUM_SLOTS (sizeof slots / sizeof slots[0])

static struct ctx *cur;
static uint32_t slot_index;   /* the slot the core is in */

static int setup(void **state)
{
    (void)state;
    cur = mock_run(mock_boot(T0));
    slot_index = 0u;
    mock_uart_reset();
    return 0;
}

static uint64_t at(uint32_t units)
{
    return T0 + (uint64_t)units * UNIT_TICKS;
}

/* The core is in slots[k]: sched's slot, the current partition, the
 * context resumed and the PIT's deadline.  prev_owner is the partition
 * current before (it stays current through an idle slot). */
static void assert_in_slot(uint32_t k, uint32_t prev_owner)
{
    const struct slot *w = &slots[k];

    assert_true(sched.start == at(w->start));
    assert_true(sched.end == at(w->end));
    assert_true(mock_tb + mock_pit_last == sched.end);
    if (w->owner == NOBODY) {
        assert_int_equal(sched.running, CONFIG_NUM_BUDGETS);
        assert_ptr_equal(cur, &idle_ctx);
        assert_int_equal(cur_index, prev_owner);
    } else {
        assert_true(sched.running < CONFIG_NUM_BUDGETS);
        assert_int_equal(cfg_budgets[sched.running].partition, w->owner);
        assert_int_equal(cur_index, w->owner);
        assert_ptr_equal(cur, &partitions[w->owner].ctx);
        assert_int_equal(mock_pid, w->owner + 1u);
    }
}

/* The PIT at the end of the current slot, latency ticks late; the
 * partition's reload, if it is loading, runs to its end. */
static void tick(uint32_t latency)
{
    const uint32_t prev = cur_index;

    cur = mock_run(mock_slot_tick(cur, latency));
    slot_index++;
    assert_in_slot(slot_index, prev);
}

/* Run up to (and into) slot k. */
static void run_to(uint32_t k)
{
    while (slot_index < k) {
        tick(0u);
    }
}

/* ---------------------------------------------------------- boot ---- */

/* @req BOOT-001 SCHED-005 */
static void test_fp_boot_banner(void **state)
{
    const char *banner = "Proteus-405: configuration unit-fp, 3 partitions, "
                         "fixed-priority scheduler\n";
    (void)state;
    (void)mock_boot(T0);
    assert_int_equal(strncmp(mock_uart_text(), banner, strlen(banner)), 0);
    assert_int_equal(mock_init_calls, 1u);
    assert_int_equal(mock_reload_ctx_calls, CONFIG_NUM_PARTITIONS);
}

/* The highest priority owns the first slot, until its budget ends; its
 * reload context runs first, entered without a switch.
 * @req BOOT-001 SCHED-005 SCHED-002 */
static void test_fp_boot_first_slot(void **state)
{
    struct ctx *first;
    uint32_t i;
    (void)state;
    first = mock_boot(T0);
    assert_ptr_equal(first, &partitions[BETA].ctx);
    assert_int_equal(first->pc, MOCK_RELOAD_ENTRY);
    assert_int_equal(cur_index, BETA);
    assert_int_equal(sched.running, 0u);
    assert_true(sched.start == T0);
    assert_true(sched.end == T0 + 200000u);
    for (i = 0u; i < CONFIG_NUM_BUDGETS; i++) {
        assert_int_equal(sched.left[i], cfg_budgets[i].budget);
        assert_true(sched.release[i] == T0 + cfg_budgets[i].period);
    }
    assert_int_equal(mock_pit_sets, 1u);
    assert_int_equal(mock_pit_last, 200000u);
    assert_int_equal(mock_uregs_saves, 1u);
    assert_ptr_equal(mock_uregs_last_save, &partitions[BETA].v.r);
    assert_int_equal(mock_tlb_invalidates, 0u);
    for (i = 0u; i < CONFIG_NUM_PARTITIONS; i++) {
        assert_int_equal(partitions[i].state, PART_LOADING);
    }
}

/* ------------------------------------------------------- slots ---- */

/* Slot after slot, the PIT at each slot end switches to the owner sched
 * gives (the idle loop when nobody has budget), and is armed for the new
 * slot's absolute end whatever the interrupt latency.
 * @req SCHED-005 SCHED-002 SCHED-003 */
static void test_fp_pit_walks_slots(void **state)
{
    static const uint32_t latency[6] = { 0u, 7u, 123u, 1u, 4000u, 64u };
    uint32_t k;
    (void)state;
    assert_in_slot(0u, BETA);
    for (k = 1u; k < NUM_SLOTS; k++) {
        const uint32_t l = latency[k % 6u];
        tick(l);
        assert_int_equal(mock_pit_last, (slots[k].end - slots[k].start) * UNIT_TICKS - l);
    }
    assert_int_equal(mock_pit_sets, NUM_SLOTS);
    for (k = 0u; k < CONFIG_NUM_PARTITIONS; k++) {
        assert_int_equal(partitions[k].state, PART_RUNNING);
        assert_int_equal(partitions[k].starts, 1u);
    }
    assert_int_equal(mock_halts, 0u);
}

/* A slot nobody owns: the idle loop runs, the PIT armed for the slot's
 * end; the partition of the slot before stays current, its TLB entries
 * and live registers in place (nothing saved, nothing flushed).
 * @req SCHED-005 SCHED-002 SCHED-003 */
static void test_fp_idle_slot(void **state)
{
    uint32_t saves, loads, inv;
    (void)state;
    run_to(2u);                                   /* alpha [4, 5) */
    cur->dear = 0x00001000u;
    assert_ptr_equal(proteus_trap(CAUSE_DTLB, cur), cur);
    assert_int_equal(mock_tlb_valid_count(), 1u);
    mock_uregs.sprg4 = 0xA4u;
    saves = mock_uregs_saves;
    loads = mock_uregs_loads;
    inv = mock_tlb_invalidates;
    tick(9u);                                     /* idle [5, 7) */
    assert_ptr_equal(cur, &idle_ctx);
    assert_int_equal(sched.running, 3u);
    assert_int_equal(cur_index, ALPHA);
    assert_int_equal(mock_pit_last, 200000u - 9u);
    assert_int_equal(mock_uregs_saves, saves);
    assert_int_equal(mock_uregs_loads, loads);
    assert_int_equal(mock_tlb_invalidates, inv);
    assert_int_equal(mock_tlb_valid_count(), 1u);
    assert_int_equal(mock_uregs.sprg4, 0xA4u);
    assert_int_equal(partitions[ALPHA].state, PART_RUNNING);
}

/* A PIT in the idle loop before the idle slot's end (the PIT clamped, or
 * early): the idle slot goes on, the PIT armed again for its end, no
 * partition entered.  @req SCHED-005 SCHED-002 */
static void test_fp_idle_slot_early_pit(void **state)
{
    uint32_t saves;
    (void)state;
    run_to(3u);                                   /* idle [5, 7) */
    saves = mock_uregs_saves;
    cur = mock_pit(cur, at(6u));
    assert_ptr_equal(cur, &idle_ctx);
    assert_int_equal(sched.running, CONFIG_NUM_BUDGETS);
    assert_true(sched.end == at(7u));
    assert_int_equal(mock_pit_last, UNIT_TICKS);
    assert_int_equal(mock_uregs_saves, saves);
    assert_int_equal(cur_index, ALPHA);
    cur = mock_pit(cur, at(7u) - 1u);             /* one tick early */
    assert_ptr_equal(cur, &idle_ctx);
    assert_int_equal(mock_pit_last, 2u);          /* the PIT's minimum */
    assert_int_equal(mock_uregs_saves, saves);
}

/* The PIT from the idle loop at the end of an idle slot resumes the next
 * owner: the partition current during the idle slot is switched out
 * then (its live registers saved, the TLB flushed).
 * @req SCHED-005 SCHED-003 PART-003 PART-004 */
static void test_fp_idle_slot_end_resumes_owner(void **state)
{
    (void)state;
    run_to(2u);                                   /* alpha [4, 5) */
    mock_uregs.srr2 = 0xA2u;
    cur->dear = 0x00001000u;
    (void)proteus_trap(CAUSE_DTLB, cur);
    tick(0u);                                     /* idle [5, 7) */
    mock_tb = at(7u) + 30u;
    cur = mock_run(proteus_trap(CAUSE_PIT, &idle_ctx));
    slot_index++;
    assert_in_slot(4u, ALPHA);                    /* gamma [7, 8) */
    assert_ptr_equal(cur, &partitions[GAMMA].ctx);
    assert_int_equal(partitions[ALPHA].v.r.reg[VI_SRR2], 0xA2u);
    assert_int_equal(mock_uregs.srr2, partitions[GAMMA].v.r.reg[VI_SRR2]);
    assert_int_equal(mock_tlb_valid_count(), 0u);
}

/* An idle slot between two slots of the same partition: no switch, the
 * partition's TLB entries and live registers stay.
 * @req SCHED-005 SCHED-003 PART-003 PART-004 */
static void test_fp_idle_between_slots_of_one_partition(void **state)
{
    uint32_t inv;
    (void)state;
    run_to(39u);                                  /* gamma [58, 60) */
    cur->dear = 0x00001000u;
    (void)proteus_trap(CAUSE_DTLB, cur);
    mock_uregs.sprg7 = 0xC7u;
    inv = mock_tlb_invalidates;
    tick(0u);                                     /* idle [60, 63) */
    tick(0u);                                     /* gamma [63, 64) */
    assert_ptr_equal(cur, &partitions[GAMMA].ctx);
    assert_int_equal(mock_tlb_invalidates, inv);
    assert_int_equal(mock_tlb_valid_count(), 1u);
    assert_int_equal(mock_uregs.sprg7, 0xC7u);
    assert_int_equal(partitions[GAMMA].v.r.reg[VI_SPRG0 + 7u], 0xC7u);
}

/* A preempted partition (gamma at beta's release) resumes later in the
 * same period with everything as it left it.  @req SCHED-005 SCHED-003 */
static void test_fp_preemption_preserves_context(void **state)
{
    struct ctx saved;
    uint32_t i;
    (void)state;
    run_to(4u);                                   /* gamma [7, 8) */
    for (i = 0u; i < 32u; i++) {
        cur->gpr[i] = 0x2000u + i;
    }
    cur->pc = 0x00003004u;
    cur->lr = 0x00003100u;
    mock_uregs.sprg5 = 0xC5u;
    memcpy(&saved, cur, sizeof saved);
    tick(3u);                                     /* beta's release: [8, 9) */
    assert_ptr_equal(cur, &partitions[BETA].ctx);
    assert_int_equal(sched.left[1], UNIT_TICKS);           /* gamma keeps a unit */
    tick(0u);                                     /* alpha's release: beta [9, 10) */
    tick(0u);                                     /* gamma [10, 11) */
    assert_ptr_equal(cur, &partitions[GAMMA].ctx);
    assert_memory_equal(cur, &saved, sizeof saved);
    assert_int_equal(mock_uregs.sprg5, 0xC5u);
}

/* A release of a lower priority while a partition runs is an event that
 * keeps the owner: its live registers are saved and stay, no TLB flush.
 * @req SCHED-005 PART-003 PART-004 */
static void test_fp_release_keeps_owner(void **state)
{
    uint32_t inv, saves;
    (void)state;
    run_to(5u);                                   /* beta [8, 9) */
    cur->dear = 0x00001000u;
    (void)proteus_trap(CAUSE_DTLB, cur);
    mock_uregs.srr3 = 0xB3u;
    inv = mock_tlb_invalidates;
    saves = mock_uregs_saves;
    tick(11u);                                    /* alpha released: beta [9, 10) */
    assert_int_equal(mock_tlb_invalidates, inv);
    assert_true(mock_uregs_saves > saves);
    assert_ptr_equal(mock_uregs_last_load, &partitions[BETA].v.r);
    assert_int_equal(mock_uregs.srr3, 0xB3u);
    assert_ptr_equal(mock_uregs_last_save, &partitions[BETA].v.r);
    assert_int_equal(partitions[BETA].v.r.reg[VI_SRR3], 0xB3u);
    assert_int_equal(mock_tlb_valid_count(), 1u);
    assert_int_equal(sched.left[2], cfg_budgets[2].budget);
}

/* A PIT served after the next slot's end too: the PIT gets its minimum,
 * the slot after still ends on its own deadline.  @req SCHED-005 SCHED-002 DEV-002 */
static void test_fp_late_pit_does_not_drift(void **state)
{
    (void)state;
    cur = mock_run(mock_pit(cur, at(4u) + 5u));   /* past gamma's end at 4 */
    assert_true(sched.start == at(2u));
    assert_int_equal(cur_index, GAMMA);
    assert_int_equal(mock_pit_last, 2u);
    cur = mock_run(mock_pit(cur, at(4u) + 7u));
    assert_true(sched.start == at(4u));
    assert_int_equal(cur_index, ALPHA);
    assert_true(mock_tb + mock_pit_last == at(5u));
}

/* A halted partition's slots stay its own: the idle loop runs in them, its
 * budget is consumed, nobody else's slots move.
 * @req SCHED-005 HM-002 SCHED-004 */
static void test_fp_halted_partition_keeps_its_slots(void **state)
{
    uint32_t k;
    (void)state;
    cur->dear = 0x00900000u;                      /* beta, outside its regions */
    cur = mock_run(proteus_trap(CAUSE_DTLB, cur));
    assert_true(mock_uart_has("HM: beta dtlb-miss "));
    assert_int_equal(partitions[BETA].state, PART_HALTED);
    assert_ptr_equal(cur, &idle_ctx);
    for (k = 1u; k < NUM_SLOTS; k++) {
        const uint32_t prev = cur_index;
        cur = mock_run(mock_slot_tick(cur, 2u));
        slot_index++;
        if (slots[k].owner == BETA) {
            assert_ptr_equal(cur, &idle_ctx);
            assert_int_equal(cur_index, BETA);
            assert_int_equal(sched.running, 0u);
            assert_true(sched.start == at(slots[k].start));
            assert_true(sched.end == at(slots[k].end));
        } else {
            assert_in_slot(k, prev);
        }
    }
    assert_int_equal(partitions[BETA].state, PART_HALTED);
    assert_int_equal(partitions[ALPHA].state, PART_RUNNING);
    assert_int_equal(partitions[GAMMA].state, PART_RUNNING);
}

/* Traps of a partition in its slot are handled as under the cyclic
 * scheduler; the slot does not change.  @req SCHED-005 PART-002 */
static void test_fp_trap_inside_slot(void **state)
{
    (void)state;
    run_to(1u);                                   /* gamma [2, 4) */
    mock_tb = at(3u);
    cur->dear = 0x00200010u;
    assert_ptr_equal(proteus_trap(CAUSE_DTLB, cur), cur);
    assert_true(mock_tlb_lookup(3u, 0x00200010u) >= 0);
    assert_int_equal(sched.running, 1u);
    assert_true(sched.end == at(4u));
    /* A PIT before the slot's end (a virtual timer event) keeps it. */
    cur = mock_pit(cur, at(3u) + 100u);
    assert_ptr_equal(cur, &partitions[GAMMA].ctx);
    assert_true(sched.end == at(4u));
    assert_true(mock_tb + mock_pit_last == at(4u));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fp_boot_banner),
        cmocka_unit_test(test_fp_boot_first_slot),
        cmocka_unit_test_setup(test_fp_pit_walks_slots, setup),
        cmocka_unit_test_setup(test_fp_idle_slot, setup),
        cmocka_unit_test_setup(test_fp_idle_slot_early_pit, setup),
        cmocka_unit_test_setup(test_fp_idle_slot_end_resumes_owner, setup),
        cmocka_unit_test_setup(test_fp_idle_between_slots_of_one_partition, setup),
        cmocka_unit_test_setup(test_fp_preemption_preserves_context, setup),
        cmocka_unit_test_setup(test_fp_release_keeps_owner, setup),
        cmocka_unit_test_setup(test_fp_late_pit_does_not_drift, setup),
        cmocka_unit_test_setup(test_fp_halted_partition_keeps_its_slots, setup),
        cmocka_unit_test_setup(test_fp_trap_inside_slot, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

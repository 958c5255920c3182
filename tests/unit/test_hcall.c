/*
 * Unit tests of the hypercall path: the program interrupt recognises the
 * hypercall word at the guest's pc in its own executable regions
 * (trap.c) and hcall.c dispatches it.
 */
#include <string.h>

#include <proteus/hcall.h>

#include "mock_arch.h"

#define T0 1000u
#define PC 0x00080000u     /* zeroed RAM of every partition */

static struct ctx *cur;

static int setup(void **state)
{
    (void)state;
    cur = mock_run(mock_boot(T0));
    mock_uart_reset();
    return 0;
}

static void fill_regs(struct ctx *c)
{
    uint32_t i;

    for (i = 0u; i < 32u; i++) {
        c->gpr[i] = 0xC0DE0000u + i;
    }
    c->cr = 0x80000000u;
    c->xer = 0x20000000u;
    c->lr = 0x00002222u;
    c->ctr = 3u;
}

/* @req HC-001 HC-002 CON-001 */
static void test_hcall_console_putc(void **state)
{
    const uint32_t reads = mock_read32_count;
    (void)state;
    assert_ptr_equal(mock_hcall(cur, PC, HC_CONSOLE_PUTC, 'H'), cur);
    assert_int_equal(cur->gpr[3], (uint32_t)HC_OK);
    assert_int_equal(cur->pc, PC + 4u);
    assert_int_equal(mock_read32_count, reads + 1u);
    assert_int_equal(mock_uart_len(), 0u);
    (void)mock_hcall(cur, PC, HC_CONSOLE_PUTC, 'i');
    (void)mock_hcall(cur, PC, HC_CONSOLE_PUTC, '\n');
    assert_string_equal(mock_uart_text(), "[alpha] Hi\n");
    assert_int_equal(partitions[0].state, PART_RUNNING);
    assert_int_equal(partitions[0].starts, 1u);
}

/* Only the low byte of r3 counts; control bytes are shown as '?'.
 * @req HC-002 CON-001 */
static void test_hcall_console_putc_low_byte(void **state)
{
    (void)state;
    (void)mock_hcall(cur, PC, HC_CONSOLE_PUTC, 0x00000141u);       /* 'A' */
    (void)mock_hcall(cur, PC, HC_CONSOLE_PUTC, 0x1234561Bu);       /* ESC */
    (void)mock_hcall(cur, PC, HC_CONSOLE_PUTC, 0xFFFFFF0Du);       /* '\r' */
    (void)mock_hcall(cur, PC, HC_CONSOLE_PUTC, 0xFFFFFF0Au);       /* '\n' */
    assert_string_equal(mock_uart_text(), "[alpha] A?\n");
    assert_int_equal(cur->gpr[3], 0u);
}

/* The other registers come back unchanged.  @req HC-001 HC-002 */
static void test_hcall_preserves_registers(void **state)
{
    struct ctx before;
    (void)state;
    fill_regs(cur);
    cur->gpr[0] = HC_CONSOLE_PUTC;
    cur->gpr[3] = 'z';
    cur->pc = PC;
    cur->esr = ESR_PIL;
    mock_phys_write32(mock_guest_to_host(0u, PC), HC_INSN);
    memcpy(&before, cur, sizeof before);
    assert_ptr_equal(proteus_trap(CAUSE_PROGRAM, cur), cur);
    before.gpr[3] = 0u;
    before.pc = PC + 4u;
    assert_memory_equal(cur, &before, sizeof before);
}

/* @req HC-003 */
static void test_hcall_partition_info(void **state)
{
    (void)state;
    fill_regs(cur);
    (void)mock_hcall(cur, PC, HC_PARTITION_INFO, 0u);
    assert_int_equal(cur->gpr[3], 0u);
    assert_int_equal(cur->gpr[4], 0u);
    assert_int_equal(cur->gpr[5], 0xC0DE0005u);
    assert_int_equal(cur->pc, PC + 4u);
    cur = mock_run(mock_tick(cur, 0u));               /* beta */
    (void)mock_hcall(cur, PC, HC_PARTITION_INFO, 0u);
    assert_int_equal(cur->gpr[3], 1u);
    assert_int_equal(cur->gpr[4], 0u);
    cur = mock_run(mock_tick(cur, 0u));               /* alpha */
    cur = mock_run(mock_tick(cur, 0u));               /* gamma */
    (void)mock_hcall(cur, PC, HC_PARTITION_INFO, 0u);
    assert_int_equal(cur->gpr[3], 2u);
    assert_int_equal(cur->gpr[4], 0u);
    /* After a restart: start count 1. */
    cur->dear = 0x00300000u;
    cur = mock_run(proteus_trap(CAUSE_DTLB, cur));
    (void)mock_hcall(cur, PC, HC_PARTITION_INFO, 0u);
    assert_int_equal(cur->gpr[3], 2u);
    assert_int_equal(cur->gpr[4], 1u);
}

/* Unknown numbers: r3 = -1 and nothing else changes.  @req HC-004 */
static void test_hcall_unknown_numbers(void **state)
{
    static const uint32_t numbers[] = { 0u, HC_COUNT, 4u, 0x80000000u, 0xFFFFFFFFu };
    uint32_t i;
    (void)state;
    for (i = 0u; i < sizeof numbers / sizeof numbers[0]; i++) {
        struct ctx before;
        struct partition parts[CONFIG_NUM_PARTITIONS];
        const uint32_t tlb = mock_tlb_writes, inv = mock_tlb_invalidates;
        fill_regs(cur);
        cur->gpr[0] = numbers[i];
        cur->pc = PC + 8u * i;
        cur->esr = ESR_PIL;
        mock_phys_write32(mock_guest_to_host(0u, cur->pc), HC_INSN);
        memcpy(&before, cur, sizeof before);
        memcpy(parts, partitions, sizeof parts);
        assert_ptr_equal(proteus_trap(CAUSE_PROGRAM, cur), cur);
        assert_int_equal(cur->gpr[3], (uint32_t)HC_E_NOSYS);
        assert_int_equal(cur->gpr[3], 0xFFFFFFFFu);
        before.gpr[3] = 0xFFFFFFFFu;
        before.pc += 4u;
        assert_memory_equal(cur, &before, sizeof before);
        assert_memory_equal(&partitions[1], &parts[1], sizeof parts[1]);
        assert_memory_equal(&partitions[2], &parts[2], sizeof parts[2]);
        assert_int_equal(partitions[0].line_len, 0u);
        assert_int_equal(mock_uart_len(), 0u);
        assert_int_equal(mock_tlb_writes, tlb);
        assert_int_equal(mock_tlb_invalidates, inv);
    }
}

/* The word is fetched from the partition's own memory at its pc, even at
 * the last word of a region.  @req HC-001 PART-002 FV-003 */
static void test_hcall_fetched_from_own_memory(void **state)
{
    (void)state;
    /* The hypercall word only in beta's memory at the same guest pc: in
     * alpha's, an illegal instruction (0) is the guest's own program
     * interrupt, ESR[PIL], no hypercall. */
    mock_phys_write32(mock_guest_to_host(1u, PC), HC_INSN);
    cur->pc = PC;
    cur->esr = ESR_PIL;
    cur->gpr[0] = HC_PARTITION_INFO;
    cur->gpr[3] = 0x33u;
    cur = mock_run(proteus_trap(CAUSE_PROGRAM, cur));
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_int_equal(cur->pc, VEC_PROGRAM);
    assert_int_equal(partitions[0].v.r.reg[VI_SRR0], PC);
    assert_int_equal(partitions[0].v.r.reg[VI_ESR], ESR_PIL);
    assert_int_equal(cur->gpr[3], 0x33u);
    assert_int_equal(mock_uart_len(), 0u);
    assert_int_equal(partitions[0].starts, 1u);
    assert_ptr_equal(mock_hcall(cur, 0x000FFFFCu, HC_PARTITION_INFO, 0u), cur);
    assert_int_equal(cur->pc, 0x00100000u);
    assert_int_equal(mock_uart_len(), 0u);
}

/* The hypercall word in a region without x is no hypercall.
 * @req HC-001 HM-001 */
static void test_hcall_word_in_non_executable_region(void **state)
{
    const uint32_t reads = mock_read32_count;
    (void)state;
    mock_phys_write32(0x01100000u, HC_INSN);       /* alpha's read-only region */
    cur->pc = 0x00100000u;
    cur->esr = ESR_PIL;
    cur->gpr[0] = HC_CONSOLE_PUTC;
    cur = mock_run(proteus_trap(CAUSE_PROGRAM, cur));
    assert_string_equal(mock_uart_text(),
                        mock_hm_line("alpha", "program-illegal", 0x00100000u, 0x00100000u,
                                     ESR_PIL, "restart #1"));
    /* The device page is never read either. */
    mock_uart_reset();
    cur->pc = 0xEF600000u;
    cur->esr = ESR_PIL;
    cur = mock_run(proteus_trap(CAUSE_PROGRAM, cur));
    assert_string_equal(mock_uart_text(),
                        mock_hm_line("alpha", "program-illegal", 0xEF600000u, 0xEF600000u,
                                     ESR_PIL, "restart #2"));
    assert_int_equal(mock_read32_count, reads);
}

/* @req HC-001 HM-001 */
static void test_hcall_word_outside_regions_or_unaligned(void **state)
{
    const uint32_t reads = mock_read32_count;
    (void)state;
    cur->pc = 0x00900000u;
    cur->esr = ESR_PIL;
    cur = mock_run(proteus_trap(CAUSE_PROGRAM, cur));
    assert_true(mock_uart_has(mock_hm_line("alpha", "program-illegal", 0x00900000u,
                                           0x00900000u, ESR_PIL, "restart #1")));
    mock_phys_write32(mock_guest_to_host(0u, PC), HC_INSN);
    cur->pc = PC + 2u;
    cur->esr = ESR_PIL;
    cur = mock_run(proteus_trap(CAUSE_PROGRAM, cur));
    assert_true(mock_uart_has(mock_hm_line("alpha", "program-illegal", PC + 2u, PC + 2u,
                                           ESR_PIL, "restart #2")));
    assert_int_equal(mock_read32_count, reads);
}

/* Another illegal instruction, and the hypercall word with a trap
 * syndrome, are the guest's own program interrupts; with a privileged
 * syndrome it is a privileged instruction the core does not know (the
 * health monitor).  None is a hypercall.  @req HC-001 HM-001 HM-003 FV-001 FV-003 */
static void test_hcall_other_words_and_syndromes(void **state)
{
    (void)state;
    cur->gpr[0] = HC_CONSOLE_PUTC;
    cur->gpr[3] = 'x';
    mock_phys_write32(mock_guest_to_host(0u, PC), HC_INSN + 1u);
    cur->pc = PC;
    cur->esr = ESR_PIL;
    cur = mock_run(proteus_trap(CAUSE_PROGRAM, cur));
    assert_int_equal(cur->pc, VEC_PROGRAM);
    assert_int_equal(partitions[0].v.r.reg[VI_SRR0], PC);
    assert_int_equal(partitions[0].v.r.reg[VI_ESR], ESR_PIL);
    mock_phys_write32(mock_guest_to_host(0u, PC), HC_INSN);
    cur->pc = PC;
    cur->esr = ESR_PTR;
    cur = mock_run(proteus_trap(CAUSE_PROGRAM, cur));
    assert_int_equal(cur->pc, VEC_PROGRAM);
    assert_int_equal(partitions[0].v.r.reg[VI_ESR], ESR_PTR);
    assert_int_equal(cur->gpr[3], 'x');
    assert_int_equal(mock_uart_len(), 0u);
    assert_int_equal(partitions[0].line_len, 0u);
    cur->pc = PC;
    cur->esr = ESR_PPR;
    cur = mock_run(proteus_trap(CAUSE_PROGRAM, cur));
    assert_string_equal(mock_uart_text(),
                        mock_hm_insn_line("alpha", "unsupported-insn", PC, HC_INSN, ESR_PPR,
                                          "restart #1"));
    assert_int_equal(partitions[0].starts, 2u);
}

/* A system call is no hypercall: it goes to the guest's own system-call
 * vector.  @req HC-001 FV-003 */
static void test_syscall_is_not_a_hypercall(void **state)
{
    (void)state;
    mock_phys_write32(mock_guest_to_host(0u, PC), HC_INSN);
    cur->pc = PC + 4u;
    cur->gpr[0] = HC_PARTITION_INFO;
    cur->gpr[3] = 0x77u;
    cur = mock_run(proteus_trap(CAUSE_SYSCALL, cur));
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_int_equal(cur->pc, VEC_SYSCALL);
    assert_int_equal(partitions[0].v.r.reg[VI_SRR0], PC + 4u);
    assert_int_equal(cur->gpr[3], 0x77u);
    assert_int_equal(mock_uart_len(), 0u);
    assert_int_equal(partitions[0].starts, 1u);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_hcall_console_putc),
        T(test_hcall_console_putc_low_byte),
        T(test_hcall_preserves_registers),
        T(test_hcall_partition_info),
        T(test_hcall_unknown_numbers),
        T(test_hcall_fetched_from_own_memory),
        T(test_hcall_word_in_non_executable_region),
        T(test_hcall_word_outside_regions_or_unaligned),
        T(test_hcall_other_words_and_syndromes),
        T(test_syscall_is_not_a_hypercall),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

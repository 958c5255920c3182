/*
 * Unit tests of full virtualization at the trap dispatcher (trap.c with
 * emul.c, vcpu.c, vtimer.c): privileged instructions of a guest in its
 * virtual supervisor state are emulated, its own exceptions go to its own
 * vectors, the PIT also serves the partition's virtual timers inside its
 * window, and a partition in the wait state idles.  unit.conf: alpha
 * (index 0, restart), beta (1, halt), alpha, gamma (2, restart).
 */
#include <string.h>

#include <proteus/hcall.h>

#include "mock_arch.h"

#define T0 1000u
#define PC 0x00080000u       /* zeroed RAM, executable, of every partition */
#define MTMSR_EE_ONLY 0x00010000u

static struct ctx *cur;

static int setup(void **state)
{
    (void)state;
    cur = mock_run(mock_boot(T0));
    mock_uart_reset();
    return 0;
}

/* ------------------------------------------------- emulation ---- */

/* An emulated instruction: the guest resumes at the next one, its real
 * MSR is still MSR_GUEST, the virtual one changed.  @req FV-001 FV-008 */
static void test_privileged_insn_emulated(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    cur->gpr[3] = MSR_EE | MSR_CE | MSR_DE;
    v->r.msr = 0u;
    assert_ptr_equal(mock_priv(cur, PC, fv_mtmsr(3u)), cur);
    assert_int_equal(cur->pc, PC + 4u);
    assert_int_equal(v->r.msr, MSR_EE | MSR_CE | MSR_DE);
    assert_int_equal(cur->msr, MSR_GUEST);
    v->r.msr = MSR_EE | MSR_CE;
    assert_ptr_equal(mock_priv(cur, PC + 4u, fv_mfmsr(9u)), cur);
    assert_int_equal(cur->gpr[9], MSR_EE | MSR_CE);
    assert_int_equal(cur->pc, PC + 8u);
    assert_int_equal(mock_uart_len(), 0u);
    assert_int_equal(partitions[0].starts, 1u);
}

/* rfi continues at SRR0.  @req FV-001 FV-003 */
static void test_rfi_goes_to_srr0(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    v->r.reg[VI_SRR0] = 0x00004444u;
    v->r.reg[VI_SRR1] = MSR_EE | MSR_PR;
    assert_ptr_equal(mock_priv(cur, PC, FV_RFI), cur);
    assert_int_equal(cur->pc, 0x00004444u);
    assert_int_equal(v->r.msr, MSR_EE | MSR_PR);
}

/* Privileged SPR (EMUL_PRIV) and illegal DCR (EMUL_ILLEGAL): the guest's
 * own program interrupt at its EVPR, SRR0 = the instruction, ESR = PPR or
 * PIL.  @req FV-001 FV-003 */
static void test_emulation_refusals_reflected(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    v->r.reg[VI_EVPR] = 0x00030000u;
    v->r.msr = MSR_EE | MSR_ME;
    cur->gpr[5] = 0x1234u;
    assert_ptr_equal(mock_priv(cur, PC, fv_mfspr(5u, 0u)), cur);
    assert_int_equal(cur->pc, 0x00030700u);
    assert_int_equal(v->r.reg[VI_SRR0], PC);
    assert_int_equal(v->r.reg[VI_SRR1], MSR_EE | MSR_ME);
    assert_int_equal(v->r.reg[VI_ESR], ESR_PPR);
    assert_int_equal(v->r.msr, MSR_ME);
    assert_int_equal(cur->gpr[5], 0x1234u);
    assert_ptr_equal(mock_priv(cur, PC + 8u, fv_mfdcr(5u, 0x0Cu)), cur);
    assert_int_equal(cur->pc, 0x00030700u);
    assert_int_equal(v->r.reg[VI_SRR0], PC + 8u);
    assert_int_equal(v->r.reg[VI_ESR], ESR_PIL);
    assert_int_equal(mock_uart_len(), 0u);
}

/* DBCR0[RST]: the health monitor resets the guest.  @req FV-001 HM-002 */
static void test_dbcr0_reset_goes_to_hm(void **state)
{
    (void)state;
    cur->gpr[4] = 0x30000000u;
    cur = mock_run(mock_priv(cur, PC, fv_mtspr(1010u, 4u)));
    assert_string_equal(mock_uart_text(),
                        mock_hm_line("alpha", "guest-reset", PC, PC, ESR_PPR, "restart #1"));
    assert_int_equal(partitions[0].starts, 2u);
    mock_assert_vcpu_reset(&partitions[0].v, mock_tb);
}

/* What the core does not emulate: the health monitor with the cause and
 * the instruction word.  @req FV-001 HM-001 HM-003 */
static void test_unsupported_go_to_hm(void **state)
{
    const uint32_t unknown = fv_x(1u, 0u, 0u, 0u);
    const uint32_t mtmsr_ir = fv_mtmsr(6u);
    const uint32_t sler = fv_mtspr(955u, 6u);
    (void)state;
    cur = mock_run(mock_priv(cur, PC, unknown));
    assert_string_equal(mock_uart_text(),
                        mock_hm_insn_line("alpha", "unsupported-insn", PC, unknown, ESR_PPR,
                                          "restart #1"));
    mock_uart_reset();
    cur->gpr[6] = MSR_IR;
    cur = mock_run(mock_priv(cur, PC + 4u, mtmsr_ir));
    assert_string_equal(mock_uart_text(),
                        mock_hm_insn_line("alpha", "unsupported-xlate", PC + 4u, mtmsr_ir,
                                          ESR_PPR, "restart #2"));
    mock_uart_reset();
    cur->gpr[6] = 1u;
    cur = mock_run(mock_priv(cur, PC + 8u, sler));
    assert_string_equal(mock_uart_text(),
                        mock_hm_insn_line("alpha", "unsupported-sler", PC + 8u, sler,
                                          ESR_PPR, "restart #3"));
    assert_int_equal(partitions[0].starts, 4u);
}

/* In the guest's virtual problem state a privileged instruction is the
 * guest's own privileged-operation interrupt: nothing emulated.
 * @req FV-003 FV-008 */
static void test_privileged_in_virtual_problem_state(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    v->r.msr = MSR_PR | MSR_EE;
    cur->gpr[3] = 0u;
    assert_ptr_equal(mock_priv(cur, PC, fv_mtmsr(3u)), cur);
    assert_int_equal(cur->pc, VEC_PROGRAM);
    assert_int_equal(v->r.reg[VI_SRR0], PC);
    assert_int_equal(v->r.reg[VI_SRR1], MSR_PR | MSR_EE);
    assert_int_equal(v->r.reg[VI_ESR], ESR_PPR);
    assert_int_equal(v->r.msr, 0u);
}

/* A trap instruction (PTR) and an illegal one (PIL, not the hypercall):
 * the guest's program interrupt with that syndrome bit only.
 * @req FV-003 HC-001 */
static void test_trap_and_illegal_reflected(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    mock_phys_write32(mock_guest_to_host(0u, PC), 0x7FE00008u);   /* trap */
    cur->pc = PC;
    cur->esr = ESR_PTR | ESR_DST;
    assert_ptr_equal(proteus_trap(CAUSE_PROGRAM, cur), cur);
    assert_int_equal(cur->pc, VEC_PROGRAM);
    assert_int_equal(v->r.reg[VI_ESR], ESR_PTR);
    assert_int_equal(v->r.reg[VI_SRR0], PC);
    mock_phys_write32(mock_guest_to_host(0u, PC + 4u), 0u);
    cur->pc = PC + 4u;
    cur->esr = ESR_PIL;
    assert_ptr_equal(proteus_trap(CAUSE_PROGRAM, cur), cur);
    assert_int_equal(v->r.reg[VI_ESR], ESR_PIL);
    assert_int_equal(v->r.reg[VI_SRR0], PC + 4u);
    assert_int_equal(mock_uart_len(), 0u);
}

/* ------------------------------------------------- reflection ---- */

/* sc: the guest's 0xC00 vector, SRR0 = the address the vector saved (the
 * next instruction), registers untouched.  @req FV-003 */
static void test_syscall_reflected(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    v->r.reg[VI_EVPR] = 0x00050000u;
    v->r.msr = MSR_EE | MSR_CE | MSR_PR;
    cur->pc = PC + 4u;
    cur->gpr[0] = 99u;
    cur->esr = 0x5u;
    assert_ptr_equal(proteus_trap(CAUSE_SYSCALL, cur), cur);
    assert_int_equal(cur->pc, 0x00050C00u);
    assert_int_equal(v->r.reg[VI_SRR0], PC + 4u);
    assert_int_equal(v->r.reg[VI_SRR1], MSR_EE | MSR_CE | MSR_PR);
    assert_int_equal(v->r.msr, MSR_CE);
    assert_int_equal(v->r.reg[VI_ESR], 0u);
    assert_int_equal(cur->gpr[0], 99u);
    assert_int_equal(cur->msr, MSR_GUEST);
}

/* Alignment: the guest's 0x600 vector with DEAR; ESR left alone.
 * @req FV-003 */
static void test_alignment_reflected(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    v->r.reg[VI_ESR] = 0x00800000u;
    cur->pc = PC;
    cur->dear = 0x00012343u;
    cur->esr = 0u;
    assert_ptr_equal(proteus_trap(CAUSE_ALIGNMENT, cur), cur);
    assert_int_equal(cur->pc, VEC_ALIGNMENT);
    assert_int_equal(v->r.reg[VI_SRR0], PC);
    assert_int_equal(v->r.reg[VI_DEAR], 0x00012343u);
    assert_int_equal(v->r.reg[VI_ESR], 0x00800000u);
    assert_int_equal(mock_uart_len(), 0u);
}

/* dcread of an EA that is not word aligned: the guest's alignment
 * interrupt at the instruction, DEAR = EA, ESR left alone.  @req FV-001 FV-003 */
static void test_dcread_unaligned_reflected(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    v->r.reg[VI_ESR] = 0x00800000u;
    v->r.msr = MSR_EE;
    cur->gpr[3] = 0x00010000u;
    cur->gpr[4] = 0x00000102u;
    cur->gpr[5] = 0x5555u;
    assert_ptr_equal(mock_priv(cur, PC, fv_x(XO_DCREAD, 5u, 3u, 4u)), cur);
    assert_int_equal(cur->pc, VEC_ALIGNMENT);
    assert_int_equal(v->r.reg[VI_SRR0], PC);
    assert_int_equal(v->r.reg[VI_SRR1], MSR_EE);
    assert_int_equal(v->r.reg[VI_DEAR], 0x00010102u);
    assert_int_equal(v->r.reg[VI_ESR], 0x00800000u);
    assert_int_equal(cur->gpr[5], 0x5555u);
}

/* ------------------------------------------------- virtual timers ---- */

/* The guest's PIT: the real PIT is armed for it when it comes before the
 * window's end; when it fires inside the window there is no switch, the
 * guest takes its PIT interrupt at the interrupted pc.
 * @req FV-004 FV-005 SCHED-002 */
static void test_guest_pit_inside_window(void **state)
{
    struct vcpu *v = mock_vcpu();
    const uint32_t window = sched.window;
    const uint32_t switches = mock_tlb_invalidates;
    (void)state;
    v->r.msr = MSR_EE;
    cur->gpr[3] = TCR_PIE;
    (void)mock_priv(cur, PC, fv_mtspr(986u, 3u));             /* TCR */
    cur->gpr[3] = 5000u;
    (void)mock_priv(cur, PC + 4u, fv_mtspr(987u, 3u));        /* PIT = 5000 */
    assert_int_equal(mock_pit_last, 5000u);
    assert_int_equal(cur->pc, PC + 8u);
    /* a PIT too early for the guest's timer: nothing delivered */
    cur = mock_pit(cur, T0 + 4000u);
    assert_int_equal(cur->pc, PC + 8u);
    assert_int_equal(mock_pit_last, 1000u);
    /* on time */
    cur->pc = PC + 0x40u;
    cur = mock_pit(cur, T0 + 5000u);
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_int_equal(sched.window, window);
    assert_int_equal(mock_tlb_invalidates, switches);
    assert_int_equal(cur->pc, VEC_PIT);
    assert_int_equal(v->r.reg[VI_SRR0], PC + 0x40u);
    assert_int_equal(v->r.reg[VI_SRR1], MSR_EE);
    assert_int_equal(v->t.tsr & TSR_PIS, TSR_PIS);
    assert_int_equal(v->r.msr & MSR_EE, 0u);
    /* stopped, EE off: the real PIT is armed for the window's end */
    assert_true(mock_tb + mock_pit_last == mock_window_end(T0, 0u, 0u));
}

/* The guest's timer later than the window: the window's end wins.
 * @req SCHED-002 FV-005 */
static void test_window_end_before_guest_timer(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    v->r.msr = MSR_EE;
    cur->gpr[3] = TCR_PIE;
    (void)mock_priv(cur, PC, fv_mtspr(986u, 3u));
    cur->gpr[3] = 10000000u;
    (void)mock_priv(cur, PC + 4u, fv_mtspr(987u, 3u));
    assert_true(mock_tb + mock_pit_last == mock_window_end(T0, 0u, 0u));
    /* the window ends: beta runs, alpha's PIT keeps counting */
    cur = mock_run(mock_tick(cur, 0u));
    assert_ptr_equal(cur, &partitions[1].ctx);
    assert_int_equal(partitions[0].v.t.pit_running, 1u);
}

/* An event that falls outside the partition's windows is latched and
 * delivered at the start of its next window.  @req FV-004 FV-005 */
static void test_latched_event_delivered_at_window_start(void **state)
{
    struct vcpu *v = &partitions[0].v;
    (void)state;
    v->r.msr = MSR_EE;
    cur->gpr[3] = TCR_PIE;
    (void)mock_priv(cur, PC, fv_mtspr(986u, 3u));
    cur->gpr[3] = 1000000u;                 /* ends inside beta's window */
    (void)mock_priv(cur, PC + 4u, fv_mtspr(987u, 3u));
    cur->pc = PC + 0x100u;
    cur = mock_run(mock_tick(cur, 0u));      /* beta */
    assert_int_equal(v->t.tsr & TSR_PIS, 0u);
    cur = mock_run(mock_tick(cur, 0u));      /* alpha's second window */
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_int_equal(v->t.tsr & TSR_PIS, TSR_PIS);
    assert_int_equal(cur->pc, VEC_PIT);
    assert_int_equal(v->r.reg[VI_SRR0], PC + 0x100u);
}

/* An interrupt the guest enables while it is pending is taken at once
 * (after the enabling instruction).  @req FV-004 */
static void test_enable_delivers_pending(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    v->r.msr = 0u;
    v->uic.er = 0x1u;
    v->uic.sr = 0x1u;
    assert_ptr_equal(mock_priv(cur, PC, fv_wrteei(1u)), cur);
    assert_int_equal(cur->pc, VEC_EXTERNAL);
    assert_int_equal(v->r.reg[VI_SRR0], PC + 4u);
    assert_int_equal(v->r.reg[VI_SRR1], MSR_EE);
}

/* The wait state: the window idles until one of the partition's
 * interrupts arrives.  @req FV-004 FV-005 */
static void test_wait_state_idles(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    v->r.msr = MSR_EE;
    cur->gpr[3] = TCR_PIE;
    (void)mock_priv(cur, PC, fv_mtspr(986u, 3u));
    cur->gpr[3] = 3000u;
    (void)mock_priv(cur, PC + 4u, fv_mtspr(987u, 3u));
    cur->gpr[3] = MSR_EE | MSR_WE;
    cur = mock_priv(cur, PC + 8u, fv_mtmsr(3u));
    assert_ptr_equal(cur, &idle_ctx);
    assert_int_equal(partitions[0].ctx.pc, PC + 12u);
    assert_int_equal(mock_pit_last, 3000u);
    /* nothing yet */
    cur = mock_pit(cur, T0 + 2000u);
    assert_ptr_equal(cur, &idle_ctx);
    /* the guest's PIT ends the wait */
    cur = mock_pit(cur, T0 + 3000u);
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_int_equal(cur->pc, VEC_PIT);
    assert_int_equal(v->r.reg[VI_SRR0], PC + 12u);
    assert_int_equal(v->r.reg[VI_SRR1], MSR_EE | MSR_WE);
    assert_int_equal(v->r.msr & MSR_WE, 0u);
}

/* A due watchdog reset is found on the next entry to the core (any trap,
 * or a PIT inside the window), before the trap itself.
 * @req FV-005 HM-002 */
static void test_watchdog_reset_on_entry(void **state)
{
    struct vcpu *v = mock_vcpu();
    (void)state;
    cur->gpr[3] = 0x10000000u;                      /* WRC = 1, WP = 0 */
    (void)mock_priv(cur, PC, fv_mtspr(986u, 3u));
    assert_true(mock_tb + mock_pit_last == 65536u); /* first watchdog event */
    v->t.tsr = TSR_ENW | TSR_WIS;
    mock_tb = 65536u;
    cur->pc = PC + 0x20u;
    cur->esr = 0u;
    cur = mock_run(proteus_trap(CAUSE_SYSCALL, cur));
    assert_string_equal(mock_uart_text(),
                        mock_hm_line("alpha", "guest-reset", PC + 0x20u, PC + 0x20u, 0u,
                                     "restart #1"));
    assert_int_equal(partitions[0].starts, 2u);
    assert_int_equal(cur->pc, cfg_partitions[0].entry);     /* no syscall delivered */
    /* the same through the PIT inside the window */
    mock_uart_reset();
    cur->gpr[3] = 0x10000000u;
    (void)mock_priv(cur, PC, fv_mtspr(986u, 3u));
    partitions[0].v.t.tsr = TSR_ENW | TSR_WIS;
    cur = mock_run(mock_pit(cur, 65536u + 131072u));
    assert_true(mock_uart_has("HM: alpha guest-reset "));
    assert_int_equal(partitions[0].starts, 3u);
}

/* A PIT inside the window of a partition that is reloading (or halted)
 * only re-arms the window's end.  @req SCHED-002 HM-004 */
static void test_pit_inside_window_while_reloading(void **state)
{
    (void)state;
    cur->dear = 0x00500000u;
    cur = proteus_trap(CAUSE_DTLB, cur);            /* alpha restarts */
    assert_int_equal(partitions[0].state, PART_LOADING);
    cur = mock_pit(cur, T0 + 100u);
    assert_ptr_equal(cur, &partitions[0].ctx);
    assert_int_equal(cur->pc, MOCK_RELOAD_ENTRY);
    assert_int_equal(sched.window, 0u);
    assert_true(mock_tb + mock_pit_last == mock_window_end(T0, 0u, 0u));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_privileged_insn_emulated),
        T(test_rfi_goes_to_srr0),
        T(test_emulation_refusals_reflected),
        T(test_dbcr0_reset_goes_to_hm),
        T(test_unsupported_go_to_hm),
        T(test_privileged_in_virtual_problem_state),
        T(test_trap_and_illegal_reflected),
        T(test_syscall_reflected),
        T(test_alignment_reflected),
        T(test_dcread_unaligned_reflected),
        T(test_guest_pit_inside_window),
        T(test_window_end_before_guest_timer),
        T(test_latched_event_delivered_at_window_start),
        T(test_enable_delivers_pending),
        T(test_wait_state_idles),
        T(test_watchdog_reset_on_entry),
        T(test_pit_inside_window_while_reloading),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Host stand-in for the machine behind kernel/include/proteus/arch.h, for
 * the unit tests of the core (tests/unit/test_*.c).  Every arch_* function
 * records what the core asked of the machine so that a test can assert it:
 * UART text, time base and PIT, the 64-entry TLB and the PID, the
 * user-visible SPRs, host-physical memory and halts.
 *
 * The tests build against tests/unit/unit.conf (cyclic scheduler) or, for
 * test_fp_*.c, tests/unit/unit-fp.conf (fixed priority): what only one
 * scheduler has is declared under its CONFIG_SCHED_* switch.
 *
 * Host-physical memory is simulated only for the ranges that the
 * configuration grants to partitions; any access by the core outside
 * them fails the running test (spatial isolation of the core's own
 * accesses).  Every TLB entry the core writes is checked against the
 * regions of the partition whose PID it carries (PART-002) and against the
 * PID register (the running partition's), and every PIT value against the
 * PIT's minimum of 2 (DEV-002).  Whenever a helper below hands back a
 * partition's guest context to resume, the PID must be that partition's
 * (PART-003).
 */
#ifndef PROTEUS_TESTS_MOCK_ARCH_H
#define PROTEUS_TESTS_MOCK_ARCH_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#include <proteus/arch.h>
#include <proteus/arch_tables.h>
#include <proteus/trap.h>
#include "config.h"

/* ---- configuration tables (generated from unit.conf or unit-fp.conf) ---- */
extern const struct cfg_partition cfg_partitions[CONFIG_NUM_PARTITIONS];
extern const struct cfg_region cfg_regions[CONFIG_NUM_REGIONS];
#if CONFIG_SCHED_CYCLIC
extern const struct cfg_window cfg_windows[CONFIG_NUM_WINDOWS];
#endif
#if CONFIG_SCHED_FIXED_PRIORITY
extern const struct cfg_budget cfg_budgets[CONFIG_NUM_BUDGETS];
#endif
extern const struct cfg_load cfg_loads[CONFIG_NUM_LOADS];

/* The directory tools/config generated the tables into (check.mk passes it),
 * relative to the repository root, where the tests run. */
#ifndef MOCK_GEN_DIR
#define MOCK_GEN_DIR "build/unit/gen"
#endif

/* ---- UART ---- */
#define MOCK_UART_SIZE 65536u
void mock_uart_reset(void);
const char *mock_uart_text(void);   /* everything written since the reset */
uint32_t mock_uart_len(void);

/* ---- time base and PIT ---- */
extern uint64_t mock_tb;            /* value arch_tb_read returns */
extern uint32_t mock_tb_reads;
extern uint32_t mock_pit_last;      /* last value given to arch_pit_set */
extern uint32_t mock_pit_sets;

/* ---- arch_init ---- */
extern uint32_t mock_init_calls;
extern uint32_t mock_init_uart_len;  /* UART bytes written before arch_init */

/* ---- TLB ---- */
extern struct tlb_entry mock_tlb[TLB_ENTRIES];   /* as written; cleared by invalidate-all */
extern uint32_t mock_tlb_writes;
extern uint32_t mock_tlb_last_index;
extern uint32_t mock_tlb_invalidates;
/* The PID register: 0 after arch_init (as on the board), then the last
 * value arch_pid_set loaded. */
extern uint32_t mock_pid;
extern uint32_t mock_pid_sets;       /* arch_pid_set calls */
/* Fail the test unless c, when it is a partition's guest context (problem
 * state), is the current partition's and the PID is that partition's. */
void mock_check_resume(const struct ctx *c);
/* Index of the valid entry whose page holds addr for pid, or -1. */
int mock_tlb_lookup(uint32_t pid, uint32_t addr);
uint32_t mock_tlb_valid_count(void);

/* ---- live registers of the simulated processor ---- */
/* The registers problem state reads (SPRG0, SPRG4-7) or reads and writes
 * (SRR2, SRR3) without a trap; arch_uregs_save/load copy them to and from
 * a partition's struct vregs (and fail the test for any other vregs). */
struct mock_uregs {
    uint32_t sprg0, sprg4, sprg5, sprg6, sprg7, srr2, srr3;
};
extern struct mock_uregs mock_uregs;
extern uint32_t mock_uregs_saves;
extern uint32_t mock_uregs_loads;
extern const struct vregs *mock_uregs_last_save;  /* vregs of the last save */
extern const struct vregs *mock_uregs_last_load;  /* vregs of the last load */

/* ---- processor version and instruction cache ---- */
#define MOCK_PVR_DEFAULT 0x51210950u
extern uint32_t mock_pvr;                 /* value arch_pvr_read returns */
extern uint32_t mock_pvr_reads;
extern uint32_t mock_icache_invalidates;  /* arch_icache_invalidate_all calls */

/* ---- idle loop and partition reload routine ---- */
#define MOCK_IDLE_ENTRY 0x00000F00u
#define MOCK_RELOAD_ENTRY 0x00000E00u
#define MOCK_RELOAD_STACK(index) (0x00300000u + ((index) + 1u) * 512u - 16u)
extern uint32_t mock_reload_ctx_calls;

/* ---- host-physical memory ---- */
#define MOCK_MAX_CALLS 64u
struct mock_zero_call { uint32_t addr, len; };
struct mock_copy_call { uint32_t dst, src, len; };
extern struct mock_zero_call mock_zero_calls[MOCK_MAX_CALLS];
extern uint32_t mock_zero_count;
extern struct mock_copy_call mock_copy_calls[MOCK_MAX_CALLS];
extern uint32_t mock_copy_count;
extern uint32_t mock_read32_count;

/* Pointer to len bytes of simulated memory at host address addr; fails
 * the test if the range is not simulated. */
uint8_t *mock_phys(uint32_t addr, uint32_t len);
/* Big-endian word access, as the 405 sees memory. */
void mock_phys_write32(uint32_t addr, uint32_t value);
uint32_t mock_phys_peek32(uint32_t addr);
/* Fill every simulated byte with value (to see what the core zeroes). */
void mock_phys_fill(uint8_t value);
/* The image blob (MOCK_GEN_DIR/images.bin), loaded on first use. */
const uint8_t *mock_image_blob(uint32_t *size);

/* ---- halt ---- */
extern uint32_t mock_halts;
extern jmp_buf *mock_halt_env;      /* arch_halt longjmps here with 1 */

/* Evaluate call, which must end in arch_halt; fails the test otherwise. */
#define MOCK_EXPECT_HALT(call)                                              \
    do {                                                                    \
        jmp_buf mock_env_;                                                  \
        const uint32_t mock_before_ = mock_halts;                           \
        if (setjmp(mock_env_) == 0) {                                       \
            mock_halt_env = &mock_env_;                                     \
            (void)(call);                                                   \
            mock_halt_env = NULL;                                           \
            fail_msg("expected arch_halt from %s", #call);                  \
        }                                                                   \
        mock_halt_env = NULL;                                               \
        assert_int_equal(mock_halts, mock_before_ + 1u);                    \
    } while (0)

/* ---- whole-system helpers ---- */
/* Reset every mock record and the core's global state that _start's .bss
 * clear would zero and that the core declares extern (partitions, idle_ctx,
 * cur_index, sched, tlb_next and the window trace: bss_clear, tables.h). */
void mock_reset(void);
/* mock_reset, fill the simulated memory with 0xA5, then proteus_main() at
 * time base tb; returns its context (the first partition's reload context). */
struct ctx *mock_boot(uint64_t tb);
/* Run the reload routine in context c, as reload.S does: c must be the
 * running partition's reload context; partition_load(r3), then
 * partition_loaded(r3); returns the context trap exit resumes.  In between
 * c is filled with the values a PIT preempting the routine would save. */
struct ctx *mock_reload(struct ctx *c);
/* mock_reload(c) if c is a reload context, else c. */
struct ctx *mock_run(struct ctx *c);
/* A PIT interrupt at time base tb taken in context cur. */
struct ctx *mock_pit(struct ctx *cur, uint64_t tb);
#if CONFIG_SCHED_CYCLIC
/* A PIT interrupt latency ticks after the end of the current window
 * (the core's sched state), taken in context cur. */
struct ctx *mock_tick(struct ctx *cur, uint32_t latency);
/* Time base of the end of window w of major frame k after a boot at tb0. */
uint64_t mock_window_end(uint64_t tb0, uint32_t k, uint32_t w);
#endif
#if CONFIG_SCHED_FIXED_PRIORITY
/* A PIT interrupt latency ticks after the nominal end of the current slot
 * (the core's sched.end), taken in context cur. */
struct ctx *mock_slot_tick(struct ctx *cur, uint32_t latency);
#endif
/* The running partition's context (partitions[cur_index].ctx). */
struct ctx *mock_cur(void);
/* Does the UART text contain s? */
int mock_uart_has(const char *s);
/* Host address of guest address guest of partition index (per its
 * configured regions); fails the test if no region holds it. */
uint32_t mock_guest_to_host(uint32_t index, uint32_t guest);
/* The hypercall instruction at guest pc of the running partition, with
 * r0 = nr and r3 = arg, executed in context c (program interrupt, ESR[PIL]). */
struct ctx *mock_hcall(struct ctx *c, uint32_t pc, uint32_t nr, uint32_t arg);
/* The instruction word insn at guest pc of the running partition,
 * executed in context c in problem state as the 405 reports a privileged
 * instruction there (program interrupt, ESR[PPR]). */
struct ctx *mock_priv(struct ctx *c, uint32_t pc, uint32_t insn);
/* Assert that v is a virtual 405 as the bare board starts (FV-002): MSR
 * 0, every register 0 but CCR0, SGR and DBSR (their reset values), timers
 * stopped and synchronised at board time now, time base the board's,
 * UIC clear, guest TLB empty. */
#define MOCK_RESET_CCR0 0x00700000u
#define MOCK_RESET_SGR  0xFFFFFFFFu
#define MOCK_RESET_DBSR 0x00000300u
void mock_assert_vcpu_reset(const struct vcpu *v, uint64_t now);
/* The running partition's virtual 405 (partitions[cur_index].v). */
struct vcpu *mock_vcpu(void);
/* The expected lines (HM-003, CORE-001), in a static buffer. */
const char *mock_hm_line(const char *name, const char *cause, uint32_t pc,
                         uint32_t addr, uint32_t esr, const char *action);
/* The same line for the causes that report the instruction (insn=). */
const char *mock_hm_insn_line(const char *name, const char *cause, uint32_t pc,
                              uint32_t insn, uint32_t esr, const char *action);
const char *mock_panic_line(uint32_t cause, uint32_t pc, uint32_t msr,
                            uint32_t esr, uint32_t dear);

/* Bytes of a 405 page of SIZE code (0 = 1 KiB ... 7 = 16 MiB): the tests'
 * own reading of the manual, independent of the core's table. */
uint32_t mock_page_bytes(uint32_t code);

/* ---- encodings of the 405's privileged instructions (FV tests),
 * written from the PowerPC X-form and XL-form layouts (bit 0 is the MSB),
 * independently of the core's decoder ---- */
/* X-form: primary opcode 31, extended opcode xo in bits 21:30. */
static inline uint32_t fv_x(uint32_t xo, uint32_t rd, uint32_t ra, uint32_t rb)
{
    return (31u << 26) | (rd << 21) | (ra << 16) | (rb << 11) | (xo << 1);
}

/* SPR/DCR number field (bits 11:20): its two 5-bit halves swapped. */
static inline uint32_t fv_sprf(uint32_t n)
{
    return ((n & 31u) << 16) | ((n >> 5) << 11);
}

#define XO_MFMSR  83u
#define XO_MTMSR  146u
#define XO_WRTEE  131u
#define XO_WRTEEI 163u
#define XO_MFSPR  339u
#define XO_MTSPR  467u
#define XO_MFDCR  323u
#define XO_MTDCR  451u
#define XO_DCBI   470u
#define XO_DCCCI  454u
#define XO_ICCCI  966u
#define XO_DCREAD 486u
#define XO_ICREAD 998u
#define XO_TLBSYNC 566u
#define XO_TLBWE  978u
#define XO_TLBRE  946u
#define XO_TLBSX  914u
#define XO_TLBIA  370u

static inline uint32_t fv_mfmsr(uint32_t rd) { return fv_x(XO_MFMSR, rd, 0u, 0u); }
static inline uint32_t fv_mtmsr(uint32_t rs) { return fv_x(XO_MTMSR, rs, 0u, 0u); }
static inline uint32_t fv_wrtee(uint32_t rs) { return fv_x(XO_WRTEE, rs, 0u, 0u); }
static inline uint32_t fv_wrteei(uint32_t e) { return fv_x(XO_WRTEEI, 0u, 0u, 0u) | (e != 0u ? 0x8000u : 0u); }
static inline uint32_t fv_mfspr(uint32_t rd, uint32_t spr) { return fv_x(XO_MFSPR, rd, 0u, 0u) | fv_sprf(spr); }
static inline uint32_t fv_mtspr(uint32_t spr, uint32_t rs) { return fv_x(XO_MTSPR, rs, 0u, 0u) | fv_sprf(spr); }
static inline uint32_t fv_mfdcr(uint32_t rd, uint32_t dcr) { return fv_x(XO_MFDCR, rd, 0u, 0u) | fv_sprf(dcr); }
static inline uint32_t fv_mtdcr(uint32_t dcr, uint32_t rs) { return fv_x(XO_MTDCR, rs, 0u, 0u) | fv_sprf(dcr); }
/* XL-form rfi / rfci: opcode 19, xo 50 / 51. */
#define FV_RFI  ((19u << 26) | (50u << 1))
#define FV_RFCI ((19u << 26) | (51u << 1))

#endif

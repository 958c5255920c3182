/*
 * Host stand-in for the machine behind kernel/include/proteus/arch.h, for
 * the unit tests of the core (tests/unit/test_*.c).  Every arch_* function
 * records what the core asked of the machine so that a test can assert it:
 * UART text, time base and PIT, the 64-entry TLB, the user-visible SPRs,
 * host-physical memory and halts.
 *
 * Host-physical memory is simulated only for the ranges that
 * tests/unit/unit.conf grants to partitions; any access by the core outside
 * them fails the running test (spatial isolation of the core's own
 * accesses).  Every TLB entry the core writes is checked against the
 * regions of the partition whose PID it carries (PART-002), and every PIT
 * value against the PIT's minimum of 2 (DEV-002).
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
#include <proteus/trap.h>
#include "config.h"

/* ---- configuration tables (generated from unit.conf) ---- */
extern const struct cfg_partition cfg_partitions[CONFIG_NUM_PARTITIONS];
extern const struct cfg_region cfg_regions[CONFIG_NUM_REGIONS];
extern const struct cfg_window cfg_windows[CONFIG_NUM_WINDOWS];
extern const struct cfg_load cfg_loads[CONFIG_NUM_LOADS];

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
/* Index of the valid entry whose page holds addr for pid, or -1. */
int mock_tlb_lookup(uint32_t pid, uint32_t addr);
uint32_t mock_tlb_valid_count(void);

/* ---- user-visible SPRs of the simulated processor ---- */
struct mock_uregs {
    uint32_t sprg0, sprg4, sprg5, sprg6, sprg7, srr2, srr3;
};
extern struct mock_uregs mock_uregs;
extern uint32_t mock_uregs_saves;
extern uint32_t mock_uregs_loads;

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
/* The image blob (build/unit/gen/images.bin), loaded on first use. */
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
 * cur_index, sched).  tlb_next (tlb.c) and the window-trace counters
 * (trap.c) are file-static and keep their values within one test binary. */
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
/* A PIT interrupt latency ticks after the end of the current window
 * (the core's sched state), taken in context cur. */
struct ctx *mock_tick(struct ctx *cur, uint32_t latency);
/* Time base of the end of window w of major frame k after a boot at tb0. */
uint64_t mock_window_end(uint64_t tb0, uint32_t k, uint32_t w);
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
/* The expected lines (HM-003, CORE-001), in a static buffer. */
const char *mock_hm_line(const char *name, const char *cause, uint32_t pc,
                         uint32_t addr, uint32_t esr, const char *action);
const char *mock_panic_line(uint32_t cause, uint32_t pc, uint32_t msr,
                            uint32_t esr, uint32_t dear);

/* Bytes of a 405 page of SIZE code (0 = 1 KiB ... 7 = 16 MiB): the tests'
 * own reading of the manual, independent of the core's table. */
uint32_t mock_page_bytes(uint32_t code);

#endif

/*
 * The only way the core's C reaches the machine.  Each accessor is a short
 * routine in the .S files of kernel/arch/ppc405 (on the host: tests/unit/mock_arch.c).
 * Their contracts are audited assumptions, listed in proofs/README.md.
 * Physical addresses are plain integers here; no C code turns them into
 * pointers.  The one accessor whose contract reads the configuration
 * tables, arch_tlb_write, is in arch_tables.h.
 */
#ifndef PROTEUS_ARCH_H
#define PROTEUS_ARCH_H

#include <stdint.h>
#include <proteus/core.h>

/* Write one byte to UART0, waiting for the transmitter. */
/*@ assigns \nothing; */
void arch_uart_putc(uint32_t ch);

/* 64-bit time base.  It stays below 2^62 - 2^32 while the system runs
 * (438 years at this board's 333 MHz): assumption 3 of proofs/README.md
 * (SCHED_TB_LIMIT, core.h), which keeps every deadline free of
 * wrap-around. */
/*@ assigns \nothing;
    ensures \result < SCHED_TB_LIMIT - 0x100000000; */
uint64_t arch_tb_read(void);

/* Program the PIT to expire after ticks time-base ticks and withdraw a
 * pending PIT interrupt.  REQ: SCHED-002. */
/*@ requires ticks >= 2;
    assigns \nothing; */
void arch_pit_set(uint32_t ticks);

/* Initialise timers (PIT interrupt enabled, no auto-reload, FIT and
 * watchdog interrupts disabled), ZPR and the TLB (all entries invalid). */
/*@ assigns \nothing; */
void arch_init(void);

/* Invalidate every TLB entry.  REQ: PART-003. */
/*@ assigns \nothing; */
void arch_tlb_invalidate_all(void);

/* Load the PID register with pid, the TID every translated access of the
 * running partition matches.  Called only when the current partition
 * changes (sched_boot, partition_switch): the PID is hardware state of the
 * current partition, not of a context, and trap exit leaves it alone.
 * REQ: PART-003, SCHED-003. */
/*@ requires 1 <= pid <= CFG_MAX_PARTITIONS;
    assigns \nothing; */
void arch_pid_set(uint32_t pid);

/* Zero len bytes of host-physical memory at addr (both word aligned). */
/*@ requires addr % 4 == 0 && len % 4 == 0;
    assigns \nothing; */
void arch_phys_zero(uint32_t addr, uint32_t len);

/* Copy len bytes from the image blob at offset src to host-physical dst,
 * then make the instruction cache coherent with the copy. */
/*@ requires dst % 4 == 0 && src % 4 == 0;
    assigns \nothing; */
void arch_image_copy(uint32_t dst, uint32_t src, uint32_t len);

/* The word at host-physical addr (word aligned). */
/*@ requires addr % 4 == 0;
    assigns \nothing; */
uint32_t arch_phys_read32(uint32_t addr);

/* Save the live registers (SPRG0, SPRG4-7, SRR2, SRR3: problem state
 * reads them, SRR2/SRR3 also writes them, without a trap) into r, or load
 * them from r.  REQ: PART-004. */
/*@ requires \valid(r);
    assigns r->reg[VI_SPRG0], r->reg[VI_SPRG0 + 4], r->reg[VI_SPRG0 + 5],
            r->reg[VI_SPRG0 + 6], r->reg[VI_SPRG0 + 7], r->reg[VI_SRR2],
            r->reg[VI_SRR3]; */
void arch_uregs_save(struct vregs *r);
/*@ requires \valid_read(r);
    assigns \nothing; */
void arch_uregs_load(const struct vregs *r);

/* The processor version register. */
/*@ assigns \nothing; */
uint32_t arch_pvr_read(void);

/* Invalidate the whole instruction cache (iccci): a guest's iccci. */
/*@ assigns \nothing; */
void arch_icache_invalidate_all(void);

/* Make c the context that reloads partition index in its own windows:
 * pc = the reload routine (partition_load, then partition_loaded, then
 * trap exit), msr = MSR_CORE_BG, r1 = that partition's reload stack,
 * r3 = index.  Other fields are left as they are.  REQ: HM-004. */
/*@ requires \valid(c) && index < CFG_MAX_PARTITIONS;
    assigns c->pc, c->msr, c->gpr[1], c->gpr[3];
    ensures c->msr == MSR_CORE_BG && c->gpr[3] == index; */
void arch_reload_ctx(struct ctx *c, uint32_t index);

/* Address of the idle loop (supervisor, real mode, spins with EE on). */
/*@ assigns \nothing; */
uint32_t arch_idle_entry(void);

/* Stop the machine for good (interrupts off). */
/*@ assigns \nothing;
    ensures \false; */
void arch_halt(void) __attribute__((noreturn));

#endif

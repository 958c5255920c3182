/*
 * Machine accessors for the core's C (prototypes and contracts in
 * kernel/include/proteus/arch.h).  All run in supervisor state with
 * translation off and follow the PowerPC SVR4 calling convention
 * (arguments r3.., result r3 or r3:r4, r0 and r3-r12 volatile).
 */
#include <proteus/ppc405.h>
#include "asm-offsets.h"
#include "config.h"

    .text

/* arch_uart_putc(ch = r3).  Uses r4, r5.  Waits for LSR[THRE] (this board
 * always reports it: one iteration), writes the byte to the THR. */
    .globl  arch_uart_putc
arch_uart_putc:
    lis     r4, UART0_BASE@h
    ori     r4, r4, UART0_BASE@l
1:  lbz     r5, UART_LSR(r4)
    andi.   r5, r5, UART_LSR_THRE
    beq     1b                      /* @wcet-bound 1 (THRE always set, proofs/README.md) */
    stb     r3, 0(r4)
    eieio
    blr

/* arch_tb_read() -> r3:r4 = TBU:TBL, consistent across a TBL carry.
 * Uses r5. */
    .globl  arch_tb_read
arch_tb_read:
1:  mftbu   r3
    mftb    r4
    mftbu   r5
    cmpw    r3, r5
    bne     1b                      /* @wcet-bound 2 */
    blr

/* arch_pit_set(ticks = r3).  Uses r4.  Withdraws a pending PIT interrupt
 * (TSR write with ENW|PIS: this board lowers the PIT line only on ENW),
 * then starts the PIT from ticks. */
    .globl  arch_pit_set
arch_pit_set:
    lis     r4, (TSR_ENW | TSR_PIS)@h
    mtspr   SPR_TSR, r4
    mtspr   SPR_PIT, r3
    isync
    blr

/* arch_init().  Uses r3.  TCR: PIT interrupt on, no auto-reload, FIT and
 * watchdog interrupts off; TSR cleared; ZPR; PID 0; UIC masked and
 * cleared; TLB invalidated. */
    .globl  arch_init
arch_init:
    lis     r3, TCR_PIE@h
    mtspr   SPR_TCR, r3
    lis     r3, 0xFC00
    mtspr   SPR_TSR, r3
    lis     r3, ZPR_VALUE@h
    mtspr   SPR_ZPR, r3
    li      r3, 0
    mtspr   SPR_PID, r3
    mtdcr   0xC2, r3                /* UIC0 ER: no external interrupt */
    li      r3, -1
    mtdcr   0xC0, r3                /* UIC0 SR: clear all */
    tlbia
    isync
    blr

/* arch_tlb_write(index = r3, e = r4).  Uses r5-r8.  Writes the data word
 * then the tag word (writing the data word clears V on this board), with
 * PID = e->pid for the TID; restores PID. */
    .globl  arch_tlb_write
arch_tlb_write:
    lwz     r5, TLBE_LO(r4)
    lwz     r6, TLBE_HI(r4)
    lwz     r7, TLBE_PID(r4)
    mfspr   r8, SPR_PID
    mtspr   SPR_PID, r7
    tlbwe   r5, r3, 1
    tlbwe   r6, r3, 0
    mtspr   SPR_PID, r8
    isync
    blr

/* arch_pid_set(pid = r3).  No other registers.  Entry: supervisor, real
 * mode, pid = the new current partition's PID (1..15).  Exit: PID = pid,
 * context synchronized (the next translated access, a guest's after trap
 * exit's rfi, matches TID = pid); nothing else changed.  Only the core's
 * C calls it, when the current partition changes: trap exit never loads
 * the PID. */
    .globl  arch_pid_set
arch_pid_set:
    mtspr   SPR_PID, r3
    isync
    blr

/* arch_tlb_invalidate_all().  No registers.  */
    .globl  arch_tlb_invalidate_all
arch_tlb_invalidate_all:
    tlbia
    isync
    blr

/* arch_phys_zero(addr = r3, len = r4).  Uses r0, r3, r4, ctr.  For each
 * 32-byte line: write back and invalidate it from the data cache (dcbf),
 * then zero it; len is a multiple of 4 KiB (whole lines). */
    .globl  arch_phys_zero
arch_phys_zero:
    srwi.   r4, r4, 5
    beqlr
    mtctr   r4
    li      r0, 0
1:  dcbf    0, r3
    stw     r0, 0(r3)
    stw     r0, 4(r3)
    stw     r0, 8(r3)
    stw     r0, 12(r3)
    stw     r0, 16(r3)
    stw     r0, 20(r3)
    stw     r0, 24(r3)
    stw     r0, 28(r3)
    addi    r3, r3, 32
    bdnz    1b                      /* @wcet-bound preemptible: region size / 32 lines, reload only (HM-004) */
    sync
    blr

/* arch_image_copy(dst = r3, src = r4 (offset in cfg_image_blob), len = r5).
 * Uses r0, r3-r6, ctr.  Copies whole words (the blob pads every piece to a
 * word), then invalidates the instruction cache. */
    .globl  arch_image_copy
arch_image_copy:
    addi    r5, r5, 3
    srwi.   r5, r5, 2
    beq     2f
    mtctr   r5
    lis     r6, cfg_image_blob@ha
    addi    r6, r6, cfg_image_blob@l
    add     r4, r4, r6
    addi    r4, r4, -4
    addi    r3, r3, -4
1:  lwzu    r0, 4(r4)
    stwu    r0, 4(r3)
    bdnz    1b                      /* @wcet-bound preemptible: image piece words, reload only (HM-004) */
2:  sync
    iccci   0, r3
    isync
    blr

/* arch_phys_read32(addr = r3) -> r3.  No other registers. */
    .globl  arch_phys_read32
arch_phys_read32:
    lwz     r3, 0(r3)
    blr

/* arch_uregs_save(r = r3, a struct vregs).  Uses r4.  SPRG0, SPRG4-7,
 * SRR2, SRR3 -> r. */
    .globl  arch_uregs_save
arch_uregs_save:
    mfspr   r4, SPR_SPRG0
    stw     r4, VR_SPRG0(r3)
    mfspr   r4, SPR_SPRG4
    stw     r4, VR_SPRG4(r3)
    mfspr   r4, SPR_SPRG5
    stw     r4, VR_SPRG5(r3)
    mfspr   r4, SPR_SPRG6
    stw     r4, VR_SPRG6(r3)
    mfspr   r4, SPR_SPRG7
    stw     r4, VR_SPRG7(r3)
    mfspr   r4, SPR_SRR2
    stw     r4, VR_SRR2(r3)
    mfspr   r4, SPR_SRR3
    stw     r4, VR_SRR3(r3)
    blr

/* arch_uregs_load(r = r3, a struct vregs).  Uses r4.  r -> SPRG0,
 * SPRG4-7, SRR2, SRR3. */
    .globl  arch_uregs_load
arch_uregs_load:
    lwz     r4, VR_SPRG0(r3)
    mtspr   SPR_SPRG0, r4
    lwz     r4, VR_SPRG4(r3)
    mtspr   SPR_SPRG4, r4
    lwz     r4, VR_SPRG5(r3)
    mtspr   SPR_SPRG5, r4
    lwz     r4, VR_SPRG6(r3)
    mtspr   SPR_SPRG6, r4
    lwz     r4, VR_SPRG7(r3)
    mtspr   SPR_SPRG7, r4
    lwz     r4, VR_SRR2(r3)
    mtspr   SPR_SRR2, r4
    lwz     r4, VR_SRR3(r3)
    mtspr   SPR_SRR3, r4
    blr

#if CONFIG_FV /* used by the emulation only */
/* arch_pvr_read() -> r3 = PVR.  No other registers. */
    .globl  arch_pvr_read
arch_pvr_read:
    mfpvr   r3
    blr

/* arch_icache_invalidate_all().  Uses r3.  The whole instruction cache
 * (iccci ignores its address on the 405). */
    .globl  arch_icache_invalidate_all
arch_icache_invalidate_all:
    li      r3, 0
    iccci   0, r3
    isync
    blr
#endif /* CONFIG_FV */

/* arch_idle_entry() -> r3 = address of idle_loop.  No other registers. */
    .globl  arch_idle_entry
arch_idle_entry:
    lis     r3, idle_loop@ha
    addi    r3, r3, idle_loop@l
    blr

/* idle_loop: runs when the current window's partition is halted.
 * Entry: supervisor, real mode, MSR = EE|ME (the PIT ends it).  Uses no
 * register.  Exit: only through the PIT interrupt. */
idle_loop:
    b       idle_loop               /* @wcet-bound none: left by interrupt only */

/* arch_halt(): interrupts off, spin forever.  Uses r0. */
    .globl  arch_halt
arch_halt:
    li      r0, 0
    mtmsr   r0
    isync
1:  b       1b                      /* @wcet-bound none: the machine stops */

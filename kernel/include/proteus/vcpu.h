/*
 * The virtual 405 of one partition (full virtualization, FV): its register
 * file, its timers and its interrupt controller.  Every privileged
 * instruction the partition executes traps (problem state) and is emulated
 * on this state (emul.c); exceptions are delivered to the partition's own
 * vectors (vcpu.c).  spec/virtualization.md gives each register's virtual
 * semantics.
 *
 * The register file has two parts:
 *  - struct vregs, the innocuous registers: writing them has no effect
 *    beyond the register itself (SRR0-3, SPRG0-7, ESR, DEAR, EVPR, and the
 *    virtual MSR, which a guest may read but never write without the
 *    core).  It is one contiguous block, so that a later capability can
 *    place it in a page of the guest (register file mapping).
 *  - the rest of struct vcpu: registers whose writes the core must see
 *    (timers, UIC, debug, storage attributes, PID/ZPR for a virtual TLB).
 *
 * Live registers: the 405 lets problem state read SPRG0 (through SPR 256)
 * and SPRG4-7 (260-263), and on this board read and write SRR2/SRR3,
 * without a trap.  While a partition's context is current the real
 * registers hold its values, and they are the authoritative copy; the
 * fields below are brought up to date by arch_uregs_save() before C code
 * reads them and written back by arch_uregs_load().  REQ: PART-004, FV-002.
 */
#ifndef PROTEUS_VCPU_H
#define PROTEUS_VCPU_H

#include <stdint.h>
#include <proteus/ppc405.h>
#include "config.h"

/* Indices into vregs.reg (innocuous registers). */
#define VI_SRR0   0u
#define VI_SRR1   1u
#define VI_SRR2   2u
#define VI_SRR3   3u
#define VI_SPRG0  4u   /* SPRG0..SPRG7: VI_SPRG0 + n */
#define VI_ESR    12u
#define VI_DEAR   13u
#define VI_EVPR   14u
#define VI_COUNT  15u

/* Indices into vcpu.sreg (stored registers with no effect on the real
 * machine in this version; PID and ZPR take effect with a virtual TLB). */
#define VS_PID    0u
#define VS_ZPR    1u
#define VS_CCR0   2u
#define VS_DCCR   3u
#define VS_ICCR   4u
#define VS_DCWR   5u
#define VS_SGR    6u
#define VS_SU0R   7u
#define VS_DBCR0  8u
#define VS_DBCR1  9u
#define VS_DBSR   10u
#define VS_DAC1   11u
#define VS_DAC2   12u
#define VS_DVC1   13u
#define VS_DVC2   14u
#define VS_IAC1   15u
#define VS_IAC2   16u
#define VS_IAC3   17u
#define VS_IAC4   18u
#define VS_SLER   19u
#define VS_COUNT  20u

struct vregs {
    uint32_t reg[VI_COUNT];
    uint32_t msr;           /* the virtual MSR (only VMSR_MASK bits) */
};

/* Virtual timers (spec/virtualization.md, "Guest time").  The guest's
 * time base is the board's plus tb_offset; every deadline below is in the
 * board's time base. */
struct vtimer {
    uint32_t tcr, tsr;
    uint32_t pit_reload;     /* the value last written to the PIT */
    uint32_t pit_running;    /* 1 while the PIT counts toward pit_deadline */
    uint64_t pit_deadline;   /* board time base at which it reaches 0 */
    uint64_t tb_offset;      /* guest time base minus the board's */
    uint64_t synced;         /* board time base of the last vtimer_sync */
};

/* Virtual UIC0 (DCR 0xC0-0xC8). */
struct vuic {
    uint32_t sr, er, cr, pr, tr, vcr;
};

/* The guest's own TLB (64 entries, as the 405's).  Without translation
 * for the guest (its MSR[IR]/[DR] stay 0) the entries are data that the
 * tlb* instructions write, read and search; TLB virtualization will
 * shadow them into the real TLB. */
#define VTLB_ENTRIES 64u
struct vtlb_entry {
    uint32_t hi;   /* EPN | SIZE | V | E | U0 */
    uint32_t lo;   /* RPN | EX | WR | ZSEL | W | I | M | G */
    uint32_t tid;  /* 8 bits */
};

/* A disabled capability (config.h, CFG-003) has no field here: the
 * per-partition state is what the configuration uses.  The live registers
 * (r) are per partition in every configuration (PART-004). */
struct vcpu {
    struct vregs r;
#if CONFIG_FV
    uint32_t sreg[VS_COUNT];
#endif
#if CONFIG_FV_TIMERS
    struct vtimer t;
#endif
#if CONFIG_FV_UIC
    struct vuic uic;
#endif
#if CONFIG_FV_TLB
    struct vtlb_entry tlb[VTLB_ENTRIES];
#endif
};

/* Bits a non-critical interrupt keeps in the MSR; a critical one keeps ME
 * only; a machine check clears ME too. */
#define VMSR_KEEP_NONCRIT (MSR_CE | MSR_ME | MSR_DE)
#define VMSR_KEEP_CRIT    MSR_ME

/* Exception vector offsets (added to EVPR[0:15]). */
#define VEC_CRITICAL  U(0x0100)
#define VEC_MCHECK    U(0x0200)
#define VEC_DSI       U(0x0300)
#define VEC_ISI       U(0x0400)
#define VEC_EXTERNAL  U(0x0500)
#define VEC_ALIGNMENT U(0x0600)
#define VEC_PROGRAM   U(0x0700)
#define VEC_SYSCALL   U(0x0C00)
#define VEC_PIT       U(0x1000)
#define VEC_FIT       U(0x1010)
#define VEC_WDT       U(0x1020)
#define VEC_DTLB      U(0x1100)
#define VEC_ITLB      U(0x1200)
#define VEC_DEBUG     U(0x2000)
#define VEC_NONE      U(0)

#endif

/*
 * Trap causes: the number each exception vector passes to the core's C
 * dispatcher (proteus_trap).  Macros only: used by vectors.S and C.
 * Requirements: HM-001 (every trap has a defined handling).
 */
#ifndef PROTEUS_TRAP_H
#define PROTEUS_TRAP_H

#include <proteus/const.h>

#define CAUSE_CRITICAL   U(1)   /* 0x0100 critical input */
#define CAUSE_MCHECK     U(2)   /* 0x0200 machine check */
#define CAUSE_DSI        U(3)   /* 0x0300 data storage */
#define CAUSE_ISI        U(4)   /* 0x0400 instruction storage */
#define CAUSE_EXTERNAL   U(5)   /* 0x0500 external (UIC) */
#define CAUSE_ALIGNMENT  U(6)   /* 0x0600 alignment */
#define CAUSE_PROGRAM    U(7)   /* 0x0700 program */
#define CAUSE_SYSCALL    U(8)   /* 0x0C00 system call */
#define CAUSE_PIT        U(9)   /* 0x1000 programmable interval timer */
#define CAUSE_FIT       U(10)   /* 0x1010 fixed interval timer */
#define CAUSE_WDT       U(11)   /* 0x1020 watchdog */
#define CAUSE_DTLB      U(12)   /* 0x1100 data TLB miss */
#define CAUSE_ITLB      U(13)   /* 0x1200 instruction TLB miss */
#define CAUSE_DEBUG     U(14)   /* 0x2000 debug */
#define CAUSE_OTHER     U(15)   /* any other vector slot */
#define CAUSE_COUNT     U(16)

/* Causes the core finds itself while emulating for a partition (health
 * monitor only; spec/virtualization.md).  REQ: FV-001. */
#define CAUSE_UNSUP_INSN  U(16)  /* privileged instruction not emulated */
#define CAUSE_UNSUP_TLB   U(17)  /* tlb* without a virtual TLB */
#define CAUSE_UNSUP_XLATE U(18)  /* MSR[IR|DR] without TLB virtualization */
#define CAUSE_UNSUP_SLER  U(19)  /* little-endian storage (SLER) */
#define CAUSE_UNSUP_DCR   U(20)  /* a board device's DCR (device emulation) */
#define CAUSE_UNSUP_TIMER U(21)  /* a timer register without virtual timers */
#define CAUSE_GUEST_RESET U(22)  /* DBCR0[RST] or a watchdog reset */
#define CAUSE_ALL         U(23)

#endif

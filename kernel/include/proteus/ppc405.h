/*
 * PowerPC 405 architecture constants used by the core (bit values in
 * the 405's big-endian numbering converted to masks).  Macros only, so
 * the header is usable from C and from assembly (.S).
 */
#ifndef PROTEUS_PPC405_H
#define PROTEUS_PPC405_H

#include <proteus/const.h>

/* MSR */
#define MSR_WE   U(0x00040000)
#define MSR_CE   U(0x00020000)
#define MSR_EE   U(0x00008000)
#define MSR_PR   U(0x00004000)
#define MSR_ME   U(0x00001000)
#define MSR_DE   U(0x00000200)
#define MSR_IR   U(0x00000020)
#define MSR_DR   U(0x00000010)

/* The MSR bits of the 405 (PPC405 user manual): AP APE WE CE EE PR FP ME
 * FE0 DWE DE FE1 IR DR.  Every other bit reads as 0. */
#define MSR_AP   U(0x02000000)
#define MSR_APE  U(0x00080000)
#define MSR_FP   U(0x00002000)
#define MSR_FE0  U(0x00000800)
#define MSR_DWE  U(0x00000400)
#define MSR_FE1  U(0x00000100)
#define VMSR_MASK (MSR_AP | MSR_APE | MSR_WE | MSR_CE | MSR_EE | MSR_PR | \
                   MSR_FP | MSR_ME | MSR_FE0 | MSR_DWE | MSR_DE | MSR_FE1 | \
                   MSR_IR | MSR_DR)
/* The only MSR a partition ever runs with: problem state, translation on,
 * external (PIT) interrupts on, machine check on; CE, DE, WE off. */
#define MSR_GUEST (MSR_EE | MSR_PR | MSR_ME | MSR_IR | MSR_DR)
/* The core's background contexts (idle loop, partition reload):
 * supervisor, real mode, interrupts on, so the PIT preempts them. */
#define MSR_CORE_BG (MSR_EE | MSR_ME)

/* ESR */
#define ESR_MCI  U(0x80000000)
#define ESR_PIL  U(0x08000000)
#define ESR_PPR  U(0x04000000)
#define ESR_PTR  U(0x02000000)
#define ESR_DST  U(0x00800000)
#define ESR_DIZ  U(0x00400000)

/* TCR / TSR */
#define TCR_WP   U(0xC0000000)  /* watchdog period */
#define TCR_WRC  U(0x30000000)  /* watchdog reset control */
#define TCR_WIE  U(0x08000000)
#define TCR_PIE  U(0x04000000)
#define TCR_FP   U(0x03000000)  /* FIT period */
#define TCR_FIE  U(0x00800000)
#define TCR_ARE  U(0x00400000)
#define TCR_MASK U(0xFFC00000)  /* the bits a TCR holds */
#define TSR_ENW  U(0x80000000)
#define TSR_WIS  U(0x40000000)
#define TSR_WRS  U(0x30000000)
#define TSR_PIS  U(0x08000000)
#define TSR_FIS  U(0x04000000)
#define TSR_MASK U(0xFC000000)

/* TLB entry words */
#define TLBHI_EPN_MASK U(0xFFFFFC00)
#define TLBHI_SIZE_SHIFT 7
#define TLBHI_V     U(0x00000040)
#define TLBLO_RPN_MASK U(0xFFFFFC00)
#define TLBLO_EX    U(0x00000200)
#define TLBLO_WR    U(0x00000100)
#define TLBLO_ZSEL_SHIFT 4
#define TLBLO_I     U(0x00000004)
#define TLBLO_G     U(0x00000001)
#define TLB_ENTRIES U(64)

/* Zone 1 holds every partition page: "01" = access per the entry's EX/WR
 * in both states. Zone 0 ("00") denies problem state. */
#define ZONE_GUEST  U(1)
#define ZPR_VALUE   U(0x10000000)

/* SPR numbers */
#define SPR_XER   1
#define SPR_LR    8
#define SPR_CTR   9
#define SPR_SRR0  26
#define SPR_SRR1  27
#define SPR_USPRG0 256
#define SPR_SPRG0 272
#define SPR_SPRG1 273
#define SPR_SPRG2 274
#define SPR_SPRG3 275
#define SPR_SPRG4 276
#define SPR_SPRG5 277
#define SPR_SPRG6 278
#define SPR_SPRG7 279
#define SPR_TBL_W 284
#define SPR_TBU_W 285
#define SPR_PID   945
#define SPR_ZPR   944
#define SPR_CCR0  947
#define SPR_DEAR  981
#define SPR_ESR   980
#define SPR_EVPR  982
#define SPR_TSR   984
#define SPR_TCR   986
#define SPR_PIT   987
#define SPR_SRR2  990
#define SPR_SRR3  991

/* UART0 (16550) of the ref405ep board */
#define UART0_BASE U(0xEF600300)
#define UART_LSR   5
#define UART_LSR_THRE U(0x20)

#endif

/*
 * Shared definitions of the instruction-group guests (isa_msr, isa_spr,
 * isa_dcr, isa_cache, isa_tlb, isa_exc).
 *
 * Each guest exercises one group of the 405's privileged instructions in
 * supervisor state, real mode, and prints every result as
 *
 *     <guest>: <name>=0x<8 hex digits>
 *
 * on UART0 (written directly, no hypercall), then a state dump and
 * `<guest>: done`.  Everything printed follows from the program alone
 * (never the time base or the PIT; TSR only right after the guest cleared
 * it; never a count of spin iterations), so the transcript of a native
 * run and of a run under the core must be byte-identical.  Lines named
 * `dev.*` record cases where QEMU's 405 model departs from the PPC405
 * manual: a core that follows the manual differs from the native run
 * exactly there.
 *
 * The runtime (isa_rt.S, isa_lib.c, isa.ld) is compiled into each guest
 * through one-line wrappers in the guest's directory:
 *     rt.S:   #include "../isa_common/isa_rt.S"
 *     lib.c:  #include "../isa_common/isa_lib.c"
 *     <guest>.ld: INCLUDE tests/guests/isa_common/isa.ld
 * The guest itself defines ISA_GUEST("<guest>") and isa_main().
 */
#ifndef ISA_H
#define ISA_H

#ifdef __ASSEMBLER__
#define ISA_U(x) x
#else
#define ISA_U(x) x##u
#endif

/* ---- special-purpose registers (405 numbering) ------------------------ */
#define SPR_XER     1
#define SPR_LR      8
#define SPR_CTR     9
#define SPR_SRR0    26
#define SPR_SRR1    27
#define SPR_USPRG0  256
#define SPR_SPRG4R  260     /* SPRG4-7, read-only numbers */
#define SPR_SPRG5R  261
#define SPR_SPRG6R  262
#define SPR_SPRG7R  263
#define SPR_TBL_R   268
#define SPR_TBU_R   269
#define SPR_SPRG0   272
#define SPR_SPRG1   273
#define SPR_SPRG2   274
#define SPR_SPRG3   275
#define SPR_SPRG4   276
#define SPR_SPRG5   277
#define SPR_SPRG6   278
#define SPR_SPRG7   279
#define SPR_TBL_W   284
#define SPR_TBU_W   285
#define SPR_PVR     287
#define SPR_ZPR     944
#define SPR_PID     945
#define SPR_CCR0    947
#define SPR_IAC3    948
#define SPR_IAC4    949
#define SPR_DVC1    950
#define SPR_DVC2    951
#define SPR_SGR     953
#define SPR_DCWR    954
#define SPR_SLER    955
#define SPR_SU0R    956
#define SPR_DBCR1   957
#define SPR_ESR     980
#define SPR_DEAR    981
#define SPR_EVPR    982
#define SPR_TSR     984
#define SPR_TCR     986
#define SPR_PIT     987
#define SPR_SRR2    990
#define SPR_SRR3    991
#define SPR_DBSR    1008
#define SPR_DBCR0   1010
#define SPR_IAC1    1012
#define SPR_IAC2    1013
#define SPR_DAC1    1014
#define SPR_DAC2    1015
#define SPR_DCCR    1018
#define SPR_ICCR    1019

/* ---- MSR --------------------------------------------------------------- */
#define MSR_AP      ISA_U(0x02000000)
#define MSR_APE     ISA_U(0x00080000)
#define MSR_WE      ISA_U(0x00040000)
#define MSR_CE      ISA_U(0x00020000)
#define MSR_EE      ISA_U(0x00008000)
#define MSR_PR      ISA_U(0x00004000)
#define MSR_FP      ISA_U(0x00002000)
#define MSR_ME      ISA_U(0x00001000)
#define MSR_FE0     ISA_U(0x00000800)
#define MSR_DWE     ISA_U(0x00000400)
#define MSR_DE      ISA_U(0x00000200)
#define MSR_FE1     ISA_U(0x00000100)
#define MSR_IR      ISA_U(0x00000020)
#define MSR_DR      ISA_U(0x00000010)

/* ---- ESR, TCR, TSR ------------------------------------------------------ */
#define ESR_MCI     ISA_U(0x80000000)
#define ESR_PIL     ISA_U(0x08000000)
#define ESR_PPR     ISA_U(0x04000000)
#define ESR_PTR     ISA_U(0x02000000)
#define ESR_DST     ISA_U(0x00800000)
#define ESR_DIZ     ISA_U(0x00400000)

#define TCR_PIE     ISA_U(0x04000000)
#define TCR_ARE     ISA_U(0x00400000)
#define TSR_ENW     ISA_U(0x80000000)
#define TSR_WIS     ISA_U(0x40000000)
#define TSR_PIS     ISA_U(0x08000000)
#define TSR_FIS     ISA_U(0x04000000)
#define TSR_ALL     ISA_U(0xFC000000)

/* ---- UIC0 DCRs ---------------------------------------------------------- */
#define DCR_UIC_SR  0xC0
#define DCR_UIC_SRS 0xC1
#define DCR_UIC_ER  0xC2
#define DCR_UIC_CR  0xC3
#define DCR_UIC_PR  0xC4
#define DCR_UIC_TR  0xC5
#define DCR_UIC_MSR 0xC6
#define DCR_UIC_VR  0xC7
#define DCR_UIC_VCR 0xC8

/* ---- UART0 (16550) ------------------------------------------------------ */
#define UART0_THR   ISA_U(0xEF600300)
#define UART0_LSR   ISA_U(0xEF600305)
#define LSR_THRE    0x20u

/* ---- vectors (offsets from EVPR) ----------------------------------------- */
#define VEC_CRITICAL 0x0100
#define VEC_MCHECK   0x0200
#define VEC_DSI      0x0300
#define VEC_ISI      0x0400
#define VEC_EXTERNAL 0x0500
#define VEC_ALIGN    0x0600
#define VEC_PROGRAM  0x0700
#define VEC_SYSCALL  0x0C00
#define VEC_PIT      0x1000
#define VEC_FIT      0x1010
#define VEC_WDT      0x1020

/* Scratch words in the unused first 256 bytes of the vector area,
 * addressable as d(0) from any code. */
#define ISA_SITE_ADDR 0x80      /* address of the instruction under test */

#ifdef __ASSEMBLER__
/*
 * A function `void name(uint32_t r0)` that executes one instruction word
 * (an encoding the assembler may not produce, e.g. an invalid form),
 * marked as the instruction under test, with r0 = the argument, SRR0 =
 * the instruction after it and SRR1 = the current MSR (so that an rfi
 * form resumes there too).  The word may write only r0 and volatile
 * registers; r4 and r5 are used.  The word is the stub's ninth
 * (ISA_STUB_WORD reads it back).
 */
    .macro  ISA_STUB name, word
    .text
    .globl  \name
    .type   \name, @function
\name:
    lis     %r4, 1f@ha
    addi    %r4, %r4, 1f@l
    stw     %r4, ISA_SITE_ADDR(0)
    addi    %r5, %r4, 4
    mtspr   SPR_SRR0, %r5
    mfmsr   %r5
    mtspr   SPR_SRR1, %r5
    mr      %r0, %r3
1:  .long   \word
    blr
    .size   \name, . - \name
    .endm
#else
#include <stdint.h>

/* The guest names itself: ISA_GUEST("isa_msr"); */
#define ISA_GUEST(name) const char isa_guest_name[] = name
extern const char isa_guest_name[];

/* The word at ISA_SITE_ADDR (isa_rt.S). */
extern volatile uint32_t isa_site_word;

/* The guest's tests; the runtime dumps the state and ends afterwards. */
void isa_main(void);

/* ---- machine access (n: a compile-time constant) ------------------------ */
#define MFSPR(n) ({ uint32_t v_; \
    __asm__ volatile("mfspr %0, %1" : "=r"(v_) : "i"(n) : "memory"); v_; })
#define MTSPR(n, v) \
    __asm__ volatile("mtspr %0, %1" : : "i"(n), "r"((uint32_t)(v)) : "memory")
#define MFDCR(n) ({ uint32_t v_; \
    __asm__ volatile("mfdcr %0, %1" : "=r"(v_) : "i"(n) : "memory"); v_; })
#define MTDCR(n, v) \
    __asm__ volatile("mtdcr %0, %1" : : "i"(n), "r"((uint32_t)(v)) : "memory")
#define MFMSR() ({ uint32_t v_; \
    __asm__ volatile("mfmsr %0" : "=r"(v_) : : "memory"); v_; })
#define MTMSR(v) \
    __asm__ volatile("mtmsr %0\n\tisync" : : "r"((uint32_t)(v)) : "memory")
#define ISYNC() __asm__ volatile("isync" : : : "memory")
#define SYNC()  __asm__ volatile("sync" : : : "memory")

/*
 * Mark the next instruction as the one under test: its address goes to
 * ISA_SITE_ADDR, and a logged exception records SRR0 relative to it
 * (0: the instruction itself, 4: the one after it).  Use at the start of
 * an asm template, with a scratch operand %[t] ("=&b").
 */
#define ISA_MARK \
    "lis %[t], 9999f@ha\n\t" \
    "addi %[t], %[t], 9999f@l\n\t" \
    "stw %[t], 0x80(0)\n" \
    "9999:\t"

/* Execute one instruction word (an encoding the assembler does not
 * produce), marked as the instruction under test, with r0 = v before it
 * (the words name r0 wherever they name a register; r0 is clobbered). */
#define ISA_WORD_R0(word_, val_) do { uint32_t t_; \
    __asm__ volatile("mr 0, %[v]\n\t" ISA_MARK ".long %[w]" \
                     : [t] "=&b"(t_) : [w] "i"(word_), [v] "r"((uint32_t)(val_)) \
                     : "r0", "memory"); \
} while (0)
#define ISA_WORD(w) ISA_WORD_R0(w, 0)

/* The instruction word an ISA_STUB function executes (its ninth word). */
#define ISA_STUB_WORD(fn) (((const volatile uint32_t *)(uintptr_t)(fn))[8])

/* ---- exception log --------------------------------------------------------
 * Every interrupt enters the runtime's handler, which logs the vector
 * (EVPR | offset), SRR0 - (the marked site), ESR, DEAR and SRR1, then
 *   program (0x700), alignment (0x600): resumes at SRR0 + 4;
 *   system call (0xC00): resumes at SRR0;
 *   any other: calls isa_async(); if it returns 0 (the default), prints
 *   `<guest>: unexpected exception ...` and stops. */
struct isa_exc {
    uint32_t vec, off, esr, dear, srr1;
};
#define ISA_LOG_MAX 16

/* A guest that expects asynchronous interrupts defines this (the default
 * is weak and refuses).  It may adjust the logged entry (e.g. an offset
 * that depends on timing) and SRR0/SRR1; it returns 1 to resume. */
int isa_async(uint32_t vec, struct isa_exc *e);

/* The MSR the handler ran with, at the last interrupt. */
extern volatile uint32_t isa_entry_msr;

/* Number of exceptions logged since the last report (or clear). */
unsigned isa_exc_pending(void);
/* Forget them (nothing printed). */
void isa_exc_clear(void);
/* Print `<name>.exc=N` and, per logged entry k, `<name>[#k].vec/.off/
 * .esr/.dear/.srr1`, then clear the log; returns N. */
unsigned isa_exc_report(const char *name);

/* ---- output ---------------------------------------------------------------
 * isa_out(value, fmt, ...): one line `<guest>: <fmt expanded>=0x%08x`.
 * fmt knows %s (string), %u (decimal), %x (hex, no leading zeros).  An
 * exception logged but not reported before it is printed first, as an
 * `unexpected exception` line. */
void isa_out(uint32_t value, const char *fmt, ...);
void isa_putc(char c);
void isa_puts(const char *s);
/* `<guest>: <text>` as a line. */
void isa_note(const char *text);

/* Simple checksum (FNV-1a over bytes). */
uint32_t isa_fnv(const void *p, unsigned len);

/* The common operand patterns: 0, all ones, alternating both ways, and
 * a walking bit is generated by the guests themselves. */
#define ISA_NPAT 4
extern const uint32_t isa_pat[ISA_NPAT];
extern const char *const isa_pat_name[ISA_NPAT];

#endif /* __ASSEMBLER__ */
#endif

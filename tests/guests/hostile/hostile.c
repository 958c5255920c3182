/*
 * hostile: attacks the isolation of the core, one attack per start.
 *
 * Attack number k is the start count: an attack that faults ends in a
 * restart by the health monitor, and the next start performs attack k+1.
 * An attack that does not fault reports "survived" and the run goes on
 * with the next one.  On the bare board nothing is attacked.
 *
 * Layout of this partition in its test configurations: RAM at guest 0
 * (1 MiB, rwx), a read-only region at 0x00100000 (64 KiB), a
 * non-executable region at 0x00200000 (64 KiB, rw).  Nothing else is
 * mapped; other partitions live at host 0x01000000 and up.
 */
#include "guest.h"

#define ADDR_READONLY   0x00100000u
#define ADDR_NOEXEC     0x00200000u
#define ADDR_UNMAPPED   0x00300000u
#define ADDR_UNMAPPED_X 0x00400000u
#define ADDR_OTHER      0x01000000u
#define ADDR_UART0      0xEF600300u
#define ADDR_TOP        0xFFFFFFFCu
#define RAM_SIZE        0x00100000u

#define INSN_BLR        0x4E800020u
#define INSN_TRAP       0x7FE00008u  /* tw 31,0,0 */

static unsigned attack_no;

static void report_start(void)
{
    gputs("hostile: attack ");
    gput_dec(attack_no);
    gputs(" survived");
}

static void survived(const char *detail)
{
    report_start();
    gputs(" ");
    gputs_nl(detail);
}

static void survived_hex(const char *label, unsigned value)
{
    report_start();
    gputs(" ");
    gputs(label);
    gputs("=");
    gput_hex32(value);
    gnl();
}

/* Call code at target as a function, clobbering what a call may clobber. */
static void call_address(unsigned target)
{
    register unsigned r3 __asm__("r3") = target;

    __asm__ volatile("mtctr %0\n\tbctrl"
                     : "+r"(r3)
                     :
                     : "r0", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
                       "r12", "ctr", "lr", "xer", "cr0", "cr1", "cr5", "cr6",
                       "cr7", "memory");
}

static void store_word(unsigned addr, unsigned value)
{
    __asm__ volatile("stw %0, 0(%1)" : : "r"(value), "b"(addr) : "memory");
}

/* 0 */
static void attack_leak_read(void)
{
    unsigned v;

    MFSPR(v, 256);
    survived_hex("spr256", v);
    MFSPR(v, 260);
    survived_hex("spr260", v);
    MFSPR(v, 261);
    survived_hex("spr261", v);
    MFSPR(v, 262);
    survived_hex("spr262", v);
    MFSPR(v, 263);
    survived_hex("spr263", v);
    MFSPR(v, 990);
    survived_hex("spr990", v);
    MFSPR(v, 991);
    survived_hex("spr991", v);
}

/* 1 */
static void attack_srr_write(void)
{
    MTSPR(990, 0xBAD00002u);
    MTSPR(991, 0xBAD00003u);
    survived("srr2/srr3 written");
}

/* 2 */
static void attack_bad_hcall(void)
{
    survived_hex("r3", hc_call(0x7777u, 0, 0));
}

/* 3 */
static void attack_load_unmapped(void)
{
    unsigned v;

    __asm__ volatile("lwz %0, 0(%1)" : "=r"(v) : "b"(ADDR_UNMAPPED) : "memory");
    survived_hex("value", v);
}

/* 4 */
static void attack_store_other(void)
{
    store_word(ADDR_OTHER, 0xDEADBEEFu);
    survived("stored");
}

/* 5 */
static void attack_store_device(void)
{
    __asm__ volatile("stb %0, 0(%1)" : : "r"('!'), "b"(ADDR_UART0) : "memory");
    survived("stored");
}

/* 6 */
static void attack_store_top(void)
{
    store_word(ADDR_TOP, 0xDEADBEEFu);
    survived("stored");
}

/* 7 */
static void attack_store_readonly(void)
{
    store_word(ADDR_READONLY, 0xDEADBEEFu);
    survived("stored");
}

/* 8 */
static void attack_exec_unmapped(void)
{
    call_address(ADDR_UNMAPPED_X);
    survived("returned");
}

/* 9 */
static void attack_exec_noexec(void)
{
    store_word(ADDR_NOEXEC, INSN_BLR);
    __asm__ volatile("dcbst 0, %0\n\tsync\n\ticbi 0, %0\n\tisync"
                     : : "r"(ADDR_NOEXEC) : "memory");
    call_address(ADDR_NOEXEC);
    survived("returned");
}

/* 10 */
static void attack_dcbz_unmapped(void)
{
    __asm__ volatile("dcbz 0, %0" : : "r"(ADDR_OTHER) : "memory");
    survived("zeroed");
}

/* 11 */
static void attack_stmw_unmapped(void)
{
    __asm__ volatile("stmw 16, 0(%0)" : : "b"(ADDR_UNMAPPED + 0xFFF0u) : "memory");
    survived("stored");
}

/* 12: the virtual MSR becomes supervisor state, real mode (it is
 * emulated); the partition still reaches only its own regions, so the
 * store to another partition's memory that follows must fault. */
static void attack_mtmsr(void)
{
    __asm__ volatile("mtmsr %0\n\tisync" : : "r"(0u) : "memory");
    survived("msr written");
    store_word(ADDR_OTHER, 0xDEADBEEFu);
    survived("stored to another partition");
}

/* 13 */
static void attack_mtpid(void)
{
    MTSPR(945, 2u);
    survived("pid written");
}

/* 14 */
static void attack_mfsprg3(void)
{
    unsigned v;

    MFSPR(v, 275);
    survived_hex("sprg3", v);
}

/* 15 */
static void attack_mtevpr(void)
{
    MTSPR(982, 0u);
    survived("evpr written");
}

/* 16 */
static void attack_tlbia(void)
{
    __asm__ volatile("tlbia\n\tisync" : : : "memory");
    survived("tlb invalidated");
}

/* 17: entry 0 := guest 0x00E00000 -> host 0, 1 MiB, writable, executable.
 * The data word is written first, as the tag write validates the entry. */
static void attack_tlbwe(void)
{
    unsigned hi = 0x00E00000u | (5u << 7) | 0x40u;  /* EPN, SIZE=1M, V */
    unsigned lo = 0x00000000u | 0x200u | 0x100u;    /* RPN, EX, WR */

    __asm__ volatile("tlbwe %1, %2, 1\n\ttlbwe %0, %2, 0\n\tisync"
                     : : "r"(hi), "r"(lo), "r"(0u) : "memory");
    survived("tlb written");
}

/* 18 */
static void attack_mtdcr_uic(void)
{
    __asm__ volatile("mtdcr 0xc2, %0" : : "r"(0xFFFFFFFFu) : "memory");
    survived("uic0 er written");
}

/* 19 */
static void attack_dccci(void)
{
    __asm__ volatile("dccci 0, %0" : : "r"(0u) : "memory");
    survived("dcache invalidated");
}

/* 20: an emulated rfi to supervisor state at an address outside the
 * partition's regions: the fetch there must fault. */
static void attack_rfi(void)
{
    MTSPR(26, ADDR_UNMAPPED_X);
    MTSPR(27, 0u);
    __asm__ volatile("rfi" : : : "memory");
    survived("rfi returned");
}

/* 21 */
static void attack_sc(void)
{
    __asm__ volatile("sc"
                     : : : "r0", "r3", "r4", "r5", "r6", "r7", "r8", "r9",
                       "r10", "r11", "r12", "ctr", "xer", "cr0", "memory");
    survived("sc returned");
}

/* 22: its own RAM at 0x800 (an unused vector slot) is writable: the
 * vectors are the partition's own business. */
static void attack_overwrite_vectors(void)
{
    store_word(0x800u, INSN_TRAP);
    survived("stored 0x800");
}

struct attack {
    const char *name;
    void (*run)(void);
};

static const struct attack attacks[] = {
    { "leak-read",             attack_leak_read },
    { "srr-write",             attack_srr_write },
    { "bad-hcall",             attack_bad_hcall },
    { "load-unmapped",         attack_load_unmapped },
    { "store-other-partition", attack_store_other },
    { "store-device",          attack_store_device },
    { "store-top",             attack_store_top },
    { "store-readonly",        attack_store_readonly },
    { "exec-unmapped",         attack_exec_unmapped },
    { "exec-noexec",           attack_exec_noexec },
    { "dcbz-unmapped",         attack_dcbz_unmapped },
    { "stmw-unmapped",         attack_stmw_unmapped },
    { "mtmsr",                 attack_mtmsr },
    { "mtpid",                 attack_mtpid },
    { "mfsprg3",               attack_mfsprg3 },
    { "mtevpr",                attack_mtevpr },
    { "tlbia",                 attack_tlbia },
    { "tlbwe",                 attack_tlbwe },
    { "mtdcr-uic",             attack_mtdcr_uic },
    { "dccci",                 attack_dccci },
    { "rfi",                   attack_rfi },
    { "sc",                    attack_sc },
    { "overwrite-vectors",     attack_overwrite_vectors },
};

#define NUM_ATTACKS (sizeof attacks / sizeof attacks[0])

int main(unsigned index, unsigned start_count)
{
    (void)index;
    if (guest_is_native()) {
        gputs_nl("hostile: native run, attacks skipped");
        halt();
    }
    for (attack_no = start_count; attack_no < NUM_ATTACKS; attack_no++) {
        gputs("hostile: attack ");
        gput_dec(attack_no);
        gputs(" ");
        gputs_nl(attacks[attack_no].name);
        attacks[attack_no].run();
    }
    gputs_nl("hostile: done");
    halt();
}

/*
 * isa_tlb: the TLB-management instructions -- tlbwe (tag and data word,
 * in both orders), tlbre (both words; the tag read loads PID with the
 * entry's TID), tlbsx and tlbsx. (hit and miss, TID 0 and TID = PID or
 * not), tlbia, tlbsync -- with PID variations, in supervisor state.
 *
 * Translation stays off: the entries are data.  Each entry used lives in
 * a 16 MiB slot of its own (0x80000000 + 16 MiB x index), so no two
 * entries ever match one address.  Never a 1 KiB page (SIZE 0) and never
 * V together with E (both abort QEMU 7.2).  Lines named `dev.*` record
 * QEMU-vs-manual deviations: a data-word write clears the entry's V bit;
 * a tag write drops E and U0; tlbre of the data word returns only RPN, EX
 * and WR.
 */
#include "../isa_common/isa.h"

ISA_GUEST("isa_tlb");

#define HI_V        0x00000040u
#define HI_E        0x00000020u
#define HI_U0       0x00000010u
#define HI_SIZE(s)  ((uint32_t)(s) << 7)
#define LO_EX       0x00000200u
#define LO_WR       0x00000100u
#define LO_ZSEL(z)  ((uint32_t)(z) << 4)
#define LO_W        0x00000008u
#define LO_I        0x00000004u
#define LO_M        0x00000002u
#define LO_G        0x00000001u

#define SLOT(i)     (0x80000000u + ((uint32_t)(i) << 24))

static void tlbwe_hi(uint32_t idx, uint32_t v)
{
    __asm__ volatile("tlbwe %0, %1, 0\n\tisync" : : "r"(v), "r"(idx) : "memory");
}

static void tlbwe_lo(uint32_t idx, uint32_t v)
{
    __asm__ volatile("tlbwe %0, %1, 1\n\tisync" : : "r"(v), "r"(idx) : "memory");
}

static uint32_t tlbre_hi(uint32_t idx)
{
    uint32_t v;

    __asm__ volatile("tlbre %0, %1, 0" : "=r"(v) : "r"(idx) : "memory");
    return v;
}

static uint32_t tlbre_lo(uint32_t idx)
{
    uint32_t v;

    __asm__ volatile("tlbre %0, %1, 1" : "=r"(v) : "r"(idx) : "memory");
    return v;
}

/* tlbsx. with XER[SO] = so: returns rD (preset to `keep`), *cr0 = CR0. */
static uint32_t tlbsx_dot(uint32_t ea, uint32_t so, uint32_t keep, uint32_t *cr0)
{
    uint32_t rd = keep, cr, xer = so ? 0x80000000u : 0u;

    __asm__ volatile("mtxer %2\n\t"
                     "tlbsx. %0, 0, %3\n\t"
                     "mfcr %1"
                     : "+r"(rd), "=r"(cr) : "r"(xer), "r"(ea) : "cr0", "xer", "memory");
    *cr0 = cr >> 28;
    return rd;
}

/* tlbsx (no record) with rA + rB. */
static uint32_t tlbsx_rarb(uint32_t base, uint32_t idx, uint32_t keep)
{
    uint32_t rd = keep;

    __asm__ volatile("tlbsx %0, %1, %2" : "+r"(rd) : "b"(base), "r"(idx) : "memory");
    return rd;
}

static void set_pid(uint32_t pid)
{
    MTSPR(SPR_PID, pid);
}

/* Print an entry: both words and the TID (PID after the tag read). */
static void show_entry(const char *name, uint32_t idx)
{
    uint32_t saved = MFSPR(SPR_PID), hi, tid, lo;

    hi = tlbre_hi(idx);
    tid = MFSPR(SPR_PID);
    lo = tlbre_lo(idx);
    set_pid(saved);
    isa_out(hi, "%s.hi", name);
    isa_out(tid, "%s.tid", name);
    isa_out(lo, "%s.lo", name);
}

/* ---- tlbwe / tlbre ------------------------------------------------------------ */

static void test_write_read(void)
{
    unsigned s;

    /* Data word first, then the tag word with V (the usual order). */
    set_pid(0x12);
    tlbwe_lo(1, 0x00100000u | LO_EX | LO_WR);
    tlbwe_hi(1, SLOT(1) | HI_SIZE(1) | HI_V);
    set_pid(0);
    show_entry("tlb.lo_then_hi", 1);

    /* Tag word with V first, then the data word: QEMU clears V. */
    set_pid(0x34);
    tlbwe_hi(2, SLOT(2) | HI_SIZE(3) | HI_V);
    tlbwe_lo(2, 0x00200000u | LO_EX);
    set_pid(0);
    show_entry("dev.tlb.hi_then_lo", 2);

    /* Tag word without V. */
    tlbwe_lo(3, 0x00300000u | LO_WR);
    tlbwe_hi(3, SLOT(3) | HI_SIZE(2));
    show_entry("tlb.invalid", 3);

    /* Every page size from 4 KiB to 16 MiB (SIZE 1-7), TID = PID = 0. */
    for (s = 1; s <= 7; s++) {
        uint32_t idx = 8 + s;

        tlbwe_lo(idx, (0x01000000u * s) | LO_EX | LO_WR);
        tlbwe_hi(idx, SLOT(idx) | HI_SIZE(s) | HI_V);
        isa_out(tlbre_hi(idx), "tlb.size%u.hi", s);
        isa_out(tlbre_lo(idx), "tlb.size%u.lo", s);
    }

    /* EPN bits inside the page (the manual asks for zeros there). */
    tlbwe_lo(16, 0x00400000u | LO_EX);
    tlbwe_hi(16, (SLOT(16) + 0x00345000u) | HI_SIZE(5) | HI_V);
    isa_out(tlbre_hi(16), "tlb.epn_in_page.hi");

    /* RPN bits inside the page, all data-word fields. */
    tlbwe_lo(17, 0x12345C00u | LO_EX | LO_WR);
    tlbwe_hi(17, SLOT(17) | HI_SIZE(4) | HI_V);
    isa_out(tlbre_lo(17), "tlb.rpn_in_page.lo");

    /* QEMU: a tag write drops E and U0 (V clear: E with V aborts QEMU);
     * tlbre of the data word returns RPN, EX and WR only. */
    tlbwe_hi(18, SLOT(18) | HI_SIZE(1) | HI_E | HI_U0);
    isa_out(tlbre_hi(18), "dev.tlb.e_u0.hi");
    tlbwe_lo(19, 0x00500000u | LO_EX | LO_WR | LO_ZSEL(0xF) | LO_W | LO_I | LO_M | LO_G);
    tlbwe_hi(19, SLOT(19) | HI_SIZE(1) | HI_V | HI_U0);
    isa_out(tlbre_hi(19), "dev.tlb.u0_v.hi");
    isa_out(tlbre_lo(19), "dev.tlb.all_lo_fields.lo");
    tlbwe_lo(20, 0x00600000u | LO_ZSEL(5) | LO_I | LO_G);
    tlbwe_hi(20, SLOT(20) | HI_SIZE(1) | HI_V);
    isa_out(tlbre_lo(20), "dev.tlb.zsel_wimg.lo");

    /* The index: only (rA) bits 26:31 count. */
    tlbwe_lo(0xFFFFFFC0u | 21, 0x00700000u | LO_EX);
    tlbwe_hi(0x12345640u | 21, SLOT(21) | HI_SIZE(1) | HI_V);
    show_entry("tlb.index_high_bits", 21);
    isa_out(tlbre_hi(0x00000100u | 21), "tlb.index_high_bits.reread");

    /* r0 as the index register. */
    {
        uint32_t hi;

        __asm__ volatile("li 0, 22\n\t"
                         "tlbwe %1, 0, 1\n\t"
                         "tlbwe %2, 0, 0\n\t"
                         "tlbre %0, 0, 0"
                         : "=r"(hi)
                         : "r"(0x00800000u | LO_WR), "r"(SLOT(22) | HI_SIZE(1) | HI_V)
                         : "r0", "memory");
        isa_out(hi, "tlb.r0_index.hi");
    }

    /* TID: taken from PID at the tag write; each PID value kept 8 bits. */
    set_pid(0xFF);
    tlbwe_lo(23, 0x00900000u);
    tlbwe_hi(23, SLOT(23) | HI_SIZE(1) | HI_V);
    set_pid(0x1AB);
    tlbwe_lo(24, 0x00A00000u);
    tlbwe_hi(24, SLOT(24) | HI_SIZE(1) | HI_V);
    set_pid(0x07);
    show_entry("tlb.tid_ff", 23);
    show_entry("tlb.tid_from_1ab", 24);
    isa_out(MFSPR(SPR_PID), "tlb.pid_after_reads");
    set_pid(0);
    (void)isa_exc_report("tlbwe");
}

/* ---- tlbsx ------------------------------------------------------------------------ */

static void sx(const char *name, uint32_t ea, uint32_t pid)
{
    uint32_t cr0a, cr0b, a, b;

    set_pid(pid);
    a = tlbsx_dot(ea, 0, 0xEEEEEEEEu, &cr0a);
    b = tlbsx_dot(ea, 1, 0xEEEEEEEEu, &cr0b);
    set_pid(0);
    isa_out(a, "%s.rd", name);
    isa_out(cr0a, "%s.cr0", name);
    isa_out(b == a, "%s.rd_same_so", name);
    isa_out(cr0b, "%s.cr0_so", name);
}

static void test_search(void)
{
    /* Entries: 1 (TID 0x12, 4 KiB), 2 (invalid after its data write on
     * QEMU: written again here), 9-15 (TID 0, sizes 4 KiB-16 MiB). */
    set_pid(0x34);
    tlbwe_lo(2, 0x00200000u | LO_EX);
    tlbwe_hi(2, SLOT(2) | HI_SIZE(3) | HI_V);
    set_pid(0);

    sx("tlbsx.tid_match", SLOT(1) + 0x123, 0x12);
    sx("tlbsx.tid_other", SLOT(1) + 0x123, 0x13);
    sx("tlbsx.tid_pid0", SLOT(1), 0);
    sx("tlbsx.tid0_any_pid", SLOT(15) + 0x00ABCDEFu, 0x99);
    sx("tlbsx.size64k_last", SLOT(2) + 0xFFFF, 0x34);
    sx("tlbsx.size64k_past", SLOT(2) + 0x10000, 0x34);
    sx("tlbsx.invalid_entry", SLOT(3) + 0x10, 0);
    sx("tlbsx.unmapped", 0x7F000000u, 0);
    isa_out(tlbsx_rarb(SLOT(12), 0x0001F000u, 0xEEEEEEEEu), "tlbsx.rarb_hit.rd");
    isa_out(tlbsx_rarb(SLOT(12), 0x00040000u, 0xEEEEEEEEu), "tlbsx.rarb_miss.rd");
    (void)isa_exc_report("tlbsx");
}

/* ---- tlbia, tlbsync ---------------------------------------------------------------- */

static void test_invalidate(void)
{
    uint32_t cr0;

    __asm__ volatile("tlbsync" : : : "memory");
    isa_out(tlbre_hi(9), "tlbsync.entry9.hi");
    __asm__ volatile("tlbia\n\tisync" : : : "memory");
    isa_out(tlbre_hi(9), "tlbia.entry9.hi");
    isa_out(tlbre_lo(9), "tlbia.entry9.lo");
    isa_out(tlbre_hi(1), "tlbia.entry1.hi");
    isa_out(tlbsx_dot(SLOT(15), 0, 0xEEEEEEEEu, &cr0), "tlbia.search.rd");
    isa_out(cr0, "tlbia.search.cr0");
    (void)isa_exc_report("tlbia");
}

/* ---- invalid forms (words.S) -------------------------------------------------------- */

void w_tlbwe_ws2(uint32_t r0);
void w_tlbre_ws3(uint32_t r0);
void w_tlbia_ra(uint32_t r0);
void w_tlbsync_rc(uint32_t r0);

static const struct {
    const char *name;
    void (*run)(uint32_t r0);
} words[] = {
    { "form.tlbwe_ws2", w_tlbwe_ws2 },
    { "form.tlbre_ws3", w_tlbre_ws3 },
    { "form.tlbia_ra", w_tlbia_ra },
    { "form.tlbsync_rc", w_tlbsync_rc },
};

static void test_words(void)
{
    unsigned i;

    /* r0 = an index whose entry is written first and shown after. */
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        tlbwe_lo(30, 0x00B00000u | LO_EX);
        tlbwe_hi(30, SLOT(30) | HI_SIZE(1) | HI_V);
        words[i].run(30);
        (void)isa_exc_report(words[i].name);
        isa_out(tlbre_hi(30), "%s.entry30.hi", words[i].name);
    }
}

/* The entries the test leaves (written after the tlbia), for the dump. */
static const uint32_t final_entries[] = { 0, 5, 31, 32, 63 };
#define NFINAL (sizeof(final_entries) / sizeof(final_entries[0]))

void isa_main(void)
{
    unsigned i;

    set_pid(0);
    __asm__ volatile("tlbia\n\tisync" : : : "memory");
    test_write_read();
    test_search();
    test_invalidate();
    test_words();
    __asm__ volatile("tlbia\n\tisync" : : : "memory");
    for (i = 0; i < NFINAL; i++) {
        uint32_t idx = final_entries[i];

        set_pid(i * 0x11u);
        tlbwe_lo(idx, (0x00010000u * (i + 1)) | LO_EX | (i & 1 ? LO_WR : 0));
        tlbwe_hi(idx, SLOT(idx) | HI_SIZE(1 + i) | HI_V);
    }
    set_pid(0x42);
}

void isa_dump(void)
{
    unsigned i;

    for (i = 0; i < NFINAL; i++) {
        uint32_t idx = final_entries[i];
        uint32_t saved = MFSPR(SPR_PID), hi, tid, lo;

        hi = tlbre_hi(idx);
        tid = MFSPR(SPR_PID);
        lo = tlbre_lo(idx);
        set_pid(saved);
        isa_out(hi, "state.tlb%u.hi", idx);
        isa_out(tid, "state.tlb%u.tid", idx);
        isa_out(lo, "state.tlb%u.lo", idx);
    }
    isa_out(MFSPR(SPR_PID), "state.pid");
}

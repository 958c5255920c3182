/*
 * Unit tests of kernel/core/region.c: guest address -> region, and the TLB
 * entry the core may install for it (spatial partitioning).
 */
#include "mock_arch.h"

#define RWX (REGION_R | REGION_W | REGION_X)

static uint32_t code_of(const struct tlb_entry *e)
{
    return (e->hi >> TLBHI_SIZE_SHIFT) & 7u;
}

static uint32_t epn_of(const struct tlb_entry *e)
{
    return e->hi & TLBHI_EPN_MASK;
}

static uint32_t rpn_of(const struct tlb_entry *e)
{
    return e->lo & TLBLO_RPN_MASK;
}

/* ------------------------------------------------------ region_find ---- */

static const struct cfg_region three[3] = {
    { .guest = 0x00000000u, .host = 0x01000000u, .size = 0x00100000u, .attr = RWX },
    { .guest = 0x00100000u, .host = 0x01100000u, .size = 0x00010000u, .attr = REGION_R },
    { .guest = 0x00200000u, .host = 0x01200000u, .size = 0x00002000u, .attr = REGION_R },
};

/* @req PART-001 */
static void test_region_find_inside(void **state)
{
    (void)state;
    assert_int_equal(region_find(three, 3u, 0x00002100u), 0u);
    assert_int_equal(region_find(three, 3u, 0x00108000u), 1u);
    assert_int_equal(region_find(three, 3u, 0x00201234u), 2u);
}

/* @req PART-001 */
static void test_region_find_first_and_last_byte(void **state)
{
    (void)state;
    assert_int_equal(region_find(three, 3u, 0x00000000u), 0u);
    assert_int_equal(region_find(three, 3u, 0x000FFFFFu), 0u);
    assert_int_equal(region_find(three, 3u, 0x00100000u), 1u);
    assert_int_equal(region_find(three, 3u, 0x0010FFFFu), 1u);
    assert_int_equal(region_find(three, 3u, 0x00200000u), 2u);
    assert_int_equal(region_find(three, 3u, 0x00201FFFu), 2u);
}

/* @req PART-001 PART-002 */
static void test_region_find_one_past_end(void **state)
{
    (void)state;
    /* 0x00100000 is one past region 0 but the first byte of region 1. */
    assert_int_equal(region_find(three, 1u, 0x00100000u), 1u);
    assert_int_equal(region_find(three, 3u, 0x00110000u), 3u);
    assert_int_equal(region_find(three, 3u, 0x00202000u), 3u);
}

/* @req PART-002 */
static void test_region_find_below_base(void **state)
{
    (void)state;
    assert_int_equal(region_find(&three[1], 1u, 0x000FFFFFu), 1u);
    assert_int_equal(region_find(&three[2], 1u, 0x00000000u), 1u);
    assert_int_equal(region_find(three, 3u, 0x001FFFFCu), 3u);
}

/* @req PART-002 */
static void test_region_find_wraps_at_top(void **state)
{
    static const struct cfg_region top[2] = {
        { .guest = 0xFFFFF000u, .host = 0x01000000u, .size = 0x1000u, .attr = REGION_R },
        { .guest = 0x00001000u, .host = 0x01001000u, .size = 0x1000u, .attr = REGION_R },
    };
    (void)state;
    assert_int_equal(region_find(top, 2u, 0xFFFFFFFFu), 0u);
    assert_int_equal(region_find(top, 2u, 0xFFFFF000u), 0u);
    assert_int_equal(region_find(top, 2u, 0xFFFFEFFFu), 2u);
    /* Below a base, addr - guest wraps around to an offset of at least
     * the region's size: */
    assert_int_equal(region_find(top, 2u, 0x00000000u), 2u);
    assert_int_equal(region_find(top, 2u, 0x00000FFFu), 2u);
    assert_int_equal(region_find(&top[1], 1u, 0xFFFFF000u), 1u);
}

/* @req PART-002 */
static void test_region_find_empty_list(void **state)
{
    (void)state;
    assert_int_equal(region_find(three, 0u, 0x00000000u), 0u);
    assert_int_equal(region_find(NULL, 0u, 0x12345678u), 0u);
}

/* ------------------------------------------------ region_tlb_entry ---- */

/* @req PART-002 */
static void test_entry_1m_region_takes_1m_page(void **state)
{
    const struct cfg_region r = { 0x00000000u, 0x01000000u, 0x00100000u, RWX };
    struct tlb_entry e;
    (void)state;
    region_tlb_entry(&r, 0x00002100u, 1u, &e);
    assert_int_equal(code_of(&e), 5u);
    assert_int_equal(epn_of(&e), 0x00000000u);
    assert_int_equal(rpn_of(&e), 0x01000000u);
    assert_int_equal(e.hi, 0x00000000u | (5u << TLBHI_SIZE_SHIFT) | TLBHI_V);
    assert_int_equal(e.lo, 0x01000000u | TLBLO_EX | TLBLO_WR | (ZONE_GUEST << TLBLO_ZSEL_SHIFT));
    assert_int_equal(e.pid, 1u);
}

/* @req PART-002 */
static void test_entry_small_region_takes_4k_pages(void **state)
{
    const struct cfg_region r = { 0x00001000u, 0x01001000u, 0x00003000u, RWX };
    struct tlb_entry e;
    uint32_t a;
    (void)state;
    for (a = 0x1000u; a < 0x4000u; a += 0x7FCu) {
        region_tlb_entry(&r, a, 2u, &e);
        assert_int_equal(code_of(&e), 1u);
        assert_int_equal(epn_of(&e), a & ~0xFFFu);
        assert_int_equal(rpn_of(&e), (a & ~0xFFFu) + 0x01000000u);
        assert_int_equal(e.pid, 2u);
        assert_true((e.hi & TLBHI_V) != 0u);
    }
    region_tlb_entry(&r, 0x3FFFu, 2u, &e);
    assert_int_equal(epn_of(&e), 0x3000u);
}

/* @req PART-002 */
static void test_entry_16m_region_takes_16m_page(void **state)
{
    const struct cfg_region r = { 0x00000000u, 0x01000000u, 0x01800000u, RWX };
    struct tlb_entry e;
    (void)state;
    region_tlb_entry(&r, 0x00500000u, 3u, &e);
    assert_int_equal(code_of(&e), 7u);
    assert_int_equal(epn_of(&e), 0x00000000u);
    assert_int_equal(rpn_of(&e), 0x01000000u);
    /* The second 16 MiB would end past the region: 4 MiB pages there. */
    region_tlb_entry(&r, 0x01200000u, 3u, &e);
    assert_int_equal(code_of(&e), 6u);
    assert_int_equal(epn_of(&e), 0x01000000u);
    assert_int_equal(rpn_of(&e), 0x02000000u);
    region_tlb_entry(&r, 0x017FFFFCu, 3u, &e);
    assert_int_equal(code_of(&e), 6u);
    assert_int_equal(epn_of(&e), 0x01400000u);
}

/* @req PART-002 */
static void test_entry_region_ending_at_top_of_address_space(void **state)
{
    const struct cfg_region r = { 0xFF000000u, 0x01000000u, 0x01000000u, REGION_R };
    struct tlb_entry e;
    (void)state;
    region_tlb_entry(&r, 0xFFFFFFFCu, 4u, &e);
    assert_int_equal(code_of(&e), 7u);
    assert_int_equal(epn_of(&e), 0xFF000000u);
    assert_int_equal(rpn_of(&e), 0x01000000u);
}

/* @req PART-002 */
static void test_entry_page_not_starting_before_region(void **state)
{
    /* [64K, 576K): a 256K page around 0x10000 would start at 0. */
    const struct cfg_region r = { 0x00010000u, 0x01010000u, 0x00080000u, RWX };
    struct tlb_entry e;
    (void)state;
    region_tlb_entry(&r, 0x00010000u, 1u, &e);
    assert_int_equal(code_of(&e), 3u);
    assert_int_equal(epn_of(&e), 0x00010000u);
    assert_int_equal(rpn_of(&e), 0x01010000u);
    region_tlb_entry(&r, 0x00040000u, 1u, &e);
    assert_int_equal(code_of(&e), 4u);
    assert_int_equal(epn_of(&e), 0x00040000u);
    assert_int_equal(rpn_of(&e), 0x01040000u);
    /* The 256K page [0x80000, 0xC0000) would end past the region. */
    region_tlb_entry(&r, 0x0008F000u, 1u, &e);
    assert_int_equal(code_of(&e), 3u);
    assert_int_equal(epn_of(&e), 0x00080000u);
}

/* @req PART-002 */
static void test_entry_host_misalignment_forces_smaller_pages(void **state)
{
    const struct cfg_region r4k = { 0x00000000u, 0x01001000u, 0x00100000u, RWX };
    const struct cfg_region r64k = { 0x00000000u, 0x01010000u, 0x00100000u, RWX };
    const struct cfg_region r256k = { 0x00100000u, 0x02140000u, 0x00100000u, RWX };
    struct tlb_entry e;
    (void)state;
    region_tlb_entry(&r4k, 0x00054321u, 1u, &e);
    assert_int_equal(code_of(&e), 1u);
    assert_int_equal(epn_of(&e), 0x00054000u);
    assert_int_equal(rpn_of(&e), 0x01055000u);
    region_tlb_entry(&r64k, 0x00054321u, 1u, &e);
    assert_int_equal(code_of(&e), 3u);
    assert_int_equal(epn_of(&e), 0x00050000u);
    assert_int_equal(rpn_of(&e), 0x01060000u);
    region_tlb_entry(&r256k, 0x001C0004u, 1u, &e);
    assert_int_equal(code_of(&e), 4u);
    assert_int_equal(epn_of(&e), 0x001C0000u);
    assert_int_equal(rpn_of(&e), 0x02200000u);
}

/* @req PART-002 */
static void test_entry_read_only_region(void **state)
{
    const struct cfg_region r = { 0x00100000u, 0x01100000u, 0x00010000u, REGION_R };
    struct tlb_entry e;
    (void)state;
    region_tlb_entry(&r, 0x00100010u, 1u, &e);
    assert_int_equal(code_of(&e), 3u);
    assert_int_equal(e.lo & (TLBLO_WR | TLBLO_EX | TLBLO_I | TLBLO_G), 0u);
    assert_int_equal(e.lo, 0x01100000u | (ZONE_GUEST << TLBLO_ZSEL_SHIFT));
}

/* @req PART-002 */
static void test_entry_permissions_follow_region(void **state)
{
    const struct cfg_region rw = { 0x0u, 0x01000000u, 0x1000u, REGION_R | REGION_W };
    const struct cfg_region rx = { 0x0u, 0x01000000u, 0x1000u, REGION_R | REGION_X };
    struct tlb_entry e;
    (void)state;
    region_tlb_entry(&rw, 0x0u, 1u, &e);
    assert_int_equal(e.lo & (TLBLO_WR | TLBLO_EX | TLBLO_I | TLBLO_G), TLBLO_WR);
    region_tlb_entry(&rx, 0x0u, 1u, &e);
    assert_int_equal(e.lo & (TLBLO_WR | TLBLO_EX | TLBLO_I | TLBLO_G), TLBLO_EX);
}

/* @req PART-002 */
static void test_entry_device_guarded_never_executable(void **state)
{
    const struct cfg_region dev = { 0xEF600000u, 0xEF600000u, 0x1000u,
                                    REGION_R | REGION_W | REGION_DEVICE };
    /* Not a configuration tools/config accepts (x on a device), but the
     * core must still not grant execution. */
    const struct cfg_region devx = { 0xEF600000u, 0xEF600000u, 0x1000u,
                                     RWX | REGION_DEVICE };
    const struct cfg_region devr = { 0xEF600000u, 0xEF600000u, 0x1000u,
                                     REGION_R | REGION_DEVICE };
    struct tlb_entry e;
    (void)state;
    region_tlb_entry(&dev, 0xEF600300u, 5u, &e);
    assert_int_equal(code_of(&e), 1u);
    assert_int_equal(e.hi, 0xEF600000u | (1u << TLBHI_SIZE_SHIFT) | TLBHI_V);
    assert_int_equal(e.lo, 0xEF600000u | TLBLO_WR | TLBLO_I | TLBLO_G |
                               (ZONE_GUEST << TLBLO_ZSEL_SHIFT));
    assert_int_equal(e.pid, 5u);
    region_tlb_entry(&devx, 0xEF600300u, 5u, &e);
    assert_int_equal(e.lo & TLBLO_EX, 0u);
    assert_int_equal(e.lo & (TLBLO_I | TLBLO_G), TLBLO_I | TLBLO_G);
    region_tlb_entry(&devr, 0xEF600FFCu, 5u, &e);
    assert_int_equal(e.lo & (TLBLO_WR | TLBLO_EX), 0u);
    assert_int_equal(e.lo & (TLBLO_I | TLBLO_G), TLBLO_I | TLBLO_G);
}

/* @req PART-002 PART-003 */
static void test_entry_pid_and_valid(void **state)
{
    const struct cfg_region r = { 0x0u, 0x01000000u, 0x00100000u, RWX };
    struct tlb_entry e;
    uint32_t pid;
    (void)state;
    for (pid = 1u; pid <= CFG_MAX_PARTITIONS; pid++) {
        region_tlb_entry(&r, 0x8000u, pid, &e);
        assert_int_equal(e.pid, pid);
        assert_true((e.hi & TLBHI_V) != 0u);
        assert_int_equal(e.hi & 0x3Fu, 0u);  /* E and U0 clear */
    }
}

/* ------------------------------------------------- property test ---- */

static uint32_t rng_state = 0x2545F491u;

static uint32_t rnd(void)
{
    /* xorshift32: deterministic, the same sequence on every run. */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static void random_region(struct cfg_region *r)
{
    static const uint32_t max_pages[4] = { 4u, 64u, 1024u, 16384u };
    const uint32_t pages = 1u + rnd() % max_pages[rnd() % 4u];
    const uint32_t size = pages * CFG_PAGE_SIZE;
    const uint32_t room = (uint32_t)((0x100000000ull - size) / CFG_PAGE_SIZE);
    /* Aligned bases half of the time, so that large pages occur. */
    const uint32_t align_mask = (rnd() & 1u) ? ~(0x00FFFFFFu) : ~(CFG_PAGE_SIZE - 1u);
    uint32_t guest = (rnd() % (room + 1u)) * CFG_PAGE_SIZE;
    uint32_t host = (rnd() % (room + 1u)) * CFG_PAGE_SIZE;

    if ((guest & align_mask) + (uint64_t)size <= 0x100000000ull) {
        guest &= align_mask;
    }
    if ((host & align_mask) + (uint64_t)size <= 0x100000000ull) {
        host &= align_mask;
    }
    r->guest = guest;
    r->host = host;
    r->size = size;
    r->attr = REGION_R | (rnd() & (REGION_W | REGION_X | REGION_DEVICE));
}

/* Would the page of the given code around addr fit region r? */
static int fits(const struct cfg_region *r, uint32_t addr, uint32_t code)
{
    const uint32_t size = mock_page_bytes(code);
    const uint32_t base = addr & ~(size - 1u);
    return base >= r->guest && (uint64_t)base + size <= (uint64_t)r->guest + r->size &&
           ((r->host - r->guest) & (size - 1u)) == 0u;
}

static void check_property(const struct cfg_region *r, uint32_t addr, uint32_t pid)
{
    struct tlb_entry e;
    uint32_t code, size, epn, rpn;

    region_tlb_entry(r, addr, pid, &e);
    code = code_of(&e);
    size = mock_page_bytes(code);
    epn = epn_of(&e);
    rpn = rpn_of(&e);
    assert_in_range(code, 1u, 7u);
    assert_int_equal(e.pid, pid);
    assert_true((e.hi & TLBHI_V) != 0u);
    /* The page holds addr and lies inside the region. */
    assert_int_equal(epn & (size - 1u), 0u);
    assert_true(addr >= epn && addr - epn < size);
    assert_true(epn >= r->guest);
    assert_true((uint64_t)epn + size <= (uint64_t)r->guest + r->size);
    /* Guest -> host as configured, for every byte of the page. */
    assert_int_equal(rpn, epn - r->guest + r->host);
    assert_int_equal(rpn & (size - 1u), 0u);
    assert_int_equal(rpn + (addr - epn), addr - r->guest + r->host);
    /* At most the region's permissions. */
    if ((e.lo & TLBLO_WR) != 0u) {
        assert_true((r->attr & REGION_W) != 0u);
    }
    if ((e.lo & TLBLO_EX) != 0u) {
        assert_true((r->attr & REGION_X) != 0u && (r->attr & REGION_DEVICE) == 0u);
    }
    assert_int_equal((e.lo & TLBLO_WR) != 0u, (r->attr & REGION_W) != 0u);
    assert_int_equal((e.lo & TLBLO_EX) != 0u,
                     (r->attr & (REGION_X | REGION_DEVICE)) == REGION_X);
    if ((r->attr & REGION_DEVICE) != 0u) {
        assert_int_equal(e.lo & (TLBLO_I | TLBLO_G), TLBLO_I | TLBLO_G);
    } else {
        assert_int_equal(e.lo & (TLBLO_I | TLBLO_G), 0u);
    }
    assert_int_equal((e.lo >> TLBLO_ZSEL_SHIFT) & 0xFu, ZONE_GUEST);
    /* The largest such page: the next size up does not fit. */
    assert_true(fits(r, addr, code));
    for (code = code + 1u; code <= 7u; code++) {
        assert_false(fits(r, addr, code));
    }
}

/* @req PART-002 */
static void test_entry_property_random_regions(void **state)
{
    uint32_t i, j, big = 0u;
    (void)state;
    for (i = 0u; i < 20000u; i++) {
        struct cfg_region r;
        random_region(&r);
        const uint32_t pid = 1u + i % CFG_MAX_PARTITIONS;
        check_property(&r, r.guest, pid);
        check_property(&r, r.guest + r.size - 1u, pid);
        for (j = 0u; j < 4u; j++) {
            check_property(&r, r.guest + rnd() % r.size, pid);
        }
        {
            struct tlb_entry e;
            region_tlb_entry(&r, r.guest, pid, &e);
            big += code_of(&e) >= 5u;
        }
        /* region_find agrees: inside found, just outside not. */
        assert_int_equal(region_find(&r, 1u, r.guest + r.size / 2u), 0u);
        if (r.guest > 0u) {
            assert_int_equal(region_find(&r, 1u, r.guest - 1u), 1u);
        }
        if ((uint64_t)r.guest + r.size < 0x100000000ull) {
            assert_int_equal(region_find(&r, 1u, r.guest + r.size), 1u);
        }
    }
    /* The generator reaches the large page sizes too. */
    assert_true(big > 100u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_find_inside),
        cmocka_unit_test(test_region_find_first_and_last_byte),
        cmocka_unit_test(test_region_find_one_past_end),
        cmocka_unit_test(test_region_find_below_base),
        cmocka_unit_test(test_region_find_wraps_at_top),
        cmocka_unit_test(test_region_find_empty_list),
        cmocka_unit_test(test_entry_1m_region_takes_1m_page),
        cmocka_unit_test(test_entry_small_region_takes_4k_pages),
        cmocka_unit_test(test_entry_16m_region_takes_16m_page),
        cmocka_unit_test(test_entry_region_ending_at_top_of_address_space),
        cmocka_unit_test(test_entry_page_not_starting_before_region),
        cmocka_unit_test(test_entry_host_misalignment_forces_smaller_pages),
        cmocka_unit_test(test_entry_read_only_region),
        cmocka_unit_test(test_entry_permissions_follow_region),
        cmocka_unit_test(test_entry_device_guarded_never_executable),
        cmocka_unit_test(test_entry_pid_and_valid),
        cmocka_unit_test(test_entry_property_random_regions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests of a partition's virtual UIC0 (kernel/core/vuic.c), reached by
 * DCR number 0xC0-0xC8: SR, SRS, ER, CR, PR, TR, MSR, VR, VCR.
 */
#include <string.h>

#include "mock_arch.h"

#define SR  0xC0u
#define SRS 0xC1u
#define ER  0xC2u
#define CR  0xC3u
#define PR  0xC4u
#define TR  0xC5u
#define MSR 0xC6u
#define VR  0xC7u
#define VCR 0xC8u

static struct vuic u;

static int setup(void **state)
{
    (void)state;
    memset(&u, 0xA5, sizeof u);
    vuic_reset(&u);
    return 0;
}

/* @req FV-007 */
static void test_reset_and_ownership(void **state)
{
    uint32_t d;
    (void)state;
    for (d = SR; d <= VCR; d++) {
        assert_int_equal(vuic_read(&u, d), 0u);
        assert_int_equal(vuic_owns(d), 1u);
    }
    assert_int_equal(vuic_owns(SR - 1u), 0u);
    assert_int_equal(vuic_owns(VCR + 1u), 0u);
    assert_int_equal(vuic_owns(0u), 0u);
    assert_int_equal(vuic_owns(0x3FFu), 0u);
}

/* SRS sets status bits, SR is write-one-to-clear; both read SR.
 * @req FV-007 */
static void test_sr_srs(void **state)
{
    (void)state;
    vuic_write(&u, SRS, 0x80000003u);
    assert_int_equal(vuic_read(&u, SR), 0x80000003u);
    assert_int_equal(vuic_read(&u, SRS), 0x80000003u);
    vuic_write(&u, SRS, 0x00000100u);
    assert_int_equal(vuic_read(&u, SR), 0x80000103u);
    vuic_write(&u, SR, 0x80000001u);
    assert_int_equal(vuic_read(&u, SR), 0x00000102u);
    vuic_write(&u, SR, 0u);
    assert_int_equal(vuic_read(&u, SR), 0x00000102u);
}

/* ER, CR, PR, TR store what is written; MSR = SR & ER; MSR and VR are
 * read-only; VCR keeps VBA and PRO.  @req FV-007 */
static void test_plain_registers_and_read_only(void **state)
{
    (void)state;
    vuic_write(&u, ER, 0x0000FFFFu);
    vuic_write(&u, CR, 0x11111111u);
    vuic_write(&u, PR, 0x22222222u);
    vuic_write(&u, TR, 0x33333333u);
    assert_int_equal(vuic_read(&u, ER), 0x0000FFFFu);
    assert_int_equal(vuic_read(&u, CR), 0x11111111u);
    assert_int_equal(vuic_read(&u, PR), 0x22222222u);
    assert_int_equal(vuic_read(&u, TR), 0x33333333u);
    vuic_write(&u, SRS, 0x00F000F0u);
    assert_int_equal(vuic_read(&u, MSR), 0x000000F0u);
    vuic_write(&u, MSR, 0xFFFFFFFFu);
    vuic_write(&u, VR, 0xFFFFFFFFu);
    assert_int_equal(vuic_read(&u, MSR), 0x000000F0u);
    assert_int_equal(u.sr, 0x00F000F0u);
    assert_int_equal(u.er, 0x0000FFFFu);
    vuic_write(&u, VCR, 0xFFFFFFFFu);
    assert_int_equal(vuic_read(&u, VCR), 0xFFFFFFFDu);
    vuic_write(&u, VCR, 0x00000002u);
    assert_int_equal(vuic_read(&u, VCR), 0u);
}

/* VR: VBA + 512 * position of the highest-priority pending critical
 * input, from bit 0 (PRO = 0) or from bit 31 (PRO = 1); 0 with none.
 * @req FV-007 */
static void test_vr_priority(void **state)
{
    (void)state;
    vuic_write(&u, VCR, 0x00100000u);            /* VBA, PRO = 0 */
    vuic_write(&u, ER, 0xFFFFFFFFu);
    vuic_write(&u, CR, 0x0000FFFFu);             /* bits 16-31 critical */
    assert_int_equal(vuic_read(&u, VR), 0u);     /* none pending */
    vuic_write(&u, SRS, 0x80000000u);            /* bit 0: non-critical */
    assert_int_equal(vuic_read(&u, VR), 0u);
    vuic_write(&u, SRS, 0x00000001u | 0x00000100u);  /* bits 31 and 23 */
    assert_int_equal(vuic_read(&u, VR), 0x00100000u + 512u * 23u);
    vuic_write(&u, VCR, 0x00100001u);            /* PRO = 1: bit 31 first */
    assert_int_equal(vuic_read(&u, VR), 0x00100000u);
    vuic_write(&u, SR, 0x00000001u);
    assert_int_equal(vuic_read(&u, VR), 0x00100000u + 512u * 8u);
    /* only bit 31 pending with PRO = 0: the last position */
    vuic_write(&u, VCR, 0x00200000u);
    vuic_write(&u, SR, 0xFFFFFFFFu);
    vuic_write(&u, SRS, 0x00000001u);
    assert_int_equal(vuic_read(&u, VR), 0x00200000u + 512u * 31u);
    /* only bit 16 (the highest critical) with PRO = 1: position 15 */
    vuic_write(&u, VCR, 0x00200001u);
    vuic_write(&u, SR, 0xFFFFFFFFu);
    vuic_write(&u, SRS, 0x00008000u);
    assert_int_equal(vuic_read(&u, VR), 0x00200000u + 512u * 15u);
    /* disabled inputs are not pending */
    vuic_write(&u, ER, 0u);
    assert_int_equal(vuic_read(&u, VR), 0u);
}

/* External and critical outputs: enabled status, by CR.  @req FV-007 */
static void test_outputs(void **state)
{
    (void)state;
    vuic_write(&u, SRS, 0x00000003u);
    assert_int_equal(vuic_external(&u), 0u);
    assert_int_equal(vuic_critical(&u), 0u);
    vuic_write(&u, ER, 0x00000002u);
    assert_int_equal(vuic_external(&u), 1u);
    assert_int_equal(vuic_critical(&u), 0u);
    vuic_write(&u, CR, 0x00000002u);
    assert_int_equal(vuic_external(&u), 0u);
    assert_int_equal(vuic_critical(&u), 1u);
    vuic_write(&u, ER, 0x00000003u);
    assert_int_equal(vuic_external(&u), 1u);
    assert_int_equal(vuic_critical(&u), 1u);
    vuic_write(&u, SR, 0x00000003u);
    assert_int_equal(vuic_external(&u) | vuic_critical(&u), 0u);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_reset_and_ownership),
        T(test_sr_srs),
        T(test_plain_registers_and_read_only),
        T(test_vr_priority),
        T(test_outputs),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

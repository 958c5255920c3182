/*
 * victim: keeps state that a hostile partition must not be able to read or
 * change, and checks it 40 times: a 64 KiB buffer, the checksum of its own
 * code, SRR2/SRR3 (which problem state may use on this board), and that the
 * shared scratch registers SPRG0 and SPRG4-7 read as 0 under the core.
 */
#include "guest.h"

#define SPR_USPRG0  256
#define SPR_SPRG4R  260
#define SPR_SPRG5R  261
#define SPR_SPRG6R  262
#define SPR_SPRG7R  263
#define SPR_SRR2    990
#define SPR_SRR3    991

#define SRR2_VALUE  0x5AFE0002u
#define SRR3_VALUE  0x5AFE0003u

#define BUF_WORDS   (65536u / 4u)
#define ROUNDS      40u
#define ROUND_DELAY 43000u  /* about 300000 instructions */

static unsigned buffer[BUF_WORDS];

static unsigned pattern(unsigned index, unsigned i)
{
    return (i * 0x9E3779B1u) ^ (index * 0x01000193u) ^ 0xC0FFEE00u;
}

static unsigned text_checksum(void)
{
    const volatile unsigned *p = (const volatile unsigned *)__text_start;
    const volatile unsigned *end = (const volatile unsigned *)__text_end;
    unsigned sum = 0;

    while (p < end) {
        sum = (sum << 5 | sum >> 27) ^ *p;
        p++;
    }
    return sum;
}

static void corrupt(const char *what, unsigned got, unsigned expected)
{
    gputs("victim: CORRUPT ");
    gputs(what);
    gputs(" ");
    gput_hex32(got);
    gputs(" expected ");
    gput_hex32(expected);
    gnl();
}

static int check_buffer(unsigned index)
{
    unsigned i;

    for (i = 0; i < BUF_WORDS; i++) {
        unsigned want = pattern(index, i);
        if (buffer[i] != want) {
            gputs("victim: CORRUPT buffer word ");
            gput_dec(i);
            gputs(" ");
            gput_hex32(buffer[i]);
            gputs(" expected ");
            gput_hex32(want);
            gnl();
            return 0;
        }
    }
    return 1;
}

static int check_zero(const char *what, unsigned value)
{
    if (value != 0u) {
        corrupt(what, value, 0u);
        return 0;
    }
    return 1;
}

static int check_sprs(void)
{
    unsigned srr2, srr3, v;
    int ok = 1;

    MFSPR(srr2, SPR_SRR2);
    MFSPR(srr3, SPR_SRR3);
    if (srr2 != SRR2_VALUE) {
        corrupt("srr2", srr2, SRR2_VALUE);
        ok = 0;
    }
    if (srr3 != SRR3_VALUE) {
        corrupt("srr3", srr3, SRR3_VALUE);
        ok = 0;
    }
    if (guest_is_native())
        return ok;  /* on the bare board the SPRGs hold anything */
    MFSPR(v, SPR_USPRG0);
    ok &= check_zero("sprg0", v);
    MFSPR(v, SPR_SPRG4R);
    ok &= check_zero("sprg4", v);
    MFSPR(v, SPR_SPRG5R);
    ok &= check_zero("sprg5", v);
    MFSPR(v, SPR_SPRG6R);
    ok &= check_zero("sprg6", v);
    MFSPR(v, SPR_SPRG7R);
    ok &= check_zero("sprg7", v);
    return ok;
}

int main(unsigned index, unsigned start_count)
{
    unsigned i, round, text_sum, sum;
    int ok;

    (void)start_count;
    MTSPR(SPR_SRR2, SRR2_VALUE);
    MTSPR(SPR_SRR3, SRR3_VALUE);
    for (i = 0; i < BUF_WORDS; i++)
        buffer[i] = pattern(index, i);
    text_sum = text_checksum();

    for (round = 1; round <= ROUNDS; round++) {
        delay(ROUND_DELAY);
        ok = check_buffer(index);
        sum = text_checksum();
        if (sum != text_sum) {
            corrupt("text", sum, text_sum);
            ok = 0;
        }
        ok &= check_sprs();
        if (ok) {
            gputs("victim: round ");
            gput_dec(round);
            gputs_nl(" ok");
        }
    }
    gputs_nl("victim: done");
    halt();
}

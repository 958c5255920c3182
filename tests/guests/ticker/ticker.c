/*
 * ticker: a deterministic computation (xorshift32) with a running checksum,
 * printed after every step.
 */
#include "guest.h"

#define STEP_DELAY  20000u
#define STEP_ROUNDS 1000u   /* xorshift iterations per printed step */

static unsigned xorshift32(unsigned x)
{
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

int main(unsigned index, unsigned start_count)
{
    unsigned state = 0x2545F491u;
    unsigned sum = 0;
    unsigned n, i;

    (void)index;
    (void)start_count;
    gputs_nl("ticker: start");
    for (n = 1; ; n++) {
        for (i = 0; i < STEP_ROUNDS; i++) {
            state = xorshift32(state);
            sum = (sum << 1 | sum >> 31) ^ state;
        }
        gputs("ticker ");
        gput_dec(n);
        gputs(" sum=");
        gput_hex32(sum);
        gnl();
        delay(STEP_DELAY);
    }
}

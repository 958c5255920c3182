/*
 * regcheck: a window switch must save and restore the complete
 * user-visible register state.  Twenty rounds of regcheck_spin
 * (regcheck_spin.S), each with its own patterns (different for every
 * partition index), each long enough (about 2.5 million instructions)
 * for many window switches to land inside it.
 */
#include "guest.h"
#include "regcheck.h"

#define ROUNDS      20u
#define ITERATIONS  20000u  /* checks of about 122 instructions each */

unsigned regcheck_got;
unsigned regcheck_want;

static void put_reg(unsigned code)
{
    if (code >= RC_GPR(0) && code <= RC_GPR(31)) {
        gputs("r");
        gput_dec(code - RC_GPR(0));
    } else if (code == RC_CR) {
        gputs("cr");
    } else if (code == RC_XER) {
        gputs("xer");
    } else if (code == RC_CTR) {
        gputs("ctr");
    } else if (code == RC_LR) {
        gputs("lr");
    } else {
        gput_hex32(code);
    }
}

int main(unsigned index, unsigned start_count)
{
    unsigned round, r;

    (void)start_count;
    gputs_nl("regcheck: start");
    for (round = 1; round <= ROUNDS; round++) {
        r = regcheck_spin(index * 0x01010101u + round, ITERATIONS);
        if (r == RC_OK) {
            gputs("regcheck: round ");
            gput_dec(round);
            gputs_nl(" ok");
        } else {
            gputs("regcheck: CORRUPT round ");
            gput_dec(round);
            gputs(" reg ");
            put_reg(r);
            gputs(" got ");
            gput_hex32(regcheck_got);
            gputs(" expected ");
            gput_hex32(regcheck_want);
            gnl();
        }
    }
    gputs_nl("regcheck: done");
    halt();
}

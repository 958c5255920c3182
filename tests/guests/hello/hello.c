/*
 * hello: announces its partition index, then prints a numbered tick about
 * every 200000 instructions.
 */
#include "guest.h"

#define TICK_DELAY 28000u   /* about 200000 instructions */
#define LAST_TICK  1000000u

int main(unsigned index, unsigned start_count)
{
    unsigned n;

    (void)start_count;
    gputs("hello from partition ");
    gput_dec(index);
    gnl();
    for (n = 1; n <= LAST_TICK; n++) {
        delay(TICK_DELAY);
        gputs("tick ");
        gput_dec(n);
        gnl();
    }
    halt();
}

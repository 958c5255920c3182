/*
 * spinner: announces itself, then computes forever without output or
 * hypercalls (a partition that never yields).
 */
#include "guest.h"

int main(unsigned index, unsigned start_count)
{
    (void)index;
    (void)start_count;
    gputs_nl("spinner: start");
    halt();
}

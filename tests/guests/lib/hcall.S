/*
 * Hypercall wrappers of the Proteus-405 test guests (ABI: proteus/hcall.h).
 *
 *   unsigned hc_call(unsigned num, unsigned a0, unsigned a1);
 *   unsigned hc_call2(unsigned num, unsigned a0, unsigned a1, unsigned *second);
 *
 * r0 = number, r3/r4 = arguments; the result is r3, the second result r4.
 */
#include <proteus/hcall.h>

    .machine "405"
    .text

    .globl  hc_call
    .type   hc_call, @function
hc_call:
    mr      %r0, %r3
    mr      %r3, %r4
    mr      %r4, %r5
    .long   HC_INSN
    blr
    .size   hc_call, . - hc_call

    .globl  hc_call2
    .type   hc_call2, @function
hc_call2:
    mr      %r0, %r3
    mr      %r3, %r4
    mr      %r4, %r5
    .long   HC_INSN
    cmplwi  %r6, 0
    beqlr
    stw     %r4, 0(%r6)
    blr
    .size   hc_call2, . - hc_call2

    .section .note.GNU-stack, "", @progbits

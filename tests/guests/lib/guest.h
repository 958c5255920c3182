/*
 * Run-time library of the Proteus-405 test guests.
 *
 * A guest is entered by crt0 as main(partition index, start count) and
 * prints through the HC_CONSOLE_PUTC hypercall.  Everything here runs in
 * problem state: no privileged instruction.
 */
#ifndef GUEST_H
#define GUEST_H

#include <proteus/hcall.h>

/* Entry point every guest defines. */
int main(unsigned index, unsigned start_count);

/* Hypercall: r0 = num, r3 = a0, r4 = a1; returns r3.  hc_call2 also
 * stores the second result (r4) through second when it is not null. */
unsigned hc_call(unsigned num, unsigned a0, unsigned a1);
unsigned hc_call2(unsigned num, unsigned a0, unsigned a1, unsigned *second);

/* Console output. */
void gputc(char c);
void gputs(const char *s);
void gputs_nl(const char *s);        /* s, then a newline */
void gput_hex32(unsigned v);         /* 0x and 8 lower-case digits */
void gput_dec(unsigned v);
void gnl(void);

/* Non-zero when the guest runs on the bare board (crt0's hypercall
 * emulation has served a call), zero under the Proteus core. */
int guest_is_native(void);

/* Busy wait of about 7 * n instructions. */
void delay(unsigned n);

/* Spin forever without output or hypercalls. */
void halt(void) __attribute__((noreturn));

/* Special-purpose register access by number (a compile-time constant).
 * Only SPRs that problem state may use are touched in normal operation. */
#define MFSPR(var, spr) \
    __asm__ volatile("mfspr %0, %1" : "=r"(var) : "i"(spr))
#define MTSPR(spr, val) \
    __asm__ volatile("mtspr %0, %1" : : "i"(spr), "r"(val) : "memory")

/* Linker-script symbols. */
extern char __text_start[], __text_end[];

#endif

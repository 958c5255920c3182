/*
 * regcheck: codes returned by regcheck_spin (regcheck_spin.S), shared by
 * the assembly and the C driver.  0 means every register kept its value.
 */
#ifndef REGCHECK_H
#define REGCHECK_H

#define RC_OK       0
#define RC_GPR(n)   (0x100 + (n))   /* r0, r2..r31 */
#define RC_CR       0x200
#define RC_XER      0x201
#define RC_CTR      0x202
#define RC_LR       0x203

/* XER bits the 405 implements: SO, OV, CA and the byte count (25-31). */
#define RC_XER_MASK 0xE000007F

#ifndef __ASSEMBLER__
/* Run the check; see regcheck_spin.S. */
unsigned regcheck_spin(unsigned seed, unsigned iterations);

/* On a mismatch: the value found and the value expected. */
extern unsigned regcheck_got;
extern unsigned regcheck_want;
#endif

#endif

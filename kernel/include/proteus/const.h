/*
 * U(x): an unsigned constant in C, the plain number in assembly, so that
 * headers of constants are shared by C and .S files.
 */
#ifndef PROTEUS_CONST_H
#define PROTEUS_CONST_H
#ifdef __ASSEMBLER__
#define U(x) x
#else
#define U(x) x##u
#endif
#endif

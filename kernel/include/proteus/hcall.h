/*
 * Proteus-405 hypercall ABI, version 0 (bootstrap subset).
 *
 * A hypercall is the instruction word HC_INSN: primary opcode 1, which the
 * 405 does not implement, so it raises a program interrupt (ESR[PIL]) in
 * every state.  Under the core that interrupt is the single hypercall entry;
 * on the bare board a guest's own program-interrupt handler may emulate it.
 *
 * Registers: r0 = hypercall number, r3..r5 = arguments,
 *            r3 = result (HC_OK or a negative HC_E_* code), r4 = second result.
 * All other registers are preserved.  The guest resumes after HC_INSN.
 *
 * This header is shared by the core, guests and assembly: macros only.
 * Requirements: HC-001, HC-002, HC-003 (spec/requirements.md).
 */
#ifndef PROTEUS_HCALL_H
#define PROTEUS_HCALL_H

#include <proteus/const.h>

#define HC_INSN            U(0x04005056) /* opcode 1, payload "PV" */

#define HC_CONSOLE_PUTC    U(1)  /* r3 = byte; to the partition's console line */
#define HC_PARTITION_INFO  U(2)  /* r3 <- partition index, r4 <- start count */
#define HC_COUNT           U(3)  /* numbers below this are defined */

#define HC_OK              0
#define HC_E_NOSYS         (-1) /* unknown hypercall number */

#endif

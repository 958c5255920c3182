/* isa_tlb: TLB instructions with a reserved field or an undefined word
 * select, one stub each (r0 = the entry index). */
#include "../isa_common/isa.h"

    .machine "405"
    ISA_STUB w_tlbwe_ws2, 0x7C0017A4    /* tlbwe r0, r0, 2 */
    ISA_STUB w_tlbre_ws3, 0x7C001F64    /* tlbre r0, r0, 3 */
    ISA_STUB w_tlbia_ra, 0x7C0102E4     /* tlbia with bits 11:15 = 1 */
    ISA_STUB w_tlbsync_rc, 0x7C00046D   /* tlbsync with bit 31 */

    .section .note.GNU-stack, "", @progbits

/* isa_cache: cache instructions with a reserved field set, one stub each;
 * rA = 0 and rB = r0, so the EA is the argument. */
#include "../isa_common/isa.h"

    .machine "405"
    ISA_STUB w_dcbz_rc, 0x7C0007ED      /* dcbz 0, r0 with bit 31 */
    ISA_STUB w_dcbz_rd, 0x7C2007EC      /* dcbz with bits 6:10 = 1 */
    ISA_STUB w_dcbi_rc, 0x7C0003AD      /* dcbi with bit 31 */
    ISA_STUB w_dccci_rc, 0x7C00038D     /* dccci with bit 31 */
    ISA_STUB w_iccci_rc, 0x7C00078D     /* iccci with bit 31 */
    ISA_STUB w_icbi_rd, 0x7C2007AC      /* icbi with bits 6:10 = 1 */
    ISA_STUB w_dcbf_rd, 0x7C2000AC      /* dcbf with bits 6:10 = 1 */
    ISA_STUB w_icread_rd, 0x7C2007CC    /* icread with bits 6:10 = 1 */
    ISA_STUB w_dcread_rc, 0x7C0003CD    /* dcread r0, 0, r0 with bit 31 */

    .section .note.GNU-stack, "", @progbits

/* isa_dcr: DCR numbers nothing answers to and invalid forms, one stub
 * each (r0 is the register operand). */
#include "../isa_common/isa.h"

#define DCRN(n)     ((((n) & 0x1F) << 16) | (((n) >> 5) << 11))
#define MFDCR_R0(n) (0x7C000286 | DCRN(n))
#define MTDCR_R0(n) (0x7C000386 | DCRN(n))

    .machine "405"
    ISA_STUB w_mfdcr_000, MFDCR_R0(0x000)
    ISA_STUB w_mtdcr_000, MTDCR_R0(0x000)
    ISA_STUB w_mfdcr_001, MFDCR_R0(0x001)
    ISA_STUB w_mtdcr_0bf, MTDCR_R0(0x0BF)
    ISA_STUB w_mfdcr_0c9, MFDCR_R0(0x0C9)
    ISA_STUB w_mtdcr_0c9, MTDCR_R0(0x0C9)
    ISA_STUB w_mfdcr_0ff, MFDCR_R0(0x0FF)
    ISA_STUB w_mtdcr_200, MTDCR_R0(0x200)
    ISA_STUB w_mfdcr_3ff, MFDCR_R0(0x3FF)
    ISA_STUB w_mtdcr_3ff, MTDCR_R0(0x3FF)
    ISA_STUB w_mfdcr_rc, (MFDCR_R0(0x0C3)|1)
    ISA_STUB w_mtdcr_rc, (MTDCR_R0(0x0C3)|1)
    ISA_STUB w_mfdcrx, 0x7C000206       /* mfdcrx r0, r0 */
    ISA_STUB w_mtdcrx, 0x7C000306       /* mtdcrx r0, r0 */

    .section .note.GNU-stack, "", @progbits

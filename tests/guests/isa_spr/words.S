/* isa_spr: SPR numbers QEMU refuses in supervisor state, one stub each. */
#include "../isa_common/isa.h"

    .machine "405"
    ISA_STUB w_mtspr_260, 0x7C0443A6    /* mtspr 260 (SPRG4 read-only number), r0 */
    ISA_STUB w_mfspr_0, 0x7C0002A6      /* mfspr r0, 0 */
    ISA_STUB w_mtspr_0, 0x7C0003A6      /* mtspr 0, r0 */
    ISA_STUB w_mtspr_268, 0x7C0C43A6    /* mtspr 268 (TBL read-only number), r0 */

    .section .note.GNU-stack, "", @progbits

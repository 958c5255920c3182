/* isa_msr: encodings with a reserved field set, one stub each. */
#include "../isa_common/isa.h"

    .machine "405"
    ISA_STUB w_mfmsr_ra, 0x7C0300A6
    ISA_STUB w_mfmsr_rb, 0x7C0020A6
    ISA_STUB w_mfmsr_rc, 0x7C0000A7
    ISA_STUB w_mtmsr_ra, 0x7C020124
    ISA_STUB w_mtmsr_rb, 0x7C002124
    ISA_STUB w_mtmsr_rc, 0x7C000125
    ISA_STUB w_wrtee_ra, 0x7C020106
    ISA_STUB w_wrtee_rb, 0x7C002106
    ISA_STUB w_wrtee_rc, 0x7C000107
    ISA_STUB w_wrteei_rd, 0x7C208146
    ISA_STUB w_wrteei_ra, 0x7C020146
    ISA_STUB w_wrteei_rc, 0x7C000147
    ISA_STUB w_rfi_rs, 0x4C200064
    ISA_STUB w_rfi_rb, 0x4C002064
    ISA_STUB w_rfi_rc, 0x4C000065
    ISA_STUB w_sc_bit30, 0x44000000
    ISA_STUB w_sc_rc, 0x44000003
    ISA_STUB w_sc_lev, 0x44000FE2

    .section .note.GNU-stack, "", @progbits

/*
 * Emulation of the 405's privileged instructions on a partition's virtual
 * register file (full virtualization, FV).  The partition runs in problem
 * state, so each privileged instruction it executes in its virtual
 * supervisor state raises a privileged-operation program interrupt; the
 * core decodes the instruction here through two tables (the instruction
 * table by opcode, the SPR table by number), emulates it and tells the
 * caller how the guest goes on.  spec/virtualization.md lists every
 * instruction and register with its emulation.
 * REQ: FV-001 (every privileged instruction emulated or refused with a
 *      precise cause), FV-002 (register file), FV-008 (the virtual MSR never
 *      grants real privilege: it is data; the partition always runs with
 *      MSR_GUEST).
 */
#include <proteus/arch.h>

/* Full virtualization is a capability (CFG-003); its optional parts (the
 * virtual timers, UIC and TLB) are switches of their own.  Without one of
 * them, its instructions and registers go to the health monitor with a
 * cause naming what is missing (unsupported-timer, -dcr, -tlb). */
#if CONFIG_FV

/* Instruction fields (PowerPC bit numbering: bit 0 is the MSB).  Those
 * that index the register file or the table search compares are written
 * with divisions and remainders by powers of two, so that the proof sees
 * their range (F_OPCD and F_XO are insn_opcd and insn_xo, core.h); the
 * compiler emits the same shifts and masks. */
#define F_OPCD(i) ((i) / 0x04000000u)            /* bits 0:5 */
#define F_XO(i)   (((i) / 2u) % 0x400u)          /* bits 21:30 */
#define F_RD(i)   (((i) / 0x00200000u) % 32u)    /* bits 6:10 */
#define F_RA(i)   (((i) / 0x00010000u) % 32u)    /* bits 11:15 */
#define F_RB(i)   (((i) / 0x00000800u) % 32u)    /* bits 16:20 */
/* SPR and DCR numbers are encoded with their two 5-bit halves swapped. */
#define F_SPRN(i) ((((i) >> 16) & 31u) | (((i) >> 6) & 0x3E0u))
#define MTMSR_L   0x00010000u /* bit 15 of mtmsr: only EE is written */
#define WRTEEI_E  0x00008000u /* bit 16 of wrteei */

/* Instruction handlers. */
#define H_MFMSR   1u
#define H_MTMSR   2u
#define H_WRTEE   3u
#define H_WRTEEI  4u
#define H_RFI     5u
#define H_RFCI    6u
#define H_MFSPR   7u
#define H_MTSPR   8u
#define H_MFDCR   9u
#define H_MTDCR   10u
#define H_NOP     11u  /* dcbi, dccci, icread, icbt, tlbsync */
#define H_ICCCI   12u
#define H_DCREAD  13u
#define H_TLBWE   14u
#define H_TLBRE   15u
#define H_TLBSX   16u
#define H_TLBIA   17u

/* One privileged instruction: primary and extended opcode, handler, and
 * the reserved bits that must be zero (else: illegal instruction).  The
 * reserved masks are the ones the board checks before the privilege check
 * (spec/virtualization.md, FV-INSN-*), so an encoding the board accepts in
 * supervisor state is emulated, and one it refuses is refused here too. */
struct emul_op {
    uint8_t opcd;
    uint8_t handler;
    uint16_t xo;
    uint32_t reserved;
};

#define R_RC  0x00000001u  /* the record bit (tlbsx.) */
#define EMUL_OPS 21u

static const struct emul_op emul_ops[EMUL_OPS] = {
    { 31u, H_MFMSR,  83u,  0x001FF801u },   /* rA, rB, Rc */
    { 31u, H_MTMSR,  146u, 0x001EF801u },   /* bits 11:14, 16:20, 31 (15 is L) */
    { 31u, H_WRTEE,  131u, 0x000FFC01u },   /* bits 12:21, 31 */
    { 31u, H_WRTEEI, 163u, 0x000E7C01u },   /* bits 12:14, 17:21, 31 */
    { 19u, H_RFI,    50u,  0x03FF8001u },   /* bits 6:16, 31 */
    { 19u, H_RFCI,   51u,  0x03FF8001u },
    { 31u, H_MFSPR,  339u, 0x00000001u },
    { 31u, H_MTSPR,  467u, 0x00000000u },
    { 31u, H_MFDCR,  323u, 0x00000001u },
    { 31u, H_MTDCR,  451u, 0x00000001u },
    { 31u, H_NOP,    470u, 0x03E00001u },   /* dcbi */
    { 31u, H_NOP,    454u, 0x03E00001u },   /* dccci */
    { 31u, H_ICCCI,  966u, 0x00000001u },   /* iccci */
    { 31u, H_DCREAD, 486u, 0x00000001u },   /* dcread */
    { 31u, H_NOP,    998u, 0x03E00001u },   /* icread */
    { 31u, H_NOP,    262u, 0x03E00001u },   /* icbt (privileged by the manual) */
    { 31u, H_NOP,    566u, 0x03FFF801u },   /* tlbsync */
    { 31u, H_TLBWE,  978u, 0x0000F001u },   /* tlbwe: WS > 1 is reserved */
    { 31u, H_TLBRE,  946u, 0x0000F001u },   /* tlbre */
    { 31u, H_TLBSX,  914u, 0x00000000u },   /* tlbsx, tlbsx. */
    { 31u, H_TLBIA,  370u, 0x03FFFC01u },   /* tlbia */
};

/* SPR kinds. */
#define K_INNOC   1u   /* vregs.reg[index] & mask */
#define K_STORED  2u   /* vcpu.sreg[index] & mask */
#define K_TCR     3u
#define K_TSR     4u
#define K_PIT     5u
#define K_TBW     6u   /* TBL/TBU write numbers (index 0 lower, 1 upper) */
#define K_TBR     7u   /* TBL/TBU read numbers: mtspr is privileged */
#define K_USPRG   8u   /* user views of SPRG0, SPRG4-7: mtspr is privileged */
#define K_DBSR    9u   /* write one to clear */
#define K_DBCR0   10u  /* RST requests a reset */
#define K_SLER    11u  /* little-endian storage: not supported */
#define K_PVR     12u
#define K_ICDBDR  13u  /* no cache model: reads 0 */
#define K_PRIV    14u  /* mfspr and mtspr raise a privileged operation */
#define K_PRIV_RD 15u  /* mfspr raises a privileged operation, mtspr no-op */

struct emul_spr {
    uint16_t spr;
    uint8_t kind;
    uint8_t index;
    uint32_t mask;
};

#define ALL 0xFFFFFFFFu
#define EMUL_SPRS 53u

static const struct emul_spr emul_sprs[EMUL_SPRS] = {
    { 0u, K_PRIV, 0u, 0u },
    { 4u, K_PRIV_RD, 0u, 0u },
    { 5u, K_PRIV_RD, 0u, 0u },
    { 6u, K_PRIV_RD, 0u, 0u },
    { 26u, K_INNOC, VI_SRR0, ALL },
    { 27u, K_INNOC, VI_SRR1, ALL },
    { 256u, K_USPRG, VI_SPRG0, ALL },
    { 260u, K_USPRG, VI_SPRG0 + 4u, ALL },
    { 261u, K_USPRG, VI_SPRG0 + 5u, ALL },
    { 262u, K_USPRG, VI_SPRG0 + 6u, ALL },
    { 263u, K_USPRG, VI_SPRG0 + 7u, ALL },
    { 268u, K_TBR, 0u, 0u },
    { 269u, K_TBR, 1u, 0u },
    { 272u, K_INNOC, VI_SPRG0, ALL },
    { 273u, K_INNOC, VI_SPRG0 + 1u, ALL },
    { 274u, K_INNOC, VI_SPRG0 + 2u, ALL },
    { 275u, K_INNOC, VI_SPRG0 + 3u, ALL },
    { 276u, K_INNOC, VI_SPRG0 + 4u, ALL },
    { 277u, K_INNOC, VI_SPRG0 + 5u, ALL },
    { 278u, K_INNOC, VI_SPRG0 + 6u, ALL },
    { 279u, K_INNOC, VI_SPRG0 + 7u, ALL },
    { 284u, K_TBW, 0u, 0u },
    { 285u, K_TBW, 1u, 0u },
    { 287u, K_PVR, 0u, 0u },
    { 944u, K_STORED, VS_ZPR, ALL },
    { 945u, K_STORED, VS_PID, 0xFFu },
    { 947u, K_STORED, VS_CCR0, ALL },
    { 948u, K_STORED, VS_IAC3, ALL },
    { 949u, K_STORED, VS_IAC4, ALL },
    { 950u, K_STORED, VS_DVC1, ALL },
    { 951u, K_STORED, VS_DVC2, ALL },
    { 953u, K_STORED, VS_SGR, ALL },
    { 954u, K_STORED, VS_DCWR, ALL },
    { 955u, K_SLER, VS_SLER, ALL },
    { 956u, K_STORED, VS_SU0R, ALL },
    { 957u, K_STORED, VS_DBCR1, ALL },
    { 979u, K_ICDBDR, 0u, 0u },
    { 980u, K_INNOC, VI_ESR, ALL },
    { 981u, K_INNOC, VI_DEAR, ALL },
    { 982u, K_INNOC, VI_EVPR, 0xFFFF0000u },
    { 984u, K_TSR, 0u, 0u },
    { 986u, K_TCR, 0u, 0u },
    { 987u, K_PIT, 0u, 0u },
    { 990u, K_INNOC, VI_SRR2, ALL },
    { 991u, K_INNOC, VI_SRR3, ALL },
    { 1008u, K_DBSR, VS_DBSR, ALL },
    { 1010u, K_DBCR0, VS_DBCR0, ALL },
    { 1012u, K_STORED, VS_IAC1, ALL },
    { 1013u, K_STORED, VS_IAC2, ALL },
    { 1014u, K_STORED, VS_DAC1, ALL },
    { 1015u, K_STORED, VS_DAC2, ALL },
    { 1018u, K_STORED, VS_DCCR, ALL },
    { 1019u, K_STORED, VS_ICCR, ALL },
};

#define DBCR0_RST 0x30000000u

/*@ predicate emul_spr_ok(struct emul_spr d) =
        (d.kind == K_INNOC ==> d.index < VI_COUNT) &&
        ((d.kind == K_STORED || d.kind == K_DBSR || d.kind == K_DBCR0 ||
          d.kind == K_SLER) ==> d.index < VS_COUNT);
*/

/* The SPR table entry of number spr, or EMUL_SPRS if none. */
/*@ assigns \nothing;
    ensures \result <= EMUL_SPRS; */
static uint32_t spr_find(uint32_t spr)
{
    uint32_t k;

    /*@ loop invariant 0 <= k <= EMUL_SPRS;
        loop assigns k;
        loop variant EMUL_SPRS - k; */
    for (k = 0u; k < EMUL_SPRS; k++) { /* @wcet-bound 53 */
        if (emul_sprs[k].spr == spr) {
            break;
        }
    }
    return k;
}

/* mfspr: the value of SPR spr into *val; EMUL_NEXT, or EMUL_PRIV. */
/*@ requires \valid_read(v) && \valid(val);
    assigns *val;
    ensures \result == EMUL_NEXT || \result == EMUL_PRIV || \result == EMUL_UNSUP_TIMER; */
static uint32_t spr_read(const struct vcpu *v, uint32_t spr, uint64_t now, uint32_t *val)
{
    const uint32_t k = spr_find(spr);
    uint32_t kind, index;

    if (k == EMUL_SPRS) {
        return EMUL_NEXT; /* unimplemented number: no-op, rD unchanged */
    }
    kind = emul_sprs[k].kind;
    index = emul_sprs[k].index;
    switch (kind) {
    case K_INNOC:
    case K_USPRG:
        *val = v->r.reg[index % VI_COUNT];
        break;
    case K_STORED:
    case K_DBSR:
    case K_DBCR0:
    case K_SLER:
        *val = v->sreg[index % VS_COUNT];
        break;
#if CONFIG_FV_TIMERS
    case K_TCR:
        *val = v->t.tcr;
        break;
    case K_TSR:
        *val = v->t.tsr;
        break;
    case K_PIT:
        *val = vtimer_pit_read(&v->t, now);
        break;
    case K_TBW:
    case K_TBR:
        *val = vtimer_tb_read(&v->t, index, now);
        break;
#else
    case K_TCR:
    case K_TSR:
    case K_PIT:
        return EMUL_UNSUP_TIMER;
    case K_TBW:
    case K_TBR:
        /* No virtual time base: the guest's is the board's (FV-006). */
        *val = index != 0u ? (uint32_t)(now >> 32) : (uint32_t)now;
        break;
#endif
    case K_PVR:
        *val = arch_pvr_read();
        break;
    case K_ICDBDR:
        *val = 0u;
        break;
    default: /* K_PRIV, K_PRIV_RD */
        return EMUL_PRIV;
    }
    return EMUL_NEXT;
}

/* mtspr: write val to SPR spr. */
#if CONFIG_FV_TIMERS
/*@ requires \valid(v);
    // FV-002: the partition's own virtual 405 only; FV-008: not its MSR
    assigns v->r.reg[0 .. VI_COUNT - 1], v->sreg[0 .. VS_COUNT - 1], v->t;
    ensures \result == EMUL_NEXT || \result == EMUL_PRIV || \result == EMUL_RESET ||
            \result == EMUL_UNSUP_SLER || \result == EMUL_UNSUP_TIMER;
*/
#else
/*@ requires \valid(v);
    // FV-002: the partition's own virtual 405 only; FV-008: not its MSR
    assigns v->r.reg[0 .. VI_COUNT - 1], v->sreg[0 .. VS_COUNT - 1];
    ensures \result == EMUL_NEXT || \result == EMUL_PRIV || \result == EMUL_RESET ||
            \result == EMUL_UNSUP_SLER || \result == EMUL_UNSUP_TIMER;
*/
#endif
static uint32_t spr_write(struct vcpu *v, uint32_t spr, uint32_t val, uint64_t now)
{
    const uint32_t k = spr_find(spr);
    uint32_t kind, index, mask;

    if (k == EMUL_SPRS) {
        return EMUL_NEXT; /* unimplemented number: no-op */
    }
    kind = emul_sprs[k].kind;
    index = emul_sprs[k].index;
    mask = emul_sprs[k].mask;
    switch (kind) {
    case K_INNOC:
        v->r.reg[index % VI_COUNT] = val & mask;
        break;
    case K_STORED:
        v->sreg[index % VS_COUNT] = val & mask;
        break;
    case K_DBSR:
        v->sreg[VS_DBSR] &= ~val;
        break;
    case K_DBCR0:
        if ((val & DBCR0_RST) != 0u) {
            return EMUL_RESET;
        }
        v->sreg[VS_DBCR0] = val;
        break;
    case K_SLER:
        if (val != 0u) {
            return EMUL_UNSUP_SLER;
        }
        v->sreg[VS_SLER] = 0u;
        break;
#if CONFIG_FV_TIMERS
    case K_TCR:
        vtimer_tcr_write(&v->t, val);
        break;
    case K_TSR:
        vtimer_tsr_write(&v->t, val);
        break;
    case K_PIT:
        vtimer_pit_write(&v->t, val, now);
        break;
    case K_TBW:
        vtimer_tb_write(&v->t, index, val, now);
        break;
#else
    case K_TCR:
    case K_TSR:
    case K_PIT:
    case K_TBW:
        (void)now;
        return EMUL_UNSUP_TIMER;
#endif
    case K_PRIV_RD:
        break; /* mtspr of these numbers is a no-op */
    default: /* K_USPRG, K_TBR, K_PVR, K_ICDBDR, K_PRIV: read-only numbers */
        return EMUL_PRIV;
    }
    return EMUL_NEXT;
}

/* The MSR a guest may hold: VMSR_MASK bits; translation (IR/DR) needs a
 * virtual TLB, which this configuration does not have. */
/*@ requires \valid(v);
    assigns v->r.msr;
    ensures v->r.msr == (msr & VMSR_MASK);
    ensures (v->r.msr & ~VMSR_MASK) == 0;  // FV-008
    ensures \result == EMUL_NEXT || \result == EMUL_UNSUP_XLATE; */
static uint32_t msr_write(struct vcpu *v, uint32_t msr)
{
    v->r.msr = msr & VMSR_MASK;
    return (msr & (MSR_IR | MSR_DR)) != 0u ? EMUL_UNSUP_XLATE : EMUL_NEXT;
}

/* The MSR with EE from e's EE bit (mtmsr with L, wrtee, wrteei): keep is
 * the MSR with EE clear.  A function of its own (the compiler inlines it)
 * so that the proof sees that no bit outside VMSR_MASK appears (FV-008). */
/*@ assigns \nothing;
    ensures \result == (keep | (e & MSR_EE));
    // FV-008; the complement as a 32-bit value, the form emul_insn's
    // postcondition takes once simplified
    ensures (keep & ~VMSR_MASK) == 0 ==> (\result & (uint32_t)~VMSR_MASK) == 0;
*/
static uint32_t msr_ee(uint32_t keep, uint32_t e)
{
    return keep | (e & MSR_EE);
}

/* The DCRs the board's devices answer to, other than UIC0's (probed on
 * the board: spec/virtualization.md 6.4): bit n % 32 of word n / 32.  They
 * need device emulation, which this version does not have.  Without the
 * virtual UIC, UIC0's DCRs (0xC0-0xC8) are one more such device. */
#define BOARD_DCR_WORDS 16u
#if CONFIG_FV_UIC
#define UIC0_DCRS 0x00000000u
#else
#define UIC0_DCRS 0x000001FFu
#endif
static const uint32_t board_dcrs[BOARD_DCR_WORDS] = {
    0x0F0F0000u, 0x00000000u, 0x00000000u, 0x00800000u,
    0x000002D2u, 0x00000015u, UIC0_DCRS, 0x02FB0000u,
    0x1F1F1F1Fu, 0x00000069u, 0x00000000u, 0x00000000u,
    0x000F00F7u, 0x0000000Fu, 0x00000003u, 0x00000003u,
};

/* mfdcr/mtdcr of a DCR that is not UIC0's: a board device's goes to the
 * health monitor (FV-001), any other number raises the guest's program
 * interrupt, ESR[PIL], as an unregistered DCR does on the board (FV-007). */
/*@ assigns \nothing;
    ensures \result == EMUL_UNSUP_DCR || \result == EMUL_ILLEGAL; */
static uint32_t dcr_other(uint32_t dcrn)
{
    if (dcrn < 32u * BOARD_DCR_WORDS && ((board_dcrs[dcrn / 32u] >> (dcrn % 32u)) & 1u) != 0u) {
        return EMUL_UNSUP_DCR;
    }
    return EMUL_ILLEGAL;
}

/* The contract is on the prototype (core.h). */
uint32_t emul_insn(struct ctx *c, struct vcpu *v, uint32_t insn, uint64_t now)
{
    const uint32_t opcd = F_OPCD(insn);
    const uint32_t xo = F_XO(insn);
    const uint32_t rd = F_RD(insn);
    const uint32_t ra = F_RA(insn);
    const uint32_t rb = F_RB(insn);
    uint32_t k, val;

    /*@ loop invariant 0 <= k <= EMUL_OPS;
        loop invariant \forall integer j; 0 <= j < k ==>
            !(emul_ops[j].opcd == opcd && emul_ops[j].xo == xo);
        loop assigns k;
        loop variant EMUL_OPS - k; */
    for (k = 0u; k < EMUL_OPS; k++) { /* @wcet-bound 21 */
        if (emul_ops[k].opcd == opcd && emul_ops[k].xo == xo) {
            break;
        }
    }
    // FV-001: the table is the instructions of emul_known, with their reserved bits
    //@ assert k == EMUL_OPS ==> !emul_known(insn);
    //@ assert k < EMUL_OPS ==> emul_known(insn) && emul_ops[k].reserved == emul_reserved(insn);
    if (k == EMUL_OPS) {
        return EMUL_UNSUP_INSN;
    }
    if ((insn & emul_ops[k].reserved) != 0u) {
        return EMUL_ILLEGAL;
    }
    switch (emul_ops[k].handler) {
    case H_MFMSR:
        c->gpr[rd] = v->r.msr;
        return EMUL_NEXT;
    case H_MTMSR:
        if ((insn & MTMSR_L) != 0u) {
            v->r.msr = msr_ee(v->r.msr & ~MSR_EE, c->gpr[rd]);
            return EMUL_NEXT;
        }
        return msr_write(v, c->gpr[rd]);
    case H_WRTEE:
        v->r.msr = msr_ee(v->r.msr & ~MSR_EE, c->gpr[rd]);
        return EMUL_NEXT;
    case H_WRTEEI:
        v->r.msr = msr_ee(v->r.msr & ~MSR_EE, (insn & WRTEEI_E) != 0u ? MSR_EE : 0u);
        return EMUL_NEXT;
    case H_RFI:
        c->pc = v->r.reg[VI_SRR0] & ~3u;
        return msr_write(v, v->r.reg[VI_SRR1]) == EMUL_NEXT ? EMUL_GOTO : EMUL_UNSUP_XLATE;
    case H_RFCI:
        c->pc = v->r.reg[VI_SRR2] & ~3u;
        return msr_write(v, v->r.reg[VI_SRR3]) == EMUL_NEXT ? EMUL_GOTO : EMUL_UNSUP_XLATE;
    case H_MFSPR:
        val = c->gpr[rd];
        k = spr_read(v, F_SPRN(insn), now, &val);
        c->gpr[rd] = val;
        return k;
    case H_MTSPR:
        return spr_write(v, F_SPRN(insn), c->gpr[rd], now);
#if CONFIG_FV_UIC
    case H_MFDCR:
        if (vuic_owns(F_SPRN(insn)) == 0u) {
            return dcr_other(F_SPRN(insn));
        }
        c->gpr[rd] = vuic_read(&v->uic, F_SPRN(insn));
        return EMUL_NEXT;
    case H_MTDCR:
        if (vuic_owns(F_SPRN(insn)) == 0u) {
            return dcr_other(F_SPRN(insn));
        }
        vuic_write(&v->uic, F_SPRN(insn), c->gpr[rd]);
        return EMUL_NEXT;
#else
    case H_MFDCR:
    case H_MTDCR:
        return dcr_other(F_SPRN(insn));
#endif
    case H_ICCCI:
        arch_icache_invalidate_all();
        return EMUL_NEXT;
    case H_DCREAD:
        /* No cache model: the effective address, as this board gives; an
         * EA that is not word-aligned is the manual's alignment case. */
        val = (uint32_t)((uint64_t)(ra == 0u ? 0u : c->gpr[ra]) + c->gpr[rb]);
        if ((val & 3u) != 0u) {
            v->r.reg[VI_DEAR] = val;
            return EMUL_ALIGN;
        }
        c->gpr[rd] = val;
        return EMUL_NEXT;
#if CONFIG_FV_TLB
    case H_TLBWE:
        vtlb_write(v, c->gpr[ra], rb, c->gpr[rd]);
        return EMUL_NEXT;
    case H_TLBRE:
        c->gpr[rd] = vtlb_read(v, c->gpr[ra], rb);
        return EMUL_NEXT;
    case H_TLBSX:
        val = vtlb_search(v, (uint32_t)((uint64_t)(ra == 0u ? 0u : c->gpr[ra]) + c->gpr[rb]));
        c->gpr[rd] = val;
        if ((insn & R_RC) != 0u) {
            c->cr = vtlb_search_cr(c->cr, c->xer, val);
        }
        return EMUL_NEXT;
    case H_TLBIA:
        vtlb_invalidate_all(v);
        return EMUL_NEXT;
#else
    case H_TLBWE:
    case H_TLBRE:
    case H_TLBSX:
    case H_TLBIA:
        return EMUL_UNSUP_TLB;
#endif
    default: /* H_NOP */
        return EMUL_NEXT;
    }
}

#endif /* CONFIG_FV */

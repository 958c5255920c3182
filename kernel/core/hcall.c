/*
 * Hypercall dispatch (ABI in proteus/hcall.h).  The guest's registers are
 * the arguments; the result goes back into them; the guest resumes after
 * the hypercall instruction.  Unknown numbers return HC_E_NOSYS and are
 * otherwise harmless.
 * REQ: HC-001 (single hypercall entry), HC-002 (console), HC-003 (partition
 *      info), HC-004 (unknown number -> HC_E_NOSYS, no other effect).
 */
#include <proteus/arch.h>
#include <proteus/hcall.h>
#include <proteus/tables.h>


/* Its contract is at its declaration (tables.h): trap.c relies on it. */
struct ctx *hcall_dispatch(struct ctx *c)
{
    struct partition *p = &partitions[cur_index];
    const uint32_t nr = c->gpr[0];

    switch (nr) {
    case HC_CONSOLE_PUTC:
        console_putc(p, cfg_partitions[cur_index].name, c->gpr[3] & 0xFFu);
        c->gpr[3] = (uint32_t)HC_OK;
        break;
    case HC_PARTITION_INFO:
        c->gpr[3] = cur_index;
        c->gpr[4] = p->starts - 1u;
        break;
    default:
        c->gpr[3] = (uint32_t)HC_E_NOSYS;
        break;
    }
    /* The next instruction, modulo 2^32 as on the 405. */
    c->pc = (uint32_t)((uint64_t)c->pc + 4u);
    return c;
}

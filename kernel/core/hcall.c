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


/*@ requires cur_index < CONFIG_NUM_PARTITIONS;
    requires c == &partitions[cur_index].ctx;
    requires partitions[cur_index].starts >= 1;
    requires partitions[cur_index].line_len <= CONSOLE_LINE_MAX;
    assigns c->gpr[3], c->gpr[4], c->pc, partitions[cur_index].line_len,
            partitions[cur_index].line[0 .. CONSOLE_LINE_MAX - 1];
    ensures c->pc == (uint32_t)(\old(c->pc) + 4);
    ensures \result == c;
*/
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

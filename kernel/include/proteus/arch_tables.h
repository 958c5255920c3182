/*
 * The machine accessor whose contract reads the configuration tables (an
 * audited assumption like those of arch.h, proofs/README.md).  Apart from
 * arch.h so that the core files that do not read the tables are proven
 * without them in their text (proofs/proved.list, kind text).
 */
#ifndef PROTEUS_ARCH_TABLES_H
#define PROTEUS_ARCH_TABLES_H

#include <proteus/arch.h>
#include <proteus/tables.h>

/* Write TLB entry index (< 64): data word first, then the tag word with
 * TID = e->pid.  Its precondition is PART-002: only an entry of the
 * running partition's own regions ever reaches the TLB. */
/*@ requires index < TLB_ENTRIES && \valid_read(e);
    requires cur_index < CONFIG_NUM_PARTITIONS;
    requires PART_002: entry_of_partition(*e, cur_index);
    assigns \nothing; */
void arch_tlb_write(uint32_t index, const struct tlb_entry *e);

#endif

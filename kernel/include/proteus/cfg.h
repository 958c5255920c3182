/*
 * Types of the configuration tables that tools/config generates from
 * config/<name>.conf (build/<name>/gen/config_data.c, config.h).
 * The core reads these tables only; nothing writes them at run time.
 * Requirements: CFG-001 (one configuration, one truth), PART-001, SCHED-001,
 * SCHED-005.
 */
#ifndef PROTEUS_CFG_H
#define PROTEUS_CFG_H

#include <stdint.h>

/* Region attributes (cfg_region.attr). */
#define REGION_R      0x1u  /* readable (every valid region) */
#define REGION_W      0x2u  /* writable */
#define REGION_X      0x4u  /* executable (RAM only) */
#define REGION_DEVICE 0x8u  /* board device page: guarded, cache-inhibited */

/* Health-monitor actions (cfg_partition.hm_action). */
#define HM_ACTION_HALT    0u
#define HM_ACTION_RESTART 1u

/* Fixed limits the configuration compiler enforces. */
#define CFG_MAX_PARTITIONS 15u  /* PIDs 1..15; PID 0 would match every TID */
#define CFG_MAX_REGIONS    8u   /* per partition */
#define CFG_MAX_WINDOWS    64u
#define CFG_PAGE_SIZE      4096u
#define CFG_NAME_MAX       15u  /* characters of a partition name */
#define CFG_BANNER_MAX     127u /* characters of the boot banner (cfg_banner) */

/* One memory region of a partition: guest-physical [guest, guest+size)
 * maps to host-physical [host, host+size).  guest, host and size are
 * multiples of CFG_PAGE_SIZE, size > 0, neither range wraps past 2^32. */
struct cfg_region {
    uint32_t guest;
    uint32_t host;
    uint32_t size;
    uint32_t attr;  /* REGION_* */
};

/* One piece of a partition image: copy len bytes from offset src of the
 * image blob (cfg_image_blob) to host-physical address host, after the
 * partition's RAM regions have been zeroed. */
struct cfg_load {
    uint32_t host;
    uint32_t src;
    uint32_t len;
};

struct cfg_partition {
    char     name[CFG_NAME_MAX + 1u];
    uint32_t entry;        /* guest address of the first instruction */
    uint32_t pid;          /* 1..CFG_MAX_PARTITIONS, unique */
    uint32_t hm_action;    /* HM_ACTION_* */
    uint32_t first_region; /* index into cfg_regions */
    uint32_t num_regions;  /* 1..CFG_MAX_REGIONS */
    uint32_t first_load;   /* index into cfg_loads */
    uint32_t num_loads;
};

/* One window of the major frame: partition runs from start to start+ticks
 * (time-base ticks, relative to the start of the major frame).  Windows are
 * contiguous: window 0 starts at 0, each starts where the previous ends and
 * the last ends at the major frame. */
struct cfg_window {
    uint32_t partition;  /* index into cfg_partitions */
    uint32_t start;
    uint32_t ticks;      /* > 0 */
};

/* One partition under the fixed-priority scheduler (SCHED-005): it is
 * released every `period` ticks from boot with `budget` ticks to run; the
 * table is sorted by priority, the highest first. */
struct cfg_budget {
    uint32_t partition;  /* index into cfg_partitions */
    uint32_t budget;     /* ticks, 0 < budget <= period */
    uint32_t period;     /* ticks, > 0 */
};

#endif

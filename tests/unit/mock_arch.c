/*
 * Host implementation of kernel/include/proteus/arch.h for the unit tests
 * (see mock_arch.h): records every request of the core and checks the
 * contracts arch.h states.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <proteus/hcall.h>

#include "mock_arch.h"
#include "image_blob.h"

/* ------------------------------------------------------------- UART ---- */
static char uart_buf[MOCK_UART_SIZE + 1u];
static uint32_t uart_len;

void mock_uart_reset(void)
{
    uart_len = 0u;
    uart_buf[0] = '\0';
}

const char *mock_uart_text(void)
{
    return uart_buf;
}

uint32_t mock_uart_len(void)
{
    return uart_len;
}

int mock_uart_has(const char *s)
{
    return strstr(uart_buf, s) != NULL;
}

void arch_uart_putc(uint32_t ch)
{
    if (ch > 0xFFu) {
        fail_msg("arch_uart_putc(0x%x): not a byte", ch);
    }
    if (uart_len >= MOCK_UART_SIZE) {
        fail_msg("UART buffer of the mock full");
    }
    uart_buf[uart_len] = (char)ch;
    uart_len++;
    uart_buf[uart_len] = '\0';
}

/* ------------------------------------------------- time base and PIT ---- */
uint64_t mock_tb;
uint32_t mock_tb_reads;
uint32_t mock_pit_last;
uint32_t mock_pit_sets;
uint32_t mock_init_calls;
uint32_t mock_init_uart_len;

uint64_t arch_tb_read(void)
{
    mock_tb_reads++;
    return mock_tb;
}

void arch_pit_set(uint32_t ticks)
{
    /* DEV-002: the PIT does not count from 0 or 1. */
    if (ticks < 2u) {
        fail_msg("arch_pit_set(%u): below the PIT minimum of 2", ticks);
    }
    mock_pit_last = ticks;
    mock_pit_sets++;
}

/* -------------------------------------------------------------- TLB ---- */
struct tlb_entry mock_tlb[TLB_ENTRIES];
uint32_t mock_tlb_writes;
uint32_t mock_tlb_last_index;
uint32_t mock_tlb_invalidates;

uint32_t mock_pid;
uint32_t mock_pid_sets;

void arch_init(void)
{
    mock_init_calls++;
    mock_init_uart_len = uart_len;
    memset(mock_tlb, 0, sizeof mock_tlb);
    mock_pid = 0u;
}

void arch_pid_set(uint32_t pid)
{
    if (pid == 0u || pid > CFG_MAX_PARTITIONS) {
        fail_msg("arch_pid_set(%u): not a partition's PID", pid);
    }
    mock_pid = pid;
    mock_pid_sets++;
}

void mock_check_resume(const struct ctx *c)
{
    uint32_t i;

    for (i = 0u; i < CONFIG_NUM_PARTITIONS; i++) {
        if (c != &partitions[i].ctx || (c->msr & MSR_PR) == 0u) {
            continue;
        }
        if (i != cur_index) {
            fail_msg("resuming the guest of '%s', current partition is '%s'",
                     cfg_partitions[i].name, cfg_partitions[cur_index].name);
        }
        if (mock_pid != cfg_partitions[i].pid) {
            fail_msg("resuming the guest of '%s' (PID %u) with PID %u",
                     cfg_partitions[i].name, cfg_partitions[i].pid, mock_pid);
        }
    }
}

uint32_t mock_page_bytes(uint32_t code)
{
    return 1024u << (2u * code);
}

static uint32_t entry_size(const struct tlb_entry *e)
{
    return mock_page_bytes((e->hi >> TLBHI_SIZE_SHIFT) & 7u);
}

/* PART-002, checked on every entry the core installs: the page lies inside
 * one region of the running partition, maps guest to host as configured,
 * has at most the region's permissions and carries the partition's PID. */
static void check_entry(uint32_t index, const struct tlb_entry *e)
{
    const struct cfg_partition *cp;
    const uint32_t size = entry_size(e);
    const uint32_t epn = e->hi & TLBHI_EPN_MASK;
    const uint32_t rpn = e->lo & TLBLO_RPN_MASK;
    uint32_t i;

    if (index >= TLB_ENTRIES) {
        fail_msg("arch_tlb_write: index %u out of range", index);
    }
    if (cur_index >= CONFIG_NUM_PARTITIONS) {
        fail_msg("arch_tlb_write: cur_index %u out of range", cur_index);
    }
    cp = &cfg_partitions[cur_index];
    if (e->pid == 0u || e->pid != cp->pid) {
        fail_msg("arch_tlb_write: pid %u, running partition has %u", e->pid, cp->pid);
    }
    if (mock_pid != cp->pid) {
        fail_msg("arch_tlb_write: PID register %u, running partition has %u", mock_pid, cp->pid);
    }
    if ((e->hi & TLBHI_V) == 0u || (epn & (size - 1u)) != 0u || (rpn & (size - 1u)) != 0u) {
        fail_msg("arch_tlb_write: malformed entry hi=0x%08x lo=0x%08x", e->hi, e->lo);
    }
    if (((e->lo >> TLBLO_ZSEL_SHIFT) & 0xFu) != ZONE_GUEST) {
        fail_msg("arch_tlb_write: zone %u", (e->lo >> TLBLO_ZSEL_SHIFT) & 0xFu);
    }
    for (i = 0u; i < cp->num_regions; i++) {
        const struct cfg_region *r = &cfg_regions[cp->first_region + i];
        const int inside = epn >= r->guest &&
                           (uint64_t)epn + size <= (uint64_t)r->guest + r->size;
        if (!inside) {
            continue;
        }
        if (rpn != epn - r->guest + r->host) {
            fail_msg("arch_tlb_write: rpn 0x%08x for epn 0x%08x", rpn, epn);
        }
        if ((e->lo & TLBLO_WR) != 0u && (r->attr & REGION_W) == 0u) {
            fail_msg("arch_tlb_write: WR on a region without w");
        }
        if ((e->lo & TLBLO_EX) != 0u &&
            ((r->attr & REGION_X) == 0u || (r->attr & REGION_DEVICE) != 0u)) {
            fail_msg("arch_tlb_write: EX on a region without x or on a device");
        }
        if ((r->attr & REGION_DEVICE) != 0u &&
            (e->lo & (TLBLO_I | TLBLO_G)) != (TLBLO_I | TLBLO_G)) {
            fail_msg("arch_tlb_write: device page not guarded and cache-inhibited");
        }
        return;
    }
    fail_msg("arch_tlb_write: page 0x%08x+0x%x lies in no region of '%s'",
             epn, size, cp->name);
}

void arch_tlb_write(uint32_t index, const struct tlb_entry *e)
{
    check_entry(index, e);
    mock_tlb[index] = *e;
    mock_tlb_writes++;
    mock_tlb_last_index = index;
}

void arch_tlb_invalidate_all(void)
{
    memset(mock_tlb, 0, sizeof mock_tlb);
    mock_tlb_invalidates++;
}

int mock_tlb_lookup(uint32_t pid, uint32_t addr)
{
    uint32_t i;

    for (i = 0u; i < TLB_ENTRIES; i++) {
        const struct tlb_entry *e = &mock_tlb[i];
        const uint32_t epn = e->hi & TLBHI_EPN_MASK;
        if ((e->hi & TLBHI_V) != 0u && e->pid == pid &&
            addr >= epn && addr - epn < entry_size(e)) {
            return (int)i;
        }
    }
    return -1;
}

uint32_t mock_tlb_valid_count(void)
{
    uint32_t i, n = 0u;

    for (i = 0u; i < TLB_ENTRIES; i++) {
        n += (mock_tlb[i].hi & TLBHI_V) != 0u;
    }
    return n;
}

/* ------------------------------------------------------ user SPRs ---- */
struct mock_uregs mock_uregs;
uint32_t mock_uregs_saves;
uint32_t mock_uregs_loads;

const struct vregs *mock_uregs_last_save;
const struct vregs *mock_uregs_last_load;

/* The live registers belong to the partitions only: the core never saves
 * them into, or loads them from, anything but a partition's vregs. */
static void check_vregs(const char *what, const struct vregs *r)
{
    uint32_t i;

    for (i = 0u; i < CONFIG_NUM_PARTITIONS; i++) {
        if (r == &partitions[i].v.r) {
            return;
        }
    }
    fail_msg("%s: %p is no partition's vregs", what, (const void *)r);
}

void arch_uregs_save(struct vregs *r)
{
    check_vregs("arch_uregs_save", r);
    r->reg[VI_SPRG0] = mock_uregs.sprg0;
    r->reg[VI_SPRG0 + 4u] = mock_uregs.sprg4;
    r->reg[VI_SPRG0 + 5u] = mock_uregs.sprg5;
    r->reg[VI_SPRG0 + 6u] = mock_uregs.sprg6;
    r->reg[VI_SPRG0 + 7u] = mock_uregs.sprg7;
    r->reg[VI_SRR2] = mock_uregs.srr2;
    r->reg[VI_SRR3] = mock_uregs.srr3;
    mock_uregs_last_save = r;
    mock_uregs_saves++;
}

void arch_uregs_load(const struct vregs *r)
{
    check_vregs("arch_uregs_load", r);
    mock_uregs.sprg0 = r->reg[VI_SPRG0];
    mock_uregs.sprg4 = r->reg[VI_SPRG0 + 4u];
    mock_uregs.sprg5 = r->reg[VI_SPRG0 + 5u];
    mock_uregs.sprg6 = r->reg[VI_SPRG0 + 6u];
    mock_uregs.sprg7 = r->reg[VI_SPRG0 + 7u];
    mock_uregs.srr2 = r->reg[VI_SRR2];
    mock_uregs.srr3 = r->reg[VI_SRR3];
    mock_uregs_last_load = r;
    mock_uregs_loads++;
}

/* ------------------------------------- PVR and instruction cache ---- */
uint32_t mock_pvr = MOCK_PVR_DEFAULT;
uint32_t mock_pvr_reads;
uint32_t mock_icache_invalidates;

uint32_t arch_pvr_read(void)
{
    mock_pvr_reads++;
    return mock_pvr;
}

void arch_icache_invalidate_all(void)
{
    mock_icache_invalidates++;
}

uint32_t mock_reload_ctx_calls;

void arch_reload_ctx(struct ctx *c, uint32_t index)
{
    if (index >= CFG_MAX_PARTITIONS) {
        fail_msg("arch_reload_ctx: index %u out of range", index);
    }
    c->pc = MOCK_RELOAD_ENTRY;
    c->msr = MSR_CORE_BG;
    c->gpr[1] = MOCK_RELOAD_STACK(index);
    c->gpr[3] = index;
    mock_reload_ctx_calls++;
}

uint32_t arch_idle_entry(void)
{
    return MOCK_IDLE_ENTRY;
}

/* ------------------------------------------------------------- halt ---- */
uint32_t mock_halts;
jmp_buf *mock_halt_env;

void arch_halt(void)
{
    mock_halts++;
    if (mock_halt_env != NULL) {
        longjmp(*mock_halt_env, 1);
    }
    fail_msg("arch_halt: the core stopped the machine unexpectedly");
    abort();
}

/* ------------------------------------------- host-physical memory ---- */
/* One block of simulated memory per host range of a configured region. */
#define POOL_SIZE (4u << 20)
static uint8_t pool[POOL_SIZE];
struct block {
    uint32_t host, size;
    uint8_t *mem;
};
static struct block blocks[CONFIG_NUM_REGIONS];
static uint32_t num_blocks;

static void blocks_init(void)
{
    uint32_t i, used = 0u;

    if (num_blocks != 0u) {
        return;
    }
    for (i = 0u; i < CONFIG_NUM_REGIONS; i++) {
        const struct cfg_region *r = &cfg_regions[i];
        if (r->size > POOL_SIZE - used) {
            fail_msg("mock memory pool too small for " CONFIG_NAME ".conf");
        }
        blocks[i].host = r->host;
        blocks[i].size = r->size;
        blocks[i].mem = pool + used;
        used += r->size;
    }
    num_blocks = CONFIG_NUM_REGIONS;
}

uint8_t *mock_phys(uint32_t addr, uint32_t len)
{
    uint32_t i;

    blocks_init();
    for (i = 0u; i < num_blocks; i++) {
        const struct block *b = &blocks[i];
        if (addr >= b->host && (uint64_t)addr + len <= (uint64_t)b->host + b->size) {
            return b->mem + (addr - b->host);
        }
    }
    fail_msg("host-physical access [0x%08x, +0x%x) outside every partition region",
             addr, len);
    abort();
}

void mock_phys_write32(uint32_t addr, uint32_t value)
{
    uint8_t *p = mock_phys(addr, 4u);

    p[0] = (uint8_t)(value >> 24);
    p[1] = (uint8_t)(value >> 16);
    p[2] = (uint8_t)(value >> 8);
    p[3] = (uint8_t)value;
}

uint32_t mock_phys_peek32(uint32_t addr)
{
    const uint8_t *p = mock_phys(addr, 4u);

    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void mock_phys_fill(uint8_t value)
{
    uint32_t i;

    blocks_init();
    for (i = 0u; i < num_blocks; i++) {
        memset(blocks[i].mem, value, blocks[i].size);
    }
}

static uint8_t blob[CONFIG_IMAGE_BLOB_SIZE + 4u];
static int blob_loaded;

const uint8_t *mock_image_blob(uint32_t *size)
{
    if (!blob_loaded) {
        const char *path = MOCK_GEN_DIR "/images.bin";
        FILE *f = fopen(path, "rb");
        size_t n;
        if (f == NULL) {
            fail_msg("cannot open %s (run the tests from the repository root)", path);
        }
        n = fread(blob, 1u, sizeof blob, f);
        fclose(f);
        if (n != CONFIG_IMAGE_BLOB_SIZE) {
            fail_msg("%s holds %zu bytes, config.h says %u", path, n,
                     (unsigned)CONFIG_IMAGE_BLOB_SIZE);
        }
        blob_loaded = 1;
    }
    *size = CONFIG_IMAGE_BLOB_SIZE;
    return blob;
}

struct mock_zero_call mock_zero_calls[MOCK_MAX_CALLS];
uint32_t mock_zero_count;
struct mock_copy_call mock_copy_calls[MOCK_MAX_CALLS];
uint32_t mock_copy_count;
uint32_t mock_read32_count;

void arch_phys_zero(uint32_t addr, uint32_t len)
{
    if (addr % 4u != 0u || len % 4u != 0u) {
        fail_msg("arch_phys_zero(0x%08x, 0x%x): not word aligned", addr, len);
    }
    if (mock_zero_count < MOCK_MAX_CALLS) {
        mock_zero_calls[mock_zero_count].addr = addr;
        mock_zero_calls[mock_zero_count].len = len;
    }
    mock_zero_count++;
    memset(mock_phys(addr, len), 0, len);
}

void arch_image_copy(uint32_t dst, uint32_t src, uint32_t len)
{
    uint32_t size;
    const uint8_t *b = mock_image_blob(&size);

    if (dst % 4u != 0u || src % 4u != 0u) {
        fail_msg("arch_image_copy(0x%08x, 0x%x): not word aligned", dst, src);
    }
    if ((uint64_t)src + len > size) {
        fail_msg("arch_image_copy: [0x%x, +0x%x) outside the image blob", src, len);
    }
    if (mock_copy_count < MOCK_MAX_CALLS) {
        mock_copy_calls[mock_copy_count].dst = dst;
        mock_copy_calls[mock_copy_count].src = src;
        mock_copy_calls[mock_copy_count].len = len;
    }
    mock_copy_count++;
    memcpy(mock_phys(dst, len), b + src, len);
}

uint32_t arch_phys_read32(uint32_t addr)
{
    if (addr % 4u != 0u) {
        fail_msg("arch_phys_read32(0x%08x): not word aligned", addr);
    }
    mock_read32_count++;
    return mock_phys_peek32(addr);
}

/* --------------------------------------------------------- helpers ---- */
void mock_reset(void)
{
    mock_uart_reset();
    mock_tb = 0u;
    mock_tb_reads = 0u;
    mock_pit_last = 0u;
    mock_pit_sets = 0u;
    mock_init_calls = 0u;
    mock_init_uart_len = 0u;
    memset(mock_tlb, 0, sizeof mock_tlb);
    mock_tlb_writes = 0u;
    mock_tlb_last_index = 0u;
    mock_tlb_invalidates = 0u;
    mock_pid = 0u;
    mock_pid_sets = 0u;
    memset(&mock_uregs, 0, sizeof mock_uregs);
    mock_uregs_saves = 0u;
    mock_uregs_loads = 0u;
    mock_uregs_last_save = NULL;
    mock_uregs_last_load = NULL;
    mock_pvr = MOCK_PVR_DEFAULT;
    mock_pvr_reads = 0u;
    mock_icache_invalidates = 0u;
    memset(mock_zero_calls, 0, sizeof mock_zero_calls);
    mock_zero_count = 0u;
    memset(mock_copy_calls, 0, sizeof mock_copy_calls);
    mock_copy_count = 0u;
    mock_read32_count = 0u;
    mock_halts = 0u;
    mock_halt_env = NULL;
    mock_reload_ctx_calls = 0u;

    /* What _start's .bss clear gives proteus_main on the target. */
    memset(partitions, 0, CONFIG_NUM_PARTITIONS * sizeof partitions[0]);
    memset(&idle_ctx, 0, sizeof idle_ctx);
    memset(&sched, 0, sizeof sched);
    cur_index = 0u;
    tlb_next = 0u; /* bss_clear, proteus_main's precondition (tables.h) */
#if CONFIG_TRACE_WINDOWS > 0
    trace_count = 0u;
    trace_origin = 0u;
#endif
}

struct ctx *mock_boot(uint64_t tb)
{
    mock_reset();
    mock_phys_fill(0xA5u);
    mock_tb = tb;
    return proteus_main();
}

struct ctx *mock_reload(struct ctx *c)
{
    const uint32_t index = c->gpr[3];

    if (c != &partitions[cur_index].ctx || partitions[cur_index].state != PART_LOADING ||
        c->pc != MOCK_RELOAD_ENTRY || c->msr != MSR_CORE_BG || index != cur_index ||
        c->gpr[1] != MOCK_RELOAD_STACK(index)) {
        fail_msg("mock_reload: not the running partition's reload context");
    }
    partition_load(index);
    /* What a PIT preempting the routine would have saved into c (its own
     * registers), and into the partition's vregs at the window switch
     * (the live registers), with every virtual register set as well. */
    {
        uint32_t i;
        for (i = 0u; i < 32u; i++) {
            c->gpr[i] = 0x5EED0000u + i;
        }
        c->cr = 0x5EED0100u;
        c->xer = 0x5EED0101u;
        c->lr = 0x5EED0102u;
        c->ctr = 0x5EED0103u;
        c->pc = MOCK_RELOAD_ENTRY + 0x40u;
        c->esr = 0x5EED0104u;
        c->dear = 0x5EED0105u;
        for (i = 0u; i < VI_COUNT; i++) {
            partitions[index].v.r.reg[i] = 0x5EED0200u + i;
        }
        partitions[index].v.r.msr = MSR_EE | MSR_CE;
        for (i = 0u; i < VS_COUNT; i++) {
            partitions[index].v.sreg[i] = 0x5EED0300u + i;
        }
        partitions[index].v.t.tcr = TCR_PIE;
        partitions[index].v.t.tsr = TSR_PIS;
        partitions[index].v.t.tb_offset = 0x5EEDu;
        partitions[index].v.uic.sr = 1u;
        partitions[index].v.uic.er = 1u;
        partitions[index].v.tlb[3].hi = 0x5EED0040u;
        mock_uregs.sprg0 = 0x5EED0200u;
        mock_uregs.sprg4 = 0x5EED0204u;
        mock_uregs.sprg5 = 0x5EED0205u;
        mock_uregs.sprg6 = 0x5EED0206u;
        mock_uregs.sprg7 = 0x5EED0207u;
        mock_uregs.srr2 = 0x5EED0202u;
        mock_uregs.srr3 = 0x5EED0203u;
    }
    {
        struct ctx *const next = partition_loaded(index);
        mock_check_resume(next);
        return next;
    }
}

struct ctx *mock_run(struct ctx *c)
{
    if (c != &idle_ctx && c == &partitions[cur_index].ctx &&
        partitions[cur_index].state == PART_LOADING) {
        return mock_reload(c);
    }
    return c;
}

struct ctx *mock_pit(struct ctx *cur, uint64_t tb)
{
    struct ctx *next;

    mock_tb = tb;
    next = proteus_trap(CAUSE_PIT, cur);
    mock_check_resume(next);
    return next;
}

#if CONFIG_SCHED_CYCLIC
struct ctx *mock_tick(struct ctx *cur, uint32_t latency)
{
    return mock_pit(cur, sched_window_end(&sched, cfg_windows) + latency);
}

uint64_t mock_window_end(uint64_t tb0, uint32_t k, uint32_t w)
{
    return tb0 + (uint64_t)k * CONFIG_MAJOR_FRAME + cfg_windows[w].start + cfg_windows[w].ticks;
}
#endif

#if CONFIG_SCHED_FIXED_PRIORITY
struct ctx *mock_slot_tick(struct ctx *cur, uint32_t latency)
{
    return mock_pit(cur, sched.end + latency);
}
#endif

struct ctx *mock_cur(void)
{
    return &partitions[cur_index].ctx;
}

uint32_t mock_guest_to_host(uint32_t index, uint32_t guest)
{
    const struct cfg_partition *cp = &cfg_partitions[index];
    uint32_t i;

    for (i = 0u; i < cp->num_regions; i++) {
        const struct cfg_region *r = &cfg_regions[cp->first_region + i];
        if (guest >= r->guest && guest - r->guest < r->size) {
            return r->host + (guest - r->guest);
        }
    }
    fail_msg("guest address 0x%08x lies in no region of '%s'", guest, cp->name);
    abort();
}

struct ctx *mock_hcall(struct ctx *c, uint32_t pc, uint32_t nr, uint32_t arg)
{
    mock_phys_write32(mock_guest_to_host(cur_index, pc), HC_INSN);
    c->pc = pc;
    c->esr = ESR_PIL;
    c->gpr[0] = nr;
    c->gpr[3] = arg;
    c = proteus_trap(CAUSE_PROGRAM, c);
    mock_check_resume(c);
    return c;
}

struct ctx *mock_priv(struct ctx *c, uint32_t pc, uint32_t insn)
{
    mock_phys_write32(mock_guest_to_host(cur_index, pc), insn);
    c->pc = pc;
    c->esr = ESR_PPR;
    c = proteus_trap(CAUSE_PROGRAM, c);
    mock_check_resume(c);
    return c;
}

void mock_assert_vcpu_reset(const struct vcpu *v, uint64_t now)
{
    uint32_t i;

    for (i = 0u; i < VI_COUNT; i++) {
        assert_int_equal(v->r.reg[i], 0u);
    }
    assert_int_equal(v->r.msr, 0u);
    for (i = 0u; i < VS_COUNT; i++) {
        const uint32_t expect = i == VS_CCR0 ? MOCK_RESET_CCR0
                              : i == VS_SGR ? MOCK_RESET_SGR
                              : i == VS_DBSR ? MOCK_RESET_DBSR : 0u;
        assert_int_equal(v->sreg[i], expect);
    }
    assert_int_equal(v->t.tcr | v->t.tsr | v->t.pit_reload | v->t.pit_running, 0u);
    assert_true(v->t.tb_offset == 0u);
    assert_true(v->t.synced == now);
    assert_int_equal(v->uic.sr | v->uic.er | v->uic.cr | v->uic.pr | v->uic.tr |
                     v->uic.vcr, 0u);
    for (i = 0u; i < VTLB_ENTRIES; i++) {
        assert_int_equal(v->tlb[i].hi | v->tlb[i].lo | v->tlb[i].tid, 0u);
    }
}

struct vcpu *mock_vcpu(void)
{
    return &partitions[cur_index].v;
}

const char *mock_hm_line(const char *name, const char *cause, uint32_t pc,
                         uint32_t addr, uint32_t esr, const char *action)
{
    static char line[200];

    snprintf(line, sizeof line, "HM: %s %s pc=0x%08x addr=0x%08x esr=0x%08x -> %s\n",
             name, cause, pc, addr, esr, action);
    return line;
}

const char *mock_hm_insn_line(const char *name, const char *cause, uint32_t pc,
                              uint32_t insn, uint32_t esr, const char *action)
{
    static char line[200];

    snprintf(line, sizeof line, "HM: %s %s pc=0x%08x insn=0x%08x esr=0x%08x -> %s\n",
             name, cause, pc, insn, esr, action);
    return line;
}

const char *mock_panic_line(uint32_t cause, uint32_t pc, uint32_t msr,
                            uint32_t esr, uint32_t dear)
{
    static char line[200];

    snprintf(line, sizeof line,
             "PANIC: core trap cause %u pc=0x%08x msr=0x%08x esr=0x%08x dear=0x%08x\n",
             cause, pc, msr, esr, dear);
    return line;
}

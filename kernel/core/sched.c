/*
 * Table-driven time partitioning: the major frame is a fixed sequence of
 * windows (cfg_windows); the PIT ends each window.  Window boundaries are
 * absolute times (frame start + offset), so the time the core spends in a
 * switch never accumulates into drift.
 * REQ: SCHED-001 (static cyclic schedule from the configuration),
 *      SCHED-002 (window boundaries on absolute time-base deadlines).
 */
#include <proteus/core.h>

void sched_start(struct sched *s, uint64_t now)
{
    s->window = 0u;
    s->frame_start = now;
}

uint32_t sched_advance(struct sched *s, uint32_t n, uint32_t major)
{
    const uint32_t next = s->window + 1u;
    const int wraps = next >= n;

    if (wraps) {
        s->window = 0u;
        s->frame_start += major;
    } else {
        s->window = next;
    }
    return s->window;
}

uint64_t sched_window_end(const struct sched *s, const struct cfg_window *w)
{
    const struct cfg_window *cur = &w[s->window];
    return s->frame_start + cur->start + cur->ticks;
}

uint32_t sched_pit_value(uint64_t deadline, uint64_t now)
{
    if (deadline <= now) {
        return 2u; /* late: expire as soon as the PIT can */
    }
    const uint64_t ticks = deadline - now;
    if (ticks < 2u) {
        return 2u;
    }
    if (ticks > 0xFFFFFFFFu) {
        return 0xFFFFFFFFu;
    }
    return (uint32_t)ticks;
}

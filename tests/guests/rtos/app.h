/*
 * The test RTOS's application: the tasks (tasks.c, fft.c) and the results
 * they leave for the reporter.  Problem-state code only.
 */
#ifndef RTOS_APP_H
#define RTOS_APP_H

#include "rtos.h"

/* Task ids: indices into rtos_tasks[]. */
enum {
    TASK_PRIV, TASK_ILLEGAL, TASK_SLEEP, TASK_COUNT, TASK_FFT, TASK_SIEVE, TASK_REPORT,
    TASK_NUM
};

#define FFT_N       256     /* points */
#define FFT_RUNS    64

struct fft_result {
    unsigned runs;
    unsigned peak_bin;      /* strongest bin 0..N/2 of the first run */
    uint32_t checksum;      /* over every output of every run */
};

extern struct fft_result fft_result;

int fft_task(unsigned runs);

#endif

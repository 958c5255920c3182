/*
 * The fft task: a 256-point radix-2 decimation-in-time FFT in Q15 fixed
 * point, run over a fixed input (two tones and pseudo-random noise,
 * rotated by one sample per run).  Each stage halves its outputs, so the
 * result is the DFT divided by N and never overflows.  Pure computation:
 * the result depends on nothing but the code.
 */
#include "app.h"

struct fft_result fft_result;

static int32_t in_re[FFT_N];
static int32_t re[FFT_N], im[FFT_N];

/* sin(2 pi k / 256) in Q15, k = 0..64 (a quarter wave). */
static const int16_t sin_q15[FFT_N / 4 + 1] = {
        0,   804,  1608,  2410,  3212,  4011,  4808,  5602,
     6393,  7179,  7962,  8739,  9512, 10278, 11039, 11793,
    12539, 13279, 14010, 14732, 15446, 16151, 16846, 17530,
    18204, 18868, 19519, 20159, 20787, 21403, 22005, 22594,
    23170, 23731, 24279, 24811, 25329, 25832, 26319, 26790,
    27245, 27683, 28105, 28510, 28898, 29268, 29621, 29956,
    30273, 30571, 30852, 31113, 31356, 31580, 31785, 31971,
    32137, 32285, 32412, 32521, 32609, 32678, 32728, 32757,
    32767,
};

/* sin and cos of 2 pi k / N in Q15, any k. */
static int32_t qsin(unsigned k)
{
    const unsigned q = FFT_N / 4;

    k %= FFT_N;
    if (k <= q)
        return sin_q15[k];
    if (k <= 2 * q)
        return sin_q15[2 * q - k];
    if (k <= 3 * q)
        return -sin_q15[k - 2 * q];
    return -sin_q15[FFT_N - k];
}

static int32_t qcos(unsigned k)
{
    return qsin(k + FFT_N / 4);
}

/* Q15 product, rounded. */
static int32_t qmul(int32_t a, int32_t b)
{
    return (a * b + 0x4000) >> 15;
}

static unsigned bit_reverse(unsigned i)
{
    unsigned r = 0, b;

    for (b = 1; b < FFT_N; b <<= 1) {
        r = (r << 1) | (i & 1u);
        i >>= 1;
    }
    return r;
}

static void fft(void)
{
    unsigned i, len, start, k;

    for (i = 0; i < FFT_N; i++) {
        unsigned j = bit_reverse(i);

        if (j > i) {
            int32_t t = re[i];
            re[i] = re[j];
            re[j] = t;
            t = im[i];
            im[i] = im[j];
            im[j] = t;
        }
    }
    for (len = 2; len <= FFT_N; len <<= 1) {
        unsigned half = len / 2, step = FFT_N / len;

        for (k = 0; k < half; k++) {
            /* w = exp(-2 pi i k / len) */
            int32_t wr = qcos(k * step), wi = -qsin(k * step);

            for (start = 0; start < FFT_N; start += len) {
                unsigned a = start + k, b = a + half;
                int32_t tr = qmul(wr, re[b]) - qmul(wi, im[b]);
                int32_t ti = qmul(wr, im[b]) + qmul(wi, re[b]);

                re[b] = (re[a] - tr) >> 1;
                im[b] = (im[a] - ti) >> 1;
                re[a] = (re[a] + tr) >> 1;
                im[a] = (im[a] + ti) >> 1;
            }
        }
    }
}

/* Input: 0.5 cos(2 pi 16 n / N) + 0.25 sin(2 pi 40 n / N) + noise. */
static void make_input(void)
{
    uint32_t seed = 12345;
    unsigned n;

    for (n = 0; n < FFT_N; n++) {
        int32_t noise;

        seed = seed * 1103515245u + 12345u;
        noise = (int32_t)((seed >> 16) & 0x1ffu) - 256;
        in_re[n] = qcos(16 * n) / 2 + qsin(40 * n) / 4 + noise;
    }
}

static unsigned peak_bin(void)
{
    unsigned k, best = 0;
    uint32_t best_pow = 0;

    for (k = 0; k <= FFT_N / 2; k++) {
        uint32_t pow = (uint32_t)(re[k] * re[k]) + (uint32_t)(im[k] * im[k]);

        if (pow > best_pow) {
            best_pow = pow;
            best = k;
        }
    }
    return best;
}

int fft_task(unsigned runs)
{
    uint32_t sum = 0;
    unsigned run, n;

    make_input();
    for (run = 0; run < runs; run++) {
        for (n = 0; n < FFT_N; n++) {
            re[n] = in_re[(n + run) % FFT_N];
            im[n] = 0;
        }
        fft();
        if (run == 0)
            fft_result.peak_bin = peak_bin();
        for (n = 0; n < FFT_N; n++) {
            sum = ((sum << 5) | (sum >> 27)) ^ (uint32_t)re[n];
            sum += (uint32_t)im[n];
        }
        sys_yield();
    }
    fft_result.runs = runs;
    fft_result.checksum = sum;
    return 0;
}

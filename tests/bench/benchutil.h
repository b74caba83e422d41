/* What the in-process benchmarks share: a monotonic clock in
 * milliseconds and an ascending order of doubles, for medians. */
#ifndef IPCTOP_BENCHUTIL_H
#define IPCTOP_BENCHUTIL_H

#include <time.h>

static inline double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static inline int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

#endif

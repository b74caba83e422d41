/* vec: room in a growable array. Every list ipctop builds (objects, rows,
 * pids, tags) keeps a pointer, a count and a capacity and grows through
 * here, doubling, so appending is amortised O(1) everywhere. No I/O. */
#ifndef IPCTOP_VEC_H
#define IPCTOP_VEC_H

#include <stddef.h>

/* Make *arrp (an array of elem-byte elements with capacity *cap) hold at
 * least want elements. 0, or -ENOMEM with the array unchanged. */
int vec_reserve(void *arrp, size_t *cap, size_t want, size_t elem);

/* Append val to arr (count n, capacity cap): 0 or -ENOMEM. */
#define VEC_PUSH(arr, n, cap, val) \
	(vec_reserve(&(arr), &(cap), (n) + 1, sizeof(*(arr))) ? -12 /* ENOMEM */ \
	 : ((arr)[(n)++] = (val), 0))

#endif

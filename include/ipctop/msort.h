/* msort: a stable merge sort with a context argument, which C11's qsort
 * lacks. Used wherever rows are ordered by a user-chosen column. It only
 * reorders memory; it never fails loudly (on ENOMEM the order is left). */
#ifndef IPCTOP_MSORT_H
#define IPCTOP_MSORT_H

#include <stddef.h>

/* Sort n elements of size bytes at base; cmp gets ctx. Returns 0, or
 * -ENOMEM with base unchanged. */
int msort(void *base, size_t n, size_t size,
	  int (*cmp)(const void *a, const void *b, void *ctx), void *ctx);

#endif

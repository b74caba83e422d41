/* Bottom-up merge sort: stable, so equal rows keep the order the screen
 * showed them in, and with a context pointer instead of a global. */
#include "ipctop/msort.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int msort(void *base, size_t n, size_t size,
	  int (*cmp)(const void *a, const void *b, void *ctx), void *ctx)
{
	char *src = base, *tmp;

	if (n < 2)
		return 0;
	tmp = malloc(n * size);
	if (!tmp)
		return -ENOMEM;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi) {
				const char *a = src + i * size, *b = src + j * size;
				if (cmp(a, b, ctx) <= 0) {
					memcpy(tmp + k++ * size, a, size);
					i++;
				} else {
					memcpy(tmp + k++ * size, b, size);
					j++;
				}
			}
			memcpy(tmp + k * size, src + i * size, (mid - i) * size);
			k += mid - i;
			memcpy(tmp + k * size, src + j * size, (hi - j) * size);
		}
		memcpy(src, tmp, n * size);
	}
	free(tmp);
	return 0;
}

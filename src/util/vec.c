/* Growable arrays: doubling, with overflow checked. */
#include "ipctop/vec.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

int vec_reserve(void *arrp, size_t *cap, size_t want, size_t elem)
{
	void **arr = arrp;
	size_t ncap;

	if (want <= *cap)
		return 0;
	/* double, or straight to want when asked for more at once (an
	 * array sized from the kernel's count is not rounded up) */
	ncap = *cap > SIZE_MAX / 2 ? SIZE_MAX : (*cap ? *cap * 2 : 8);
	if (ncap < want)
		ncap = want;
	if (elem && ncap > SIZE_MAX / elem)
		return -ENOMEM;
	void *p = realloc(*arr, ncap * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

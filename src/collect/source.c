/* Where a collection reads from: whether a proc root is this machine's
 * /proc is decided once, here, by comparing real paths. */
#define _GNU_SOURCE
#include "ipctop/source.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

void source_init(struct source *src, const char *procfs)
{
	char a[PATH_MAX], b[PATH_MAX];

	src->procfs = procfs ? procfs : "/proc";
	src->live = strcmp(src->procfs, "/proc") == 0 ||
		    (realpath(src->procfs, a) && realpath("/proc", b) && strcmp(a, b) == 0);
	src->posix = src->live;
	src->shm_dir = "/dev/shm";
	src->mq_dir = NULL;
}

/* Where a collection reads from: whether a proc root is this machine's
 * /proc is decided once, here, by comparing real paths; ipctop's own IPC
 * namespace is read from its link; another namespace is entered only
 * through ns_run(), for one call. */
#define _GNU_SOURCE
#include "ipctop/source.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ipctop/ns.h"

void source_init(struct source *src, const char *procfs)
{
	char a[PATH_MAX], b[PATH_MAX];
	struct stat st;

	src->procfs = procfs ? procfs : "/proc";
	src->live = strcmp(src->procfs, "/proc") == 0 ||
		    (realpath(src->procfs, a) && realpath("/proc", b) && strcmp(a, b) == 0);
	src->posix = src->live;
	src->shm_dir = "/dev/shm";
	src->mq_dir = NULL;
	src->member = 0;
	/* the link's target is a namespace: its inode names it */
	src->ns = src->live && stat("/proc/thread-self/ns/ipc", &st) == 0 ?
		(unsigned long long)st.st_ino : 0;
}

struct run_ctx {
	const struct source *src;
	int (*fn)(const struct source *src, void *arg);
	void *arg;
};

static int run_inside(void *arg)
{
	struct run_ctx *c = arg;

	return c->fn(c->src, c->arg);
}

int source_run(const struct source *src, int (*fn)(const struct source *src, void *arg),
	       void *arg)
{
	struct run_ctx c = { src, fn, arg };

	if (!src->member)
		return fn(src, arg);
	return ns_run(src->ns, src->member, run_inside, &c);
}

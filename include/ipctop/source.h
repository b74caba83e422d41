/* source: where one collection reads from — a proc root and whether it is
 * this machine's live /proc, so that the ctl calls describe the same
 * objects as its files. Collectors and act/ take one instead of a path.
 * Plain data; source_init() is the only function, and it only looks at
 * paths (realpath), never at IPC state. */
#ifndef IPCTOP_SOURCE_H
#define IPCTOP_SOURCE_H

#include <stdbool.h>

struct source {
	const char *procfs;   /* "/proc", or a fixture tree (--procfs DIR) */
	bool live;            /* procfs is this machine's /proc */
};

/* Fill src for procfs (NULL: "/proc"); decides live once. */
void source_init(struct source *src, const char *procfs);

#endif

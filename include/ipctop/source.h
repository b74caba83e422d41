/* source: where one collection reads from — a proc root and whether it is
 * this machine's live /proc, so that the ctl calls describe the same
 * objects as its files, and where the POSIX objects are. Collectors and
 * act/ take one instead of a path. Plain data; source_init() is the only
 * function, and it only looks at paths (realpath), never at IPC state. */
#ifndef IPCTOP_SOURCE_H
#define IPCTOP_SOURCE_H

#include <stdbool.h>

struct source {
	const char *procfs;   /* "/proc", or a fixture tree (--procfs DIR) */
	bool live;            /* procfs is this machine's /proc */
	/* POSIX objects are read (the live system: a fixture tree has none,
	 * and the running system's are never shown in its place) */
	bool posix;
	/* the directory of POSIX shared memory and named semaphores, as
	 * shm_open() and sem_open() use it ("/dev/shm") */
	const char *shm_dir;
	/* POSIX queues: a directory of an mqueue file system; NULL for the
	 * queues of our IPC namespace, found by posix_mq_dir() (posix.h): a
	 * private mount as root, else the mount in <procfs>/self/mountinfo */
	const char *mq_dir;
};

/* Fill src for procfs (NULL: "/proc"); decides live once. */
void source_init(struct source *src, const char *procfs);

#endif

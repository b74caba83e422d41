/* source: where one collection reads from — a proc root, whether it is
 * this machine's live /proc (so that the ctl calls describe the same
 * objects as its files), which IPC namespace (ipctop's own, or another
 * one joined through a member process for the length of one call, ns.h)
 * and where the POSIX objects are. Collectors and act/ take one instead
 * of a path. Plain data; the functions only look at paths and namespace
 * links, never at IPC state. */
#ifndef IPCTOP_SOURCE_H
#define IPCTOP_SOURCE_H

#include <stdbool.h>
#include <sys/types.h>

struct source {
	const char *procfs;   /* "/proc", or a fixture tree (--procfs DIR) */
	bool live;            /* procfs is this machine's /proc */
	/* The IPC namespace read: its inode (0 when unknown: a fixture tree),
	 * and for one not ipctop's own, a process in it to join it through.
	 * Objects collected from here carry this inode. */
	unsigned long long ns;
	pid_t member;         /* 0: ipctop's own namespace, nothing to join */
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

/* Fill src for procfs (NULL: "/proc") and ipctop's own namespace;
 * decides live once. */
void source_init(struct source *src, const char *procfs);

/* Run fn(src, arg) with the calling side inside src's namespace: directly
 * for ipctop's own, else on a short-lived thread that joins it and leaves
 * (ns_run), so nothing is left pinned. fn's value, or the joining's
 * -errno (-EPERM: needs CAP_SYS_ADMIN; -ESRCH: the namespace is gone). */
int source_run(const struct source *src, int (*fn)(const struct source *src, void *arg),
	       void *arg);

#endif

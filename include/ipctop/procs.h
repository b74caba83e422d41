/* procs: the processes behind the objects. Reads /proc/PID files (through
 * libproc2 for status and signal masks) to fill a snapshot's process
 * table, pipes, each segment's attached pids and each queue's and set's
 * waiters. Never prints, never changes the system. */
#ifndef IPCTOP_PROCS_H
#define IPCTOP_PROCS_H

#include "ipctop/snapshot.h"

struct procs_opts {
	const char *procfs;     /* proc root, "/proc" by default */
	bool signals;           /* fill s->procs with signal state */
	bool threads;           /* one row per thread instead of per process */
	bool users;             /* attached pids and waiters of the objects */
	bool pipes;             /* fill s->pipes */
};

/* Cached per-process results reused across refreshes (the TUI keeps one). */
struct procs_cache;
struct procs_cache *procs_cache_new(void);
void procs_cache_free(struct procs_cache *c);

/* Fill the process parts of s (its System V lists already collected).
 * cache may be NULL. Returns 0 or -errno. */
int procs_collect(struct snapshot *s, const struct procs_opts *o,
		  struct procs_cache *cache);

/* Signal names: "INT", "RTMIN+3"; sig is 1..64. */
const char *sig_name(int sig, char *buf, size_t len);
/* Signal number from "TERM", "SIGTERM", "15", "RTMIN+2"; -1 if none. */
int sig_parse(const char *s);
/* Default action of a signal: "term", "core", "ignore", "stop", "cont". */
const char *sig_default_action(int sig);

#endif

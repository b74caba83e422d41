/* procs_int: what the parts of the process collector (procs.c, maps.c,
 * waiters.c, pipes.c) share. Internal to collect/. */
#ifndef IPCTOP_COLLECT_PROCS_INT_H
#define IPCTOP_COLLECT_PROCS_INT_H

#include "ipctop/procs.h"

/* One task (thread) as the enumeration saw it. */
struct task {
	int32_t tid, tgid;
	unsigned long long start;
	char state;
	char wchan[32];
};

struct tasklist {
	struct task *t;     /* sorted by tgid, then tid; leaders have tid == tgid */
	size_t n;
	bool threads;       /* every thread listed, not only leaders */
	bool wchan;         /* wchan filled */
	/* our IPC namespace ("ipc:[4026531839]"); empty on fixture trees.
	 * Ids are per namespace: a mapping or a wait in another one names
	 * a different object that happens to share the number. */
	char ipcns[64];
};

/* Is pid in the namespace tl->ipcns (always true when that is empty)? */
bool procs_same_ipcns(const char *procfs, const struct tasklist *tl, int32_t pid);

/* Per-process System V attachments kept across refreshes. */
struct att_entry {
	int32_t pid;
	unsigned long long start;
	int32_t *ids;
	size_t n;
	int err;
};

struct procs_cache {
	uint64_t shm_sig;          /* which segment state the entries describe */
	struct att_entry *e;       /* sorted by pid */
	size_t n;
};

/* Fill each segment's attached list from <procfs>/PID/maps. */
int procs_attach(struct snapshot *s, const char *procfs,
		 const struct tasklist *tl, struct procs_cache *cache);
/* Fill each queue's and set's waiters from <procfs>/PID/task/TID/syscall. */
int procs_waiters(struct snapshot *s, const char *procfs,
		  const struct tasklist *tl, bool per_thread);
/* Fill s->pipes from <procfs>/PID/fd and fdinfo. */
int procs_pipes(struct snapshot *s, const char *procfs,
		const struct tasklist *tl, bool live);

#endif

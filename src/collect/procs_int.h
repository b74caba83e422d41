/* procs_int: what the parts of the process collector (procs.c, maps.c,
 * waiters.c, pipes.c) share. Internal to collect/. */
#ifndef IPCTOP_COLLECT_PROCS_INT_H
#define IPCTOP_COLLECT_PROCS_INT_H

#include "ipctop/procs.h"

/* What the light pass learnt from a task's syscall file. */
enum task_sys {
	TS_UNREAD = 0,  /* not read (or not readable): wchan and state say */
	TS_IDLE,        /* running, or not blocked in msgsnd/msgrcv/semop */
	TS_WAIT,        /* blocked on object id arg0 in namespace ns: op, kind */
};

/* One task (thread) as the enumeration saw it. */
struct task {
	int32_t tid, tgid;
	unsigned long long start;
	char state;
	char wchan[32];
	unsigned char sys;      /* enum task_sys */
	bool kthread;           /* a kernel thread: no maps, no files */
	signed char kind;       /* TS_WAIT: KIND_MSG or KIND_SEM */
	unsigned char op;       /* TS_WAIT: enum wait_op */
	long long arg0;         /* TS_WAIT: the object id */
	unsigned long long ns;  /* TS_WAIT: the task's IPC namespace */
};

struct tasklist {
	const struct source *src;
	struct task *t;     /* sorted by tgid, then tid; leaders have tid == tgid */
	size_t n;
	bool threads;       /* every thread listed, not only leaders */
	bool wchan;         /* wchan filled */
	bool live;          /* this machine's /proc, not a fixture tree */
	/* hidepid keeps some processes out of the list altogether */
	bool hidden;
	/* The IPC namespaces whose objects the snapshot holds (their inodes,
	 * sorted); none on fixture trees, where everything is namespace 0.
	 * Ids are per namespace: a mapping or a wait in another one names a
	 * different object that happens to share the number. */
	const unsigned long long *ns;
	size_t nns;
};

/* The IPC namespace of pid, if it is one of tl's: true and *ns (0 on a
 * fixture tree, where every pid counts); false for a namespace not in
 * view, or a pid gone or unreadable. */
bool procs_task_ns(const struct tasklist *tl, int32_t pid, unsigned long long *ns);
/* The same from a proc root and a sorted list of inodes (n 0: every pid,
 * namespace 0). */
bool procs_ns_in(const char *procfs, const unsigned long long *ns, size_t n, int32_t pid,
		 unsigned long long *out);

/* Which object kind a blocked syscall waits on (KIND_MSG, KIND_SEM), and
 * the operation; -1 for any other syscall. */
int procs_syscall_kind(long nr, enum wait_op *op);


/* Per-process System V attachments kept across refreshes. */
struct att_entry {
	int32_t pid;
	unsigned long long start;
	unsigned long long ns;     /* the process's IPC namespace */
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
int procs_attach(struct snapshot *s, const struct tasklist *tl, struct procs_cache *cache);
/* Fill each queue's and set's waiters from <procfs>/PID/task/TID/syscall. */
int procs_waiters(struct snapshot *s, const struct tasklist *tl);
/* Fill the pipes list from <procfs>/PID/fd and fdinfo. */
int procs_pipes(struct snapshot *s, const struct tasklist *tl);

#endif

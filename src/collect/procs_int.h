/* procs_int: what the parts of the process collector (procs.c, maps.c,
 * waiters.c, pipes.c) share. Internal to collect/. */
#ifndef IPCTOP_COLLECT_PROCS_INT_H
#define IPCTOP_COLLECT_PROCS_INT_H

#include "ipctop/procs.h"

#include <stdint.h>

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
	signed char kind;       /* TS_WAIT: KIND_MSG, KIND_SEM or KIND_PMQ */
	unsigned char op;       /* TS_WAIT: enum wait_op */
	long long arg0;         /* TS_WAIT: the object id; a queue descriptor */
	unsigned long long ns;  /* TS_WAIT: the task's IPC namespace */
	/* TS_WAIT on KIND_PMQ: the queue that descriptor is (0 when it could
	 * not be followed: gone meanwhile) */
	uint64_t qdev, qino;
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

/* Which object kind a blocked syscall waits on (KIND_MSG, KIND_SEM,
 * KIND_PMQ), and the operation; -1 for any other syscall. */
int procs_syscall_kind(long nr, enum wait_op *op);

/* The device and inode of the file descriptor fd of task rel ("PID" or
 * "PID/task/TID") under the proc root's fd pfd. 0 or -errno. */
int procs_fd_inode(int pfd, const char *rel, long long fd, uint64_t *dev, uint64_t *ino);

/* ---- POSIX objects in the process scan (posix_procs.c) ---- */

/* One POSIX object, by what a mapping or an open file shows of it. */
struct pref {
	uint64_t dev, ino;
	enum kind_id kind;
	uint32_t i;             /* its index in the snapshot's list */
};

/* A process that maps or holds one: pid and the object (index into
 * pscan.v). */
struct phit {
	int32_t pid;
	uint32_t ref;
};

#define PSCAN_DEVS 8

/* What the maps and fd passes look for, and what they found. */
struct pscan {
	struct pref *v;         /* sorted by dev, then ino */
	size_t n;
	/* the devices they are on, for skipping every other line and file
	 * quickly; all: too many to list, look at each */
	uint64_t devs[PSCAN_DEVS];
	size_t ndevs;
	bool alldevs;
	bool maps;              /* shm objects or semaphores: maps matter */
	bool fds;               /* queues or shm objects: open files matter */
	struct phit *hits;
	size_t nhits, cap;
	/* some maps or fd directory could not be read: lists may be short */
	bool maps_denied, fds_denied;
};

/* Index s's POSIX objects. 0 or -ENOMEM. */
int pscan_init(struct pscan *px, const struct snapshot *s);
void pscan_free(struct pscan *px);
/* Could a file on dev be one of them? */
bool pscan_dev(const struct pscan *px, uint64_t dev);
/* The object at dev and ino: its index in px->v, or -1. */
long pscan_find(const struct pscan *px, uint64_t dev, uint64_t ino);
/* Append to hits (n, cap) the objects a maps text [buf, buf + len)
 * maps, for pid. 0 or -ENOMEM. */
int pscan_maps(const struct pscan *px, const char *buf, size_t len, int32_t pid,
	       struct phit **hits, size_t *n, size_t *cap);
/* Append a copy of hits to px's. 0 or -ENOMEM. */
int pscan_add(struct pscan *px, const struct phit *hits, size_t n);
/* Fill the objects' holders and attached lists from the hits (each list
 * sorted, each pid once), marking them short where something could not
 * be read or hidepid hides processes. 0 or -ENOMEM. */
int pscan_apply(struct snapshot *s, struct pscan *px, bool hidden);


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

/* Fill each segment's attached list from <procfs>/PID/maps; with px
 * wanting maps, the same reads find the POSIX objects mapped (into px). */
int procs_attach(struct snapshot *s, const struct tasklist *tl, struct procs_cache *cache,
		 struct pscan *px);
/* Fill each queue's and set's waiters from <procfs>/PID/task/TID/syscall. */
int procs_waiters(struct snapshot *s, const struct tasklist *tl);
/* One walk of every process's <procfs>/PID/fd: the pipes list (with
 * pipes, from fdinfo too), and with px wanting fds the POSIX objects held
 * open (into px). */
int procs_fds(struct snapshot *s, const struct tasklist *tl, bool pipes, struct pscan *px);

#endif

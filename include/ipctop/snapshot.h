/* snapshot: the plain data one collection of kernel IPC state produces:
 * one list per kind of row (queues, sets, segments, processes, pipes...),
 * indexed by the kind's id, plus limits. Collectors fill it, views read
 * it; it owns every byte it points to and snapshot_free() releases all of
 * it. Nothing here does I/O. */
#ifndef IPCTOP_SNAPSHOT_H
#define IPCTOP_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "ipctop/ns.h"

/* Numeric fields the kernel would not tell us hold this value. */
#define IPC_UNKNOWN (-1LL)

/* The kinds ipctop knows, as slots of a snapshot's lists. Code that
 * handles one kind names it by this id (the process collector fills the
 * queues' waiters); code that handles any kind takes a struct kind
 * (kind.h) and never branches on the id. */
enum kind_id { KIND_MSG, KIND_SEM, KIND_SHM, KIND_PROC, KIND_PIPE,
	       KIND_PMQ, KIND_PSHM, KIND_PSEM, KIND_HEALTH, KIND_COUNT };
/* Room for kinds not in the table (tests define their own). */
#define KIND_SLOTS 16

struct kind;

/* Where the object list came from. */
enum list_source { SRC_NONE, SRC_PROCFS, SRC_SYSCALL };

/* Fields every System V object has. */
struct ipc_common {
	int32_t key;
	int32_t id;
	uint32_t mode;          /* permission bits plus kind flags (SHM_DEST...) */
	uint32_t uid, gid, cuid, cgid;
	/* the IPC namespace it lives in (its inode; 0 unknown): ids are per
	 * namespace, so (ns, id) names an object */
	unsigned long long ns;
};

/* A process blocked in msgsnd/msgrcv/semop on an object. */
enum wait_op { WAIT_SEND, WAIT_RECV, WAIT_SEMOP };
struct waiter {
	int32_t pid;
	enum wait_op op;
};

/* Who waits on an object, from the process collector. err: 0, -errno
 * when some processes could not be read (the list may be short), or
 * -ENODATA until the processes were looked at (unknown, not "nobody"). */
struct waitlist {
	struct waiter *v;
	size_t n, cap;
	int err;
};

/* Pids holding something (a segment attached, a pipe's end), likewise. */
struct pidlist {
	int32_t *v;
	size_t n, cap;
	int err;
};

struct msq {
	struct ipc_common c;
	long long cbytes, qnum;
	long long qbytes;       /* IPC_UNKNOWN when not readable */
	int32_t lspid, lrpid;
	long long stime, rtime, ctime;
	struct waitlist waiters; /* processes blocked on it; see procs */
};

struct sem_value {
	int32_t num;
	long long value, ncnt, zcnt, pid;   /* IPC_UNKNOWN when refused */
};

struct semset {
	struct ipc_common c;
	long long nsems;
	long long otime, ctime;
	struct sem_value *sems; /* per-semaphore detail, NULL unless asked */
	int sems_err;           /* 0, or -errno from semctl; -ESTALE: the id
				 * named another set while it was read */
	struct waitlist waiters;
};

struct shmseg {
	struct ipc_common c;
	long long size, nattch;
	int32_t cpid, lpid;
	long long atime, dtime, ctime;
	long long rss, swap;    /* bytes; IPC_UNKNOWN on kernels without them */
	bool dest, locked;
	struct pidlist attached; /* pids with it mapped; see procs */
	char *command;          /* the creator's command line, sanitised; NULL
				 * unless asked for (NEED_CMDLINE) or unreadable */
};

/* One process (or thread, when threads are shown) and its signal state. */
#define PROC_COMM_MAX 64
#define PROC_USER_MAX 64
struct proc {
	int32_t pid, tgid;
	int32_t ppid;               /* parent; 0 when not read */
	uint32_t uid;
	char user[PROC_USER_MAX];   /* sanitised */
	char comm[PROC_COMM_MAX];   /* sanitised */
	char state;
	long long sigq, sigq_max;   /* IPC_UNKNOWN when unreadable */
	uint64_t pending, shdpnd, blocked, ignored, caught;
	unsigned long long start_time;  /* clock ticks since boot */
	char wchan[32];
	/* its IPC namespace (inode), read only when the snapshot holds
	 * another namespace than ipctop's own; 0 otherwise */
	unsigned long long ns;
};

/* A pipe or FIFO and the processes holding each end. */
struct pipe_info {
	unsigned long long inode;
	char *path;                 /* FIFO path, sanitised; NULL for a pipe */
	struct pidlist writers, readers;
};

/* Kernel limits and current use, like `ipcs -l -u`. */
struct ipc_limits {
	long long msgmni, msgmax, msgmnb;
	long long semmsl, semmns, semopm, semmni;
	long long shmmni;
	/* up to ULONG_MAX (the kernel's "unlimited" default is ULONG_MAX -
	 * 2^24), hence unsigned; (unsigned long long)IPC_UNKNOWN when unknown */
	unsigned long long shmmax, shmall;
	long long pagesize;
	long long shmmin, semvmx;   /* from IPC_INFO (lsipc -g has them) */
	/* current use, derived from the lists */
	long long msg_queues, msg_bytes, msg_msgs;
	long long sem_sets, sem_sems;
	long long shm_segs, shm_bytes, shm_pages, shm_rss, shm_swap;
	/* POSIX queues: /proc/sys/fs/mqueue, and the queues listed */
	long long mq_queues_max, mq_msg_max, mq_msgsize_max, mq_msg_default,
		  mq_msgsize_default;
	long long mq_queues;
	/* the file system of POSIX shared memory (/dev/shm): statvfs, bytes */
	long long devshm_size, devshm_used;
};

/* An owner of some object, for the health rule "unowned" (health.h). */
struct owner_info {
	uint32_t uid;
	bool account;             /* the password database knows it */
	bool system;              /* a system user (up to SYS_UID_MAX of
				   * login.defs, or nobody) */
	int procs;                /* processes running as it; -1 unknown */
	char name[PROC_USER_MAX]; /* sanitised; "" without an account */
};

/* One kind's rows: an array of kind->objsize elements. */
struct objlist {
	const struct kind *kind;  /* set by snap_list(): whose objects these are */
	void *v;
	size_t n, cap;
	bool have;                /* collected (an empty list is still a list) */
	int err;                  /* 0, or -errno when it could not be read */
	int partial;              /* 0, or -EACCES: some of it could not be
				   * read (other users' processes), so rows
				   * may be missing */
	enum list_source source;
	size_t bad_lines;         /* malformed /proc lines skipped */
	/* A sentence for the user, static: with err, what would make the
	 * list readable ("mount -t mqueue..."); without, what in it is
	 * unknown and why. NULL: nothing to say. */
	const char *hint;
	/* Not listed but counted (the kind's count hook, e.g. *_INFO):
	 * count says how many exist. */
	bool counted;
	long long count;
	/* Rows hold only some columns (the process table without signal
	 * state, kept for pid look-ups): not rows to show. */
	bool light;
	long long cpu_ns;         /* CPU time the list hook took */
};

/* One IPC namespace whose objects the snapshot holds, as ns_list() found
 * it (ns.h), with its own limits. */
struct snap_ns {
	struct ipcns info;
	struct ipc_limits limits;
	bool have_limits;
	int err;                  /* 0, or -errno: it could not be read */
};

struct snapshot {
	struct timespec taken;  /* CLOCK_REALTIME when collected */
	struct objlist list[KIND_SLOTS];
	/* The namespaces read, ipctop's own first when it is one of them;
	 * limits below are the one namespace's, or ipctop's own. */
	struct snap_ns *ns;
	size_t nns;
	char warn[256];           /* what the collection has to say (namespaces
				   * refused...), "" when nothing */
	struct ipc_limits limits;
	bool have_limits;
	/* The process table is list[KIND_PROC] (sorted by tgid, then pid),
	 * the pipes list[KIND_PIPE]; filled only when asked for (procs.h). */
	/* Some processes are invisible to us (/proc mounted with hidepid=
	 * and we are neither root nor in its gid= group): lists built from
	 * /proc may be short even where nothing was refused. */
	bool procs_hidden;
	bool proc_threads;      /* list[KIND_PROC] has a row per thread */
	/* Pids the objects name (creator, last sender...) that are not in
	 * procs yet still exist (kill(pid, 0) found them), sorted: hidden
	 * from us, not gone. Live /proc only. */
	int32_t *hidden_pids;
	size_t nhidden_pids;
	/* The objects' owners, sorted by uid; only when NEED_ACCOUNTS asked. */
	struct owner_info *owners;
	size_t nowners;
	bool have_owners;
};

void snapshot_init(struct snapshot *s);
/* Frees every list (each object through its kind's free_obj) and all. */
void snapshot_free(struct snapshot *s);

/* k's list in s, bound to k on first use. */
struct objlist *snap_list(struct snapshot *s, const struct kind *k);
/* Room for want more objects in l (zeroed); NULL when out of memory. The
 * new space is prefaulted: object arrays are most of a snapshot. */
void *objlist_reserve(struct objlist *l, size_t objsize, size_t want);
/* A new zeroed object at the end of l; NULL when out of memory. */
void *objlist_push(struct objlist *l, size_t objsize);

/* Typed views for code that handles one kind. */
static inline struct msq *snap_msqs(const struct snapshot *s) { return s->list[KIND_MSG].v; }
static inline struct semset *snap_sems(const struct snapshot *s) { return s->list[KIND_SEM].v; }
static inline struct shmseg *snap_shms(const struct snapshot *s) { return s->list[KIND_SHM].v; }
static inline struct proc *snap_procs(const struct snapshot *s) { return s->list[KIND_PROC].v; }
static inline struct pipe_info *snap_pipes(const struct snapshot *s) { return s->list[KIND_PIPE].v; }
static inline size_t snap_n(const struct snapshot *s, enum kind_id id) { return s->list[id].n; }
/* Was the process table (or the pipes list) collected? */
static inline bool snap_have(const struct snapshot *s, enum kind_id id) { return s->list[id].have; }

/* Fill limits' "current use" fields from the object lists (of the
 * namespace ns; 0: all of them). */
void snapshot_count_use(struct snapshot *s);
void snapshot_count_ns(const struct snapshot *s, unsigned long long ns, struct ipc_limits *l);

/* The namespace of s with this inode, or NULL. */
const struct snap_ns *snap_ns_find(const struct snapshot *s, unsigned long long inode);

/* A semset's sems_err as a message. */
const char *sems_strerror(int err);

#endif

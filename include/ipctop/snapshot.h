/* snapshot: the plain data one collection of kernel IPC state produces.
 * Collectors fill it, views read it; it owns every byte it points to and
 * snapshot_free() releases all of it. Nothing here does I/O. */
#ifndef IPCTOP_SNAPSHOT_H
#define IPCTOP_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* Numeric fields the kernel would not tell us hold this value. */
#define IPC_UNKNOWN (-1LL)

enum ipc_kind { KIND_MSG, KIND_SEM, KIND_SHM, KIND_COUNT };

/* Where the object list came from. */
enum list_source { SRC_NONE, SRC_PROCFS, SRC_SYSCALL };

/* Fields every System V object has. */
struct ipc_common {
	int32_t key;
	int32_t id;
	uint32_t mode;          /* permission bits plus kind flags (SHM_DEST...) */
	uint32_t uid, gid, cuid, cgid;
};

/* A process blocked in msgsnd/msgrcv/semop on an object. */
enum wait_op { WAIT_SEND, WAIT_RECV, WAIT_SEMOP };
struct waiter {
	int32_t pid;
	enum wait_op op;
};

struct msq {
	struct ipc_common c;
	long long cbytes, qnum;
	long long qbytes;       /* IPC_UNKNOWN when not readable */
	int32_t lspid, lrpid;
	long long stime, rtime, ctime;
	struct waiter *waiters; /* processes blocked on it; see procs */
	size_t nwaiters;
	int waiters_err;        /* 0, or -errno when some could not be read */
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
	struct waiter *waiters;
	size_t nwaiters;
	int waiters_err;
};

struct shmseg {
	struct ipc_common c;
	long long size, nattch;
	int32_t cpid, lpid;
	long long atime, dtime, ctime;
	long long rss, swap;    /* bytes; IPC_UNKNOWN on kernels without them */
	bool dest, locked;
	int32_t *attached;      /* pids with it mapped; see procs */
	size_t nattached;
	int attached_err;
};

/* One process (or thread, when threads are shown) and its signal state. */
#define PROC_COMM_MAX 64
#define PROC_USER_MAX 64
struct proc {
	int32_t pid, tgid;
	uint32_t uid;
	char user[PROC_USER_MAX];   /* sanitised */
	char comm[PROC_COMM_MAX];   /* sanitised */
	char state;
	long long sigq, sigq_max;   /* IPC_UNKNOWN when unreadable */
	uint64_t pending, shdpnd, blocked, ignored, caught;
	unsigned long long start_time;  /* clock ticks since boot */
	char wchan[32];
};

/* A pipe or FIFO and the processes holding each end. */
struct pipe_info {
	unsigned long long inode;
	char *path;                 /* FIFO path, sanitised; NULL for a pipe */
	int32_t *writers, *readers;
	size_t nwriters, nreaders;
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
	/* current use, derived from the lists */
	long long msg_queues, msg_bytes, msg_msgs;
	long long sem_sets, sem_sems;
	long long shm_segs, shm_bytes, shm_pages, shm_rss, shm_swap;
};

struct snapshot {
	struct timespec taken;  /* CLOCK_REALTIME when collected */
	struct msq *msg;
	size_t nmsg;
	struct semset *sem;
	size_t nsem;
	struct shmseg *shm;
	size_t nshm;
	enum list_source source[KIND_COUNT];
	int err[KIND_COUNT];      /* 0, or -errno when the list could not be read */
	size_t bad_lines[KIND_COUNT]; /* malformed /proc lines skipped */
	struct ipc_limits limits;
	bool have_limits;
	/* Processes and pipes; filled only when asked for (see procs.h). */
	struct proc *procs;
	size_t nprocs;
	bool have_procs;
	/* Some processes are invisible to us (/proc mounted with hidepid=
	 * and we are neither root nor in its gid= group): lists built from
	 * /proc may be short even where nothing was refused. */
	bool procs_hidden;
	/* Pids the objects name (creator, last sender...) that are not in
	 * procs yet still exist (kill(pid, 0) found them), sorted: hidden
	 * from us, not gone. Live /proc only. */
	int32_t *hidden_pids;
	size_t nhidden_pids;
	struct pipe_info *pipes;
	size_t npipes;
	bool have_pipes;
	int pipes_err;          /* 0, or -EACCES: some processes' fds unreadable */
};

void snapshot_init(struct snapshot *s);
void snapshot_free(struct snapshot *s);

/* Fill limits' "current use" fields from the object lists. */
void snapshot_count_use(struct snapshot *s);

const char *kind_name(enum ipc_kind k);   /* "msg", "sem", "shm" */

/* A semset's sems_err as a message. */
const char *sems_strerror(int err);

#endif

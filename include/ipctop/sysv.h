/* sysv: reads System V IPC state (queues, semaphore sets, shared memory
 * segments, limits) from the *ctl() calls and /proc/sysvipc into a snapshot.
 * It never prints and never changes the system. */
#ifndef IPCTOP_SYSV_H
#define IPCTOP_SYSV_H

#include "ipctop/snapshot.h"

struct sysv_opts {
	const char *procfs;       /* proc root, "/proc" by default */
	bool want[KIND_COUNT];    /* which lists to read */
	bool sem_detail;          /* read per-semaphore values (GETALL...) */
	bool limits;              /* read kernel limits */
	/* read each queue's max bytes (one msgctl per queue; /proc lacks
	 * it): on by default, off when nothing will show it */
	bool msg_qbytes;
	/* segments' resident and swapped bytes (only /proc/sysvipc/shm has
	 * them, at a few microseconds a segment): on by default */
	bool shm_rss;
};

void sysv_opts_default(struct sysv_opts *o);

/* Fill s (already snapshot_init'ed) from the kernel. Returns 0 when every
 * wanted list was read, else the first -errno; per-kind errors are in
 * s->err[]. */
int sysv_collect(struct snapshot *s, const struct sysv_opts *o);

/* Per-semaphore values of one set by id: fills set->sems (nsems entries,
 * at most 65536) and sets set->sems_err to 0 or -errno. Values are read
 * only while the id still names the set described (key, creator, change
 * time, semaphore count, checked before and after reading); otherwise,
 * and for fields the kernel refuses, they stay IPC_UNKNOWN (-ESTALE: the
 * set changed). Whatever the kernel does meanwhile, nothing is written
 * past the buffers. */
void sysv_sem_detail(struct semset *set);

/* How many tasks the kernel counts as blocked on a set (GETNCNT plus
 * GETZCNT over its semaphores; each blocked semop counts once, on the
 * semaphore it waits for). Taken from set->sems when those were read.
 * 0 or -errno (-EACCES without read permission). */
int sysv_sem_waiting(const struct semset *set, long long *n);
/* GETALL of set id into out[0..n-1], n at most 65536, through a buffer
 * the kernel cannot write past: -EFAULT when the id now holds more than
 * n semaphores. Returns 0 or -errno. Exposed for tests. */
int sysv_sem_getall(int id, size_t n, unsigned short *out);

/* Re-read one object by id from the kernel (for act/ and the TUI detail).
 * Returns 0 or -errno (-EINVAL/-EIDRM when it is gone). */
int sysv_stat_msg(int id, struct msq *out);
int sysv_stat_sem(int id, struct semset *out);
int sysv_stat_shm(int id, struct shmseg *out);

/* Parsers for one line of /proc/sysvipc/{msg,sem,shm}, exposed for tests.
 * line need not be NUL-terminated; return 0 or -EINVAL. */
int sysv_parse_msg(const char *line, size_t len, struct msq *out);
int sysv_parse_sem(const char *line, size_t len, struct semset *out);
int sysv_parse_shm(const char *line, size_t len, struct shmseg *out);

/* Is procfs this machine's live /proc (so ctl calls describe the same
 * objects)? Detail reads are skipped for fixture trees. */
bool sysv_procfs_is_live(const char *procfs);

/* Read limits from <procfs>/sys/kernel/..., falling back to *_INFO. */
int sysv_read_limits(const char *procfs, struct ipc_limits *l);

#endif

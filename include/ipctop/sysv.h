/* sysv: reads System V IPC state (queues, semaphore sets, shared memory
 * segments, limits) from the *ctl() calls and /proc/sysvipc into a snapshot.
 * It never prints and never changes the system. */
#ifndef IPCTOP_SYSV_H
#define IPCTOP_SYSV_H

#include "ipctop/snapshot.h"

struct source;
struct collect_opts;
struct ident;

/* The three kinds' list hooks (kind.h): every object, through the
 * *_STAT_ANY calls or /proc/sysvipc (see sysv.c), into s's list. 0 or
 * -errno. Queues read their max bytes when o->needs has NEED_QBYTES, a
 * set its semaphores when it is o->detail. */
int sysv_list_msg(struct snapshot *s, const struct source *src, const struct collect_opts *o);
int sysv_list_sem(struct snapshot *s, const struct source *src, const struct collect_opts *o);
int sysv_list_shm(struct snapshot *s, const struct source *src, const struct collect_opts *o);

/* The count hooks (kind.h): how many exist and what they hold, from
 * MSG_INFO, SEM_INFO and SHM_INFO, without listing. Live kernel only
 * (-EOPNOTSUPP for another proc root). */
int sysv_count_msg(struct snapshot *s, const struct source *src);
int sysv_count_sem(struct snapshot *s, const struct source *src);
int sysv_count_shm(struct snapshot *s, const struct source *src);

/* The restat hooks: the object with id->id now, into out. */
int sysv_restat_msg(const struct source *src, const struct ident *id, void *out);
int sysv_restat_sem(const struct source *src, const struct ident *id, void *out);
int sysv_restat_shm(const struct source *src, const struct ident *id, void *out);

/* Per-semaphore values of one set by id: fills set->sems (nsems entries,
 * at most 65536) and sets set->sems_err to 0 or -errno. Values are read
 * only while the id still names the set described (key, creator, change
 * time, semaphore count, checked before and after reading); otherwise,
 * and for fields the kernel refuses, they stay IPC_UNKNOWN (-ESTALE: the
 * set changed). Whatever the kernel does meanwhile, nothing is written
 * past the buffers. */
void sysv_sem_detail(struct semset *set);
/* The sem kind's read_detail hook: sysv_sem_detail() on the live kernel
 * unless the values were read already; a fixture tree's sets stay
 * without values (-ENOENT). */
void sysv_read_sems(const struct source *src, void *set);

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

/* Read limits from <procfs>/sys/kernel/..., falling back to *_INFO. */
int sysv_read_limits(const struct source *src, struct ipc_limits *l);

#endif

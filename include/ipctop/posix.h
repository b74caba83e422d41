/* posix: POSIX queues, shared memory and named semaphores — listed from a
 * directory the caller chooses or the source names, the parsers behind
 * them, the kinds' list and restat hooks, the limits. Never prints and
 * changes nothing (but reading a queue's file, which moves its atime and
 * ctime); removal is act/'s (act.h). */
#ifndef IPCTOP_POSIX_H
#define IPCTOP_POSIX_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "ipctop/snapshot.h"    /* IPC_UNKNOWN, pidlist */
#include "ipctop/source.h"

/* What every POSIX object has: its name and its inode. Numbers the system
 * would not tell us are IPC_UNKNOWN. */
struct pobj {
	char *name;             /* "/foo", sanitised (sanitize.h) for display */
	char *raw;              /* "/foo" as the directory holds it, for unlinking */
	uint32_t uid, gid;      /* owner: the creator's effective ids */
	uint32_t mode;          /* permission bits (st_mode & 07777) */
	long long mtime, ctime; /* seconds */
	/* identity: a name can be removed and created again */
	uint64_t dev, ino;
	/* the IPC namespace it was listed in (source.h), as System V objects
	 * carry theirs */
	unsigned long long ns;
};

/* How a queue's owner asked to hear of a message arriving in it empty. */
enum pmq_notify {
	PMQ_NOTIFY_UNKNOWN = -1,
	PMQ_NOTIFY_NONE = 0,    /* nobody registered */
	PMQ_NOTIFY_SIGNAL,      /* SIGEV_SIGNAL: signo to notify_pid */
	PMQ_NOTIFY_THREAD,      /* SIGEV_THREAD: a netlink message (glibc runs a thread) */
	PMQ_NOTIFY_QUIET,       /* SIGEV_NONE: registered, told nothing; keeps
				 * everyone else from registering */
};

struct pmq {
	struct pobj c;          /* mtime: last send or receive; ctime moves on
				 * every send, receive and read of the file */
	long long cbytes;       /* bytes in the queued messages (QSIZE) */
	long long qnum;         /* messages queued */
	long long maxmsg, msgsize;
	enum pmq_notify notify;
	long long signo;        /* PMQ_NOTIFY_SIGNAL's signal, else 0 */
	long long notify_pid;   /* 0 with PMQ_NOTIFY_NONE; IPC_UNKNOWN when
				 * the owner is outside our pid namespace */
	/* from the process collector (procs.h): processes with the queue
	 * open, and those blocked sending or receiving */
	struct pidlist holders;
	struct waitlist waiters;
};

struct pshm {
	struct pobj c;
	long long size;         /* bytes (st_size) */
	long long alloc;        /* bytes of memory it holds (st_blocks * 512 on
				 * tmpfs): resident or swapped out */
	struct pidlist attached;  /* processes that map it or hold it open */
};

struct psem {
	struct pobj c;          /* c.name "/foo" is the file sem.foo */
	long long value, nwaiters;  /* IPC_UNKNOWN: unreadable, or not glibc's
				     * 64-bit layout */
	struct pidlist attached;    /* processes that map it */
};

void pmq_free(struct pmq *q);
void pshm_free(struct pshm *s);
void psem_free(struct psem *s);
void pmq_array_free(struct pmq *v, size_t n);
void pshm_array_free(struct pshm *v, size_t n);
void psem_array_free(struct psem *v, size_t n);

/* ---- where the objects are ---- */

/* A directory of queues. */
enum pmq_dir_from {
	PMQ_DIR_PRIVATE,        /* our own detached mount (fsopen/fsmount) of
				 * the calling thread's IPC namespace's queues */
	PMQ_DIR_MOUNT,          /* an mqueue mount found in mountinfo: it may
				 * belong to another IPC namespace */
};
struct pmq_dir {
	int fd;                 /* directory, O_CLOEXEC; -1 when none */
	enum pmq_dir_from from;
	char mnt[PATH_MAX];     /* PMQ_DIR_MOUNT: its mount point, raw bytes
				 * (sanitise before showing) */
	const char *hint;       /* failure: one line for the user, else NULL */
};

/* Open the queues of this IPC namespace: a private mount when we may mount
 * (CAP_SYS_ADMIN), else an mqueue mount of <procfs>/self/mountinfo
 * (procfs NULL: "/proc"), /dev/mqueue first. 0, or -ENOENT (d->hint says
 * what to do), or -errno. pmq_dir_close() releases it (and the mount). */
int posix_mq_dir(const char *procfs, struct pmq_dir *d);
/* The queues of the calling thread's IPC namespace through a private
 * mount only (another namespace's, joined: a mount found in mountinfo
 * shows someone else's). 0 or -errno with d->hint. */
int posix_mq_dir_private(struct pmq_dir *d);
void pmq_dir_close(struct pmq_dir *d);

/* The queue directory of a source: its mq_dir when set, else
 * posix_mq_dir(). 0 or -errno (d->hint says what to do). */
int posix_source_mq_dir(const struct source *src, struct pmq_dir *d);
/* The source's shared memory directory (shm_dir) opened: the fd, or
 * -errno. */
int posix_source_shm_dir(const struct source *src);

/* ---- lists ---- */

/* The queues in dirfd (an mqueue file system's root), sorted by raw name,
 * into *out (caller frees with pmq_array_free). Each is opened read-only
 * for its QSIZE line and mq_getsetattr(): a queue we may not read keeps
 * only its name, owner, mode, times and identity. No message is taken.
 * Closing a queue descriptor cancels a notification its process holds on
 * it, so this must not run in a process that registers one. 0 or -errno. */
int posix_list_mq(int dirfd, struct pmq **out, size_t *n);
/* Shared memory objects in dirfd (/dev/shm): its regular files except
 * sem.*. Nothing is opened. 0 or -errno. */
int posix_list_shm(int dirfd, struct pshm **out, size_t *n);
/* Named semaphores in dirfd (/dev/shm): regular files sem.NAME, value and
 * waiters read (pread, read permission) when the layout is glibc's. */
int posix_list_sem(int dirfd, struct psem **out, size_t *n);

/* One object by its raw name ("/foo"; a semaphore's is the file sem.foo),
 * read as the lists read it, into *out (zeroed first; pmq_free() and its
 * kin release it). 0; -ENOENT when there is no such object (nor a
 * regular file by that name); -EINVAL for a name that is not "/NAME";
 * or -errno. */
int posix_mq_one(int dirfd, const char *raw, struct pmq *out);
int posix_shm_one(int dirfd, const char *raw, struct pshm *out);
int posix_sem_one(int dirfd, const char *raw, struct psem *out);

/* The directory entry that holds raw ("/NAME") after prefix ("" or
 * "sem."): refuses what could name another directory's entry (-EINVAL). */
int posix_entry_name(const char *raw, const char *prefix, char *out, size_t len);

/* ---- the kinds' hooks (kind.h) ---- */

struct snapshot;
struct source;
struct collect_opts;
struct ident;

/* Each list from the source's directories into s (not collected at all
 * when the source has no POSIX objects). The queues' list is an error
 * with a hint (objlist.hint) where no queue directory can be had; a list
 * whose objects could not all be read says so in its hint. */
int posix_list_mq_hook(struct snapshot *s, const struct source *src,
		       const struct collect_opts *o);
int posix_list_shm_hook(struct snapshot *s, const struct source *src,
			const struct collect_opts *o);
int posix_list_sem_hook(struct snapshot *s, const struct source *src,
			const struct collect_opts *o);
/* The object named id->name now, into out. */
int posix_restat_mq(const struct source *src, const struct ident *id, void *out);
int posix_restat_shm(const struct source *src, const struct ident *id, void *out);
int posix_restat_sem(const struct source *src, const struct ident *id, void *out);

/* The limits of POSIX queues (the files of <procfs>/sys/fs/mqueue) and the size and
 * use of the shared memory file system (statvfs), each IPC_UNKNOWN where
 * unreadable; and the use the lists in s show. */
void posix_read_limits(const struct source *src, struct ipc_limits *l);
void posix_count_use(struct snapshot *s);

/* ---- parsers, pure, exposed for tests ---- */

/* A queue file's text "QSIZE:129  NOTIFY:2  SIGNO:0  NOTIFY_PID:1234\n"
 * ([buf, buf + len), need not be NUL-terminated) into q's cbytes, notify,
 * signo and notify_pid. All four fields must be there, once, well formed;
 * others are ignored. 0, or -EINVAL leaving q untouched. */
int posix_parse_mq_file(const char *buf, size_t len, struct pmq *q);

/* One /proc/PID/mountinfo line, octal escapes (\040...) undone. */
struct posix_mount {
	unsigned major, minor;  /* st_dev of its files */
	char *root;             /* the part of the file system mounted ("/") */
	char *mnt;              /* mount point */
	char *mnt_opts;         /* per-mount options ("rw,nosuid") */
	char *fstype;           /* "mqueue", "tmpfs" */
	char *source;
	char *super_opts;       /* file system options ("rw,size=65536k") */
};
/* [line, line + len), without or up to its newline. 0, -EINVAL when
 * malformed, -ENOMEM. posix_mount_free() releases m's strings. */
int posix_parse_mountinfo(const char *line, size_t len, struct posix_mount *m);
void posix_mount_free(struct posix_mount *m);
/* Look up key in an options field as mountinfo writes it ("rw,size=1k"):
 * 1 with its value, escapes undone, in val ("" for a flag); 0 when
 * absent; -EINVAL for a bad escape; -ENAMETOOLONG when val is too small. */
int posix_mount_opt(const char *opts, const char *key, char *val, size_t vallen);

/* One /proc/PID/maps line. */
struct posix_maps_line {
	unsigned long long start, end, offset, ino;
	unsigned major, minor;
	char perms[5];
	const char *path;       /* into the line; not NUL-terminated; may be
				 * empty (anonymous); "\012" stands for a newline */
	size_t pathlen;         /* without " (deleted)" */
	bool deleted;           /* the path ended in " (deleted)" (or the file
				 * is named so: dev and ino tell) */
};
int posix_parse_maps_line(const char *line, size_t len, struct posix_maps_line *m);

/* Does a mapping, or an open file's stat (/proc/PID/fd/N followed), name
 * object c? */
bool posix_maps_names(const struct posix_maps_line *m, const struct pobj *c);
bool posix_stat_names(const struct stat *st, const struct pobj *c);

/* A /proc/PID/task/TID/syscall line blocked in mq_timedsend (send true)
 * or mq_timedreceive: 0 and the queue's descriptor number; -ENOENT for
 * another syscall, -EAGAIN when running or not in a syscall, -EINVAL when
 * malformed. */
int posix_parse_mq_syscall(const char *buf, bool *send, int *fd);

#endif

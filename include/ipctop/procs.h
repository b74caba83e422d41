/* procs: the processes behind the objects — process table and signal
 * state (libproc2 on the live /proc), attached pids, waiters, pipes — into
 * a snapshot. Never prints, never changes the system. */
#ifndef IPCTOP_PROCS_H
#define IPCTOP_PROCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipctop/errors.h"
#include "ipctop/proctab.h"
#include "ipctop/source.h"
#include "ipctop/signals.h"
#include "ipctop/snapshot.h"

struct procs_opts {
	const struct source *src;  /* where to read (procs never asks again
				    * whether it is the live /proc) */
	bool signals;           /* full rows: user, state, signal masks
				 * (libproc2), comm and SigQ (status); without
				 * it rows hold only pid and tgid, from a
				 * readdir of /proc */
	bool threads;           /* one row per thread instead of per process */
	bool users;             /* attached pids and waiters of the objects */
	bool pipes;             /* fill s->pipes */
	bool cmdline;           /* segments' creators' command lines */
	/* Out: when procs_collect fails because of one file (a FIFO or a
	 * device in a fixture tree: -IPCTOP_ENOTREG), its path; may be NULL. */
	char *err_path;
	size_t err_path_len;
};

/* The process table (list[KIND_PROC], sorted by tgid then pid) is filled
 * whenever procs_collect runs, so pid lookups (proc.h) work; with signals
 * its rows are complete and kernel threads are left out.
 * On a fixture proc root (not this machine's /proc) the files under
 * <procfs>/PID/ are parsed directly instead of through libproc2; a tree
 * without PID directories leaves everything unknown (have_procs false). */

/* Cached per-process results reused across refreshes (the TUI keeps one):
 * a process's System V attachments are re-read only when the process
 * (pid + start time) or the segments' attach counts and times change. */
struct procs_cache;
struct procs_cache *procs_cache_new(void);
void procs_cache_free(struct procs_cache *c);

/* Fill the process parts of s (its System V lists already collected).
 * cache may be NULL. Returns 0 or -errno (the process list unreadable),
 * or -IPCTOP_ENOTREG (errors.h) for a file of a fixture tree that is not a
 * regular file; per-object problems go to attached_err / waiters_err
 * (-EACCES: the list may be short), unreadable fds to the pipes list's partial. On the live /proc it
 * also sets s->procs_hidden (hidepid= hides processes from us) and
 * s->hidden_pids (named pids missing from the table that still exist:
 * a kill(pid, 0), which sends nothing, for each). */
int procs_collect(struct snapshot *s, const struct procs_opts *o,
		  struct procs_cache *cache);

/* Pids read after procs_collect (a set's last operators, re-read by the
 * live view's detail): those missing from s's process table that still
 * exist join s->hidden_pids, so they are not called gone. Only for a
 * snapshot of the live /proc. 0 or -ENOMEM. */
int procs_note_hidden(struct snapshot *s, const int32_t *pids, size_t n);

/* What a procs_collect error means, for a message: ipctop_strerror(),
 * except -ENOSYS, which says libproc2 (the signal state) could not be
 * loaded. */
const char *procs_strerror(int err);

/* The start time (clock ticks since boot) of process pid, from its
 * stat file: 0, -ENOENT when it is gone, or -errno. */
int procs_start_time(const struct source *src, int32_t pid, unsigned long long *start);

/* Parsers for single /proc files, exposed for tests. buf is NUL-terminated.
 * status: Name (the kernel's "\\" and "\n" undone, then sanitised), State,
 * Tgid, Pid, Uid (effective), SigQ and the signal masks into p (user left
 * empty). 0, or -EINVAL without a Pid line. */
int procs_parse_status(const char *buf, struct proc *p);
/* stat: state and start time (field 22, counted after the last ')'). */
int procs_parse_stat(const char *buf, char *state, unsigned long long *start);
/* maps: the shmids (inode column) of every /SYSV mapping, in file order,
 * into *ids (malloc'd, caller frees; NULL when none). 0 or -ENOMEM. */
int procs_parse_maps(const char *buf, int32_t **ids, size_t *n);
/* syscall: number and first argument of a blocked syscall. 0, -EAGAIN for
 * "running" or not in a syscall ("-1 ..."), -EINVAL when malformed. */
int procs_parse_syscall(const char *buf, long *nr, long long *arg0);
/* fdinfo: the "flags:" line (octal). 0 or -EINVAL. */
int procs_parse_fdinfo_flags(const char *buf, unsigned *flags);
/* A /proc/PID/fd link text: "pipe:[123]" gives 0 and the inode. */
int procs_parse_pipe_link(const char *link, unsigned long long *ino);
/* Is a wchan name a System V IPC sleep (do_msgrcv, do_msgsnd,
 * __do_semtimedop...)? */
bool procs_wchan_is_ipc(const char *wchan);
/* One /proc/self/mountinfo line [line, line + len): 1 when it mounts a
 * proc file system at mnt, with *hidepid (0 off, 1 noaccess, 2 invisible,
 * 4 ptraceable; a value not known here counts as 2) and *gid (the gid=
 * group exempt from it, 0 as in the kernel when absent, -1 when
 * unreadable); 0 for any other mount; -EINVAL when malformed. */
int procs_parse_mountinfo(const char *line, size_t len, const char *mnt,
			  int *hidepid, long long *gid);
/* Does a proc mount's hidepid/gid hide other users' processes from
 * someone with these credentials? Root sees all; so does a member of the
 * gid= group, except under hidepid=ptraceable. */
bool procs_hidepid_hides(int hidepid, long long gid, uid_t euid, gid_t egid,
			 const gid_t *groups, size_t ngroups);

#endif

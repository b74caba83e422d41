/* The process table: one row per process (or thread) with its user, state,
 * name and signal state. On the live /proc this goes through libproc2;
 * on a fixture tree the same /proc files are parsed here. Then the parts
 * that tie processes to objects (maps.c, waiters.c, pipes.c) run over the
 * task list, each only when it can matter. */
#define _GNU_SOURCE
#include "collect/procs_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/proc2.h"
#include "collect/readfile.h"
#include "ipctop/proctab.h"
#include "ipctop/sanitize.h"
#include "ipctop/pool.h"
#include "ipctop/kind.h"
#include "ipctop/posix.h"
#include "ipctop/sysv.h"
#include "ipctop/vec.h"

#define STATUS_MAX (1u << 20)

/* ---- parsers ---- */

/* Value of "Key:\t..." in a status file, or NULL. */
static const char *status_value(const char *buf, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ':') {
			p += kl + 1;
			while (*p == ' ' || *p == '\t')
				p++;
			return p;
		}
	}
	return NULL;
}

static bool hex_mask(const char *v, uint64_t *out)
{
	char *end;

	if (!v || !isxdigit((unsigned char)*v))
		return false;
	errno = 0;
	*out = strtoull(v, &end, 16);
	return errno == 0 && (*end == '\n' || *end == '\0');
}

static bool dec_ll(const char *v, long long *out, char **endp)
{
	char *end;

	if (!v || !(isdigit((unsigned char)*v) || *v == '-'))
		return false;
	errno = 0;
	*out = strtoll(v, &end, 10);
	if (errno || end == v)
		return false;
	if (endp)
		*endp = end;
	return true;
}

/* The Name line of status as the process set it: the kernel writes '\n'
 * and '\\' as "\n" and "\\" there, every other byte as it is. */
static void status_name(const char *v, char *dst, size_t len)
{
	char raw[PROC_COMM_MAX];
	size_t n = 0;

	while (*v && *v != '\n' && n < sizeof(raw)) {
		if (v[0] == '\\' && (v[1] == '\\' || v[1] == 'n')) {
			raw[n++] = v[1] == 'n' ? '\n' : '\\';
			v += 2;
		} else {
			raw[n++] = *v++;
		}
	}
	sanitize(dst, len, raw, n);
}

int procs_parse_status(const char *buf, struct proc *p)
{
	const char *v;
	long long x, y;
	char *end;

	memset(p, 0, sizeof(*p));
	p->sigq = p->sigq_max = IPC_UNKNOWN;
	p->state = '?';
	if (!dec_ll(status_value(buf, "Pid"), &x, NULL) || x <= 0 || x > INT32_MAX)
		return -EINVAL;
	p->pid = (int32_t)x;
	p->tgid = dec_ll(status_value(buf, "Tgid"), &y, NULL) && y > 0 && y <= INT32_MAX
		? (int32_t)y : p->pid;
	if (dec_ll(status_value(buf, "PPid"), &y, NULL) && y >= 0 && y <= INT32_MAX)
		p->ppid = (int32_t)y;
	v = status_value(buf, "Name");
	if (v)
		status_name(v, p->comm, sizeof(p->comm));
	v = status_value(buf, "State");
	if (v && *v && *v != '\n')
		p->state = *v;
	/* Uid: real, effective, saved, fs */
	v = status_value(buf, "Uid");
	if (dec_ll(v, &x, &end) && dec_ll(end + strspn(end, " \t"), &y, NULL) && y >= 0)
		p->uid = (uint32_t)y;
	v = status_value(buf, "SigQ");
	if (dec_ll(v, &x, &end) && *end == '/' && dec_ll(end + 1, &y, NULL)) {
		p->sigq = x;
		p->sigq_max = y;
	}
	hex_mask(status_value(buf, "SigPnd"), &p->pending);
	hex_mask(status_value(buf, "ShdPnd"), &p->shdpnd);
	hex_mask(status_value(buf, "SigBlk"), &p->blocked);
	hex_mask(status_value(buf, "SigIgn"), &p->ignored);
	hex_mask(status_value(buf, "SigCgt"), &p->caught);
	return 0;
}

int procs_parse_stat(const char *buf, char *state, unsigned long long *start)
{
	/* comm may hold ')' and spaces: fields resume after the last ')' */
	const char *p = strrchr(buf, ')');
	char *end;

	if (!p || p[1] != ' ' || !p[2])
		return -EINVAL;
	p += 2;
	*state = *p;
	/* state is field 3; start time is field 22 */
	for (int field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -EINVAL;
		p++;
	}
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	*start = strtoull(p, &end, 10);
	if (errno || (*end != ' ' && *end != '\n' && *end != '\0'))
		return -EINVAL;
	return 0;
}

static bool mi_number(const char *f, size_t n)
{
	if (n == 0 || n > 19)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)f[i]))
			return false;
	return true;
}

/* A mount point as mountinfo writes it (space, tab, newline and
 * backslash as \ooo) equal to path? */
static bool mi_path_is(const char *f, size_t n, const char *path)
{
	size_t i = 0;

	for (; i < n; path++) {
		unsigned char c = (unsigned char)f[i];

		if (c == '\\' && i + 3 < n && f[i + 1] >= '0' && f[i + 1] <= '3' &&
		    f[i + 2] >= '0' && f[i + 2] <= '7' && f[i + 3] >= '0' && f[i + 3] <= '7') {
			c = (unsigned char)((f[i + 1] - '0') * 64 + (f[i + 2] - '0') * 8 +
					    (f[i + 3] - '0'));
			i += 4;
		} else {
			i++;
		}
		if (*path == '\0' || (unsigned char)*path != c)
			return false;
	}
	return *path == '\0';
}

static int hidepid_value(const char *v, size_t n)
{
	static const struct { const char *name; int level; } names[] = {
		{ "0", 0 }, { "off", 0 }, { "1", 1 }, { "noaccess", 1 },
		{ "2", 2 }, { "invisible", 2 }, { "4", 4 }, { "ptraceable", 4 },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && memcmp(names[i].name, v, n) == 0)
			return names[i].level;
	return 2;       /* a mode this code does not know: assume it hides */
}

int procs_parse_mountinfo(const char *line, size_t len, const char *mnt,
			  int *hidepid, long long *gid)
{
	const char *end = memchr(line, '\n', len), *p = line, *f, *mp = NULL, *fs, *opts;
	size_t n, mpn = 0, fsn, optsn;
	int field = 0;

	if (!end)
		end = line + len;
	/* ID, parent ID, major:minor, root, mount point, mount options */
	while (field < 6 && next_field(&p, end, &f, &n)) {
		if (field < 2 && !mi_number(f, n))
			return -EINVAL;
		if (field == 2) {
			const char *colon = memchr(f, ':', n);
			if (!colon || !mi_number(f, (size_t)(colon - f)) ||
			    !mi_number(colon + 1, n - (size_t)(colon - f) - 1))
				return -EINVAL;
		}
		if (field == 4) {
			mp = f;
			mpn = n;
		}
		field++;
	}
	if (field < 6)
		return -EINVAL;
	/* optional fields ("shared:1"...) up to the lone "-" */
	do {
		if (!next_field(&p, end, &f, &n))
			return -EINVAL;
	} while (!(n == 1 && f[0] == '-'));
	if (!next_field(&p, end, &fs, &fsn) || !next_field(&p, end, &f, &n) ||
	    !next_field(&p, end, &opts, &optsn))
		return -EINVAL;
	if (!(fsn == 4 && memcmp(fs, "proc", 4) == 0) || !mi_path_is(mp, mpn, mnt))
		return 0;
	*hidepid = 0;
	*gid = 0;
	/* super options: "rw,gid=27,hidepid=invisible" */
	for (const char *o = opts, *oe, *oend = opts + optsn; ; o = oe + 1) {
		oe = memchr(o, ',', (size_t)(oend - o));
		if (!oe)
			oe = oend;
		n = (size_t)(oe - o);
		if (n >= 8 && memcmp(o, "hidepid=", 8) == 0) {
			*hidepid = hidepid_value(o + 8, n - 8);
		} else if (n >= 4 && memcmp(o, "gid=", 4) == 0) {
			long long g = mi_number(o + 4, n - 4) ? 0 : -1;

			for (const char *c = o + 4; g >= 0 && c < oe; c++) {
				g = g * 10 + (*c - '0');
				if (g > UINT32_MAX)
					g = -1;
			}
			*gid = g;
		}
		if (oe == oend)
			break;
	}
	return 1;
}

bool procs_hidepid_hides(int hidepid, long long gid, uid_t euid, gid_t egid,
			 const gid_t *groups, size_t ngroups)
{
	/* the kernel's has_pid_permissions(): ptraceable ignores gid= */
	if (hidepid == 0 || euid == 0)
		return false;
	if (hidepid == 4 || gid < 0)
		return true;
	if ((long long)egid == gid)
		return false;
	for (size_t i = 0; i < ngroups; i++)
		if ((long long)groups[i] == gid)
			return false;
	return true;
}

/* ---- enumeration ---- */

/* Rows and their tasks, side by side: p[i] is t[i]'s row. */
struct rows {
	struct proc *p;
	struct task *t;
	size_t n, cap, tcap;
};

static int rows_add(struct rows *r, const struct proc *p, const struct task *t)
{
	if (vec_reserve(&r->p, &r->cap, r->n + 1, sizeof(*r->p)) < 0 ||
	    vec_reserve(&r->t, &r->tcap, r->n + 1, sizeof(*r->t)) < 0)
		return -ENOMEM;
	r->p[r->n] = *p;
	r->t[r->n] = *t;
	r->n++;
	return 0;
}

/* The kernel writes "0" (and libproc2 "-") for a task that is not
 * sleeping: no wait channel, so keep it empty ("-", JSON null). */
static void copy_wchan(char *dst, size_t len, const char *src)
{
	size_t n = src ? strcspn(src, "\n") : 0;

	if (n == 1 && (src[0] == '0' || src[0] == '-'))
		n = 0;
	sanitize(dst, len, src ? src : "", n);
}

enum {
	I_PID, I_TGID, I_PPID, I_STATE, I_EUSER, I_EUID, I_START,
	I_SIGPND, I_SHDPND, I_SIGBLK, I_SIGIGN, I_SIGCGT, I_FLAGS, I_WCHAN, I_COUNT
};

/* The kernel's task flag for kernel threads (include/linux/sched.h). In a
 * pid namespace pid 2 is an ordinary process, so this, not kthreadd's pid,
 * tells a kernel thread. */
#define KTHREAD_FLAG 0x00200000UL

static int enum_live(struct rows *r, bool wchan)
{
	enum pids_item items[I_COUNT] = {
		PIDS_ID_PID, PIDS_ID_TGID, PIDS_ID_PPID, PIDS_STATE,
		PIDS_ID_EUSER, PIDS_ID_EUID, PIDS_TICS_BEGAN, PIDS_SIGPENDING,
		PIDS_SIGNALS, PIDS_SIGBLOCKED, PIDS_SIGIGNORE, PIDS_SIGCATCH,
		PIDS_FLAGS, PIDS_WCHAN_NAME,
	};
	const struct proc2 *lib = proc2_get();
	struct pids_info *info = NULL;
	struct pids_fetch *f;
	int r0 = 0, ni = wchan ? I_COUNT : I_COUNT - 1;

	if (!lib)
		return -ENOSYS;     /* libproc2 not installed: proc2_error() */
	if (lib->pids_new(&info, items, ni) < 0)
		return -errno ? -errno : -ENOMEM;
	/* every thread even when rows are per process: SigPnd is per
	 * thread, and fold_threads() adds each thread's to its process */
	f = lib->pids_reap(info, PIDS_FETCH_THREADS_TOO);
	if (!f) {
		r0 = errno ? -errno : -EIO;
		lib->pids_unref(&info);
		return r0;
	}
	for (int i = 0; i < f->counts->total && r0 == 0; i++) {
		struct pids_stack *st = f->stacks[i];
		struct proc p;
		struct task t;
		const char *s;

#define V(idx, type) PIDS_VAL(idx, type, st, info)
		if (V(I_FLAGS, ul_int) & KTHREAD_FLAG)
			continue;
		memset(&p, 0, sizeof(p));
		memset(&t, 0, sizeof(t));
		p.pid = t.tid = V(I_PID, s_int);
		p.tgid = t.tgid = V(I_TGID, s_int);
		p.ppid = V(I_PPID, s_int);
		p.uid = V(I_EUID, u_int);
		p.state = t.state = (char)V(I_STATE, s_ch);
		p.start_time = t.start = V(I_START, ull_int);
		s = V(I_EUSER, str);
		sanitize(p.user, sizeof(p.user), s ? s : "", s ? strlen(s) : 0);
		hex_mask(V(I_SIGPND, str), &p.pending);
		hex_mask(V(I_SHDPND, str), &p.shdpnd);
		hex_mask(V(I_SIGBLK, str), &p.blocked);
		hex_mask(V(I_SIGIGN, str), &p.ignored);
		hex_mask(V(I_SIGCGT, str), &p.caught);
		p.sigq = p.sigq_max = IPC_UNKNOWN;
		if (wchan) {
			copy_wchan(t.wchan, sizeof(t.wchan), V(I_WCHAN, str));
			snprintf(p.wchan, sizeof(p.wchan), "%s", t.wchan);
		}
#undef V
		r0 = rows_add(r, &p, &t);
	}
	lib->pids_unref(&info);
	return r0;
}

/* snprintf for paths: false when it did not fit. */
static bool pathf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < len;
}

/* A file of a fixture tree that is no regular file (a FIFO, a device) is
 * no process that went away: the tree is broken, and the error names the
 * file (o->err_path). */
static int refused(const struct procs_opts *o, const char *path, int err)
{
	if (o->err_path && o->err_path_len)
		snprintf(o->err_path, o->err_path_len, "%s", path);
	return err;
}

/* One task of a fixture tree: dir holds status, stat and wchan. A missing
 * or malformed status is a task to skip (-errno); -IPCTOP_ENOTREG stops. */
static int read_task_dir(const struct procs_opts *o, const char *dir,
			 struct proc *p, struct task *t)
{
	char path[PATH_MAX];
	struct file_buf fb;
	int r;

	snprintf(path, sizeof(path), "%s/status", dir);
	r = read_whole_file(path, &fb, STATUS_MAX);
	if (r == -IPCTOP_ENOTREG)
		return refused(o, path, r);
	if (r < 0)
		return r;
	r = procs_parse_status(fb.data, p);
	file_buf_free(&fb);
	if (r < 0)
		return r;
	memset(t, 0, sizeof(*t));
	t->tid = p->pid;
	t->tgid = p->tgid;
	t->state = p->state;
	if (pathf(path, sizeof(path), "%s/stat", dir) &&
	    (r = read_whole_file(path, &fb, STATUS_MAX)) == 0) {
		char st;
		if (procs_parse_stat(fb.data, &st, &p->start_time) == 0)
			t->start = p->start_time;
		file_buf_free(&fb);
	}
	if (r == -IPCTOP_ENOTREG)
		return refused(o, path, r);
	if (pathf(path, sizeof(path), "%s/wchan", dir) &&
	    (r = read_whole_file(path, &fb, 4096)) == 0) {
		copy_wchan(t->wchan, sizeof(t->wchan), fb.data);
		snprintf(p->wchan, sizeof(p->wchan), "%s", t->wchan);
		file_buf_free(&fb);
	}
	if (r == -IPCTOP_ENOTREG)
		return refused(o, path, r);
	snprintf(p->user, sizeof(p->user), "%u", p->uid);
	return 0;
}

/* A tree that cannot be listed has no processes (0, none added). */
static int enum_fixture(struct rows *r, const struct procs_opts *o,
			const char *procfs, bool threads)
{
	DIR *d = opendir(procfs);
	struct dirent *de;
	int r0 = 0, e;

	if (!d)
		return 0;
	while (r0 == 0 && (de = readdir(d))) {
		char dir[PATH_MAX], tdir[PATH_MAX];
		struct proc p;
		struct task t;

		if (!all_digits(de->d_name))
			continue;
		if (!pathf(dir, sizeof(dir), "%s/%s", procfs, de->d_name))
			continue;
		e = read_task_dir(o, dir, &p, &t);
		if (e == -IPCTOP_ENOTREG)
			r0 = e;
		if (e < 0)
			continue;
		r0 = rows_add(r, &p, &t);
		if (!threads || r0)
			continue;
		DIR *td = pathf(tdir, sizeof(tdir), "%s/task", dir) ? opendir(tdir) : NULL;
		struct dirent *te;
		while (td && r0 == 0 && (te = readdir(td))) {
			char path[PATH_MAX];
			if (!all_digits(te->d_name) || strcmp(te->d_name, de->d_name) == 0)
				continue;
			if (!pathf(path, sizeof(path), "%s/%s", tdir, te->d_name))
				continue;
			e = read_task_dir(o, path, &p, &t);
			if (e == 0)
				r0 = rows_add(r, &p, &t);
			else if (e == -IPCTOP_ENOTREG)
				r0 = e;
		}
		if (td)
			closedir(td);
	}
	closedir(d);
	return r0;
}

/* Read a small file relative to dirfd into buf (NUL-terminated). */
static int read_small_at(int dirfd, const char *rel, char *buf, size_t len)
{
	int fd = open_proc_file(dirfd, rel);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* wchan of one live task (rel: "PID" or "PID/task/TID"), relative to the
 * proc root's fd: state 'S' when it names a sleep. "0" is a running task,
 * or (not root) one the kernel will not describe to us. */
static void light_task(int pfd, const char *pid, const char *rel, uid_t euid,
		       struct task *t)
{
	char path[PATH_MAX], buf[128];
	struct stat st;

	t->state = 'R';
	t->wchan[0] = '\0';
	if (!pathf(path, sizeof(path), "%s/wchan", rel) ||
	    read_small_at(pfd, path, buf, sizeof(buf)) < 0)
		return;
	copy_wchan(t->wchan, sizeof(t->wchan), buf);
	if (strcmp(t->wchan, "0") != 0 && t->wchan[0])
		t->state = 'S';
	else if (euid != 0 && fstatat(pfd, pid, &st, 0) == 0 && st.st_uid != euid)
		t->state = 'S';     /* hidden: waiters will say "unknown" */
}

/* A kernel thread's syscall file: number 0 and every register 0 (a user
 * task always has a stack pointer and a program counter). */
static bool kthread_syscall(const char *buf)
{
	static const char zero[] = "0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0";

	return strncmp(buf, zero, sizeof(zero) - 1) == 0 &&
	       (buf[sizeof(zero) - 1] == '\n' || buf[sizeof(zero) - 1] == '\0');
}

/* One live task for the waiters: its syscall file says in one read
 * whether it is blocked in msgsnd/msgrcv/semop and on which object
 * ("running", or the number and arguments). It needs ptrace access;
 * where that is refused, the wchan (readable more widely) decides as
 * before and procs_waiters reads what it can. */
static void light_syscall(int pfd, const char *procfs, const unsigned long long *ns, size_t nns,
			  const char *pid, const char *rel, uid_t euid,
			  struct task *t)
{
	char path[PATH_MAX], buf[256];
	long nr;
	long long arg0;
	enum wait_op op;
	int kind, r;

	t->state = 'R';
	t->wchan[0] = '\0';
	t->sys = TS_IDLE;
	if (!pathf(path, sizeof(path), "%s/syscall", rel))
		return;
	r = read_small_at(pfd, path, buf, sizeof(buf));
	if (r == -EACCES || r == -EPERM) {
		t->sys = TS_UNREAD;
		light_task(pfd, pid, rel, euid, t);
		return;
	}
	if (r < 0)
		return;             /* gone meanwhile */
	if (kthread_syscall(buf)) {
		t->kthread = true;
		return;
	}
	r = procs_parse_syscall(buf, &nr, &arg0);
	if (r == -EAGAIN)
		return;             /* running, or not in a syscall */
	t->state = 'S';
	if (r < 0 || (kind = procs_syscall_kind(nr, &op)) < 0)
		return;
	if (kind == KIND_PMQ) {
		/* a queue descriptor: the queue is the file it leads to */
		if (procs_fd_inode(pfd, rel, arg0, &t->qdev, &t->qino) < 0)
			return;
	} else if (!procs_ns_in(procfs, ns, nns, t->tgid, &t->ns)) {
		/* the same id in another IPC namespace is another object: the
		 * task's namespace tells which */
		return;
	}
	t->sys = TS_WAIT;
	t->kind = (signed char)kind;
	t->op = (unsigned char)op;
	t->arg0 = arg0;
}

/* The light pass over the live /proc, split over worker threads. */
struct light {
	const char *procfs;
	const unsigned long long *ns;
	size_t nns;
	int pfd;
	uid_t euid;
	const int32_t *pids;
	bool by_wchan;      /* the wchan (shown with --signals), not syscall */
	atomic_size_t next;     /* next index to take */
	atomic_size_t avail;    /* pids[0..avail) filled by the readdir */
	atomic_bool done;       /* the readdir finished: avail is final */
};

struct light_worker {
	struct light *l;
	struct rows r;
	int err;
};

static void light_one(struct light *l, const char *pid, const char *rel,
		      struct task *t)
{
	if (l->by_wchan)
		light_task(l->pfd, pid, rel, l->euid, t);
	else
		light_syscall(l->pfd, l->procfs, l->ns, l->nns, pid, rel, l->euid, t);
}

/* One process: its leader, or each of its threads when it has more. */
static int light_pid(struct light *l, int32_t pid, struct rows *r)
{
	char name[16], rel[PATH_MAX];
	struct proc p;
	struct task t;
	struct stat st;
	DIR *td;
	struct dirent *te;
	int tfd, r0 = 0;

	snprintf(name, sizeof(name), "%d", pid);
	memset(&p, 0, sizeof(p));
	memset(&t, 0, sizeof(t));
	p.pid = p.tgid = t.tid = t.tgid = pid;
	p.state = t.state = '?';
	p.sigq = p.sigq_max = IPC_UNKNOWN;
	/* the task directory's link count is 2 + threads */
	if (!pathf(rel, sizeof(rel), "%s/task", name) ||
	    fstatat(l->pfd, rel, &st, 0) < 0)
		return 0;           /* exited meanwhile */
	if (st.st_nlink <= 3) {
		light_one(l, name, name, &t);
		snprintf(p.wchan, sizeof(p.wchan), "%s", t.wchan);
		return rows_add(r, &p, &t);
	}
	tfd = openat(l->pfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	td = tfd >= 0 ? fdopendir(tfd) : NULL;
	if (!td) {
		if (tfd >= 0)
			close(tfd);
		return 0;
	}
	while (r0 == 0 && (te = readdir(td))) {
		char trel[PATH_MAX];
		long long tid;

		if (!all_digits(te->d_name) || !dec_ll(te->d_name, &tid, NULL) ||
		    tid > INT32_MAX ||
		    !pathf(trel, sizeof(trel), "%s/task/%s", name, te->d_name))
			continue;
		p.pid = t.tid = (int32_t)tid;
		light_one(l, name, trel, &t);
		snprintf(p.wchan, sizeof(p.wchan), "%s", t.wchan);
		r0 = rows_add(r, &p, &t);
	}
	closedir(td);
	return r0;
}

/* Take pids in chunks as the readdir publishes them (avail), until it is
 * done and every published pid is taken. */
static void *light_main(void *arg)
{
	struct light_worker *w = arg;
	struct light *l = w->l;
	enum { CHUNK = 8 };

	for (;;) {
		size_t i = atomic_fetch_add(&l->next, CHUNK);

		for (size_t k = i; k < i + CHUNK && !w->err; k++) {
			while (k >= atomic_load(&l->avail)) {
				/* avail is final once done is set */
				if (atomic_load(&l->done) && k >= atomic_load(&l->avail))
					return NULL;
				sched_yield();
			}
			w->err = light_pid(l, l->pids[k], &w->r);
		}
		if (w->err)
			return NULL;
	}
}

/* Without signal state: the pid list from readdir alone, and each task's
 * syscall file when waiters are wanted — a fraction of libproc2's reads,
 * which take stat and status of every task. The task directory's link
 * count (2 + threads) spares listing it for single-threaded processes.
 * by_wchan: each task's wchan instead (beside libproc2's rows with
 * --signals, which show it), the syscall file then read only for IPC
 * sleeps by procs_waiters. */
static int enum_light(struct rows *r, const char *procfs, const struct tasklist *tl,
		      bool wchan, bool by_wchan)
{
	DIR *d = opendir(procfs);
	struct dirent *de;
	struct light l = { .procfs = procfs, .ns = tl->ns, .nns = tl->nns, .euid = geteuid(),
			   .by_wchan = by_wchan };
	struct light_worker w[POOL_MAX_WORKERS];
	void *args[POOL_MAX_WORKERS];
	struct pool pool = { .n = 0 };
	int32_t *pids = NULL, *more = NULL;
	size_t n = 0, cap = 0, nmore = 0, capmore = 0;
	struct stat st;
	unsigned nw = 1;
	int r0 = 0;

	if (!d)
		return -errno;
	if (wchan) {
		/* /proc's link count is 2 + processes (+ a few): the workers
		 * read from a fixed array while readdir is still filling it;
		 * pids beyond it are done at the end */
		cap = fstat(dirfd(d), &st) == 0 && st.st_nlink < (1u << 22)
			? (size_t)st.st_nlink + 1024 : 1024;
		pids = malloc(cap * sizeof(*pids));
		if (!pids) {
			closedir(d);
			return -ENOMEM;
		}
		l.pfd = dirfd(d);
		l.pids = pids;
		atomic_init(&l.next, 0);
		atomic_init(&l.avail, 0);
		atomic_init(&l.done, false);
		nw = pool_workers(cap - 1024);
		for (unsigned k = 0; k < nw; k++) {
			w[k].l = &l;
			w[k].r = k == 0 ? *r : (struct rows){ 0 };
			w[k].err = 0;
			args[k] = &w[k];
		}
		pool_start(&pool, nw, light_main, args);
	}
	while (r0 == 0 && (de = readdir(d))) {
		long long pid;

		if (!all_digits(de->d_name) || !dec_ll(de->d_name, &pid, NULL) || pid > INT32_MAX)
			continue;
		if (!wchan) {
			struct proc p;
			struct task t;

			memset(&p, 0, sizeof(p));
			memset(&t, 0, sizeof(t));
			p.pid = p.tgid = t.tid = t.tgid = (int32_t)pid;
			p.state = t.state = '?';
			p.sigq = p.sigq_max = IPC_UNKNOWN;
			r0 = rows_add(r, &p, &t);
			continue;
		}
		if (n < cap) {
			pids[n++] = (int32_t)pid;
			if (n % 16 == 0)
				atomic_store(&l.avail, n);
			continue;
		}
		if (VEC_PUSH(more, nmore, capmore, (int32_t)pid) < 0) {
			r0 = -ENOMEM;
			break;
		}
	}
	if (!wchan) {
		closedir(d);
		return r0;
	}
	atomic_store(&l.avail, n);
	atomic_store(&l.done, true);
	light_main(&w[0]);
	pool_join(&pool, light_main, args);
	*r = w[0].r;
	if (r0 == 0)
		r0 = w[0].err;
	for (unsigned k = 1; k < nw; k++) {
		if (r0 == 0)
			r0 = w[k].err;
		for (size_t i = 0; i < w[k].r.n && r0 == 0; i++)
			r0 = rows_add(r, &w[k].r.p[i], &w[k].r.t[i]);
		free(w[k].r.p);
		free(w[k].r.t);
	}
	for (size_t i = 0; i < nmore && r0 == 0; i++)
		r0 = light_pid(&l, more[i], r);
	free(pids);
	free(more);
	closedir(d);
	return r0;
}

/* SigQ is not among libproc2's items, and its PIDS_CMD has control bytes
 * already replaced (by '.', so sanitize() cannot show them as the other
 * columns do): both from status. 0, or -IPCTOP_ENOTREG (a fixture's
 * broken file, named in o->err_path); a status that vanished leaves SigQ
 * unknown and the name empty. */
static int read_status(const struct procs_opts *o, const char *procfs, struct proc *p)
{
	char path[PATH_MAX];
	struct file_buf fb;
	struct proc tmp;
	int r;

	snprintf(path, sizeof(path), "%s/%d/task/%d/status", procfs, p->tgid, p->pid);
	r = read_whole_file(path, &fb, STATUS_MAX);
	if (r == -IPCTOP_ENOTREG)
		return refused(o, path, r);
	if (r < 0)
		return 0;
	if (procs_parse_status(fb.data, &tmp) == 0) {
		p->sigq = tmp.sigq;
		p->sigq_max = tmp.sigq_max;
		memcpy(p->comm, tmp.comm, sizeof(p->comm));
	}
	file_buf_free(&fb);
	return 0;
}

/* The command name of one process, read once: /proc/PID/comm. */
static void name_pid(const char *procfs, struct snapshot *s, long long pid)
{
	struct proc *p = (struct proc *)proc_find(s, pid);
	char path[PATH_MAX], buf[PROC_COMM_MAX];
	int fd;
	ssize_t n;

	if (!p || p->comm[0])
		return;
	snprintf(path, sizeof(path), "%s/%d/comm", procfs, p->tgid);
	fd = open_proc_file(AT_FDCWD, path);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	sanitize(p->comm, sizeof(p->comm), buf, strcspn(buf, "\n"));
}

/* Last sender, receiver, operator, creator and attacher pids, the
 * attached and waiting processes and the ends of pipes are shown with
 * their command: read the
 * names of just those processes (a few, usually) when the signal pass
 * did not read every name already. */
static void name_pidlist(const char *procfs, struct snapshot *s, const struct pidlist *l)
{
	for (size_t k = 0; k < l->n; k++)
		name_pid(procfs, s, l->v[k]);
}

static void name_object_pids(const char *procfs, struct snapshot *s)
{
	const struct pmq *q = s->list[KIND_PMQ].v;
	const struct pshm *h = s->list[KIND_PSHM].v;
	const struct psem *m = s->list[KIND_PSEM].v;

	for (size_t i = 0; i < snap_n(s, KIND_PMQ); i++) {
		name_pid(procfs, s, q[i].notify_pid);
		name_pidlist(procfs, s, &q[i].holders);
		for (size_t k = 0; k < q[i].waiters.n; k++)
			name_pid(procfs, s, q[i].waiters.v[k].pid);
	}
	for (size_t i = 0; i < snap_n(s, KIND_PSHM); i++)
		name_pidlist(procfs, s, &h[i].attached);
	for (size_t i = 0; i < snap_n(s, KIND_PSEM); i++)
		name_pidlist(procfs, s, &m[i].attached);
	for (size_t i = 0; i < snap_n(s, KIND_MSG); i++) {
		name_pid(procfs, s, snap_msqs(s)[i].lspid);
		name_pid(procfs, s, snap_msqs(s)[i].lrpid);
		for (size_t k = 0; k < snap_msqs(s)[i].waiters.n; k++)
			name_pid(procfs, s, snap_msqs(s)[i].waiters.v[k].pid);
	}
	for (size_t i = 0; i < snap_n(s, KIND_SHM); i++) {
		name_pid(procfs, s, snap_shms(s)[i].cpid);
		name_pid(procfs, s, snap_shms(s)[i].lpid);
		for (size_t k = 0; k < snap_shms(s)[i].attached.n; k++)
			name_pid(procfs, s, snap_shms(s)[i].attached.v[k]);
	}
	for (size_t i = 0; i < snap_n(s, KIND_SEM); i++) {
		for (size_t k = 0; k < snap_sems(s)[i].waiters.n; k++)
			name_pid(procfs, s, snap_sems(s)[i].waiters.v[k].pid);
		for (size_t k = 0; snap_sems(s)[i].sems && k < (size_t)snap_sems(s)[i].nsems; k++)
			name_pid(procfs, s, snap_sems(s)[i].sems[k].pid);
	}
	for (size_t i = 0; i < snap_n(s, KIND_PIPE); i++) {
		const struct pipe_info *p = &snap_pipes(s)[i];
		for (size_t k = 0; k < p->writers.n; k++)
			name_pid(procfs, s, p->writers.v[k]);
		for (size_t k = 0; k < p->readers.n; k++)
			name_pid(procfs, s, p->readers.v[k]);
	}
}

/* lsipc's COMMAND: the creator's command line, arguments joined by
 * blanks, sanitised; NULL when the creator is gone or unreadable. */
#define CMDLINE_MAX 4096
static void read_commands(const char *procfs, struct snapshot *s)
{
	char path[PATH_MAX], buf[CMDLINE_MAX];

	for (size_t i = 0; i < snap_n(s, KIND_SHM); i++) {
		struct shmseg *g = &snap_shms(s)[i];
		ssize_t n;
		int fd;

		free(g->command);
		g->command = NULL;
		if (g->cpid <= 0 || !pathf(path, sizeof(path), "%s/%d/cmdline", procfs, g->cpid))
			continue;
		fd = open_proc_file(AT_FDCWD, path);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		while (n > 0 && buf[n - 1] == '\0')
			n--;
		for (ssize_t k = 0; k < n; k++)
			if (buf[k] == '\0')
				buf[k] = ' ';
		/* every byte may become \xNN */
		size_t cap = (size_t)n * 4 + 1;
		g->command = malloc(cap);
		if (g->command)
			sanitize(g->command, cap, buf, (size_t)n);
	}
}

static int cmp_row(int32_t ga, int32_t pa, int32_t gb, int32_t pb)
{
	if (ga != gb)
		return ga < gb ? -1 : 1;
	/* the leader first */
	if ((pa == ga) != (pb == gb))
		return pa == ga ? -1 : 1;
	return (pa > pb) - (pa < pb);
}

static int cmp_task(const void *a, const void *b)
{
	const struct task *x = a, *y = b;
	return cmp_row(x->tgid, x->tid, y->tgid, y->tid);
}

static int cmp_proc(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;
	return cmp_row(x->tgid, x->pid, y->tgid, y->pid);
}

/* One row per process: the leader's row, with every thread's pending
 * signals folded in (SigPnd is per thread; the rest is the leader's). */
static size_t fold_threads(struct proc *p, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (o > 0 && p[o - 1].tgid == p[i].tgid) {
			p[o - 1].pending |= p[i].pending;
			continue;
		}
		p[o++] = p[i];
	}
	return o;
}

static void link_text(const char *path, char *buf, size_t len)
{
	ssize_t n = readlink(path, buf, len - 1);

	buf[n > 0 ? n : 0] = '\0';
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
	return (x > y) - (x < y);
}

bool procs_ns_in(const char *procfs, const unsigned long long *ns, size_t n, int32_t pid,
		 unsigned long long *out)
{
	char path[PATH_MAX], link[64], *end;
	unsigned long long ino;

	*out = 0;
	if (n == 0)
		return true;
	if (!pathf(path, sizeof(path), "%s/%d/ns/ipc", procfs, pid))
		return false;
	link_text(path, link, sizeof(link));
	/* "ipc:[4026531839]": the inode names the namespace */
	if (strncmp(link, "ipc:[", 5) != 0)
		return false;
	errno = 0;
	ino = strtoull(link + 5, &end, 10);
	if (errno || end == link + 5 || strcmp(end, "]") != 0)
		return false;
	*out = ino;
	return bsearch(&ino, ns, n, sizeof(*ns), cmp_ull) != NULL;
}

bool procs_task_ns(const struct tasklist *tl, int32_t pid, unsigned long long *ns)
{
	return procs_ns_in(tl->src->procfs, tl->ns, tl->nns, pid, ns);
}

struct mi_ctx {
	const char *mnt;
	int hidepid;
	long long gid;
};

static int mi_line(void *arg, const char *line, size_t len, unsigned flags)
{
	struct mi_ctx *c = arg;
	int hidepid;
	long long gid;

	if (flags & LINE_TOO_LONG)
		return 0;
	/* the last proc mount at the path: a later one sits on top */
	if (procs_parse_mountinfo(line, len, c->mnt, &hidepid, &gid) == 1) {
		c->hidepid = hidepid;
		c->gid = gid;
	}
	return 0;
}

/* Are other users' processes hidden from us in procfs? Its mount's
 * hidepid= and gid= options against our credentials; root, whom hidepid
 * never hides from, pays no more than a geteuid(). */
static bool procs_are_hidden(const char *procfs)
{
	char mnt[PATH_MAX], path[PATH_MAX];
	struct mi_ctx c = { .mnt = mnt, .hidepid = 0, .gid = 0 };
	gid_t *groups = NULL;
	int ng;
	bool hides;

	if (geteuid() == 0 || !realpath(procfs, mnt) ||
	    !pathf(path, sizeof(path), "%s/self/mountinfo", procfs) ||
	    read_lines(path, 4096, mi_line, &c) < 0 || c.hidepid == 0)
		return false;
	ng = getgroups(0, NULL);
	if (ng > 0 && (groups = malloc((size_t)ng * sizeof(*groups))) != NULL)
		ng = getgroups(ng, groups);
	hides = procs_hidepid_hides(c.hidepid, c.gid, geteuid(), getegid(), groups,
				    ng > 0 && groups ? (size_t)ng : 0);
	free(groups);
	return hides;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static size_t add_named(int32_t *v, size_t n, long long pid)
{
	if (pid > 0 && pid <= INT32_MAX)
		v[n++] = (int32_t)pid;
	return n;
}

static bool in_sorted(const int32_t *v, size_t n, int32_t pid)
{
	return n && bsearch(&pid, v, n, sizeof(*v), cmp_i32) != NULL;
}

/* The living ones of pids v[0..n) (scratch: sorted and overwritten) that
 * are missing from the process table, merged into s->hidden_pids. */
static int note_hidden(struct snapshot *s, int32_t *v, size_t n)
{
	size_t o = 0, a = 0, b = 0, k = 0;
	int32_t *m;

	/* thousands of objects often name a handful of pids: each once */
	qsort(v, n, sizeof(*v), cmp_i32);
	for (size_t i = 0; i < n; i++) {
		/* kill(0 or a negative pid) would mean process groups */
		if (v[i] <= 0 || (i > 0 && v[i] == v[i - 1]) || proc_find(s, v[i]) ||
		    in_sorted(s->hidden_pids, s->nhidden_pids, v[i]))
			continue;
		/* signal 0 sends nothing; EPERM: it exists, only not ours */
		if (kill(v[i], 0) == 0 || errno == EPERM)
			v[o++] = v[i];
	}
	if (o == 0)
		return 0;
	m = malloc((s->nhidden_pids + o) * sizeof(*m));
	if (!m)
		return -ENOMEM;
	while (a < s->nhidden_pids || b < o)
		m[k++] = b == o || (a < s->nhidden_pids && s->hidden_pids[a] < v[b])
			? s->hidden_pids[a++] : v[b++];
	free(s->hidden_pids);
	s->hidden_pids = m;
	s->nhidden_pids = k;
	return 0;
}

int procs_note_hidden(struct snapshot *s, const int32_t *pids, size_t n)
{
	int32_t *v;
	int r;

	if (!snap_have(s, KIND_PROC) || n == 0)
		return 0;
	v = malloc(n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	memcpy(v, pids, n * sizeof(*v));
	r = note_hidden(s, v, n);
	free(v);
	return r;
}

/* The pids the objects name (creators, last senders, receivers, attachers
 * and operators) that are not in the process table: gone, or alive and
 * hidden from us (hidepid, a process that started after the listing).
 * kill(pid, 0) tells them apart, ESRCH meaning gone; the living ones go
 * to s->hidden_pids so they are not called gone. Live /proc only. */
static int find_hidden_pids(struct snapshot *s)
{
	size_t cap = 2 * snap_n(s, KIND_MSG) + 2 * snap_n(s, KIND_SHM) + snap_n(s, KIND_PMQ),
	       n = 0;
	const struct pmq *q = s->list[KIND_PMQ].v;
	int32_t *v;
	int r;

	free(s->hidden_pids);
	s->hidden_pids = NULL;
	s->nhidden_pids = 0;
	for (size_t i = 0; i < snap_n(s, KIND_SEM); i++)
		if (snap_sems(s)[i].sems && snap_sems(s)[i].nsems > 0)
			cap += (size_t)snap_sems(s)[i].nsems;
	if (cap == 0)
		return 0;
	v = malloc(cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < snap_n(s, KIND_MSG); i++) {
		n = add_named(v, n, snap_msqs(s)[i].lspid);
		n = add_named(v, n, snap_msqs(s)[i].lrpid);
	}
	for (size_t i = 0; i < snap_n(s, KIND_SHM); i++) {
		n = add_named(v, n, snap_shms(s)[i].cpid);
		n = add_named(v, n, snap_shms(s)[i].lpid);
	}
	for (size_t i = 0; i < snap_n(s, KIND_SEM); i++)
		for (size_t k = 0; snap_sems(s)[i].sems && k < (size_t)snap_sems(s)[i].nsems; k++)
			n = add_named(v, n, snap_sems(s)[i].sems[k].pid);
	for (size_t i = 0; i < snap_n(s, KIND_PMQ); i++)
		n = add_named(v, n, q[i].notify_pid);
	r = note_hidden(s, v, n);
	free(v);
	return r;
}

static bool any_ipc_object(const struct snapshot *s, bool waitable)
{
	if (waitable)
		return snap_n(s, KIND_MSG) + snap_n(s, KIND_SEM) + snap_n(s, KIND_PMQ) > 0;
	for (size_t i = 0; i < snap_n(s, KIND_SHM); i++)
		if (snap_shms(s)[i].nattch > 0)
			return true;
	return false;
}

/* Merge a separate light pass (tasks sorted by tgid, leader first) with
 * the process rows (sorted by tgid): start times into the tasks, the
 * leader's wchan into the rows. */
static void merge_light(struct task *t, size_t nt, struct proc *p, size_t np)
{
	size_t j = 0;

	for (size_t i = 0; i < nt; i++) {
		while (j < np && p[j].tgid < t[i].tgid)
			j++;
		if (j == np || p[j].tgid != t[i].tgid)
			continue;
		t[i].start = p[j].start_time;
		if (t[i].tid == t[i].tgid)
			snprintf(p[j].wchan, sizeof(p[j].wchan), "%s", t[i].wchan);
	}
}

/* The namespaces of s's objects, sorted, for tl (none on a fixture
 * tree: everything there is namespace 0); tl->ns is malloc'd. */
static int view_namespaces(const struct snapshot *s, bool live, struct tasklist *tl)
{
	unsigned long long *v;

	tl->ns = NULL;
	tl->nns = 0;
	if (!live || s->nns == 0)
		return 0;
	v = malloc(s->nns * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < s->nns; i++)
		v[i] = s->ns[i].info.inode;
	qsort(v, s->nns, sizeof(*v), cmp_ull);
	tl->ns = v;
	tl->nns = s->nns;
	return 0;
}

/* Does s hold namespaces besides ipctop's own, so that processes must
 * say which namespace they are in? */
static bool foreign_view(const struct snapshot *s)
{
	return s->nns > 1 || (s->nns == 1 && !s->ns[0].info.self);
}

static bool pids_in(const struct snapshot *s, const struct pidlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (proc_find(s, l->v[i]))
			return true;
	return false;
}

/* Every process's namespace; in a view of one other namespace, only that
 * namespace's processes (and the pipes they hold) stay. */
static void narrow_to_view(struct snapshot *s, const char *procfs)
{
	struct objlist *pl = &s->list[KIND_PROC], *pp = &s->list[KIND_PIPE];
	struct proc *p = snap_procs(s);
	bool one = s->nns == 1;
	size_t o = 0;

	for (size_t i = 0; i < pl->n; i++) {
		(void)procs_ns_in(procfs, &s->ns[0].info.inode, 1, p[i].tgid, &p[i].ns);
		if (!one || p[i].ns == s->ns[0].info.inode)
			p[o++] = p[i];
	}
	pl->n = o;
	if (!one || !pp->have)
		return;
	o = 0;
	for (size_t i = 0; i < pp->n; i++) {
		struct pipe_info *pi = &snap_pipes(s)[i];

		if (pids_in(s, &pi->writers) || pids_in(s, &pi->readers))
			snap_pipes(s)[o++] = *pi;
		else
			pp->kind->free_obj(pi);
	}
	pp->n = o;
}

int procs_collect(struct snapshot *s, const struct procs_opts *o,
		  struct procs_cache *cache)
{
	const char *procfs = o->src->procfs;
	bool live = o->src->live;
	bool wait_scan = o->users && any_ipc_object(s, true);
	bool threads = o->threads || wait_scan;
	bool full = live && (o->signals || o->threads);
	/* libproc2 per thread would read stat and status of every thread:
	 * for the waiters only wchan matters, so a light pass finds them */
	bool split = full && wait_scan && !o->threads;
	struct rows r = { 0 }, lt = { 0 }, *tr = split ? &lt : &r;
	struct tasklist tl;
	struct pscan px;
	int ret;

	tl.src = o->src;
	memset(&px, 0, sizeof(px));
	ret = view_namespaces(s, live, &tl);
	if (ret < 0)
		return ret;
	if (!live)
		ret = enum_fixture(&r, o, procfs, threads);
	else if (full)
		ret = enum_live(&r, !split);
	else
		ret = enum_light(&r, procfs, &tl, wait_scan, false);
	if (ret == 0 && split)
		ret = enum_light(&lt, procfs, &tl, true, true);
	if (ret < 0 || (!live && r.n == 0)) {
		free(r.p);
		free(r.t);
		free(lt.p);
		free(lt.t);
		free((void *)tl.ns);
		/* a fixture tree without processes: unknown, not an error */
		return ret;
	}
	qsort(r.p, r.n, sizeof(*r.p), cmp_proc);
	qsort(tr->t, tr->n, sizeof(*tr->t), cmp_task);
	if (split)
		merge_light(lt.t, lt.n, r.p, r.n);
	struct objlist *pl = snap_list(s, kind_get(KIND_PROC));
	free(pl->v);
	pl->v = r.p;
	pl->cap = r.cap;
	pl->n = o->threads ? r.n : fold_threads(r.p, r.n);
	pl->have = true;
	/* the live readdir alone gives pids, no signal state: for look-ups */
	pl->light = live && !full;
	s->proc_threads = o->threads;
	for (size_t i = 0; o->signals && i < snap_n(s, KIND_PROC) && ret == 0; i++)
		ret = read_status(o, procfs, &snap_procs(s)[i]);
	tl.t = tr->t;
	tl.n = tr->n;
	tl.threads = threads;
	tl.wchan = wait_scan;
	tl.live = live;
	tl.hidden = live && procs_are_hidden(procfs);
	s->procs_hidden = tl.hidden;
	/* one maps read and one fd walk per process, for every kind that
	 * needs them (System V segments, POSIX objects, pipes) */
	if (o->users && ret == 0)
		ret = pscan_init(&px, s);
	if (o->users && ret == 0) {
		int e = procs_attach(s, &tl, cache, &px);
		if (e == 0 && wait_scan)
			e = procs_waiters(s, &tl);
		if (e < 0)
			ret = e;
	}
	if ((o->pipes || px.fds) && ret == 0)
		ret = procs_fds(s, &tl, o->pipes, &px);
	if (o->users && ret == 0)
		ret = pscan_apply(s, &px, tl.hidden);
	if (!o->signals && ret == 0)
		name_object_pids(procfs, s);
	if (o->cmdline && ret == 0)
		read_commands(procfs, s);
	if (live && ret == 0)
		ret = find_hidden_pids(s);
	if (live && ret == 0 && foreign_view(s))
		narrow_to_view(s, procfs);
	pscan_free(&px);
	free(r.t);
	free(lt.p);
	free(lt.t);
	free((void *)tl.ns);
	return ret;
}

int procs_start_time(const struct source *src, int32_t pid, unsigned long long *start)
{
	char path[PATH_MAX];
	struct file_buf fb;
	char state;
	int r;

	if (!pathf(path, sizeof(path), "%s/%d/stat", src->procfs, pid))
		return -ENAMETOOLONG;
	r = read_whole_file(path, &fb, 65536);
	if (r == -ESRCH)
		r = -ENOENT;
	if (r < 0)
		return r;
	r = procs_parse_stat(fb.data, &state, start);
	file_buf_free(&fb);
	return r;
}

const char *procs_strerror(int err)
{
	static char msg[320];
	const char *e = err == -ENOSYS ? proc2_error() : NULL;

	if (!e)
		return ipctop_strerror(err);
	snprintf(msg, sizeof(msg), "the signal state needs libproc2: %s", e);
	return msg;
}

struct procs_cache *procs_cache_new(void)
{
	return calloc(1, sizeof(struct procs_cache));
}

void procs_cache_free(struct procs_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->e[i].ids);
	free(c->e);
	free(c);
}

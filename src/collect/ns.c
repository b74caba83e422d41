/* IPC namespaces: found from the ns/ipc links of every process (and of
 * the threads of multi-threaded ones), named after the container a member
 * is in, and entered by one thread at a time for the length of a call.
 * Nothing here keeps a namespace fd open past a call: a namespace lives as
 * long as anything refers to it, and a container that exits must take its
 * objects with it. */
#define _GNU_SOURCE
#include "ipctop/ns.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "collect/readfile.h"
#include "ipctop/errors.h"
#include "ipctop/procs.h"
#include "ipctop/sanitize.h"

/* The kernel's largest pid (PID_MAX_LIMIT on 64-bit) and where namespace
 * inodes start: the initial namespaces sit just below 0xf0000000
 * (PROC_IPC_INIT_INO is 4026531839), the others from there up. */
#define NS_PID_LIMIT 4194304ULL
#define NS_INODE_FIRST 4026531824ULL
#define NS_INODE_LAST 0xffffffffULL

#define START_UNKNOWN ULLONG_MAX
#define CGROUP_MAX (1u << 20)

/* ---- link texts ---- */

/* "ipc:[4026531839]" exactly: 0 and the inode, or -EINVAL. */
static int parse_ipc_link(const char *s, size_t len, unsigned long long *ino)
{
	unsigned long long v = 0;
	size_t i = 5;

	if (len < 7 || memcmp(s, "ipc:[", 5) != 0 || s[len - 1] != ']')
		return -EINVAL;
	for (; i < len - 1; i++) {
		if (!isdigit((unsigned char)s[i]) || v > (ULLONG_MAX - 9) / 10)
			return -EINVAL;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	/* no namespace has inode 0 (and 0 means "none" here) */
	if (i == 5 || v == 0)
		return -EINVAL;
	*ino = v;
	return 0;
}

/* The namespace inode a link (relative to dirfd) names: 0, or -errno
 * (-EINVAL when the text is not an IPC namespace). */
static int read_ns_link(int dirfd, const char *path, unsigned long long *ino)
{
	char buf[64];
	ssize_t n = readlinkat(dirfd, path, buf, sizeof(buf));

	if (n < 0)
		return -errno;
	if ((size_t)n >= sizeof(buf))
		return -EINVAL;
	return parse_ipc_link(buf, (size_t)n, ino);
}

/* ---- cgroup texts ---- */

enum runtime { RT_NONE, RT_DOCKER, RT_PODMAN, RT_K8S };

static const char *const rt_names[] = { "", "docker", "podman", "k8s-pod" };

struct cg_found {
	enum runtime rt;
	char id[NS_ID_MAX];
};

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && memcmp(s, prefix, n) == 0;
}

static bool ends(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

static bool contains(const char *s, size_t len, const char *what)
{
	size_t n = strlen(what);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, what, n) == 0)
			return true;
	return false;
}

/* Exactly 64 lower-case hex digits, as Docker and Podman write ids. */
static bool is_id64(const char *s, size_t len)
{
	if (len != 64)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return false;
	return true;
}

/* A pod uid (a UUID, or 32 hex digits for a static pod), with '_' where
 * systemd's slice names cannot hold '-'. */
static bool is_pod_uid(const char *s, size_t len)
{
	if (len == 0 || len > NS_ID_MAX - 1 || !isxdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

static void set_found(struct cg_found *f, enum runtime rt, const char *id, size_t len)
{
	f->rt = rt;
	for (size_t i = 0; i < len; i++) {
		char c = (char)tolower((unsigned char)id[i]);
		f->id[i] = c == '_' ? '-' : c;
	}
	f->id[len] = '\0';
}

/* The container one cgroup path [p, p + len) names, deepest first. */
static bool cg_path(const char *p, size_t len, struct cg_found *f)
{
	const char *end = p + len, *prev = NULL;
	size_t prevlen = 0;
	bool kubepods = false, pod_container = false, found = false;

	f->rt = RT_NONE;
	f->id[0] = '\0';
	while (p < end) {
		const char *c = p, *slash = memchr(p, '/', (size_t)(end - p));
		size_t n = (size_t)((slash ? slash : end) - c);

		p = slash ? slash + 1 : end;
		if (n == 0)
			continue;
		if (pod_container) {
			/* the pod's own container (sandbox or workload): the
			 * pod is the unit that shares one IPC namespace */
			pod_container = false;
		} else if (contains(c, n, "kubepods") && ends(c, n, ".slice")) {
			/* systemd driver: kubepods[-QOS]-pod<uid>.slice, maybe
			 * with a prefix ("kubelet-kubepods-...") */
			size_t pod = 0;
			for (size_t i = 0; i + 4 <= n - 6; i++)
				if (memcmp(c + i, "-pod", 4) == 0)
					pod = i + 4;
			if (pod && is_pod_uid(c + pod, n - 6 - pod)) {
				set_found(f, RT_K8S, c + pod, n - 6 - pod);
				found = pod_container = true;
			}
		} else if (kubepods && starts(c, n, "pod") && is_pod_uid(c + 3, n - 3)) {
			/* cgroupfs driver: kubepods/[QOS/]pod<uid>/<id> */
			set_found(f, RT_K8S, c + 3, n - 3);
			found = pod_container = true;
		} else if (n == 7 + 64 + 6 && starts(c, n, "docker-") &&
			   ends(c, n, ".scope") && is_id64(c + 7, 64)) {
			set_found(f, RT_DOCKER, c + 7, 64);
			found = true;
		} else if (prev && prevlen == 6 && memcmp(prev, "docker", 6) == 0 &&
			   is_id64(c, n)) {
			set_found(f, RT_DOCKER, c, 64);
			found = true;
		} else if (starts(c, n, "libpod-") &&
			   (n == 7 + 64 || (n == 7 + 64 + 6 && ends(c, n, ".scope"))) &&
			   is_id64(c + 7, 64)) {
			/* libpod-conmon-<id>.scope, the monitor, fails is_id64 */
			set_found(f, RT_PODMAN, c + 7, 64);
			found = true;
		}
		if (contains(c, n, "kubepods"))
			kubepods = true;
		prev = c;
		prevlen = n;
	}
	return found;
}

int ns_container_from_cgroup(const char *text, char *runtime, size_t runtime_len,
			     char *id, size_t id_len, char *label, size_t label_len)
{
	struct cg_found v1 = { RT_NONE, "" }, v2 = { RT_NONE, "" }, f;
	const struct cg_found *use;

	if (runtime_len)
		runtime[0] = '\0';
	if (id_len)
		id[0] = '\0';
	if (label_len)
		label[0] = '\0';
	if (runtime_len < NS_RUNTIME_MAX || id_len < NS_ID_MAX || label_len < NS_LABEL_MAX)
		return -ERANGE;
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *c1 = memchr(line, ':', len);
		const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line)) : NULL;

		if (c2 && c2 + 1 < line + len && c2[1] == '/') {
			bool unified = c1 - line == 1 && line[0] == '0' && c2 == c1 + 1;
			if (cg_path(c2 + 1, len - (size_t)(c2 + 1 - line), &f)) {
				if (unified)
					v2 = f;
				else if (v1.rt == RT_NONE)
					v1 = f;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	use = v2.rt != RT_NONE ? &v2 : &v1;
	if (use->rt == RT_NONE)
		return 0;
	snprintf(runtime, runtime_len, "%s", rt_names[use->rt]);
	snprintf(id, id_len, "%s", use->id);
	if (use->rt == RT_K8S)
		snprintf(label, label_len, "%s:%s", rt_names[use->rt], use->id);
	else
		snprintf(label, label_len, "%s:%.12s", rt_names[use->rt], use->id);
	return 1;
}

/* ---- the list ---- */

/* What the walk keeps per namespace beyond struct ipcns. */
struct acc_ns {
	struct ipcns ns;
	pid_t tgid;             /* the member's process (ns.pid may be a thread) */
};

struct acc {
	struct acc_ns *v;       /* sorted by inode */
	size_t n, cap;
	size_t last;            /* where the previous look-up landed */
	int pfd;                /* the proc root */
	unsigned long long self_ino;
	pid_t self_pid;
};

/* The entry for ino, added when new: NULL only when out of memory. */
static struct acc_ns *acc_get(struct acc *a, unsigned long long ino)
{
	size_t lo = 0, hi = a->n;

	if (a->last < a->n && a->v[a->last].ns.inode == ino)
		return &a->v[a->last];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->v[mid].ns.inode < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == a->n || a->v[lo].ns.inode != ino) {
		if (a->n == a->cap) {
			size_t cap = a->cap ? a->cap * 2 : 16;
			struct acc_ns *nv = realloc(a->v, cap * sizeof(*nv));
			if (!nv)
				return NULL;
			a->v = nv;
			a->cap = cap;
		}
		memmove(&a->v[lo + 1], &a->v[lo], (a->n - lo) * sizeof(*a->v));
		a->n++;
		memset(&a->v[lo], 0, sizeof(a->v[lo]));
		a->v[lo].ns.inode = ino;
		a->v[lo].ns.start = START_UNKNOWN;
		a->v[lo].ns.self = a->self_ino && ino == a->self_ino;
	}
	a->last = lo;
	return &a->v[lo];
}

/* Start time and comm of a task from its stat file (rel to the proc
 * root): 0 or -errno. */
static int task_stat(int pfd, const char *rel, unsigned long long *start,
		     char *comm, size_t commlen)
{
	char buf[1024];
	ssize_t n;
	int fd = open_proc_file(pfd, rel), r;
	const char *lp, *rp;
	char state;

	if (fd < 0)
		return fd;
	n = read(fd, buf, sizeof(buf) - 1);
	r = n < 0 ? -errno : 0;
	close(fd);
	if (r < 0)
		return r;
	buf[n] = '\0';
	if (procs_parse_stat(buf, &state, start) < 0)
		return -EINVAL;
	/* comm may hold parentheses: it runs to the last ')' */
	lp = strchr(buf, '(');
	rp = strrchr(buf, ')');
	if (comm && lp && rp > lp)
		sanitize(comm, commlen, lp + 1, (size_t)(rp - lp - 1));
	return 0;
}

/* A task of process tgid (rel: its directory) is in namespace e: the
 * oldest such task stands for it. Members of our own namespace are not
 * read: ipctop stands for it. */
static void consider_member(struct acc *a, struct acc_ns *e, pid_t tgid, pid_t tid,
			    const char *rel)
{
	char path[64], comm[NS_COMM_MAX] = "";
	unsigned long long start;

	if (e->ns.self)
		return;
	snprintf(path, sizeof(path), "%s/stat", rel);
	if (task_stat(a->pfd, path, &start, comm, sizeof(comm)) < 0)
		start = START_UNKNOWN;
	if (e->ns.pid == 0 || start < e->ns.start ||
	    (start == e->ns.start && tid < e->ns.pid)) {
		e->ns.pid = tid;
		e->tgid = tgid;
		e->ns.start = start;
		snprintf(e->ns.comm, sizeof(e->ns.comm), "%s", comm);
	}
}

/* The namespaces of one process seen so far, so that each counts the
 * process once however many of its threads are in it. */
struct seen {
	unsigned long long ino[8];
	size_t n;
};

static bool seen_add(struct seen *s, unsigned long long ino)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->ino[i] == ino)
			return false;
	if (s->n < sizeof(s->ino) / sizeof(s->ino[0]))
		s->ino[s->n++] = ino;
	return true;
}

static int note(struct acc *a, struct seen *s, unsigned long long ino,
		pid_t tgid, pid_t tid, const char *rel)
{
	struct acc_ns *e;

	if (!seen_add(s, ino))
		return 0;
	e = acc_get(a, ino);
	if (!e)
		return -ENOMEM;
	e->ns.nproc++;
	consider_member(a, e, tgid, tid, rel);
	return 0;
}

/* Threads other than the leader: a thread may have joined another
 * namespace (setns moves one thread), and a leader that has exited
 * leaves only its threads' links. */
static int walk_tasks(struct acc *a, struct seen *s, pid_t tgid)
{
	char rel[96];
	int dfd, r = 0;
	DIR *d;
	struct dirent *de;

	snprintf(rel, sizeof(rel), "%d/task", (int)tgid);
	dfd = openat(a->pfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 0;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	while (r == 0 && (de = readdir(d))) {
		char *end;
		unsigned long long ino;
		long tid = strtol(de->d_name, &end, 10);

		if (!isdigit((unsigned char)de->d_name[0]) || *end || tid <= 0 ||
		    tid > INT32_MAX || tid == tgid)
			continue;
		snprintf(rel, sizeof(rel), "%d/task/%d/ns/ipc", (int)tgid, (int)tid);
		if (read_ns_link(a->pfd, rel, &ino) < 0)
			continue;
		snprintf(rel, sizeof(rel), "%d/task/%d", (int)tgid, (int)tid);
		r = note(a, s, ino, tgid, (pid_t)tid, rel);
	}
	closedir(d);
	return r;
}

static int walk_process(struct acc *a, pid_t pid, size_t *unreadable)
{
	char rel[64], name[16];
	struct seen s = { .n = 0 };
	unsigned long long ino;
	struct stat st;
	int r;

	snprintf(name, sizeof(name), "%d", (int)pid);
	snprintf(rel, sizeof(rel), "%d/ns/ipc", (int)pid);
	r = read_ns_link(a->pfd, rel, &ino);
	if (r == -EACCES || r == -EPERM) {
		(*unreadable)++;
		return 0;
	}
	if (r == 0 && (r = note(a, &s, ino, pid, pid, name)) < 0)
		return r;
	/* a task directory's link count is 2 + its threads: one fstatat
	 * spares the listing of every single-threaded process */
	snprintf(rel, sizeof(rel), "%d/task", (int)pid);
	if (r == -ENOENT || (fstatat(a->pfd, rel, &st, 0) == 0 && st.st_nlink > 3))
		return walk_tasks(a, &s, pid);
	return 0;
}

/* Runtime, id and label of a namespace not ours, from its member's
 * cgroup file; "comm(pid)" when no container is named. */
static void label_ns(const char *procfs, struct acc_ns *e)
{
	char path[PATH_MAX];
	struct file_buf fb;
	struct ipcns *ns = &e->ns;
	int r = 0;

	if (!ns->comm[0])
		snprintf(ns->comm, sizeof(ns->comm), "?");
	if (ns->pid == e->tgid)
		snprintf(path, sizeof(path), "%s/%d/cgroup", procfs, (int)ns->pid);
	else
		snprintf(path, sizeof(path), "%s/%d/task/%d/cgroup", procfs,
			 (int)e->tgid, (int)ns->pid);
	if (read_whole_file(path, &fb, CGROUP_MAX) == 0) {
		r = ns_container_from_cgroup(fb.data, ns->runtime, sizeof(ns->runtime),
					     ns->id, sizeof(ns->id), ns->label,
					     sizeof(ns->label));
		file_buf_free(&fb);
	}
	if (r != 1)
		snprintf(ns->label, sizeof(ns->label), "%s(%d)", ns->comm, (int)ns->pid);
}

static void label_self(struct acc *a, struct acc_ns *e)
{
	char rel[64];

	e->ns.pid = a->self_pid;
	e->tgid = a->self_pid;
	snprintf(rel, sizeof(rel), "%d/stat", (int)a->self_pid);
	if (a->self_pid <= 0 ||
	    task_stat(a->pfd, rel, &e->ns.start, e->ns.comm, sizeof(e->ns.comm)) < 0)
		e->ns.start = START_UNKNOWN;
	if (!e->ns.comm[0])
		snprintf(e->ns.comm, sizeof(e->ns.comm), "?");
	snprintf(e->ns.label, sizeof(e->ns.label), "host");
}

int ns_list(const char *procfs, struct ipcns **out, size_t *n, size_t *unreadable)
{
	struct acc a = { .v = NULL };
	size_t dummy = 0, self_at = SIZE_MAX;
	char buf[32];
	ssize_t len;
	struct ipcns *res;
	DIR *d;
	struct dirent *de;
	int r = 0;

	*out = NULL;
	*n = 0;
	if (!unreadable)
		unreadable = &dummy;
	*unreadable = 0;
	a.pfd = open(procfs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (a.pfd < 0)
		return -errno;
	/* our own namespace: the process's, whichever thread asks */
	if (read_ns_link(a.pfd, "self/ns/ipc", &a.self_ino) < 0)
		a.self_ino = 0;
	len = readlinkat(a.pfd, "self", buf, sizeof(buf) - 1);
	if (len > 0) {
		buf[len] = '\0';
		a.self_pid = (pid_t)strtol(buf, NULL, 10);
	}
	int dfd = dup(a.pfd);
	d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		r = -errno;
		if (dfd >= 0)
			close(dfd);
		close(a.pfd);
		return r;
	}
	while (r == 0 && (de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (!isdigit((unsigned char)de->d_name[0]) || *end || pid <= 0 ||
		    pid > INT32_MAX)
			continue;
		r = walk_process(&a, (pid_t)pid, unreadable);
	}
	closedir(d);
	for (size_t i = 0; r == 0 && i < a.n; i++) {
		if (a.v[i].ns.self) {
			label_self(&a, &a.v[i]);
			self_at = i;
		} else {
			label_ns(procfs, &a.v[i]);
		}
	}
	close(a.pfd);
	if (r < 0 || a.n == 0) {
		free(a.v);
		return r;
	}
	res = malloc(a.n * sizeof(*res));
	if (!res) {
		free(a.v);
		return -ENOMEM;
	}
	size_t k = 0;
	if (self_at != SIZE_MAX)
		res[k++] = a.v[self_at].ns;
	for (size_t i = 0; i < a.n; i++)
		if (i != self_at)
			res[k++] = a.v[i].ns;
	free(a.v);
	*out = res;
	*n = k;
	return 0;
}

/* ---- --ns SPEC ---- */

/* A decimal number of at most 19 digits: 0 and *v, or -EINVAL. */
static int dec(const char *s, unsigned long long *v)
{
	size_t len = strlen(s);

	if (!all_digits(s) || len > 19)
		return -EINVAL;
	*v = strtoull(s, NULL, 10);
	return 0;
}

static int spec_number(const char *s, bool pid_ok, bool inode_ok, struct ns_spec *out)
{
	unsigned long long v;

	if (dec(s, &v) < 0)
		return all_digits(s) ? -ERANGE : -EINVAL;
	if (pid_ok && v >= 1 && v <= NS_PID_LIMIT) {
		out->kind = NS_SPEC_PID;
		out->pid = (pid_t)v;
		return 0;
	}
	/* written as an inode, any number is one */
	if (inode_ok && v > 0 && (!pid_ok || (v >= NS_INODE_FIRST && v <= NS_INODE_LAST))) {
		out->kind = NS_SPEC_INODE;
		out->inode = v;
		return 0;
	}
	return -ERANGE;
}

/* An id prefix: hex digits; a pod uid also '-' and '_'. Copied lower
 * case with '_' as '-'. */
static int spec_id(const char *s, const char *runtime, bool pod, struct ns_spec *out)
{
	size_t len = strlen(s);

	if (len == 0 || !isxdigit((unsigned char)s[0]))
		return -EINVAL;
	if (len > NS_ID_MAX - 1)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < len; i++) {
		if (isxdigit((unsigned char)s[i]))
			out->text[i] = (char)tolower((unsigned char)s[i]);
		else if (pod && (s[i] == '-' || s[i] == '_'))
			out->text[i] = '-';
		else
			return -EINVAL;
	}
	out->text[len] = '\0';
	out->kind = NS_SPEC_ID;
	snprintf(out->runtime, sizeof(out->runtime), "%s", runtime);
	return 0;
}

int ns_parse_spec(const char *spec, struct ns_spec *out)
{
	static const char *const rts[] = { "docker", "podman", "k8s-pod" };
	size_t len;
	int r;

	memset(out, 0, sizeof(*out));
	out->kind = NS_SPEC_LABEL;
	if (!spec || !*spec)
		return -EINVAL;
	len = strlen(spec);
	if (len >= NS_LABEL_MAX)
		return -ENAMETOOLONG;
	if (strcmp(spec, "all") == 0) {
		out->kind = NS_SPEC_ALL;
		return 0;
	}
	if (strcmp(spec, "host") == 0) {
		out->kind = NS_SPEC_HOST;
		return 0;
	}
	if (strncmp(spec, "pid:", 4) == 0)
		return spec_number(spec + 4, true, false, out);
	if (strncmp(spec, "ns:", 3) == 0)
		return spec_number(spec + 3, false, true, out);
	if (strncmp(spec, "ipc:[", 5) == 0 && spec[len - 1] == ']') {
		char num[NS_LABEL_MAX];
		snprintf(num, sizeof(num), "%.*s", (int)(len - 6), spec + 5);
		return spec_number(num, false, true, out);
	}
	if (all_digits(spec))
		return spec_number(spec, true, true, out);
	for (size_t i = 0; i < sizeof(rts) / sizeof(rts[0]); i++) {
		size_t n = strlen(rts[i]);
		if (strncmp(spec, rts[i], n) == 0 && spec[n] == ':')
			return spec_id(spec + n + 1, rts[i], i == 2, out);
	}
	r = spec_id(spec, "", true, out);
	if (r != -EINVAL)
		return r;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)spec[i] < 0x20 || spec[i] == 0x7f)
			return -EINVAL;
	out->kind = NS_SPEC_LABEL;
	memcpy(out->text, spec, len + 1);
	return 0;
}

const char *ns_spec_strerror(int err)
{
	switch (err) {
	case -ERANGE:
		return "a number is a pid (1 to 4194304) or a namespace inode "
		       "(4026531824 to 4294967295; ipc:[N] for any other)";
	case -ENAMETOOLONG:
		return "too long for a namespace label or container id";
	default:
		return "not a namespace: use all, host, a pid, ipc:[INODE], "
		       "docker:ID, podman:ID, k8s-pod:UID, an id prefix or a label";
	}
}

bool ns_match(const struct ns_spec *spec, const struct ipcns *ns)
{
	switch (spec->kind) {
	case NS_SPEC_ALL:
		return true;
	case NS_SPEC_HOST:
		return ns->self;
	case NS_SPEC_PID:
		return spec->inode ? ns->inode == spec->inode : ns->pid == spec->pid;
	case NS_SPEC_INODE:
		return ns->inode == spec->inode;
	case NS_SPEC_ID:
		return ns->id[0] && (!spec->runtime[0] || strcmp(spec->runtime, ns->runtime) == 0) &&
		       strncmp(ns->id, spec->text, strlen(spec->text)) == 0;
	case NS_SPEC_LABEL:
		return strcmp(ns->label, spec->text) == 0;
	}
	return false;
}

/* The spec as the user wrote it (normalised), sanitised for a message. */
static void spec_text(const struct ns_spec *spec, char *buf, size_t len)
{
	char raw[NS_RUNTIME_MAX + NS_LABEL_MAX + 32];

	switch (spec->kind) {
	case NS_SPEC_ALL:
		snprintf(raw, sizeof(raw), "all");
		break;
	case NS_SPEC_HOST:
		snprintf(raw, sizeof(raw), "host");
		break;
	case NS_SPEC_PID:
		snprintf(raw, sizeof(raw), "pid:%d", (int)spec->pid);
		break;
	case NS_SPEC_INODE:
		snprintf(raw, sizeof(raw), "ipc:[%llu]", spec->inode);
		break;
	case NS_SPEC_ID:
		snprintf(raw, sizeof(raw), "%s%s%s", spec->runtime,
			 spec->runtime[0] ? ":" : "", spec->text);
		break;
	case NS_SPEC_LABEL:
		snprintf(raw, sizeof(raw), "%s", spec->text);
		break;
	}
	sanitize(buf, len, raw, strlen(raw));
}

int ns_resolve(const char *procfs, struct ns_spec *spec, const struct ipcns *list,
	       size_t n, size_t *index, char *err, size_t errlen)
{
	char what[NS_LABEL_MAX * 4 + 64];
	size_t hits = 0, first = 0;
	int r;

	if (errlen)
		err[0] = '\0';
	spec_text(spec, what, sizeof(what));
	if (spec->kind == NS_SPEC_ALL) {
		snprintf(err, errlen, "\"all\" names every IPC namespace, not one");
		return -EINVAL;
	}
	if (spec->kind == NS_SPEC_PID && !spec->inode) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%d/ns/ipc", procfs, (int)spec->pid);
		r = read_ns_link(AT_FDCWD, path, &spec->inode);
		if (r == -ENOENT || r == -ESRCH) {
			snprintf(err, errlen, "no process %d", (int)spec->pid);
			return -ESRCH;
		}
		if (r == -EACCES || r == -EPERM) {
			snprintf(err, errlen, "the IPC namespace of process %d is hidden "
				 "from us: %s", (int)spec->pid, strerror(-r));
			return -EACCES;
		}
		if (r < 0) {
			spec->inode = 0;
			snprintf(err, errlen, "cannot read %s: %s", path, ipctop_strerror(r));
			return r;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!ns_match(spec, &list[i]))
			continue;
		if (hits++ == 0)
			first = i;
	}
	if (hits == 1) {
		*index = first;
		return 0;
	}
	if (hits == 0) {
		if (spec->kind == NS_SPEC_PID || spec->kind == NS_SPEC_INODE)
			snprintf(err, errlen, "no process is in IPC namespace ipc:[%llu]",
				 spec->inode);
		else
			snprintf(err, errlen, "no IPC namespace matches \"%s\"", what);
		return -ENOENT;
	}
	int o = snprintf(err, errlen, "\"%s\" matches %zu IPC namespaces:", what, hits);
	size_t shown = 0;
	for (size_t i = 0; i < n && o >= 0 && (size_t)o < errlen; i++) {
		if (!ns_match(spec, &list[i]))
			continue;
		if (shown++ == 3) {
			o += snprintf(err + o, errlen - (size_t)o, ", ...");
			break;
		}
		o += snprintf(err + o, errlen - (size_t)o, "%s %s", shown > 1 ? "," : "",
			      list[i].label);
	}
	return -ENOTUNIQ;
}

/* ---- entering ---- */

/* /proc/<member> as a directory fd: it stays bound to that process, so
 * what is opened through it can never belong to a newer process that
 * reuses the pid. The fd or -errno (-ESRCH: no such process). */
static int member_dir(pid_t member)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d", (int)member);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return fd;
}

/* What a failed open under a member's directory means: gone (a process
 * that has exited has no namespaces left to show) or not ours to see. */
static int member_err(int err)
{
	if (err == ENOENT || err == ESRCH)
		return -ESRCH;
	if (err == EACCES)
		return -EPERM;
	return -err;
}

/* Is the member (its /proc directory) still in namespace inode? 0,
 * -ESRCH, or -errno. */
static int member_in(int dfd, unsigned long long inode)
{
	struct stat st;

	if (fstatat(dfd, "ns/ipc", &st, 0) < 0)
		return member_err(errno);
	return (unsigned long long)st.st_ino == inode ? 0 : -ESRCH;
}

int ns_enter(unsigned long long inode, pid_t member, int *saved_fd)
{
	struct stat st, cur;
	int saved, dfd, fd, r = 0;

	*saved_fd = -1;
	if (inode == 0 || member <= 0)
		return -EINVAL;
	saved = open("/proc/thread-self/ns/ipc", O_RDONLY | O_CLOEXEC);
	if (saved < 0)
		return -errno;
	dfd = member_dir(member);
	if (dfd < 0) {
		close(saved);
		return dfd;
	}
	fd = openat(dfd, "ns/ipc", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		r = member_err(errno);
	close(dfd);
	if (r == 0 && (fstat(fd, &st) < 0 || fstat(saved, &cur) < 0))
		r = -errno;
	/* a pid reused by a process of another namespace; the device check
	 * makes sure this is a namespace file at all */
	if (r == 0 && ((unsigned long long)st.st_ino != inode || st.st_dev != cur.st_dev))
		r = -ESRCH;
	if (r == 0 && st.st_ino != cur.st_ino && setns(fd, CLONE_NEWIPC) < 0)
		r = -errno;
	if (fd >= 0)
		close(fd);
	if (r < 0) {
		close(saved);
		return r;
	}
	*saved_fd = saved;
	return 0;
}

int ns_leave(int saved_fd)
{
	int r = 0;

	if (saved_fd < 0)
		return -EBADF;
	if (setns(saved_fd, CLONE_NEWIPC) < 0)
		r = -errno;
	close(saved_fd);
	return r;
}

struct run_ctx {
	unsigned long long inode;
	pid_t member;
	int (*fn)(void *arg);
	void *arg;
	int ret;
};

static void *run_thread(void *p)
{
	struct run_ctx *c = p;
	int saved;

	c->ret = ns_enter(c->inode, c->member, &saved);
	if (c->ret == 0) {
		c->ret = c->fn(c->arg);
		/* a failed return does not matter: the thread ends here,
		 * and its namespace reference with it */
		(void)ns_leave(saved);
	}
	return NULL;
}

int ns_run(unsigned long long inode, pid_t member, int (*fn)(void *arg), void *arg)
{
	struct run_ctx c = { inode, member, fn, arg, 0 };
	sigset_t all, old;
	pthread_t t;
	int r;

	if (!fn)
		return -EINVAL;
	/* the thread blocks every signal, so no handler ever runs inside a
	 * foreign namespace */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&t, NULL, run_thread, &c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r != 0)
		return -r;
	pthread_join(t, NULL);
	return c.ret;
}

/* ---- many namespaces, a few threads ------------------------------------- */

struct each_ctx {
	size_t n;
	const struct ns_where *where;
	int (*fn)(size_t i, void *arg);
	void *arg;
	int *ret;
	bool *done;
	pthread_mutex_t mu;
	size_t next;
};

/* The next item no thread has taken, or n. */
static size_t each_take(struct each_ctx *c)
{
	size_t i;

	pthread_mutex_lock(&c->mu);
	i = c->next < c->n ? c->next++ : c->n;
	pthread_mutex_unlock(&c->mu);
	return i;
}

/* One worker: join an item's namespace, run it, come back, take the
 * next. A worker that cannot come back ends, and its namespace reference
 * with it; the items it did not take are the others' or the caller's. */
static void *each_thread(void *p)
{
	struct each_ctx *c = p;
	size_t i;

	while ((i = each_take(c)) < c->n) {
		const struct ns_where *w = &c->where[i];
		int saved = -1;

		if (w->member == 0) {
			c->ret[i] = c->fn(i, c->arg);
			c->done[i] = true;
			continue;
		}
		c->ret[i] = ns_enter(w->inode, w->member, &saved);
		if (c->ret[i] == 0)
			c->ret[i] = c->fn(i, c->arg);
		c->done[i] = true;
		if (saved >= 0 && ns_leave(saved) < 0)
			break;
	}
	return NULL;
}

struct one_ctx {
	struct each_ctx *c;
	size_t i;
};

static int each_one(void *p)
{
	struct one_ctx *o = p;

	return o->c->fn(o->i, o->c->arg);
}

int ns_run_each(size_t n, const struct ns_where *where, unsigned threads,
		int (*fn)(size_t i, void *arg), void *arg, int *ret)
{
	struct each_ctx c = { .n = n, .where = where, .fn = fn, .arg = arg, .ret = ret };
	pthread_t tid[NS_EACH_MAX_THREADS];
	unsigned started = 0;
	sigset_t all, old;

	if (!fn || (n && (!where || !ret)))
		return -EINVAL;
	if (n == 0)
		return 0;
	c.done = calloc(n, sizeof(*c.done));
	if (!c.done)
		return -ENOMEM;
	if (threads < 1)
		threads = 1;
	if (threads > NS_EACH_MAX_THREADS)
		threads = NS_EACH_MAX_THREADS;
	if (threads > n)
		threads = (unsigned)n;
	pthread_mutex_init(&c.mu, NULL);
	/* the threads block every signal, so no handler ever runs inside a
	 * foreign namespace */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (unsigned t = 0; t < threads; t++)
		if (pthread_create(&tid[started], NULL, each_thread, &c) == 0)
			started++;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (unsigned t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&c.mu);
	/* left over: no thread started, or every one ended stuck inside.
	 * The caller never joins: each gets a thread of its own */
	for (size_t i = 0; i < n; i++) {
		if (c.done[i])
			continue;
		if (where[i].member == 0) {
			ret[i] = fn(i, arg);
		} else {
			struct one_ctx o = { &c, i };
			ret[i] = ns_run(where[i].inode, where[i].member, each_one, &o);
		}
	}
	free(c.done);
	return 0;
}

/* dev/shm under root, symbolic links resolved inside root. */
static int open_in_root(int root)
{
	struct open_how how = {
		.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd;
	int dev;

	/* EAGAIN: a rename raced with the walk, and the kernel could not
	 * prove that ".." stayed inside; asking again is what it suggests */
	for (int tries = 0; tries < 3; tries++) {
		fd = syscall(SYS_openat2, root, "dev/shm", &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		if (errno != EAGAIN)
			break;
	}
	if (errno != ENOSYS)
		return -errno;
	/* before 5.6: no symbolic links at all, since they would resolve
	 * against our root rather than the container's */
	dev = openat(root, "dev", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dev < 0)
		return -errno;
	fd = openat(dev, "shm", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		fd = -errno;
	close(dev);
	return (int)fd;
}

int ns_shm_dir(unsigned long long inode, pid_t member)
{
	int dfd, root, fd, r;

	if (inode == 0 || member <= 0)
		return -EINVAL;
	dfd = member_dir(member);
	if (dfd < 0)
		return dfd;
	root = openat(dfd, "root", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0) {
		r = member_err(errno);
		close(dfd);
		return r;
	}
	fd = open_in_root(root);
	close(root);
	/* checked after opening: the process, still alive, is (still) in
	 * that namespace, so the directory is that namespace's */
	r = fd >= 0 ? member_in(dfd, inode) : fd;
	close(dfd);
	if (r < 0) {
		if (fd >= 0)
			close(fd);
		return r;
	}
	return fd;
}

const char *ns_strerror(int err)
{
	switch (err) {
	case -EPERM:
		return "not permitted: entering another IPC namespace needs "
		       "CAP_SYS_ADMIN (run as root)";
	case -ESRCH:
		return "the namespace's process has exited";
	case -ELOOP:
		return "a symbolic link on the way to the container's /dev/shm";
	default:
		return ipctop_strerror(err);
	}
}

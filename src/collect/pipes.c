/* Pipes and FIFOs in use: every /proc/PID/fd link that is "pipe:[inode]"
 * (or, on the live system, a path whose target is a FIFO), with the open
 * mode from fdinfo's "flags:" telling the write end from the read end.
 * The same walk finds the POSIX queues and shared memory objects each
 * process holds open (posix_procs.c), and runs on the worker pool. */
#define _GNU_SOURCE
#include "collect/procs_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "collect/readfile.h"
#include "ipctop/kind.h"
#include "ipctop/pool.h"
#include "ipctop/sanitize.h"
#include "ipctop/vec.h"

int procs_parse_fdinfo_flags(const char *buf, unsigned *flags)
{
	const char *p = buf;
	char *end;

	while (p && *p) {
		if (strncmp(p, "flags:", 6) == 0) {
			unsigned long v;
			p += 6;
			while (*p == ' ' || *p == '\t')
				p++;
			errno = 0;
			v = strtoul(p, &end, 8);
			if (errno || end == p || (*end != '\n' && *end != '\0'))
				return -EINVAL;
			*flags = (unsigned)v;
			return 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -EINVAL;
}

int procs_parse_pipe_link(const char *link, unsigned long long *ino)
{
	char *end;

	if (strncmp(link, "pipe:[", 6) != 0 || link[6] < '0' || link[6] > '9')
		return -EINVAL;
	errno = 0;
	*ino = strtoull(link + 6, &end, 10);
	if (errno || strcmp(end, "]") != 0)
		return -EINVAL;
	return 0;
}

/* One open end, before grouping. */
struct end {
	unsigned long long dev, ino;   /* dev 0: anonymous pipe */
	char *path;
	int32_t pid;
	bool reader, writer;
};

struct ends {
	struct end *e;
	size_t n, cap;
};

static int ends_add(struct ends *v, const struct end *e)
{
	return VEC_PUSH(v->e, v->n, v->cap, *e);
}

static int cmp_end(const void *a, const void *b)
{
	const struct end *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* What one worker of the fd walk gathers. */
struct fd_worker {
	struct fd_walk *w;
	struct ends v;
	struct phit *hits;
	size_t nhits, hcap;
	bool denied;
	int err;
};

struct fd_walk {
	const char *procfs;
	bool live, pipes;
	const struct pscan *px;     /* NULL: no POSIX objects to find */
	const struct tasklist *tl;
	atomic_size_t next;
};

/* An open file that is a POSIX object: statx of the fd's link, which
 * opens nothing, and without revalidating a network file's attributes
 * (AT_STATX_DONT_SYNC: the device and inode are what matter, and a hung
 * server must not stall the walk). */
static int fd_object(int dfd, const char *name, const struct pscan *px, long *ref)
{
	struct statx sx;
	uint64_t dev;

	*ref = -1;
	if (statx(dfd, name, AT_STATX_DONT_SYNC, STATX_TYPE | STATX_INO, &sx) < 0)
		return 0;
	if (!S_ISREG(sx.stx_mode))
		return 0;
	dev = (uint64_t)makedev(sx.stx_dev_major, sx.stx_dev_minor);
	if (pscan_dev(px, dev))
		*ref = pscan_find(px, dev, sx.stx_ino);
	return 0;
}

/* One process's fds: pipe ends into w->v, POSIX objects held into
 * w->hits; w->denied when its fds are not ours to read (another user's
 * process, not as root). */
static int scan_fds(struct fd_worker *wk, int32_t pid)
{
	const struct fd_walk *fw = wk->w;
	char path[PATH_MAX];
	DIR *d;
	struct dirent *de;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%d/fd", fw->procfs, pid);
	d = opendir(path);
	if (!d) {
		if (errno == EACCES || errno == EPERM)
			wk->denied = true;
		return 0;       /* gone meanwhile, or not ours to read */
	}
	while (ret == 0 && (de = readdir(d))) {
		char link[PATH_MAX];
		struct end e = { .pid = pid };
		ssize_t n = 0;
		struct stat st;
		long ref;

		if (de->d_name[0] == '.')
			continue;
		/* the link text only where pipes are wanted: a POSIX object
		 * is told by its inode, whatever path the link shows */
		if (fw->pipes) {
			n = readlinkat(dirfd(d), de->d_name, link, sizeof(link) - 1);
			if (n < 0)
				continue;
			link[n] = '\0';
		}
		if (fw->px && (!fw->pipes || link[0] == '/') &&
		    fd_object(dirfd(d), de->d_name, fw->px, &ref) == 0 && ref >= 0) {
			struct phit h = { .pid = pid, .ref = (uint32_t)ref };
			ret = VEC_PUSH(wk->hits, wk->nhits, wk->hcap, h);
			continue;
		}
		if (!fw->pipes)
			continue;
		if (procs_parse_pipe_link(link, &e.ino) == 0) {
			e.dev = 0;
		} else if (fw->live && link[0] == '/' &&
			   fstatat(dirfd(d), de->d_name, &st, 0) == 0 && S_ISFIFO(st.st_mode)) {
			char clean[PATH_MAX];
			e.dev = (unsigned long long)st.st_dev + 1;
			e.ino = (unsigned long long)st.st_ino;
			sanitize(clean, sizeof(clean), link, (size_t)n);
			e.path = strdup(clean);
			if (!e.path) {
				ret = -ENOMEM;
				break;
			}
		} else {
			continue;
		}
		/* the open mode decides the end; unknown counts as both */
		char info[PATH_MAX];
		struct file_buf fb;
		unsigned flags = O_RDWR;
		snprintf(info, sizeof(info), "%s/%d/fdinfo/%s", fw->procfs, pid, de->d_name);
		if (read_whole_file(info, &fb, 65536) == 0) {
			procs_parse_fdinfo_flags(fb.data, &flags);
			file_buf_free(&fb);
		}
		e.reader = (flags & O_ACCMODE) != O_WRONLY;
		e.writer = (flags & O_ACCMODE) != O_RDONLY;
		ret = ends_add(&wk->v, &e);
		if (ret < 0)
			free(e.path);
	}
	closedir(d);
	return ret;
}

/* Processes taken one at a time from the task list (leaders only: file
 * descriptors belong to the process), on each worker. */
static void *fd_main(void *arg)
{
	struct fd_worker *wk = arg;
	const struct tasklist *tl = wk->w->tl;

	while (wk->err == 0) {
		size_t i = atomic_fetch_add(&wk->w->next, 1);

		if (i >= tl->n)
			break;
		if (tl->t[i].tid != tl->t[i].tgid || tl->t[i].kthread)
			continue;
		wk->err = scan_fds(wk, tl->t[i].tgid);
	}
	return NULL;
}

static int add_pid(int32_t **list, size_t *n, size_t *cap, int32_t pid)
{
	if (*n && (*list)[*n - 1] == pid)
		return 0;
	return VEC_PUSH(*list, *n, *cap, pid);
}

static int group(struct snapshot *s, struct ends *v)
{
	size_t np = 0;
	int ret = 0;

	/* no pipe at all leaves v->e NULL, which qsort may not be given */
	if (v->n > 1)
		qsort(v->e, v->n, sizeof(*v->e), cmp_end);
	for (size_t i = 0; i < v->n; i++)
		np += i == 0 || v->e[i].dev != v->e[i - 1].dev || v->e[i].ino != v->e[i - 1].ino;
	struct objlist *l = snap_list(s, kind_get(KIND_PIPE));

	if (np && !objlist_reserve(l, sizeof(struct pipe_info), np))
		return -ENOMEM;
	for (size_t i = 0; i < v->n && ret == 0; i++) {
		struct end *e = &v->e[i];
		struct pipe_info *p;

		if (i == 0 || e->dev != v->e[i - 1].dev || e->ino != v->e[i - 1].ino) {
			p = objlist_push(l, sizeof(struct pipe_info));
			p->inode = e->ino;
			p->path = e->path;
			e->path = NULL;
		}
		p = &snap_pipes(s)[l->n - 1];
		if (e->writer)
			ret = add_pid(&p->writers.v, &p->writers.n, &p->writers.cap, e->pid);
		if (e->reader && ret == 0)
			ret = add_pid(&p->readers.v, &p->readers.n, &p->readers.cap, e->pid);
	}
	return ret;
}

int procs_fds(struct snapshot *s, const struct tasklist *tl, bool pipes, struct pscan *px)
{
	struct fd_walk fw = {
		.procfs = tl->src->procfs, .live = tl->src->live, .pipes = pipes,
		.px = px && px->fds ? px : NULL, .tl = tl,
	};
	struct fd_worker wk[POOL_MAX_WORKERS];
	void *args[POOL_MAX_WORKERS];
	struct ends v = { 0 };
	bool denied = false;
	unsigned nw;
	int ret = 0;

	if (!pipes && !fw.px)
		return 0;
	struct objlist *l = snap_list(s, kind_get(KIND_PIPE));

	/* a list from an earlier call goes: it describes the past */
	for (size_t i = 0; pipes && i < l->n; i++)
		l->kind->free_obj(&snap_pipes(s)[i]);
	if (pipes)
		l->n = 0;
	atomic_init(&fw.next, 0);
	nw = pool_workers(tl->n);
	for (unsigned k = 0; k < nw; k++) {
		wk[k] = (struct fd_worker){ .w = &fw };
		args[k] = &wk[k];
	}
	pool_run(nw, fd_main, args);
	/* one list of ends, in any order: grouping sorts them */
	for (unsigned k = 0; k < nw; k++) {
		if (ret == 0)
			ret = wk[k].err;
		denied |= wk[k].denied;
		for (size_t i = 0; i < wk[k].v.n; i++) {
			if (ret == 0 && (ret = ends_add(&v, &wk[k].v.e[i])) == 0)
				continue;
			free(wk[k].v.e[i].path);
		}
		free(wk[k].v.e);
		if (ret == 0 && fw.px)
			ret = pscan_add(px, wk[k].hits, wk[k].nhits);
		free(wk[k].hits);
	}
	if (fw.px)
		px->fds_denied |= denied;
	if (pipes) {
		if (ret == 0)
			ret = group(s, &v);
		/* other users' processes unread, or not even listed (hidepid) */
		l->partial = denied || tl->hidden ? -EACCES : 0;
		l->have = ret == 0;
	}
	for (size_t i = 0; i < v.n; i++)
		free(v.e[i].path);
	free(v.e);
	return ret;
}

/* Pipes and FIFOs in use: every /proc/PID/fd link that is "pipe:[inode]"
 * (or, on the live system, a path whose target is a FIFO), with the open
 * mode from fdinfo's "flags:" telling the write end from the read end. */
#define _GNU_SOURCE
#include "collect/procs_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/readfile.h"
#include "ipctop/kind.h"
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

/* One process's pipe ends into v; *denied when its fds are not ours to
 * read (another user's process, not as root). */
static int scan_fds(const char *procfs, int32_t pid, bool live, struct ends *v,
		    bool *denied)
{
	char path[PATH_MAX];
	DIR *d;
	struct dirent *de;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%d/fd", procfs, pid);
	d = opendir(path);
	if (!d) {
		if (errno == EACCES || errno == EPERM)
			*denied = true;
		return 0;       /* gone meanwhile, or not ours to read */
	}
	while (ret == 0 && (de = readdir(d))) {
		char link[PATH_MAX];
		struct end e = { .pid = pid };
		ssize_t n;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(d), de->d_name, link, sizeof(link) - 1);
		if (n < 0)
			continue;
		link[n] = '\0';
		if (procs_parse_pipe_link(link, &e.ino) == 0) {
			e.dev = 0;
		} else if (live && link[0] == '/' &&
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
		snprintf(info, sizeof(info), "%s/%d/fdinfo/%s", procfs, pid, de->d_name);
		if (read_whole_file(info, &fb, 65536) == 0) {
			procs_parse_fdinfo_flags(fb.data, &flags);
			file_buf_free(&fb);
		}
		e.reader = (flags & O_ACCMODE) != O_WRONLY;
		e.writer = (flags & O_ACCMODE) != O_RDONLY;
		ret = ends_add(v, &e);
		if (ret < 0)
			free(e.path);
	}
	closedir(d);
	return ret;
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

int procs_pipes(struct snapshot *s, const struct tasklist *tl)
{
	const char *procfs = tl->src->procfs;
	bool live = tl->src->live;
	struct ends v = { 0 };
	bool denied = false;
	int ret = 0;

	struct objlist *l = snap_list(s, kind_get(KIND_PIPE));

	/* a list from an earlier call goes: it describes the past */
	for (size_t i = 0; i < l->n; i++)
		l->kind->free_obj(&snap_pipes(s)[i]);
	l->n = 0;
	/* file descriptors belong to the process (threads share them) */
	for (size_t i = 0; i < tl->n && ret == 0; i++)
		if (tl->t[i].tid == tl->t[i].tgid)
			ret = scan_fds(procfs, tl->t[i].tgid, live, &v, &denied);
	if (ret == 0)
		ret = group(s, &v);
	/* other users' processes unread, or not even listed (hidepid) */
	l->partial = denied || tl->hidden ? -EACCES : 0;
	for (size_t i = 0; i < v.n; i++)
		free(v.e[i].path);
	free(v.e);
	l->have = ret == 0;
	return ret;
}

/* What the POSIX object lists share: names and identities, directory
 * walks, the parsers for mountinfo, maps and syscall lines, and where a
 * source keeps the objects. Names come from directories anyone may write to
 * (/dev/shm is 1777): they are sanitised for display, and their raw bytes
 * are used only to find the same directory entry again. */
#define _GNU_SOURCE
#include "collect/posix_int.h"
#include "collect/readfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ipctop/kind.h"
#include "ipctop/ns.h"
#include "ipctop/procs.h"
#include "ipctop/sanitize.h"
#include "ipctop/vec.h"

/* ---- objects ---- */

int pobj_init(struct pobj *c, const char *name, const struct stat *st)
{
	size_t len = strlen(name), cap = 4 * (len + 1) + 1;

	memset(c, 0, sizeof(*c));
	c->raw = malloc(len + 2);
	c->name = malloc(cap);
	if (!c->raw || !c->name) {
		pobj_free(c);
		return -ENOMEM;
	}
	c->raw[0] = '/';
	memcpy(c->raw + 1, name, len + 1);
	sanitize(c->name, cap, c->raw, len + 1);
	c->uid = (uint32_t)st->st_uid;
	c->gid = (uint32_t)st->st_gid;
	c->mode = (uint32_t)(st->st_mode & 07777);
	c->mtime = (long long)st->st_mtim.tv_sec;
	c->ctime = (long long)st->st_ctim.tv_sec;
	c->dev = (uint64_t)st->st_dev;
	c->ino = (uint64_t)st->st_ino;
	return 0;
}

void pobj_free(struct pobj *c)
{
	free(c->name);
	free(c->raw);
	c->name = c->raw = NULL;
}

void pmq_free(struct pmq *q)
{
	if (!q)
		return;
	pobj_free(&q->c);
	free(q->holders.v);
	free(q->waiters.v);
	q->holders = (struct pidlist){ 0 };
	q->waiters = (struct waitlist){ 0 };
}

void pshm_free(struct pshm *s)
{
	if (!s)
		return;
	pobj_free(&s->c);
	free(s->attached.v);
	s->attached = (struct pidlist){ 0 };
}

void psem_free(struct psem *s)
{
	if (!s)
		return;
	pobj_free(&s->c);
	free(s->attached.v);
	s->attached = (struct pidlist){ 0 };
}

void pmq_array_free(struct pmq *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		pmq_free(&v[i]);
	free(v);
}

void pshm_array_free(struct pshm *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		pshm_free(&v[i]);
	free(v);
}

void psem_array_free(struct psem *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		psem_free(&v[i]);
	free(v);
}

bool pobj_same_inode(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* ---- directory walks ---- */

int posix_each_entry(int dirfd, int (*cb)(void *ctx, int dirfd, const char *name),
		     void *ctx)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	struct dirent *e;
	int r = 0;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (!e) {
			r = errno ? -errno : 0;
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		/* dirfd, not the walk's own fd: the callers' lookups then
		 * work on an O_PATH descriptor too */
		if ((r = cb(ctx, dirfd, e->d_name)) < 0)
			break;
	}
	closedir(d);
	return r;
}

int posix_stat_entry(int dirfd, const char *name, struct stat *st)
{
	if (fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) == 0)
		return 0;
	/* removed between readdir and now: it is not there to show */
	return errno == ENOENT ? 1 : -errno;
}

struct entry_list {
	char *v;
	size_t n, cap, size;
	int (*read)(int dirfd, const char *name, void *obj);
};

static int entry_one(void *ctx, int dirfd, const char *name)
{
	struct entry_list *l = ctx;
	int r;

	if ((r = vec_reserve(&l->v, &l->cap, l->n + 1, l->size)) < 0)
		return r;
	r = l->read(dirfd, name, l->v + l->n * l->size);
	if (r == 0)
		l->n++;
	return r > 0 ? 0 : r;
}

int posix_list_entries(int dirfd, size_t size, int (*read)(int dirfd, const char *name, void *obj),
		       void (*free_one)(void *obj), void **out, size_t *n)
{
	struct entry_list l = { NULL, 0, 0, size, read };
	int r = posix_each_entry(dirfd, entry_one, &l);

	*out = NULL;
	*n = 0;
	if (r < 0) {
		for (size_t i = 0; i < l.n; i++)
			free_one(l.v + i * size);
		free(l.v);
		return r;
	}
	posix_sort(l.v, l.n, size);
	*out = l.v;
	*n = l.n;
	return 0;
}

int posix_read_one(int dirfd, const char *raw, const char *prefix, void *out, size_t size,
		   int (*read)(int dirfd, const char *name, void *obj))
{
	char name[NAME_MAX + 1];
	int r = posix_entry_name(raw, prefix, name, sizeof(name));

	memset(out, 0, size);
	if (r < 0)
		return r;
	r = read(dirfd, name, out);
	return r > 0 ? -ENOENT : r;
}

static int cmp_raw(const void *a, const void *b)
{
	/* each element starts with its struct pobj */
	return strcmp(((const struct pobj *)a)->raw, ((const struct pobj *)b)->raw);
}

void posix_sort(void *v, size_t n, size_t sz)
{
	if (n > 1)
		qsort(v, n, sz, cmp_raw);
}

void posix_hand_over(struct objlist *l, void *v, size_t n, const struct source *src)
{
	free(l->v);
	l->v = v;
	l->n = l->cap = n;
	l->have = true;
	/* every object is in the namespace read */
	for (size_t i = 0; i < n; i++)
		((struct pobj *)(void *)((char *)v + i * l->kind->objsize))->ns = src->ns;
}

/* ---- mountinfo ---- */

static bool is_oct(char c)
{
	return c >= '0' && c <= '7';
}

/* Undo mountinfo's \ooo escapes of [f, f + n) into a new string; NULL
 * with *err set: -EINVAL for a backslash not starting one (the kernel
 * escapes the backslash itself) or a NUL byte, -ENOMEM. */
static char *unescape(const char *f, size_t n, int *err)
{
	char *s = malloc(n + 1), *o = s;

	if (!s) {
		*err = -ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (f[i] == '\\') {
			if (n - i < 4 || f[i + 1] < '0' || f[i + 1] > '3' ||
			    !is_oct(f[i + 2]) || !is_oct(f[i + 3]))
				goto bad;
			*o = (char)((f[i + 1] - '0') * 64 + (f[i + 2] - '0') * 8 +
				    (f[i + 3] - '0'));
			i += 3;
		} else {
			*o = f[i];
		}
		if (*o++ == '\0')
			goto bad;
	}
	*o = '\0';
	return s;
bad:
	free(s);
	*err = -EINVAL;
	return NULL;
}

static char *copy_field(const char *f, size_t n, int *err)
{
	char *s = malloc(n + 1);

	if (!s) {
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(s, f, n);
	s[n] = '\0';
	if (strlen(s) != n) {
		free(s);
		*err = -EINVAL;
		return NULL;
	}
	return s;
}

static bool dec_number(const char *f, size_t n, unsigned long long max,
		       unsigned long long *v)
{
	unsigned long long x = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (f[i] < '0' || f[i] > '9')
			return false;
		if (x > (max - (unsigned)(f[i] - '0')) / 10)
			return false;
		x = x * 10 + (unsigned)(f[i] - '0');
	}
	*v = x;
	return true;
}

void posix_mount_free(struct posix_mount *m)
{
	free(m->root);
	free(m->mnt);
	free(m->mnt_opts);
	free(m->fstype);
	free(m->source);
	free(m->super_opts);
	memset(m, 0, sizeof(*m));
}

int posix_parse_mountinfo(const char *line, size_t len, struct posix_mount *m)
{
	const char *end = memchr(line, '\n', len), *p = line, *f[6], *fs, *src, *so, *x;
	size_t n[6], fsn, srcn, son, xn;
	unsigned long long v;
	int err = 0;

	memset(m, 0, sizeof(*m));
	if (!end)
		end = line + len;
	/* ID, parent ID, major:minor, root, mount point, mount options */
	for (int i = 0; i < 6; i++)
		if (!next_field(&p, end, &f[i], &n[i]))
			return -EINVAL;
	if (!dec_number(f[0], n[0], UINT32_MAX, &v) || !dec_number(f[1], n[1], UINT32_MAX, &v))
		return -EINVAL;
	const char *colon = memchr(f[2], ':', n[2]);
	if (!colon || !dec_number(f[2], (size_t)(colon - f[2]), UINT32_MAX, &v))
		return -EINVAL;
	m->major = (unsigned)v;
	if (!dec_number(colon + 1, n[2] - (size_t)(colon - f[2]) - 1, UINT32_MAX, &v))
		return -EINVAL;
	m->minor = (unsigned)v;
	/* optional fields ("shared:1 master:2") up to the lone "-" */
	do {
		if (!next_field(&p, end, &x, &xn))
			return -EINVAL;
	} while (!(xn == 1 && x[0] == '-'));
	if (!next_field(&p, end, &fs, &fsn) || !next_field(&p, end, &src, &srcn) ||
	    !next_field(&p, end, &so, &son) || p != end || end[-1] == ' ')
		return -EINVAL;
	/* Options stay escaped: an option's value may hold an escaped
	 * comma, and posix_mount_opt() splits them first. */
	if (!(m->root = unescape(f[3], n[3], &err)) ||
	    !(m->mnt = unescape(f[4], n[4], &err)) ||
	    !(m->mnt_opts = copy_field(f[5], n[5], &err)) ||
	    !(m->fstype = unescape(fs, fsn, &err)) ||
	    !(m->source = unescape(src, srcn, &err)) ||
	    !(m->super_opts = copy_field(so, son, &err))) {
		posix_mount_free(m);
		return err;
	}
	return 0;
}

int posix_mount_opt(const char *opts, const char *key, char *val, size_t vallen)
{
	size_t klen = strlen(key);

	if (vallen == 0)
		return -ENAMETOOLONG;
	for (const char *o = opts, *oe; ; o = oe + 1) {
		oe = strchr(o, ',');
		if (!oe)
			oe = o + strlen(o);
		size_t n = (size_t)(oe - o);

		if (n >= klen && memcmp(o, key, klen) == 0 &&
		    (n == klen || o[klen] == '=')) {
			const char *v = n == klen ? o + n : o + klen + 1;
			int err = 0;
			char *s = unescape(v, (size_t)(oe - v), &err);

			if (!s)
				return err;
			if (strlen(s) >= vallen) {
				free(s);
				return -ENAMETOOLONG;
			}
			strcpy(val, s);
			free(s);
			return 1;
		}
		if (*oe == '\0')
			return 0;
	}
}

/* ---- process side ---- */

static bool hex_number(const char *f, size_t n, unsigned long long *v)
{
	unsigned long long x = 0;

	if (n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = f[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		x = x * 16 + d;
	}
	*v = x;
	return true;
}

int posix_parse_maps_line(const char *line, size_t len, struct posix_maps_line *m)
{
	static const char deleted[] = " (deleted)";
	const char *end = memchr(line, '\n', len), *p = line, *f, *dash, *colon;
	size_t n;
	unsigned long long v;

	memset(m, 0, sizeof(*m));
	if (!end)
		end = line + len;
	/* "start-end perms offset major:minor inode", then spaces and the
	 * path, which runs to the end of the line and may hold spaces */
	if (!next_field(&p, end, &f, &n) || !(dash = memchr(f, '-', n)) ||
	    !hex_number(f, (size_t)(dash - f), &m->start) ||
	    !hex_number(dash + 1, n - (size_t)(dash - f) - 1, &m->end) ||
	    m->end < m->start)
		return -EINVAL;
	if (!next_field(&p, end, &f, &n) || n != 4 || memchr(f, '\0', n))
		return -EINVAL;
	memcpy(m->perms, f, 4);
	m->perms[4] = '\0';
	if (!next_field(&p, end, &f, &n) || !hex_number(f, n, &m->offset))
		return -EINVAL;
	if (!next_field(&p, end, &f, &n) || !(colon = memchr(f, ':', n)) ||
	    !hex_number(f, (size_t)(colon - f), &v) || v > UINT32_MAX)
		return -EINVAL;
	m->major = (unsigned)v;
	if (!hex_number(colon + 1, n - (size_t)(colon - f) - 1, &v) || v > UINT32_MAX)
		return -EINVAL;
	m->minor = (unsigned)v;
	/* the inode is the last field when nothing is mapped from a file */
	const char *s = p;
	while (s < end && *s != ' ')
		s++;
	if (!dec_number(p, (size_t)(s - p), ULLONG_MAX, &m->ino))
		return -EINVAL;
	while (s < end && *s == ' ')
		s++;
	m->path = s;
	m->pathlen = (size_t)(end - s);
	if (m->pathlen > sizeof(deleted) - 1 &&
	    memcmp(end - (sizeof(deleted) - 1), deleted, sizeof(deleted) - 1) == 0) {
		m->deleted = true;
		m->pathlen -= sizeof(deleted) - 1;
	}
	return 0;
}

bool posix_maps_names(const struct posix_maps_line *m, const struct pobj *c)
{
	return m->ino == c->ino && m->ino != 0 &&
	       (uint64_t)makedev(m->major, m->minor) == c->dev;
}

bool posix_stat_names(const struct stat *st, const struct pobj *c)
{
	return S_ISREG(st->st_mode) && (uint64_t)st->st_dev == c->dev &&
	       (uint64_t)st->st_ino == c->ino;
}

int posix_parse_mq_syscall(const char *buf, bool *send, int *fd)
{
	long nr;
	long long arg0;
	int r = procs_parse_syscall(buf, &nr, &arg0);

	if (r < 0)
		return r;
	switch (nr) {
#ifdef SYS_mq_timedsend
	case SYS_mq_timedsend: *send = true; break;
#endif
#ifdef SYS_mq_timedsend_time64
	case SYS_mq_timedsend_time64: *send = true; break;
#endif
#ifdef SYS_mq_timedreceive
	case SYS_mq_timedreceive: *send = false; break;
#endif
#ifdef SYS_mq_timedreceive_time64
	case SYS_mq_timedreceive_time64: *send = false; break;
#endif
	default: return -ENOENT;
	}
	if (arg0 < 0)
		return -EINVAL;
	*fd = (int)arg0;
	return 0;
}

/* ---- names ---- */

int posix_entry_name(const char *raw, const char *prefix, char *out, size_t len)
{
	size_t pl = strlen(prefix), n;

	if (!raw || raw[0] != '/')
		return -EINVAL;
	raw++;
	n = strlen(raw);
	if (n == 0 || strchr(raw, '/') || strcmp(raw, ".") == 0 || strcmp(raw, "..") == 0 ||
	    pl + n > NAME_MAX || pl + n >= len)
		return -EINVAL;
	memcpy(out, prefix, pl);
	memcpy(out + pl, raw, n + 1);
	return 0;
}

/* ---- where a source keeps them ---- */

int posix_source_mq_dir(const struct source *src, struct pmq_dir *d)
{
	int fd;

	/* another IPC namespace's queues: a mount of our own shows ours */
	if (!src->mq_dir && src->member)
		return posix_mq_dir_private(d);
	if (!src->mq_dir)
		return posix_mq_dir(src->procfs, d);
	d->from = PMQ_DIR_MOUNT;
	d->hint = NULL;
	snprintf(d->mnt, sizeof(d->mnt), "%s", src->mq_dir);
	fd = open(src->mq_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d->fd = fd;
	return fd < 0 ? -errno : 0;
}

int posix_source_shm_dir(const struct source *src)
{
	int fd;

	/* another namespace's are in its members' mount namespace: /dev/shm
	 * under the member's root */
	if (src->member)
		return ns_shm_dir(src->ns, src->member);
	fd = open(src->shm_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

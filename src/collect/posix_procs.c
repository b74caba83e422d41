/* The POSIX objects' side of the process scan. A shared memory object or
 * a semaphore that a process maps shows in its maps as a line of the
 * object's device and inode (" (deleted)" after the name was unlinked: it
 * is the inode that counts, so a name given to a new object since is not
 * mistaken for the old one); a queue or an object held open is an entry
 * of its fd directory whose stat names them. Objects are indexed by
 * device and inode here; the maps pass (maps.c) and the fd walk (pipes.c)
 * report hits, and pscan_apply() turns them into each object's list. */
#define _GNU_SOURCE
#include "collect/procs_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "ipctop/kind.h"
#include "ipctop/posix.h"
#include "ipctop/vec.h"

static int cmp_ref(const void *a, const void *b)
{
	const struct pref *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (x->ino > y->ino) - (x->ino < y->ino);
}

static const struct pobj *pobj_at(const struct snapshot *s, enum kind_id k, size_t i)
{
	const struct kind *kd = kind_get(k);

	return (const struct pobj *)(const void *)((const char *)s->list[k].v + i * kd->objsize);
}

static void note_dev(struct pscan *px, uint64_t dev)
{
	for (size_t i = 0; i < px->ndevs; i++)
		if (px->devs[i] == dev)
			return;
	if (px->ndevs == PSCAN_DEVS)
		px->alldevs = true;
	else
		px->devs[px->ndevs++] = dev;
}

int pscan_init(struct pscan *px, const struct snapshot *s)
{
	static const enum kind_id kinds[] = { KIND_PMQ, KIND_PSHM, KIND_PSEM };
	size_t total = 0, n = 0;

	memset(px, 0, sizeof(*px));
	for (size_t k = 0; k < 3; k++)
		total += snap_n(s, kinds[k]);
	if (total == 0)
		return 0;
	px->v = malloc(total * sizeof(*px->v));
	if (!px->v)
		return -ENOMEM;
	for (size_t k = 0; k < 3; k++) {
		for (size_t i = 0; i < snap_n(s, kinds[k]); i++) {
			const struct pobj *c = pobj_at(s, kinds[k], i);

			px->v[n++] = (struct pref){ .dev = c->dev, .ino = c->ino,
						    .kind = kinds[k], .i = (uint32_t)i };
			note_dev(px, c->dev);
		}
	}
	px->n = n;
	qsort(px->v, n, sizeof(*px->v), cmp_ref);
	px->maps = snap_n(s, KIND_PSHM) + snap_n(s, KIND_PSEM) > 0;
	px->fds = snap_n(s, KIND_PMQ) + snap_n(s, KIND_PSHM) > 0;
	return 0;
}

void pscan_free(struct pscan *px)
{
	free(px->v);
	free(px->hits);
	memset(px, 0, sizeof(*px));
}

bool pscan_dev(const struct pscan *px, uint64_t dev)
{
	if (px->alldevs)
		return px->n > 0;
	for (size_t i = 0; i < px->ndevs; i++)
		if (px->devs[i] == dev)
			return true;
	return false;
}

long pscan_find(const struct pscan *px, uint64_t dev, uint64_t ino)
{
	struct pref key = { .dev = dev, .ino = ino };
	const struct pref *f;

	if (px->n == 0)
		return -1;
	f = bsearch(&key, px->v, px->n, sizeof(*px->v), cmp_ref);
	return f ? (long)(f - px->v) : -1;
}

/* The object a maps line [line, end) maps, or -1. */
static long line_ref(const struct pscan *px, const char *line, const char *end)
{
	struct posix_maps_line m;

	if (posix_parse_maps_line(line, (size_t)(end - line), &m) < 0 || m.ino == 0)
		return -1;
	return pscan_find(px, (uint64_t)makedev(m.major, m.minor), m.ino);
}

static int push_hit(struct phit **hits, size_t *n, size_t *cap, int32_t pid, long ref)
{
	struct phit h = { .pid = pid, .ref = (uint32_t)ref };

	/* a mapping split in pieces (mprotect) is one object once */
	if (*n && (*hits)[*n - 1].pid == pid && (*hits)[*n - 1].ref == h.ref)
		return 0;
	return VEC_PUSH(*hits, *n, *cap, h);
}

int pscan_maps(const struct pscan *px, const char *buf, size_t len, int32_t pid,
	       struct phit **hits, size_t *n, size_t *cap)
{
	const char *end = buf + len;
	int r = 0;

	if (px->n == 0)
		return 0;
	if (px->alldevs) {
		for (const char *p = buf; p < end && r == 0;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *le = nl ? nl : end;
			long ref = line_ref(px, p, le);

			if (ref >= 0)
				r = push_hit(hits, n, cap, pid, ref);
			p = le + 1;
		}
		return r;
	}
	/* only lines with the device field of one of the objects' devices:
	 * " 00:1a " (the kernel's "%02x:%02x"); the line is parsed whole,
	 * so the same text inside a path fools nothing */
	for (size_t d = 0; d < px->ndevs && r == 0; d++) {
		char pat[32];
		int pl = snprintf(pat, sizeof(pat), " %02x:%02x ", major(px->devs[d]),
				  minor(px->devs[d]));
		const char *p = buf;

		if (pl <= 0 || (size_t)pl >= sizeof(pat))
			continue;
		while (r == 0 && p < end) {
			const char *hit = memmem(p, (size_t)(end - p), pat, (size_t)pl), *ls, *le;
			long ref;

			if (!hit)
				break;
			for (ls = hit; ls > buf && ls[-1] != '\n'; ls--)
				;
			le = memchr(hit, '\n', (size_t)(end - hit));
			if (!le)
				le = end;
			ref = line_ref(px, ls, le);
			if (ref >= 0)
				r = push_hit(hits, n, cap, pid, ref);
			p = le;
		}
	}
	return r;
}

int pscan_add(struct pscan *px, const struct phit *hits, size_t n)
{
	if (n == 0)
		return 0;
	if (vec_reserve(&px->hits, &px->cap, px->nhits + n, sizeof(*px->hits)) < 0)
		return -ENOMEM;
	memcpy(px->hits + px->nhits, hits, n * sizeof(*hits));
	px->nhits += n;
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct phit *x = a, *y = b;

	if (x->ref != y->ref)
		return x->ref < y->ref ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The list a kind keeps its processes in. */
static struct pidlist *list_of(struct snapshot *s, enum kind_id k, uint32_t i)
{
	char *obj = (char *)s->list[k].v + i * kind_get(k)->objsize;

	switch (k) {
	case KIND_PMQ: return &((struct pmq *)(void *)obj)->holders;
	case KIND_PSHM: return &((struct pshm *)(void *)obj)->attached;
	case KIND_PSEM: return &((struct psem *)(void *)obj)->attached;
	default: return NULL;
	}
}

int pscan_apply(struct snapshot *s, struct pscan *px, bool hidden)
{
	int r = 0;

	/* every object the passes looked for: known now, even if empty */
	for (size_t i = 0; i < px->n; i++) {
		const struct pref *o = &px->v[i];
		struct pidlist *l = list_of(s, o->kind, o->i);
		bool looked = o->kind == KIND_PMQ ? px->fds : px->maps;
		bool denied = o->kind == KIND_PMQ ? px->fds_denied :
			      o->kind == KIND_PSHM ? px->maps_denied || px->fds_denied :
			      px->maps_denied;

		if (!l || !looked)
			continue;
		free(l->v);
		*l = (struct pidlist){ 0 };
		/* another user's maps or fds refused, or processes hidden
		 * altogether: there may be more */
		l->err = denied || hidden ? -EACCES : 0;
	}
	if (px->nhits > 1)
		qsort(px->hits, px->nhits, sizeof(*px->hits), cmp_hit);
	for (size_t i = 0; i < px->nhits && r == 0; i++) {
		const struct phit *h = &px->hits[i];
		const struct pref *o = &px->v[h->ref];
		struct pidlist *l = list_of(s, o->kind, o->i);

		if (!l || (i > 0 && h->ref == px->hits[i - 1].ref && h->pid == px->hits[i - 1].pid))
			continue;
		r = VEC_PUSH(l->v, l->n, l->cap, h->pid);
	}
	return r;
}

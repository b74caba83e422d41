/* Who has a segment attached: /proc/PID/maps lines for "/SYSV<key>"
 * mappings carry the shmid in the inode column. Reading every process's
 * maps is the expensive part of a refresh, so for System V it runs only
 * while some segment has nattch > 0, and a process's result is reused
 * while the process and the segments' attach counts and times are
 * unchanged. POSIX shared memory and semaphores have no attach count and
 * nothing tells when a process maps one: while any exists, every maps
 * file is read, once, for both (posix_procs.c finds them in it). */
#define _GNU_SOURCE
#include "collect/procs_int.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/readfile.h"
#include "ipctop/pool.h"
#include "ipctop/posix.h"
#include "ipctop/vec.h"

#define MAPS_MAX (256u << 20)

/* Parse one maps line [p, end): "addr perms offset dev inode path". */
static bool maps_line_id(const char *p, const char *end, int32_t *id)
{
	const char *path = NULL;
	unsigned long long ino = 0;
	int field = 0;

	while (p < end && field < 5) {
		while (p < end && *p == ' ')
			p++;
		const char *w = p;
		while (p < end && *p != ' ')
			p++;
		if (p == w)
			return false;
		if (field == 4) {
			for (const char *c = w; c < p; c++) {
				if (*c < '0' || *c > '9')
					return false;
				ino = ino * 10 + (unsigned)(*c - '0');
				if (ino > INT32_MAX)
					return false;
			}
		}
		field++;
	}
	while (p < end && *p == ' ')
		p++;
	path = p;
	if (field != 5 || end - path < 13 || strncmp(path, "/SYSV", 5) != 0)
		return false;
	for (int i = 5; i < 13; i++)
		if (!strchr("0123456789abcdefABCDEF", path[i]) || path[i] == '\0')
			return false;
	*id = (int32_t)ino;
	return true;
}

int procs_parse_maps(const char *buf, int32_t **ids, size_t *n)
{
	size_t cap = 0;
	const char *p = buf;

	*ids = NULL;
	*n = 0;
	/* find "/SYSV" quickly and look only at the lines holding it */
	while ((p = strstr(p, "/SYSV")) != NULL) {
		const char *start = p, *end = strchr(p, '\n');
		int32_t id;

		while (start > buf && start[-1] != '\n')
			start--;
		if (!end)
			end = p + strlen(p);
		if (maps_line_id(start, end, &id)) {
			if (VEC_PUSH(*ids, *n, cap, id) < 0) {
				free(*ids);
				*ids = NULL;
				*n = 0;
				return -ENOMEM;
			}
		}
		p = end;
	}
	return 0;
}

/* FNV-1a over what changes when anything attaches or detaches. */
static uint64_t shm_signature(const struct snapshot *s)
{
	uint64_t h = 1469598103934665603ull;
	const struct shmseg *g;

	for (size_t i = 0; i < snap_n(s, KIND_SHM); i++) {
		g = &snap_shms(s)[i];
		if (g->nattch <= 0)
			continue;
		long long v[4] = { g->c.id, g->nattch, g->atime, g->dtime };
		const unsigned char *b = (const unsigned char *)v;
		for (size_t k = 0; k < sizeof(v); k++) {
			h ^= b[k];
			h *= 1099511628211ull;
		}
	}
	return h;
}

static struct att_entry *cache_find(struct procs_cache *c, int32_t pid,
				    unsigned long long start)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->e[mid].pid == pid)
			return c->e[mid].start == start ? &c->e[mid] : NULL;
		if (c->e[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* One process's hits on POSIX objects, from the same maps read. */
struct maps_hits {
	struct phit *v;
	size_t n, cap;
	int err;
	bool denied;
};

static void read_maps(const char *procfs, const struct task *t, struct att_entry *e,
		      const struct pscan *px, struct maps_hits *h)
{
	char path[PATH_MAX];
	struct file_buf fb;

	e->pid = t->tgid;
	e->start = t->start;
	e->ids = NULL;
	e->n = 0;
	snprintf(path, sizeof(path), "%s/%d/maps", procfs, t->tgid);
	e->err = read_whole_file(path, &fb, MAPS_MAX);
	if (e->err < 0) {
		if (h && (e->err == -EACCES || e->err == -EPERM))
			h->denied = true;
		return;
	}
	e->err = procs_parse_maps(fb.data, &e->ids, &e->n);
	if (h)
		h->err = pscan_maps(px, fb.data, fb.len, t->tgid, &h->v, &h->n, &h->cap);
	file_buf_free(&fb);
}

/* Segments by namespace and id, for lookups by what processes map (a
 * shmid means the segment of the mapping process's namespace). */
struct seg_ix {
	unsigned long long ns;
	int32_t id;
	uint32_t i;         /* index into snap_shms(s) */
};

static int cmp_seg_ix(const void *a, const void *b)
{
	const struct seg_ix *x = a, *y = b;

	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static struct shmseg *seg_by_id(struct snapshot *s, const struct seg_ix *ix,
				unsigned long long ns, int32_t id)
{
	struct seg_ix key = { .ns = ns, .id = id };
	const struct seg_ix *f = bsearch(&key, ix, snap_n(s, KIND_SHM), sizeof(*ix), cmp_seg_ix);

	return f ? &snap_shms(s)[f->i] : NULL;
}

static int add_pid(struct pidlist *l, int32_t pid)
{
	if (l->n && l->v[l->n - 1] == pid)
		return 0;
	return VEC_PUSH(l->v, l->n, l->cap, pid);
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_entry(const void *a, const void *b)
{
	return cmp_i32(&((const struct att_entry *)a)->pid, &((const struct att_entry *)b)->pid);
}

/* Creators and last attachers first: they are the likeliest users, and
 * once every attach (nattch counts mappings, as maps lists them) is
 * accounted for the scan stops. Returns the candidate count; cand sorted. */
static size_t candidates(const struct snapshot *s, int32_t *cand)
{
	size_t n = 0;

	for (size_t i = 0; i < snap_n(s, KIND_SHM); i++) {
		if (snap_shms(s)[i].nattch <= 0)
			continue;
		if (snap_shms(s)[i].cpid > 0)
			cand[n++] = snap_shms(s)[i].cpid;
		if (snap_shms(s)[i].lpid > 0)
			cand[n++] = snap_shms(s)[i].lpid;
	}
	qsort(cand, n, sizeof(*cand), cmp_i32);
	return n;
}

static bool is_candidate(const int32_t *cand, size_t n, int32_t pid)
{
	return n && bsearch(&pid, cand, n, sizeof(*cand), cmp_i32) != NULL;
}

struct scan {
	struct snapshot *s;
	const struct tasklist *tl;
	const char *procfs;
	const struct pscan *px;     /* POSIX objects to find too; NULL: none */
	struct maps_hits *hits;     /* theirs, per order[i] */
	struct procs_cache *cache, fresh;
	const struct seg_ix *ix;
	const struct task **order;  /* leaders to look at, likeliest first */
	size_t norder;
	bool *done;                 /* order[i] read into fresh.e[i] */
	atomic_size_t next;
	atomic_llong have;          /* attaches found so far */
	long long need;
};

/* Read one process's mappings (from the cache or its maps) into
 * fresh.e[i]; runs in the worker threads. */
static void scan_read(struct scan *sc, size_t i)
{
	const struct task *t = sc->order[i];
	struct att_entry *e = &sc->fresh.e[i], *old;
	long long found = 0;

	/* a cached entry says nothing of what was mapped since: with POSIX
	 * objects to find, every maps file is read again */
	old = sc->cache && sc->cache->shm_sig == sc->fresh.shm_sig && !sc->px
		? cache_find(sc->cache, t->tgid, t->start) : NULL;
	if (old) {
		*e = *old;      /* take the ids over: entries are per pid */
		old->ids = NULL;
		old->n = 0;
	} else {
		read_maps(sc->procfs, t, e, sc->px, sc->px ? &sc->hits[i] : NULL);
		/* the same shmid in another IPC namespace is another segment:
		 * the process's namespace says which; one not in view counts
		 * for none */
		if (e->n && !procs_task_ns(sc->tl, t->tgid, &e->ns)) {
			free(e->ids);
			e->ids = NULL;
			e->n = 0;
		}
	}
	for (size_t k = 0; k < e->n; k++)
		found += seg_by_id(sc->s, sc->ix, e->ns, e->ids[k]) != NULL;
	sc->done[i] = true;
	atomic_fetch_add(&sc->have, found);
}

static void *scan_main(void *arg)
{
	struct scan *sc = arg;

	/* once every attach is accounted for, the rest can be skipped;
	 * POSIX objects have no count to stop at */
	while (sc->px || atomic_load(&sc->have) < sc->need) {
		size_t i = atomic_fetch_add(&sc->next, 1);

		if (i >= sc->norder)
			break;
		scan_read(sc, i);
	}
	return NULL;
}

int procs_attach(struct snapshot *s, const struct tasklist *tl, struct procs_cache *cache,
		 struct pscan *px)
{
	struct scan sc = { .s = s, .tl = tl, .procfs = tl->src->procfs, .cache = cache,
			   .px = px && px->maps ? px : NULL };
	struct seg_ix *ix = NULL;
	size_t *found = NULL;
	int32_t *cand = NULL;
	void *args[POOL_MAX_WORKERS];
	size_t nproc = 0, ncand, n = 0;
	int ret = 0;

	for (size_t i = 0; i < snap_n(s, KIND_SHM); i++) {
		free(snap_shms(s)[i].attached.v);
		snap_shms(s)[i].attached = (struct pidlist){ 0 };
		if (snap_shms(s)[i].nattch > 0)
			sc.need += snap_shms(s)[i].nattch;
	}
	if (sc.need == 0 && !sc.px)
		return 0;
	for (size_t i = 0; i < tl->n; i++)
		nproc += tl->t[i].tid == tl->t[i].tgid;
	sc.fresh.shm_sig = shm_signature(s);
	sc.fresh.e = calloc(nproc ? nproc : 1, sizeof(*sc.fresh.e));
	sc.order = malloc((nproc ? nproc : 1) * sizeof(*sc.order));
	sc.done = calloc(nproc ? nproc : 1, sizeof(*sc.done));
	found = calloc(snap_n(s, KIND_SHM), sizeof(*found));
	ix = malloc((snap_n(s, KIND_SHM) ? snap_n(s, KIND_SHM) : 1) * sizeof(*ix));
	cand = malloc((snap_n(s, KIND_SHM) ? 2 * snap_n(s, KIND_SHM) : 1) * sizeof(*cand));
	if (sc.px)
		sc.hits = calloc(nproc ? nproc : 1, sizeof(*sc.hits));
	if (!sc.fresh.e || !sc.order || !sc.done || !found || !ix || !cand ||
	    (sc.px && !sc.hits)) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < snap_n(s, KIND_SHM); i++) {
		ix[i].id = snap_shms(s)[i].c.id;
		ix[i].ns = snap_shms(s)[i].c.ns;
		ix[i].i = (uint32_t)i;
	}
	qsort(ix, snap_n(s, KIND_SHM), sizeof(*ix), cmp_seg_ix);
	sc.ix = ix;
	/* creators and last attachers first, then the rest in pid order;
	 * kernel threads map nothing */
	ncand = candidates(s, cand);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < tl->n; i++) {
			const struct task *t = &tl->t[i];

			if (t->tid != t->tgid || t->kthread ||
			    is_candidate(cand, ncand, t->tgid) != (pass == 0))
				continue;
			sc.order[sc.norder++] = t;
		}
	}
	atomic_init(&sc.next, 0);
	atomic_init(&sc.have, 0);
	/* every worker takes processes from the same scan */
	for (unsigned k = 0; k < POOL_MAX_WORKERS; k++)
		args[k] = &sc;
	pool_run(pool_workers(sc.norder), scan_main, args);
	/* in scan order: the entries read, then the pids into the segments */
	for (size_t i = 0; i < sc.norder; i++) {
		struct att_entry *e;

		if (!sc.done[i])
			continue;
		e = &sc.fresh.e[n];
		if (n != i) {
			*e = sc.fresh.e[i];
			sc.fresh.e[i].ids = NULL;
			sc.fresh.e[i].n = 0;
		}
		n++;
		if (e->err == -ENOMEM)
			ret = -ENOMEM;
		for (size_t k = 0; k < e->n && ret == 0; k++) {
			struct shmseg *g = seg_by_id(s, ix, e->ns, e->ids[k]);
			if (!g)
				continue;
			found[g - snap_shms(s)]++;
			ret = add_pid(&g->attached, sc.order[i]->tgid);
		}
		if (sc.hits && ret == 0) {
			if (sc.hits[i].err < 0)
				ret = sc.hits[i].err;
			else
				ret = pscan_add(px, sc.hits[i].v, sc.hits[i].n);
			px->maps_denied |= sc.hits[i].denied;
		}
	}
	sc.fresh.n = n;
	/* fewer mappings found than the kernel counts: maps we may not
	 * read, processes hidden from us (hidepid, a pid namespace above
	 * ours, another IPC namespace since the attach) or a detach
	 * meanwhile. Whatever the reason, the list may be short. */
	for (size_t i = 0; i < snap_n(s, KIND_SHM); i++) {
		if (snap_shms(s)[i].nattch > (long long)found[i])
			snap_shms(s)[i].attached.err = -EACCES;
		if (snap_shms(s)[i].attached.n > 1)
			qsort(snap_shms(s)[i].attached.v, snap_shms(s)[i].attached.n,
			      sizeof(int32_t), cmp_i32);
	}
	qsort(sc.fresh.e, sc.fresh.n, sizeof(*sc.fresh.e), cmp_entry);
out:
	free(found);
	free(ix);
	free(cand);
	free(sc.order);
	for (size_t i = 0; sc.hits && i < nproc; i++)
		free(sc.hits[i].v);
	free(sc.hits);
	/* the old entries gave their ids away: the cache is always the
	 * fresh one once the scan ran */
	if (cache && sc.done) {
		for (size_t i = 0; i < cache->n; i++)
			free(cache->e[i].ids);
		free(cache->e);
		*cache = sc.fresh;
	} else if (sc.fresh.e) {
		for (size_t i = 0; i < nproc; i++)
			free(sc.fresh.e[i].ids);
		free(sc.fresh.e);
	}
	free(sc.done);
	return ret;
}

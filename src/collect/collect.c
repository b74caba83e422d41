/* One collection of the object lists: each wanted kind's list hook on its
 * own worker thread (the kernel formatting /proc/sysvipc, or answering
 * 20,000 ctl calls, is most of a snapshot's time, and the kinds share
 * nothing: each job fills only its own list), then the limits and the
 * use totals. */
#define _GNU_SOURCE
#include "ipctop/collect.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "ipctop/fields.h"
#include "ipctop/ident.h"
#include "ipctop/kind.h"
#include "ipctop/ns.h"
#include "ipctop/pool.h"
#include "ipctop/posix.h"
#include "ipctop/sysv.h"

void collect_opts_init(struct collect_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->needs = NEED_QBYTES | NEED_RSS;
}

struct list_job {
	const struct kind *k;
	struct snapshot *s;
	const struct source *src;
	const struct collect_opts *o;
	int r;
};

static long long thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) < 0)
		return 0;
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* CPU time, not wall time: what a list costs is what the live view
 * weighs when it chooses a source, and the jobs share the CPUs. */
static void *list_job_run(void *arg)
{
	struct list_job *j = arg;
	long long t0 = thread_cpu_ns();

	j->r = j->k->list(j->s, j->src, j->o);
	snap_list(j->s, j->k)->cpu_ns = thread_cpu_ns() - t0;
	return NULL;
}

bool collect_source_of(const struct snapshot *s, const struct source *base,
		       unsigned long long ns, struct source *src)
{
	const struct snap_ns *n;

	*src = *base;
	/* a snapshot without namespaces (a fixture tree), or ours */
	if (!s->nns || !ns || ns == base->ns)
		return true;
	n = snap_ns_find(s, ns);
	if (!n)
		return false;
	src->ns = n->info.inode;
	src->member = n->info.self ? 0 : n->info.pid;
	return true;
}

struct detail_job {
	const struct kind *k;
	void *const *objs;
	size_t n;
};

static int details_inside(const struct source *src, void *arg)
{
	struct detail_job *j = arg;

	for (size_t i = 0; i < j->n; i++)
		j->k->read_detail(src, j->objs[i]);
	return 0;
}

void collect_details(const struct snapshot *s, const struct source *base,
		     const struct kind *k, void *const *objs, size_t n)
{
	void **left, **mine;
	unsigned long long *ns;

	if (!k->read_detail || n == 0)
		return;
	left = malloc(n * sizeof(*left));
	mine = malloc(n * sizeof(*mine));
	ns = malloc(n * sizeof(*ns));
	if (left && mine && ns) {
		for (size_t i = 0; i < n; i++) {
			struct ident id;
			ident_of(&id, k, objs[i]);
			left[i] = objs[i];
			ns[i] = id.ns;
		}
		/* one join per namespace, for all its objects */
		for (size_t i = 0; i < n; i++) {
			struct detail_job j = { k, mine, 0 };
			struct source src;

			if (!left[i])
				continue;
			for (size_t o = i; o < n; o++) {
				if (left[o] && ns[o] == ns[i]) {
					mine[j.n++] = left[o];
					left[o] = NULL;
				}
			}
			if (collect_source_of(s, base, ns[i], &src))
				(void)source_run(&src, details_inside, &j);
		}
	}
	free(left);
	free(mine);
	free(ns);
}

/* Every wanted kind's list, on pool threads when parallel, then the
 * limits and the use totals. */
static int collect_lists(struct snapshot *s, const struct source *src,
			 const struct collect_opts *o, bool parallel)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	struct list_job jobs[KIND_SLOTS];
	void *args[KIND_SLOTS];
	unsigned n = 0;
	int first = 0;

	clock_gettime(CLOCK_REALTIME, &s->taken);
	for (size_t i = 0; i < nk; i++) {
		bool want = o->want[all[i]->id];

		if (!all[i]->list)
			continue;
		/* counted whether listed or not, so the use totals of every
		 * kind come from one source; a kind that cannot be counted
		 * (another proc root) is listed instead */
		if (o->counts && (!all[i]->count || all[i]->count(s, src) < 0))
			want = true;
		if (!want)
			continue;
		jobs[n] = (struct list_job){ .k = all[i], .s = s, .src = src, .o = o };
		args[n] = &jobs[n];
		n++;
	}
	if (parallel)
		pool_run(n, list_job_run, args);
	else
		for (unsigned i = 0; i < n; i++)
			list_job_run(args[i]);
	for (unsigned i = 0; i < n; i++) {
		struct objlist *l = snap_list(s, jobs[i].k);

		l->err = jobs[i].r;
		if (jobs[i].r < 0 && first == 0)
			first = jobs[i].r;
	}
	if (o->limits) {
		int r = sysv_read_limits(src, &s->limits);
		s->have_limits = r == 0;
		if (r < 0 && first == 0)
			first = r;
		posix_read_limits(src, &s->limits);
	}
	snapshot_count_use(s);
	posix_count_use(s);
	return first;
}

int collect_objects(struct snapshot *s, const struct source *src,
		    const struct collect_opts *o)
{
	return collect_lists(s, src, o, true);
}

/* ---- several namespaces --------------------------------------------------- */

/* One namespace's collection, into a snapshot of its own. */
struct ns_job {
	struct snapshot tmp;
	struct source src;
	size_t at;                 /* in the namespace list */
};

struct ns_jobs {
	struct ns_job *v;
	const struct collect_opts *o;
	bool parallel;             /* the kinds side by side: one namespace */
};

static int collect_inside(size_t i, void *arg)
{
	struct ns_jobs *j = arg;

	return collect_lists(&j->v[i].tmp, &j->v[i].src, j->o, j->parallel);
}

/* Threads to spread namespaces over: one a CPU, up to the pool's size. */
static unsigned ns_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 2 ? 1 : n > POOL_MAX_WORKERS ? POOL_MAX_WORKERS : (unsigned)n;
}

/* Move every object of from's lists to the end of to's (the objects'
 * own memory goes with them), leaving from's lists empty. */
static int move_lists(struct snapshot *to, struct snapshot *from)
{
	for (int k = 0; k < KIND_SLOTS; k++) {
		struct objlist *f = &from->list[k], *t = &to->list[k];
		size_t size = f->kind ? f->kind->objsize : 0;

		if (!f->kind)
			continue;
		snap_list(to, f->kind);
		t->have |= f->have;
		if (!t->source)
			t->source = f->source;
		t->bad_lines += f->bad_lines;
		t->partial |= f->partial;
		t->cpu_ns += f->cpu_ns;
		if (!t->hint)
			t->hint = f->hint;
		if (!t->err)
			t->err = f->err;
		/* counted, not listed: the namespaces' counts add up */
		if (f->counted) {
			t->count = (t->counted ? t->count : 0) + f->count;
			t->counted = true;
		}
		if (f->n && !objlist_reserve(t, size, f->n))
			return -ENOMEM;
		if (f->n)
			memcpy((char *)t->v + t->n * size, f->v, f->n * size);
		t->n += f->n;
		f->n = 0;
	}
	return 0;
}

static int add_ns(struct snapshot *s, const struct ipcns *info)
{
	struct snap_ns *n = realloc(s->ns, (s->nns + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	s->ns = n;
	memset(&n[s->nns], 0, sizeof(n[s->nns]));
	n[s->nns].info = *info;
	return (int)s->nns++;
}

/* ipctop's own namespace alone: no list of them, no joining. */
static int collect_own(struct snapshot *s, const struct source *base,
		       const struct collect_opts *o)
{
	struct ipcns self = { .inode = base->ns, .self = true, .pid = getpid(),
			      .nproc = 1, .label = "host" };
	int r = collect_objects(s, base, o);
	int i = add_ns(s, &self);

	if (i < 0)
		return i;
	s->ns[i].limits = s->limits;
	s->ns[i].have_limits = s->have_limits;
	return r;
}

/* May we join other namespaces: CAP_SYS_ADMIN in our effective set? */
static bool may_join(void)
{
	char line[256];
	bool yes = false;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long caps;
		if (sscanf(line, "CapEff: %llx", &caps) == 1) {
			yes = (caps >> 21) & 1;     /* CAP_SYS_ADMIN */
			break;
		}
	}
	if (f)
		fclose(f);
	return yes;
}

/* Which of list spec takes; sel[i] set. 0 or -errno with warn said. */
static int select_ns(const struct source *base, struct ns_spec *spec, const struct ipcns *list,
		     size_t n, bool *sel, char *warn, size_t warnlen)
{
	size_t at;
	int r;

	if (spec->kind == NS_SPEC_ALL) {
		for (size_t i = 0; i < n; i++)
			sel[i] = true;
		return 0;
	}
	r = ns_resolve(base->procfs, spec, list, n, &at, warn, warnlen);
	if (r == 0)
		sel[at] = true;
	return r;
}

struct seen {
	uint64_t dev, ino;
	size_t at;
};

static int by_file(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* Objects that are files (POSIX shared memory and semaphores, by device
 * and inode) are seen from every IPC namespace whose members share the
 * mount namespace they live in: each is kept once, with the first
 * namespace that listed it (ours comes first). 0 or -ENOMEM. */
static int drop_shared(struct snapshot *s)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);

	for (size_t ki = 0; ki < nk; ki++) {
		const struct kind *k = all[ki];
		struct objlist *l = &s->list[k->id];
		struct seen *v;
		bool *drop;
		size_t m = 0, o = 0;

		if (!(k->flags & KIND_OBJECT) || !k->ident || l->n < 2)
			continue;
		v = malloc(l->n * sizeof(*v));
		drop = calloc(l->n, sizeof(*drop));
		if (!v || !drop) {
			free(v);
			free(drop);
			return -ENOMEM;
		}
		for (size_t i = 0; i < l->n; i++) {
			struct ident id;
			ident_of(&id, k, (char *)l->v + i * k->objsize);
			if (id.ino)
				v[m++] = (struct seen){ id.dev, id.ino, i };
		}
		qsort(v, m, sizeof(*v), by_file);
		for (size_t i = 1; i < m; i++)
			if (v[i].dev == v[i - 1].dev && v[i].ino == v[i - 1].ino)
				drop[v[i].at] = true;
		for (size_t i = 0; i < l->n; i++) {
			char *obj = (char *)l->v + i * k->objsize;
			if (drop[i]) {
				if (k->free_obj)
					k->free_obj(obj);
				continue;
			}
			if (o != i)
				memcpy((char *)l->v + o * k->objsize, obj, k->objsize);
			o++;
		}
		l->n = o;
		free(v);
		free(drop);
	}
	return 0;
}

/* Collect every namespace sel picks from list, a few at a time on
 * threads that join them (ns_run_each), then put their objects together
 * in list order. *refused counts those we may not join; *first is the
 * first other error. 0 or -ENOMEM. */
static int collect_each(struct snapshot *s, const struct source *base,
			const struct collect_opts *o, const struct ipcns *list, size_t n,
			const bool *sel, size_t *refused, int *first)
{
	struct ns_jobs jobs = { .o = o };
	struct ns_where *where;
	int *ret, r = 0;
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		m += sel[i];
	jobs.v = calloc(m ? m : 1, sizeof(*jobs.v));
	where = calloc(m ? m : 1, sizeof(*where));
	ret = calloc(m ? m : 1, sizeof(*ret));
	if (!jobs.v || !where || !ret) {
		r = -ENOMEM;
		goto out;
	}
	m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!sel[i])
			continue;
		struct ns_job *j = &jobs.v[m];
		j->src = *base;
		j->src.ns = list[i].inode;
		j->src.member = list[i].self ? 0 : list[i].pid;
		j->at = i;
		snapshot_init(&j->tmp);
		where[m] = (struct ns_where){ j->src.ns, j->src.member };
		m++;
	}
	jobs.parallel = m == 1;
	r = ns_run_each(m, where, ns_threads(), collect_inside, &jobs, ret);
	for (size_t k = 0; k < m && r == 0; k++) {
		struct ns_job *j = &jobs.v[k];
		int at = add_ns(s, &list[j->at]), e = ret[k];

		if (at < 0 || move_lists(s, &j->tmp) < 0) {
			r = -ENOMEM;
			break;
		}
		s->ns[at].limits = j->tmp.limits;
		s->ns[at].have_limits = j->tmp.have_limits;
		s->ns[at].err = e;
		if (e == -EPERM || e == -EACCES)
			(*refused)++;
		else if (e < 0 && e != -ESRCH && *first == 0)
			*first = e;   /* gone meanwhile is no error: it just went */
		if (j->tmp.taken.tv_sec)
			s->taken = j->tmp.taken;
	}
	if (r == 0 && m > 1)
		r = drop_shared(s);
out:
	for (size_t k = 0; jobs.v && k < m; k++)
		snapshot_free(&jobs.v[k].tmp);
	free(jobs.v);
	free(where);
	free(ret);
	return r;
}

int collect_view(struct snapshot *s, const struct source *base, struct ns_spec *spec,
		 const struct collect_opts *o, char *warn, size_t warnlen)
{
	struct ipcns *list = NULL;
	size_t n = 0, refused = 0, unreadable = 0;
	bool *sel;
	int first = 0, r;

	if (warn && warnlen)
		warn[0] = '\0';
	clock_gettime(CLOCK_REALTIME, &s->taken);
	/* a fixture tree has no namespaces: only what its files say */
	if (!spec || spec->kind == NS_SPEC_HOST || !base->live)
		return collect_own(s, base, o);
	r = ns_list(base->procfs, &list, &n, &unreadable);
	if (r < 0) {
		if (warn)
			snprintf(warn, warnlen, "cannot list IPC namespaces: %s", strerror(-r));
		return r;
	}
	sel = calloc(n ? n : 1, sizeof(*sel));
	if (!sel) {
		free(list);
		return -ENOMEM;
	}
	r = select_ns(base, spec, list, n, sel, warn, warnlen);
	if (r == 0)
		r = collect_each(s, base, o, list, n, sel, &refused, &first);
	if (r == 0 && refused && warn)
		snprintf(warn, warnlen, "other IPC namespaces need CAP_SYS_ADMIN (run as root): "
			 "%zu could not be read", refused);
	else if (r == 0 && unreadable && !may_join() && warn)
		snprintf(warn, warnlen, "other IPC namespaces need CAP_SYS_ADMIN (run as root): "
			 "showing only those of processes we may read");
	free(sel);
	free(list);
	if (r < 0)
		return r;
	/* the header's meters: the one namespace's limits, or ours */
	for (size_t i = 0; i < s->nns; i++) {
		if (s->nns == 1 || s->ns[i].info.self) {
			s->limits = s->ns[i].limits;
			s->have_limits = s->ns[i].have_limits;
			snapshot_count_ns(s, s->ns[i].info.inode, &s->limits);
			break;
		}
	}
	return first;
}

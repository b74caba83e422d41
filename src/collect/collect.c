/* One collection of the object lists: each wanted kind's list hook on its
 * own worker thread (the kernel formatting /proc/sysvipc, or answering
 * 20,000 ctl calls, is most of a snapshot's time, and the kinds share
 * nothing: each job fills only its own list), then the limits and the
 * use totals. */
#define _GNU_SOURCE
#include "ipctop/collect.h"

#include <string.h>
#include <time.h>

#include "ipctop/fields.h"
#include "ipctop/kind.h"
#include "ipctop/pool.h"
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

int collect_objects(struct snapshot *s, const struct source *src,
		    const struct collect_opts *o)
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
	pool_run(n, list_job_run, args);
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
	}
	snapshot_count_use(s);
	return first;
}

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

static void *list_job_run(void *arg)
{
	struct list_job *j = arg;

	j->r = j->k->list(j->s, j->src, j->o);
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
		if (!all[i]->list || !o->want[all[i]->id])
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
		posix_read_limits(src, &s->limits);
	}
	snapshot_count_use(s);
	posix_count_use(s);
	return first;
}

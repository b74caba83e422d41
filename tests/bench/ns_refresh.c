/* Refresh cost of --ns all in the live view: what the collector thread
 * does each refresh (collect_view of every namespace, then the process
 * data behind the default columns, with its cache kept across refreshes),
 * against the same for ipctop's own namespace alone. Prints the medians
 * and the difference per extra namespace.
 * Usage: ns_refresh RUNS (root, to join the other namespaces). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ipctop/collect.h"
#include "ipctop/ns.h"
#include "ipctop/procs.h"
#include "ipctop/source.h"

#include "benchutil.h"

static struct source src;


/* One refresh of spec's namespaces. Milliseconds; *nns and *nobj said. */
static double refresh(struct ns_spec *spec, const struct collect_opts *co,
		      struct procs_cache *c, size_t *nns, size_t *nobj)
{
	struct procs_opts po = { .src = &src, .users = true };
	struct snapshot s;
	double t0 = now_ms(), t1;

	snapshot_init(&s);
	(void)collect_view(&s, &src, spec, co, NULL, 0);
	if (procs_collect(&s, &po, c) < 0)
		fprintf(stderr, "ns_refresh: procs_collect failed\n");
	t1 = now_ms();
	*nns = s.nns;
	*nobj = snap_n(&s, KIND_MSG) + snap_n(&s, KIND_SEM) + snap_n(&s, KIND_SHM);
	snapshot_free(&s);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 20;
	struct ns_spec host = { .kind = NS_SPEC_HOST }, all = { .kind = NS_SPEC_ALL };
	struct procs_cache *c1 = procs_cache_new(), *c2 = procs_cache_new();
	struct collect_opts co;
	double *t1, *t2;
	size_t n1 = 0, n2 = 0, o1 = 0, o2 = 0;

	if (runs < 1 || !c1 || !c2)
		return 2;
	t1 = calloc((size_t)runs, sizeof(double));
	t2 = calloc((size_t)runs, sizeof(double));
	if (!t1 || !t2)
		return 2;
	source_init(&src, "/proc");
	collect_opts_init(&co);
	co.limits = true;
	co.want[KIND_MSG] = co.want[KIND_SEM] = co.want[KIND_SHM] = true;
	/* the first refreshes fill the process caches */
	refresh(&host, &co, c1, &n1, &o1);
	refresh(&all, &co, c2, &n2, &o2);
	for (int i = 0; i < runs; i++) {
		t1[i] = refresh(&host, &co, c1, &n1, &o1);
		t2[i] = refresh(&all, &co, c2, &n2, &o2);
	}
	qsort(t1, (size_t)runs, sizeof(double), cmp_d);
	qsort(t2, (size_t)runs, sizeof(double), cmp_d);
	double a = t1[runs / 2], b = t2[runs / 2];
	printf("refresh: %d runs each, median, lists and process data (cached)\n", runs);
	printf("  %-36s %8.2f ms  %6zu objects\n", "own namespace", a, o1);
	printf("  %-36s %8.2f ms  %6zu objects in %zu namespaces\n", "--ns all", b, o2, n2);
	if (n2 > 1)
		printf("  per extra namespace                  %8.3f ms\n",
		       (b - a) / (double)(n2 - 1));
	procs_cache_free(c1);
	procs_cache_free(c2);
	free(t1);
	free(t2);
	return 0;
}

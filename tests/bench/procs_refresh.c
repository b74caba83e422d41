/* Refresh cost of the process views, as the live view pays it: collect
 * the System V lists alone, then the lists plus procs_collect (attached,
 * waiters, signal state, pipes) with a cache kept across refreshes.
 * Usage: procs_refresh RUNS. Prints the median of each and the ratio. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ipctop/collect.h"
#include "ipctop/procs.h"
#include "ipctop/source.h"

#include "benchutil.h"


/* One refresh; with procs when o is not NULL. Returns milliseconds. */
static struct source src;

static double refresh(const struct collect_opts *so, const struct procs_opts *o,
		      struct procs_cache *c, size_t *nprocs)
{
	struct snapshot s;
	double t0 = now_ms(), t1;

	snapshot_init(&s);
	collect_objects(&s, &src, so);
	if (o && procs_collect(&s, o, c) < 0)
		fprintf(stderr, "procs_refresh: procs_collect failed\n");
	t1 = now_ms();
	if (nprocs)
		*nprocs = snap_n(&s, KIND_PROC);
	snapshot_free(&s);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 20;
	struct collect_opts so;
	struct procs_opts users = { .src = &src, .users = true };
	struct procs_opts all = { .src = &src, .users = true, .signals = true, .pipes = true };
	struct procs_cache *c1 = procs_cache_new(), *c2 = procs_cache_new();
	double *t[4];
	size_t nprocs = 0;

	if (runs < 1 || !c1 || !c2)
		return 2;
	source_init(&src, "/proc");
	collect_opts_init(&so);
	so.limits = true;
	so.want[KIND_MSG] = so.want[KIND_SEM] = so.want[KIND_SHM] = true;
	for (int k = 0; k < 4; k++)
		if (!(t[k] = calloc((size_t)runs, sizeof(double))))
			return 2;
	/* first refreshes fill the caches */
	refresh(&so, &users, c1, NULL);
	refresh(&so, &all, c2, &nprocs);
	for (int i = 0; i < runs; i++) {
		t[0][i] = refresh(&so, NULL, NULL, NULL);
		t[1][i] = refresh(&so, &users, c1, NULL);
		t[2][i] = refresh(&so, &all, c2, NULL);
		t[3][i] = refresh(&so, &users, NULL, NULL);
	}
	for (int k = 0; k < 4; k++)
		qsort(t[k], (size_t)runs, sizeof(double), cmp_d);
	double base = t[0][runs / 2];
	printf("refresh: %d runs each, median, %zu processes\n", runs, nprocs);
	printf("  %-44s %8.2f ms\n", "System V lists only", base);
	printf("  %-44s %8.2f ms  %.2fx\n", "+ attached and waiters (cached)", t[1][runs / 2],
	       t[1][runs / 2] / base);
	printf("  %-44s %8.2f ms  %.2fx\n", "+ attached and waiters (no cache)", t[3][runs / 2],
	       t[3][runs / 2] / base);
	printf("  %-44s %8.2f ms  %.2fx\n", "+ signals and pipes too (cached)", t[2][runs / 2],
	       t[2][runs / 2] / base);
	/* as the live view refreshes its queues tab: the queues listed, the
	 * other kinds counted, the limits; with the default columns the
	 * processes too (pid names, waiters) */
	struct collect_opts tab;
	struct procs_opts names = { .src = &src, .users = true };
	struct procs_cache *c3 = procs_cache_new();
	collect_opts_init(&tab);
	tab.limits = true;
	tab.counts = true;
	tab.needs = 0;
	tab.want[KIND_MSG] = true;
	refresh(&tab, &names, c3, NULL);
	for (int i = 0; i < runs; i++) {
		t[0][i] = refresh(&tab, NULL, NULL, NULL);
		t[1][i] = refresh(&tab, &names, c3, NULL);
	}
	for (int k = 0; k < 2; k++)
		qsort(t[k], (size_t)runs, sizeof(double), cmp_d);
	printf("live view, queues tab: %d runs each, median\n", runs);
	printf("  %-44s %8.2f ms\n", "no process columns", t[0][runs / 2]);
	printf("  %-44s %8.2f ms  %.2fx\n", "default columns (pids named, waiters)",
	       t[1][runs / 2], t[1][runs / 2] / t[0][runs / 2]);
	for (int k = 0; k < 4; k++)
		free(t[k]);
	procs_cache_free(c1);
	procs_cache_free(c2);
	procs_cache_free(c3);
	return 0;
}

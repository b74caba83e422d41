/* Both ways of listing System V objects, timed against the day's floor:
 * for each kind, reading its /proc/sysvipc file in 64 KiB chunks (what
 * cat does: the kernel's formatting, nothing parsed), the *_STAT_ANY
 * loop, /proc/sysvipc parsed, and the collector's own choice (a probe of
 * a few calls and the file's first lines). Medians of RUNS runs, wall
 * time, interleaved so that drift in the machine's speed hits all alike.
 * Usage: sources RUNS. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctop/collect.h"
#include "ipctop/kind.h"
#include "ipctop/source.h"

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double floor_read(const char *file)
{
	static char buf[65536];
	double t0 = now_ms();
	int fd = open(file, O_RDONLY);

	if (fd >= 0) {
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
	return now_ms() - t0;
}

/* One list of kind k from source src (SRC_NONE: the collector's choice,
 * which *used tells). Returns milliseconds. */
static double list(const struct source *s, const struct kind *k, enum list_source src,
		   enum list_source *used, size_t *n)
{
	struct collect_opts o;
	struct snapshot snap;
	double t0, t1;

	collect_opts_init(&o);
	o.needs = 0;                     /* the list alone */
	o.want[k->id] = true;
	o.source[k->id] = src;
	snapshot_init(&snap);
	t0 = now_ms();
	collect_objects(&snap, s, &o);
	t1 = now_ms();
	if (used)
		*used = snap.list[k->id].source;
	if (n)
		*n = snap.list[k->id].n;
	snapshot_free(&snap);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 15;
	static const char *const files[] = { "/proc/sysvipc/msg", "/proc/sysvipc/sem",
					     "/proc/sysvipc/shm" };
	const enum kind_id ids[] = { KIND_MSG, KIND_SEM, KIND_SHM };
	struct source src;
	double *t[4];

	if (runs < 1)
		return 2;
	source_init(&src, "/proc");
	for (int i = 0; i < 4; i++)
		if (!(t[i] = calloc((size_t)runs, sizeof(double))))
			return 2;
	printf("list sources: %d runs each, median wall time in process\n", runs);
	printf("  %-6s %8s  %8s %6s  %8s %6s  %8s %6s  %s\n", "kind", "objects", "floor", "",
	       "ctl", "/floor", "/proc", "/floor", "choice (probe)");
	for (int k = 0; k < 3; k++) {
		const struct kind *kd = kind_get(ids[k]);
		int pick_ctl = 0;
		size_t n = 0;

		list(&src, kd, SRC_SYSCALL, NULL, NULL);      /* warm */
		for (int r = 0; r < runs; r++) {
			enum list_source used;
			t[0][r] = floor_read(files[k]);
			t[1][r] = list(&src, kd, SRC_SYSCALL, NULL, &n);
			t[2][r] = list(&src, kd, SRC_PROCFS, NULL, NULL);
			t[3][r] = list(&src, kd, SRC_NONE, &used, NULL);
			pick_ctl += used == SRC_SYSCALL;
		}
		for (int i = 0; i < 4; i++)
			qsort(t[i], (size_t)runs, sizeof(double), cmp_d);
		double fl = t[0][runs / 2];
		printf("  %-6s %8zu  %6.2fms %6s  %6.2fms %5.2fx  %6.2fms %5.2fx  "
		       "%6.2fms %5.2fx (ctl %d of %d)\n",
		       kd->name, n, fl, "", t[1][runs / 2], t[1][runs / 2] / fl,
		       t[2][runs / 2], t[2][runs / 2] / fl, t[3][runs / 2], t[3][runs / 2] / fl,
		       pick_ctl, runs);
	}
	for (int i = 0; i < 4; i++)
		free(t[i]);
	return 0;
}

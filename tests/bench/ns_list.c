/* Cost of ns_list(), which the live view pays every refresh with --ns all:
 * first on the machine as it is, then with NPROC extra sleeping processes
 * in our namespace, then with NPROC more spread over NNS namespaces of
 * their own (root only: unshare). Prints the median and the fastest of
 * RUNS calls for each.
 * Usage: ns_list [NPROC [NNS [RUNS]]]   (1000, 50, 50)
 * Every process it starts dies with it (PR_SET_PDEATHSIG). */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ipctop/ns.h"

#include "benchutil.h"

static pid_t *kids;
static size_t nkids;


/* A sleeping child; with members > 0 it first unshares its IPC
 * namespace and forks members - 1 more sleepers into it. The pid, or -1. */
static pid_t sleeper(int members, int ready)
{
	pid_t parent = getpid(), pid = fork();

	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	if (members > 0) {
		if (unshare(CLONE_NEWIPC) < 0)
			_exit(1);
		for (int i = 1; i < members; i++) {
			pid_t me = getpid();
			if (fork() == 0) {
				prctl(PR_SET_PDEATHSIG, SIGKILL);
				if (getppid() != me)
					_exit(1);
				for (;;)
					pause();
			}
		}
	}
	if (write(ready, "x", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

static int spawn(int count, int members)
{
	int p[2];
	char c;

	if (pipe(p) < 0)
		return -1;
	for (int i = 0; i < count; i++) {
		pid_t pid = sleeper(members, p[1]);
		if (pid < 0)
			break;
		kids[nkids++] = pid;
	}
	close(p[1]);
	for (size_t i = 0; i < (size_t)count && read(p[0], &c, 1) == 1; i++)
		;
	close(p[0]);
	return 0;
}

static void measure(const char *what, int runs)
{
	double *t = calloc((size_t)runs, sizeof(double));
	size_t n = 0, unreadable = 0;

	if (!t)
		exit(2);
	for (int i = 0; i < runs; i++) {
		struct ipcns *v;
		double t0 = now_ms();
		if (ns_list("/proc", &v, &n, &unreadable) < 0) {
			fprintf(stderr, "ns_list failed\n");
			exit(2);
		}
		t[i] = now_ms() - t0;
		free(v);
	}
	qsort(t, (size_t)runs, sizeof(double), cmp_d);
	printf("  %-44s %3zu namespaces  median %7.3f ms  min %7.3f ms%s\n", what, n,
	       t[runs / 2], t[0], unreadable ? "  (some processes unreadable)" : "");
	free(t);
}

static int count_procs(void)
{
	FILE *f = popen("ls /proc | grep -c '^[0-9]'", "r");
	int n = 0;

	if (f) {
		if (fscanf(f, "%d", &n) != 1)
			n = 0;
		pclose(f);
	}
	return n;
}

int main(int argc, char **argv)
{
	int nproc = argc > 1 ? atoi(argv[1]) : 1000;
	int nns = argc > 2 ? atoi(argv[2]) : 50;
	int runs = argc > 3 ? atoi(argv[3]) : 50;
	char what[96];

	if (nproc < 1 || nns < 1 || runs < 1)
		return 2;
	kids = calloc((size_t)nproc * 2, sizeof(pid_t));
	if (!kids)
		return 2;
	printf("bench: ns_list over /proc, %d runs each\n", runs);
	snprintf(what, sizeof(what), "as is (%d processes)", count_procs());
	measure(what, runs);
	spawn(nproc, 0);
	snprintf(what, sizeof(what), "+%d sleeping (%d processes)", nproc, count_procs());
	measure(what, runs);
	if (geteuid() == 0) {
		spawn(nns, nproc / nns);
		snprintf(what, sizeof(what), "+%d more in %d namespaces (%d processes)",
			 nproc / nns * nns, nns, count_procs());
		measure(what, runs);
	} else {
		printf("  not root: the run with other namespaces skipped\n");
	}
	for (size_t i = 0; i < nkids; i++)
		kill(kids[i], SIGKILL);
	for (size_t i = 0; i < nkids; i++)
		waitpid(kids[i], NULL, 0);
	free(kids);
	return 0;
}

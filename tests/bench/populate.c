/* populate: create many System V objects quickly for the benchmark.
 *
 *   populate create NQ NS NM   create NQ queues, NS sets, NM segments and
 *                              print their ids ("msg ID" lines) on stdout
 *   populate remove FILE       remove every object listed in FILE
 *   populate maxrss CMD ARG... run CMD (stdout to /dev/null) and print its
 *                              peak resident set in KiB, from wait4()
 *
 * Objects are IPC_PRIVATE, so several runs never collide on keys; the
 * benchmark removes them afterwards by id. Every tenth queue holds a
 * message and every tenth set has a value set, so the listing is not all
 * zeros. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

struct msgbuf1 {
	long mtype;
	char mtext[64];
};

static int create(long nq, long ns, long nm)
{
	struct msgbuf1 m = { .mtype = 1 };

	snprintf(m.mtext, sizeof(m.mtext), "benchmark message");
	for (long i = 0; i < nq; i++) {
		int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		if (id < 0) {
			fprintf(stderr, "populate: msgget #%ld: %s\n", i, strerror(errno));
			return 1;
		}
		if (i % 10 == 0 && msgsnd(id, &m, strlen(m.mtext), IPC_NOWAIT) < 0)
			fprintf(stderr, "populate: msgsnd: %s\n", strerror(errno));
		printf("msg %d\n", id);
	}
	for (long i = 0; i < ns; i++) {
		int id = semget(IPC_PRIVATE, 1 + (int)(i % 4), IPC_CREAT | 0600);
		if (id < 0) {
			fprintf(stderr, "populate: semget #%ld: %s\n", i, strerror(errno));
			return 1;
		}
		if (i % 10 == 0) {
			union semun a = { .val = 1 };
			semctl(id, 0, SETVAL, a);
		}
		printf("sem %d\n", id);
	}
	for (long i = 0; i < nm; i++) {
		int id = shmget(IPC_PRIVATE, 4096 * (size_t)(1 + i % 8), IPC_CREAT | 0600);
		if (id < 0) {
			fprintf(stderr, "populate: shmget #%ld: %s\n", i, strerror(errno));
			return 1;
		}
		printf("shm %d\n", id);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

static int remove_listed(const char *path)
{
	FILE *f = fopen(path, "r");
	char kind[8];
	int id, bad = 0;

	if (!f) {
		fprintf(stderr, "populate: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while (fscanf(f, "%7s %d", kind, &id) == 2) {
		int r;
		if (strcmp(kind, "msg") == 0)
			r = msgctl(id, IPC_RMID, NULL);
		else if (strcmp(kind, "sem") == 0)
			r = semctl(id, 0, IPC_RMID);
		else
			r = shmctl(id, IPC_RMID, NULL);
		if (r < 0 && errno != EINVAL && errno != EIDRM)
			bad = 1;
	}
	fclose(f);
	return bad;
}

/* ru_maxrss survives exec, so a child forked from a large process (a
 * Python harness) would report the parent's size: measure from here,
 * a small C process, instead. */
static int maxrss(char **argv)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return 1;
	printf("%ld\n", ru.ru_maxrss);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "maxrss") == 0)
		return maxrss(argv + 2);
	if (argc == 5 && strcmp(argv[1], "create") == 0)
		return create(atol(argv[2]), atol(argv[3]), atol(argv[4]));
	if (argc == 3 && strcmp(argv[1], "remove") == 0)
		return remove_listed(argv[2]);
	fprintf(stderr, "usage: populate create NQ NS NM | populate remove FILE\n");
	return 2;
}

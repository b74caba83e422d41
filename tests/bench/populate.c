/* populate: create many System V and POSIX objects quickly for the
 * benchmark.
 *
 *   populate create NQ NS NM   create NQ queues, NS sets, NM segments and
 *                              print their ids ("msg ID" lines) on stdout
 *   populate remove FILE       remove every object listed in FILE
 *   populate maxrss CMD ARG... run CMD (stdout to /dev/null) and print its
 *                              peak resident set in KiB, from wait4()
 *   populate posix NQ NM NS    create NQ POSIX queues, NM shared memory
 *                              objects and NS named semaphores
 *                              (/bench.q00000...; in a private IPC and
 *                              mount namespace: nothing removes them)
 *   populate hold N            open N of those queues and map N of the
 *                              objects, print "ready", stay until killed
 *
 * System V objects are IPC_PRIVATE, so several runs never collide on
 * keys; the benchmark removes them afterwards by id. Every tenth queue
 * holds a message and every tenth set has a value set, so the listing is
 * not all zeros. */
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
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/mman.h>
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

/* Every tenth queue holds a message and every tenth object has a page
 * written, so the listing is not all zeros; semaphores count 0 to 4. */
static int create_posix(long nq, long nm, long ns)
{
	/* each queue charges its owner's RLIMIT_MSGQUEUE (800 KiB by
	 * default, which root may not be allowed to raise): about 300
	 * bytes for these */
	struct mq_attr at = { .mq_maxmsg = 2, .mq_msgsize = 64 };
	struct rlimit rl;
	char name[64];

	if (getrlimit(RLIMIT_MSGQUEUE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_MSGQUEUE, &rl);
	}
	for (long i = 0; i < nq; i++) {
		snprintf(name, sizeof(name), "/bench.q%05ld", i);
		mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_WRONLY | O_NONBLOCK, 0600, &at);
		if (q < 0) {
			fprintf(stderr, "populate: mq_open %s: %s\n", name, strerror(errno));
			return 1;
		}
		if (i % 10 == 0 && mq_send(q, "benchmark message", 17, 0) < 0)
			fprintf(stderr, "populate: mq_send: %s\n", strerror(errno));
		mq_close(q);
	}
	for (long i = 0; i < nm; i++) {
		snprintf(name, sizeof(name), "/bench.shm%05ld", i);
		int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
		if (fd < 0 || ftruncate(fd, 4096 * (1 + i % 8)) < 0 ||
		    (i % 10 == 0 && pwrite(fd, "x", 1, 0) != 1)) {
			fprintf(stderr, "populate: shm %s: %s\n", name, strerror(errno));
			return 1;
		}
		close(fd);
	}
	for (long i = 0; i < ns; i++) {
		snprintf(name, sizeof(name), "/bench.sem%05ld", i);
		sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, (unsigned)(i % 5));
		if (s == SEM_FAILED) {
			fprintf(stderr, "populate: sem_open %s: %s\n", name, strerror(errno));
			return 1;
		}
		sem_close(s);
	}
	return 0;
}

/* A process that holds n queues and maps n objects, for the scan to find. */
static int hold(long n)
{
	char name[64];

	for (long i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "/bench.q%05ld", i);
		if (mq_open(name, O_RDONLY | O_NONBLOCK) < 0)
			return 1;
		snprintf(name, sizeof(name), "/bench.shm%05ld", i);
		int fd = shm_open(name, O_RDWR, 0);
		if (fd < 0 || mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED)
			return 1;
		close(fd);
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
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
	if (argc == 5 && strcmp(argv[1], "posix") == 0)
		return create_posix(atol(argv[2]), atol(argv[3]), atol(argv[4]));
	if (argc == 3 && strcmp(argv[1], "hold") == 0)
		return hold(atol(argv[2]));
	fprintf(stderr, "usage: populate create NQ NS NM | populate remove FILE | "
		"populate posix NQ NM NS | populate hold N\n");
	return 2;
}

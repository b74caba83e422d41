/* A small IPC workload to look at: producers and consumers on System V
 * message queues (one consumer blocked in msgrcv), processes taking and
 * releasing a semaphore (one blocked in semop), segments attached by
 * several processes, an unattached one and one removed while attached;
 * a POSIX queue with a producer and a slow consumer, a POSIX shared
 * memory object mapped by two processes, a named semaphore used as a
 * lock and one object nobody maps; and, as root, a "container": a
 * process in an IPC namespace of its own with a queue and a segment of
 * the same keys. "demo run" starts it all and, on SIGTERM or SIGINT,
 * stops its children and removes every object it made. Used by
 * scripts/demo.sh. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KEY_BASE 0x49500000   /* "IP" */
#define NQUEUES 3
#define NCHILD_MAX 40

/* POSIX names */
#define PMQ_JOBS "/demo-jobs"
#define PSHM_CACHE "/demo-cache"
#define PSHM_LEAK "/demo-leak"
#define PSEM_LOCK "/demo-lock"

static pid_t children[NCHILD_MAX];
static int nchildren;
static volatile sig_atomic_t stop;

struct msgbuf_demo {
	long mtype;
	char text[512];
};

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

static void name(const char *comm)
{
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	/* children die with the supervisor, whatever kills it */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
}

static void spawn(const char *comm, void (*fn)(int), int arg)
{
	pid_t p;

	if (nchildren == NCHILD_MAX)
		return;
	p = fork();
	if (p == 0) {
		name(comm);
		fn(arg);
		_exit(0);
	}
	if (p > 0)
		children[nchildren++] = p;
}

static void producer(int q)
{
	int id = msgget(KEY_BASE + q, 0);
	struct msgbuf_demo m = { .mtype = 1 };

	memset(m.text, 'x', sizeof(m.text));
	for (unsigned n = 0;; n++) {
		size_t len = 64 + (n * 37 + (unsigned)q * 101) % 400;
		msgsnd(id, &m, len, IPC_NOWAIT);
		nap_ms(120 + q * 80);
	}
}

static void consumer(int q)
{
	int id = msgget(KEY_BASE + q, 0);
	struct msgbuf_demo m;

	for (;;) {
		msgrcv(id, &m, sizeof(m.text), 0, IPC_NOWAIT);
		nap_ms(300 + q * 150);
	}
}

/* A two-process pipeline, so the pipes tab has a chain to show. */
static int logpipe[2] = { -1, -1 };

static void log_writer(int unused)
{
	static const char line[] = "tick\n";
	(void)unused;
	close(logpipe[0]);
	for (;;) {
		if (write(logpipe[1], line, sizeof(line) - 1) < 0 && errno != EINTR)
			pause();
		nap_ms(500);
	}
}

static void log_reader(int unused)
{
	char buf[256];
	(void)unused;
	close(logpipe[1]);
	for (;;)
		if (read(logpipe[0], buf, sizeof(buf)) <= 0 && errno != EINTR)
			pause();
}

/* Waits for a message type nobody sends: blocked in msgrcv. */
static void waiter(int q)
{
	int id = msgget(KEY_BASE + q, 0);
	struct msgbuf_demo m;

	for (;;)
		if (msgrcv(id, &m, sizeof(m.text), 99, 0) < 0 && errno != EINTR)
			pause();
}

static void sem_user(int n)
{
	int id = semget(KEY_BASE + 0x10, 0, 0);
	struct sembuf down = { 0, -1, SEM_UNDO }, up = { 0, 1, SEM_UNDO };

	for (;;) {
		semop(id, &down, 1);
		nap_ms(80 + n * 60);
		semop(id, &up, 1);
		nap_ms(150);
	}
}

/* Waits on a semaphore that stays 0: blocked in semop. */
static void sem_blocked(int n)
{
	int id = semget(KEY_BASE + 0x10, 0, 0);
	struct sembuf down = { 2, -1, 0 };

	(void)n;
	for (;;)
		if (semop(id, &down, 1) < 0 && errno != EINTR)
			pause();
}

static void shm_user(int which)
{
	int id = shmget(KEY_BASE + 0x20 + which, 0, 0);
	char *p = shmat(id, NULL, 0);

	struct shmid_ds ds;
	size_t size = shmctl(id, IPC_STAT, &ds) == 0 ? ds.shm_segsz : 0;

	if (p == (void *)-1)
		pause();
	if (size > 256 * 1024)
		size = 256 * 1024;
	for (unsigned n = 0;; n++) {
		/* touch some pages so the segment has resident memory */
		for (size_t o = 0; o < size; o += 4096)
			p[o] = (char)n;
		nap_ms(500);
	}
}

/* POSIX queue: jobs arrive faster than they are taken. */
static void pmq_producer(int unused)
{
	mqd_t q = mq_open(PMQ_JOBS, O_WRONLY);
	char job[200];

	(void)unused;
	memset(job, 'j', sizeof(job));
	for (unsigned n = 0; q != (mqd_t)-1; n++) {
		struct timespec now, until;
		clock_gettime(CLOCK_REALTIME, &now);
		until = now;
		until.tv_sec += 1;
		/* a full queue blocks the producer a moment: a waiter */
		mq_timedsend(q, job, 40 + n % 150, 0, &until);
		nap_ms(250);
	}
	pause();
}

static void pmq_consumer(int unused)
{
	mqd_t q = mq_open(PMQ_JOBS, O_RDONLY);
	char buf[256];

	(void)unused;
	for (; q != (mqd_t)-1;) {
		mq_receive(q, buf, sizeof(buf), NULL);
		nap_ms(400);
	}
	pause();
}

/* POSIX shared memory: a cache two processes map and write. */
static void pshm_user(int n)
{
	int fd = shm_open(PSHM_CACHE, O_RDWR, 0);
	size_t len = 512 << 10;
	char *p = fd < 0 ? MAP_FAILED : mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		pause();
	for (unsigned i = 0;; i++) {
		for (size_t o = (size_t)n * 4096; o < len / 2; o += 8192)
			p[o] = (char)i;
		nap_ms(700);
	}
}

/* A named semaphore taken as a lock, briefly, again and again. */
static void psem_user(int n)
{
	sem_t *s = sem_open(PSEM_LOCK, 0);

	for (; s != SEM_FAILED;) {
		sem_wait(s);
		nap_ms(100 + n * 50);
		sem_post(s);
		nap_ms(300);
	}
	pause();
}

static void create_posix(void)
{
	struct mq_attr at = { .mq_maxmsg = 8, .mq_msgsize = 256 };
	mqd_t q = mq_open(PMQ_JOBS, O_CREAT | O_RDWR, 0640, &at);
	int fd;
	sem_t *s;

	if (q != (mqd_t)-1)
		mq_close(q);
	fd = shm_open(PSHM_CACHE, O_CREAT | O_RDWR, 0660);
	if (fd >= 0) {
		if (ftruncate(fd, 512 << 10) < 0)
			perror("demo: ftruncate");
		close(fd);
	}
	/* left behind by a program that went away: nobody maps it */
	fd = shm_open(PSHM_LEAK, O_CREAT | O_RDWR, 0600);
	if (fd >= 0) {
		if (ftruncate(fd, 64 << 10) < 0 || write(fd, "leak", 4) != 4)
			perror("demo: leak");
		close(fd);
	}
	s = sem_open(PSEM_LOCK, O_CREAT, 0660, 1);
	if (s != SEM_FAILED)
		sem_close(s);
}

static void remove_posix(void)
{
	mq_unlink(PMQ_JOBS);
	shm_unlink(PSHM_CACHE);
	shm_unlink(PSHM_LEAK);
	sem_unlink(PSEM_LOCK);
}

/* A "container": an IPC namespace of its own (root only) with a queue
 * and a segment of the demo's keys, and a process using them; both go
 * with the namespace when it exits. */
static void container(int unused)
{
	int q, g;
	struct msgbuf_demo m = { .mtype = 1 };

	(void)unused;
	if (unshare(CLONE_NEWIPC) < 0)
		pause();
	q = msgget(KEY_BASE, IPC_CREAT | 0600);
	g = shmget(KEY_BASE + 0x20, 2 << 20, IPC_CREAT | 0600);
	char *p = g < 0 ? (void *)-1 : shmat(g, NULL, 0);
	memset(m.text, 'c', sizeof(m.text));
	for (unsigned n = 0;; n++) {
		if (q >= 0 && n % 4 == 0)
			msgsnd(q, &m, 100, IPC_NOWAIT);
		if (p != (void *)-1)
			p[(n % 64) * 4096] = (char)n;
		nap_ms(500);
	}
}

static void create(void)
{
	union { int val; } arg;

	for (int q = 0; q < NQUEUES; q++)
		msgget(KEY_BASE + q, IPC_CREAT | 0640);
	int s = semget(KEY_BASE + 0x10, 4, IPC_CREAT | 0660);
	arg.val = 1;
	semctl(s, 0, SETVAL, arg);
	arg.val = 3;
	semctl(s, 1, SETVAL, arg);
	semget(KEY_BASE + 0x11, 1, IPC_CREAT | 0600);
	shmget(KEY_BASE + 0x20, 1 << 20, IPC_CREAT | 0660);     /* shared by three */
	shmget(KEY_BASE + 0x21, 256 << 10, IPC_CREAT | 0600);   /* one user */
	shmget(KEY_BASE + 0x22, 64 << 10, IPC_CREAT | 0644);    /* nobody attached */
	shmget(KEY_BASE + 0x23, 128 << 10, IPC_CREAT | 0600);   /* removed while attached */
}

static void remove_all(void)
{
	remove_posix();
	for (int q = 0; q < NQUEUES; q++)
		msgctl(msgget(KEY_BASE + q, 0), IPC_RMID, NULL);
	for (int k = 0x10; k <= 0x11; k++)
		semctl(semget(KEY_BASE + k, 0, 0), 0, IPC_RMID);
	for (int k = 0x20; k <= 0x23; k++)
		shmctl(shmget(KEY_BASE + k, 0, 0), IPC_RMID, NULL);
}

static int run(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	remove_all();      /* leftovers of an earlier run */
	create();
	create_posix();
	for (int q = 0; q < NQUEUES; q++) {
		spawn("demo-producer", producer, q);
		spawn("demo-consumer", consumer, q);
	}
	spawn("demo-waiter", waiter, 2);
	for (int i = 0; i < 3; i++)
		spawn("demo-semuser", sem_user, i);
	spawn("demo-semwait", sem_blocked, 0);
	for (int i = 0; i < 3; i++)
		spawn("demo-shm", shm_user, 0);
	spawn("demo-shm", shm_user, 1);
	spawn("demo-shmdest", shm_user, 3);
	spawn("demo-jobs-in", pmq_producer, 0);
	spawn("demo-jobs-out", pmq_consumer, 0);
	spawn("demo-cache", pshm_user, 0);
	spawn("demo-cache", pshm_user, 1);
	spawn("demo-locker", psem_user, 0);
	spawn("demo-locker", psem_user, 1);
	if (geteuid() == 0)
		spawn("demo-container", container, 0);
	/* last, so no other child inherits the pipe's ends */
	if (pipe(logpipe) == 0) {
		spawn("demo-logwrite", log_writer, 0);
		spawn("demo-logread", log_reader, 0);
		close(logpipe[0]);
		close(logpipe[1]);
	}
	nap_ms(300);
	/* marked for removal, but attached: lingers with the dest flag */
	shmctl(shmget(KEY_BASE + 0x23, 0, 0), IPC_RMID, NULL);
	while (!stop)
		pause();
	for (int i = 0; i < nchildren; i++)
		kill(children[i], SIGKILL);
	for (int i = 0; i < nchildren; i++)
		waitpid(children[i], NULL, 0);
	remove_all();
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "run") == 0)
		return run();
	if (argc == 2 && strcmp(argv[1], "clean") == 0) {
		remove_all();
		return 0;
	}
	fprintf(stderr, "usage: demo run|clean\n");
	return 2;
}

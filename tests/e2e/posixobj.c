/* posixobj: make POSIX queues, shared memory objects and named semaphores
 * for the end-to-end tests, then stay (holding, mapping, registered or
 * blocked) until killed.
 *
 *   posixobj ACTION ARGS... [ACTION ARGS...]...
 *
 * Actions, done in order:
 *   mq NAME MAXMSG MSGSIZE MODE   create a queue (O_EXCL) and keep it open
 *   open NAME                     open an existing queue and keep it open
 *   send NAME TEXT                send TEXT (priority 0)
 *   notify NAME signal SIGNO | thread | none
 *                                 register for notification (mq_notify)
 *   close NAME                    close our descriptor of the queue
 *   shm NAME SIZE MODE            create a shared memory object, keep it open
 *   map NAME LEN TOUCH            map it (LEN bytes), write TOUCH bytes
 *   closeshm NAME                 close our descriptor of the object
 *   shmunlink NAME                shm_unlink (our mapping stays: "(deleted)")
 *   sem NAME VALUE MODE           create a named semaphore (it stays mapped)
 *   semopen NAME                  open an existing one (mapped)
 *   init                          be a pid namespace's first process: mount
 *                                 a proc file system on /proc, reap orphans
 * then it prints "ready PID" (its pid as its own /proc shows it), and
 * stays; a last action may block instead:
 *   wait-sem NAME                 block in sem_wait
 *   wait-recv NAME                block in mq_receive
 *   wait-send NAME TEXT           block in mq_send (on a full queue)
 * Exit status 2 with a message when an action fails. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXOBJ 64

static struct { const char *name; int fd; } objs[MAXOBJ];
static int nobj;

static void die(const char *what, const char *name)
{
	fprintf(stderr, "posixobj: %s %s: %s\n", what, name, strerror(errno));
	exit(2);
}

static void keep(const char *name, int fd)
{
	if (nobj == MAXOBJ) {
		errno = ENOSPC;
		die("too many objects", name);
	}
	objs[nobj].name = name;
	objs[nobj++].fd = fd;
}

static int fd_of(const char *name)
{
	for (int i = nobj - 1; i >= 0; i--)
		if (objs[i].fd >= 0 && strcmp(objs[i].name, name) == 0)
			return objs[i].fd;
	errno = ENOENT;
	die("no descriptor of", name);
	return -1;
}

static void drop(const char *name)
{
	int fd = fd_of(name);

	for (int i = 0; i < nobj; i++)
		if (objs[i].fd == fd)
			objs[i].fd = -1;
	close(fd);
}

static void ready(void)
{
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
}

static void on_thread(union sigval v)
{
	(void)v;
}

static void nothing(int sig)
{
	(void)sig;
}

static void be_init(void)
{
	struct sigaction sa;

	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die("mount", "/proc");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = nothing;
	sigaction(SIGCHLD, &sa, NULL);
	ready();
	for (;;) {
		if (wait(NULL) < 0 && errno == ECHILD)
			pause();
	}
}

int main(int argc, char **argv)
{
	int i = 1;

	while (i < argc) {
		const char *a = argv[i];
		int left = argc - i - 1;

		if (strcmp(a, "init") == 0) {
			be_init();
		} else if (strcmp(a, "mq") == 0 && left >= 4) {
			struct mq_attr at = { .mq_maxmsg = atol(argv[i + 2]),
					      .mq_msgsize = atol(argv[i + 3]) };
			mode_t mode = (mode_t)strtol(argv[i + 4], NULL, 8);
			mqd_t q = mq_open(argv[i + 1], O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK,
					  mode, &at);
			if (q < 0)
				die("mq_open", argv[i + 1]);
			/* the umask filtered the mode */
			if (fchmod(q, mode) < 0)
				die("fchmod", argv[i + 1]);
			keep(argv[i + 1], q);
			i += 5;
		} else if (strcmp(a, "open") == 0 && left >= 1) {
			mqd_t q = mq_open(argv[i + 1], O_RDWR | O_NONBLOCK);
			if (q < 0)
				die("mq_open", argv[i + 1]);
			keep(argv[i + 1], q);
			i += 2;
		} else if (strcmp(a, "send") == 0 && left >= 2) {
			if (mq_send(fd_of(argv[i + 1]), argv[i + 2], strlen(argv[i + 2]), 0) < 0)
				die("mq_send", argv[i + 1]);
			i += 3;
		} else if (strcmp(a, "notify") == 0 && left >= 2) {
			struct sigevent ev;
			memset(&ev, 0, sizeof(ev));
			if (strcmp(argv[i + 2], "signal") == 0 && left >= 3) {
				ev.sigev_notify = SIGEV_SIGNAL;
				ev.sigev_signo = atoi(argv[i + 3]);
				/* the signal must not end us should it come */
				signal(ev.sigev_signo, nothing);
			} else if (strcmp(argv[i + 2], "thread") == 0) {
				ev.sigev_notify = SIGEV_THREAD;
				ev.sigev_notify_function = on_thread;
			} else {
				ev.sigev_notify = SIGEV_NONE;
			}
			if (mq_notify(fd_of(argv[i + 1]), &ev) < 0)
				die("mq_notify", argv[i + 1]);
			i += ev.sigev_notify == SIGEV_SIGNAL ? 4 : 3;
		} else if (strcmp(a, "close") == 0 && left >= 1) {
			drop(argv[i + 1]);
			i += 2;
		} else if (strcmp(a, "shm") == 0 && left >= 3) {
			mode_t mode = (mode_t)strtol(argv[i + 3], NULL, 8);
			int fd = shm_open(argv[i + 1], O_CREAT | O_EXCL | O_RDWR, mode);
			if (fd < 0)
				die("shm_open", argv[i + 1]);
			if (ftruncate(fd, atol(argv[i + 2])) < 0 || fchmod(fd, mode) < 0)
				die("ftruncate", argv[i + 1]);
			keep(argv[i + 1], fd);
			i += 4;
		} else if (strcmp(a, "map") == 0 && left >= 3) {
			int fd = -1;
			for (int k = nobj - 1; k >= 0 && fd < 0; k--)
				if (objs[k].fd >= 0 && strcmp(objs[k].name, argv[i + 1]) == 0)
					fd = objs[k].fd;
			if (fd < 0 && (fd = shm_open(argv[i + 1], O_RDWR, 0)) < 0)
				die("shm_open", argv[i + 1]);
			size_t len = (size_t)atol(argv[i + 2]), touch = (size_t)atol(argv[i + 3]);
			char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (p == MAP_FAILED)
				die("mmap", argv[i + 1]);
			memset(p, 0x5a, touch);
			i += 4;
		} else if (strcmp(a, "closeshm") == 0 && left >= 1) {
			drop(argv[i + 1]);
			i += 2;
		} else if (strcmp(a, "shmunlink") == 0 && left >= 1) {
			if (shm_unlink(argv[i + 1]) < 0)
				die("shm_unlink", argv[i + 1]);
			i += 2;
		} else if (strcmp(a, "sem") == 0 && left >= 3) {
			mode_t mode = (mode_t)strtol(argv[i + 3], NULL, 8);
			sem_t *s = sem_open(argv[i + 1], O_CREAT | O_EXCL, mode,
					    (unsigned)atol(argv[i + 2]));
			if (s == SEM_FAILED)
				die("sem_open", argv[i + 1]);
			i += 4;
		} else if (strcmp(a, "semopen") == 0 && left >= 1) {
			if (sem_open(argv[i + 1], 0) == SEM_FAILED)
				die("sem_open", argv[i + 1]);
			i += 2;
		} else if (strcmp(a, "wait-sem") == 0 && left >= 1) {
			sem_t *s = sem_open(argv[i + 1], 0);
			if (s == SEM_FAILED)
				die("sem_open", argv[i + 1]);
			ready();
			while (sem_wait(s) < 0 && errno == EINTR)
				;
			pause();
			return 0;
		} else if (strcmp(a, "wait-recv") == 0 && left >= 1) {
			char buf[65536];
			mqd_t q = mq_open(argv[i + 1], O_RDONLY);
			if (q < 0)
				die("mq_open", argv[i + 1]);
			ready();
			for (;;)
				mq_receive(q, buf, sizeof(buf), NULL);
		} else if (strcmp(a, "wait-send") == 0 && left >= 2) {
			mqd_t q = mq_open(argv[i + 1], O_WRONLY);
			if (q < 0)
				die("mq_open", argv[i + 1]);
			ready();
			for (;;)
				mq_send(q, argv[i + 2], strlen(argv[i + 2]), 0);
		} else {
			fprintf(stderr, "posixobj: bad action '%s'\n", a);
			return 2;
		}
	}
	ready();
	for (;;)
		pause();
}

/* Test helper: a process with a known signal state, then asleep.
 * Blocks USR1 and RTMIN+2, ignores TERM, catches INT, then raises USR1
 * (pending for its thread) and queues RTMIN+2 to itself (shared pending,
 * kept queued because it is blocked). With a name argument, sets its
 * comm to it (escape sequences included); with a second argument
 * "thread", a second thread blocks USR2 and has it pending for itself
 * alone. Prints "ready". */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static void on_int(int sig)
{
	(void)sig;
}

static int thread_done[2];

static void *second_thread(void *arg)
{
	sigset_t set;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_kill(pthread_self(), SIGUSR2);
	if (write(thread_done[1], "", 1) != 1)
		return NULL;
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	sigset_t set;
	struct sigaction sa;
	union sigval v = { .sival_int = 7 };

	if (argc > 1 && strcmp(argv[1], "-") != 0)
		prctl(PR_SET_NAME, argv[1], 0, 0, 0);
	/* start from a clean state: ignored dispositions and the mask are
	 * inherited from whoever started us */
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	/* libc refuses its own 32 and 33: ask the kernel directly */
	for (int sig = 32; sig < SIGRTMIN; sig++) {
		struct { void *handler; unsigned long flags; void *restorer; uint64_t mask; } k;
		memset(&k, 0, sizeof(k));
		syscall(SYS_rt_sigaction, sig, &k, NULL, sizeof(k.mask));
	}
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGTERM, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_int;
	sigaction(SIGINT, &sa, NULL);
	raise(SIGUSR1);
	sigqueue(getpid(), SIGRTMIN + 2, v);
	if (argc > 2 && strcmp(argv[2], "thread") == 0) {
		pthread_t t;
		char c;
		if (pipe(thread_done) != 0 ||
		    pthread_create(&t, NULL, second_thread, NULL) != 0)
			return 1;
		/* ready only once the thread's signal is pending */
		if (read(thread_done[0], &c, 1) != 1)
			return 1;
	}
	puts("ready");
	fflush(stdout);
	for (;;)
		pause();
}

/* Test helper: a process that uses one System V object and stays put.
 *   ipcwait msgrcv ID        block receiving from queue ID
 *   ipcwait msgsnd ID        block sending a 4 KiB message to queue ID
 *   ipcwait semop ID         block taking 1 from semaphore 0 of set ID
 *   ipcwait thread-msgrcv ID a second thread blocks in msgrcv
 *   ipcwait two-msgrcv ID    two threads block in msgrcv
 *   ipcwait shmat ID         attach segment ID; "detach" on stdin detaches
 *   ipcwait shmhold ID       attach segment ID and sleep
 *   ipcwait semtake ID       take 1 from semaphore 0 of set ID (which must not
 *                            block) and sleep: a lock holder, to be killed
 *   ipcwait shmget           create a private segment, print its id, exit
 *   ipcwait shmown           create a private segment (0644), attach it,
 *                            print its id, then "ready", and sleep
 * Prints "ready" once set up, then blocks; exits when released. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

struct msg {
	long mtype;
	char text[4096];
};

static void ready(void)
{
	puts("ready");
	fflush(stdout);
}

static void *receiver(void *arg)
{
	static struct msg m;

	if (msgrcv(*(int *)arg, &m, sizeof(m.text), 0, 0) < 0)
		perror("msgrcv");
	exit(0);
	return NULL;
}

int main(int argc, char **argv)
{
	static struct msg m;
	int id = argc > 2 ? atoi(argv[2]) : -1;
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "msgrcv") == 0) {
		ready();
		return msgrcv(id, &m, sizeof(m.text), 0, 0) < 0;
	}
	if (strcmp(mode, "msgsnd") == 0) {
		m.mtype = 1;
		ready();
		return msgsnd(id, &m, sizeof(m.text), 0) < 0;
	}
	if (strcmp(mode, "semop") == 0) {
		struct sembuf op = { 0, -1, 0 };
		ready();
		return semop(id, &op, 1) < 0;
	}
	if (strcmp(mode, "semtake") == 0) {
		struct sembuf op = { 0, -1, IPC_NOWAIT };
		if (semop(id, &op, 1) < 0) {
			perror("semop");
			return 1;
		}
		ready();
		for (;;)
			pause();
	}
	if (strcmp(mode, "thread-msgrcv") == 0 || strcmp(mode, "two-msgrcv") == 0) {
		pthread_t t;
		if (pthread_create(&t, NULL, receiver, &id) != 0)
			return 1;
		ready();
		if (mode[0] == 't' && mode[1] == 'w')
			return msgrcv(id, &m, sizeof(m.text), 0, 0) < 0;
		for (;;)
			pause();
	}
	if (strcmp(mode, "shmat") == 0) {
		char line[64];
		void *p = shmat(id, NULL, 0);
		if (p == (void *)-1) {
			perror("shmat");
			return 1;
		}
		ready();
		while (fgets(line, sizeof(line), stdin)) {
			if (strncmp(line, "detach", 6) == 0 && p) {
				shmdt(p);
				p = NULL;
				puts("detached");
				fflush(stdout);
			}
		}
		return 0;
	}
	if (strcmp(mode, "shmhold") == 0) {
		if (shmat(id, NULL, 0) == (void *)-1) {
			perror("shmat");
			return 1;
		}
		ready();
		for (;;)
			pause();
	}
	if (strcmp(mode, "shmown") == 0) {
		int nid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0644);
		if (nid < 0 || shmat(nid, NULL, 0) == (void *)-1) {
			perror("shmown");
			return 1;
		}
		printf("%d\n", nid);
		ready();
		for (;;)
			pause();
	}
	if (strcmp(mode, "shmget") == 0) {
		int nid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		if (nid < 0)
			return 1;
		printf("%d\n", nid);
		return 0;
	}
	fprintf(stderr, "usage: ipcwait MODE [ID]\n");
	return 2;
}

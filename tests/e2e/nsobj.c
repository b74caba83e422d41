/* An IPC namespace of its own holding one queue, one semaphore set and
 * one segment, for the namespace tests: nsobj KEY enters a new IPC
 * namespace (CLONE_NEWIPC; root), creates the three objects with keys
 * KEY, KEY+1 and KEY+2, prints "ready NS MSGID SEMID SHMID" and waits
 * until its standard input closes or it is killed; the namespace and its
 * objects die with it. "nsobj KEY wait" also blocks a thread in msgrcv on
 * the queue, so the namespace has a waiter. Semaphore 0 of the set holds
 * (KEY & 0x7f) + 1, to tell the namespaces' sets of the same id apart. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

static int qid;

static void *receiver(void *arg)
{
	struct { long type; char text[64]; } m;

	(void)arg;
	msgrcv(qid, &m, sizeof(m.text), 0, 0);
	return NULL;
}

int main(int argc, char **argv)
{
	struct stat st;
	key_t key;
	int sid, mid;
	char buf[64];

	if (argc < 2)
		return 2;
	key = (key_t)strtol(argv[1], NULL, 0);
	if (unshare(CLONE_NEWIPC) < 0 || stat("/proc/self/ns/ipc", &st) < 0) {
		perror("nsobj: unshare");
		return 1;
	}
	qid = msgget(key, IPC_CREAT | 0600);
	sid = semget(key + 1, 2, IPC_CREAT | 0600);
	mid = shmget(key + 2, 4096, IPC_CREAT | 0600);
	if (qid < 0 || sid < 0 || mid < 0) {
		perror("nsobj: get");
		return 1;
	}
	/* semaphore 0 holds (KEY & 0x7f) + 1: a value of this namespace's */
	if (semctl(sid, 0, SETVAL, (int)(key & 0x7f) + 1) < 0) {
		perror("nsobj: SETVAL");
		return 1;
	}
	if (argc > 2 && strcmp(argv[2], "wait") == 0) {
		pthread_t t;
		if (pthread_create(&t, NULL, receiver, NULL) != 0)
			return 1;
	}
	printf("ready %llu %d %d %d\n", (unsigned long long)st.st_ino, qid, sid, mid);
	fflush(stdout);
	while (fgets(buf, sizeof(buf), stdin))
		;
	return 0;
}

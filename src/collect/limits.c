/* Kernel IPC limits: /proc/sys/kernel files first (what sysctl shows), the
 * IPC_INFO ctl calls for whatever those files do not give. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "collect/readfile.h"
#include "ipctop/sysv.h"

static long long read_one(const char *procfs, const char *name)
{
	char path[PATH_MAX];
	long long v;

	snprintf(path, sizeof(path), "%s/sys/kernel/%s", procfs, name);
	return read_ints_file(path, &v, 1) == 1 && v >= 0 ? v : IPC_UNKNOWN;
}

int sysv_read_limits(const char *procfs, struct ipc_limits *l)
{
	char path[PATH_MAX];
	long long sem[4];
	int got = 0;

	l->msgmni = read_one(procfs, "msgmni");
	l->msgmax = read_one(procfs, "msgmax");
	l->msgmnb = read_one(procfs, "msgmnb");
	l->shmmni = read_one(procfs, "shmmni");
	/* shmmax/shmall default to ULONG_MAX - 2^24: beyond long long, kept
	 * as "unlimited" by clamping to LLONG_MAX when the file says so */
	l->shmmax = read_one(procfs, "shmmax");
	l->shmall = read_one(procfs, "shmall");
	snprintf(path, sizeof(path), "%s/sys/kernel/sem", procfs);
	if (read_ints_file(path, sem, 4) == 4) {
		l->semmsl = sem[0];
		l->semmns = sem[1];
		l->semopm = sem[2];
		l->semmni = sem[3];
	} else {
		l->semmsl = l->semmns = l->semopm = l->semmni = IPC_UNKNOWN;
	}
	long ps = sysconf(_SC_PAGESIZE);
	l->pagesize = ps > 0 ? ps : 4096;

	/* fill the gaps from IPC_INFO */
	struct msginfo mi;
	if (msgctl(0, IPC_INFO, (struct msqid_ds *)(void *)&mi) >= 0) {
		got++;
		if (l->msgmni < 0) l->msgmni = mi.msgmni;
		if (l->msgmax < 0) l->msgmax = mi.msgmax;
		if (l->msgmnb < 0) l->msgmnb = mi.msgmnb;
	}
	struct seminfo si;
	union { int val; struct seminfo *__buf; } arg = { .__buf = &si };
	if (semctl(0, 0, IPC_INFO, arg) >= 0) {
		got++;
		if (l->semmsl < 0) l->semmsl = si.semmsl;
		if (l->semmns < 0) l->semmns = si.semmns;
		if (l->semopm < 0) l->semopm = si.semopm;
		if (l->semmni < 0) l->semmni = si.semmni;
	}
	struct shminfo hi;
	if (shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&hi) >= 0) {
		got++;
		if (l->shmmni < 0) l->shmmni = (long long)hi.shmmni;
		if (l->shmmax < 0) l->shmmax = hi.shmmax > (unsigned long)LLONG_MAX ? LLONG_MAX : (long long)hi.shmmax;
		if (l->shmall < 0) l->shmall = hi.shmall > (unsigned long)LLONG_MAX ? LLONG_MAX : (long long)hi.shmall;
	}
	if (got == 0 && l->msgmni < 0 && l->semmni < 0 && l->shmmni < 0)
		return -ENOENT;
	return 0;
}

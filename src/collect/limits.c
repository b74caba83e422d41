/* Kernel IPC limits: /proc/sys/kernel files first (what sysctl shows), the
 * IPC_INFO ctl calls for whatever those files do not give; POSIX queues'
 * from /proc/sys/fs/mqueue, shared memory's from its file system. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdlib.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "collect/readfile.h"
#include "ipctop/posix.h"
#include "ipctop/posix.h"
#include "ipctop/source.h"
#include "ipctop/sysv.h"

#define UNKNOWN_U ((unsigned long long)IPC_UNKNOWN)

static long long read_one(const char *procfs, const char *name)
{
	char path[PATH_MAX];
	long long v;

	snprintf(path, sizeof(path), "%s/sys/kernel/%s", procfs, name);
	return read_ints_file(path, &v, 1) == 1 && v >= 0 ? v : IPC_UNKNOWN;
}

/* shmmax and shmall default to ULONG_MAX - 2^24, beyond long long: read
 * them unsigned and keep the exact value, as ipcs shows it. */
static unsigned long long read_unsigned(const char *procfs, const char *name)
{
	char path[PATH_MAX], buf[64], *end;
	unsigned long long v;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/sys/kernel/%s", procfs, name);
	fd = open_proc_file(AT_FDCWD, path);
	if (fd < 0)
		return UNKNOWN_U;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return UNKNOWN_U;
	buf[n] = '\0';
	errno = 0;
	v = strtoull(buf, &end, 10);
	/* strtoull accepts "-1" as ULLONG_MAX: digits only */
	if (buf[0] < '0' || buf[0] > '9' || end == buf || errno ||
	    (*end != '\n' && *end != '\0') || v == UNKNOWN_U)
		return UNKNOWN_U;
	return v;
}

int sysv_read_limits(const struct source *src, struct ipc_limits *l)
{
	const char *procfs = src->procfs;
	char path[PATH_MAX];
	long long sem[4];
	int got = 0;

	l->msgmni = read_one(procfs, "msgmni");
	l->msgmax = read_one(procfs, "msgmax");
	l->msgmnb = read_one(procfs, "msgmnb");
	l->shmmni = read_one(procfs, "shmmni");
	l->shmmax = read_unsigned(procfs, "shmmax");
	l->shmall = read_unsigned(procfs, "shmall");
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

	l->shmmin = l->semvmx = IPC_UNKNOWN;
	/* fill the gaps from IPC_INFO, which also alone has SHMMIN and SEMVMX
	 * (of the live kernel: a fixture tree has neither) */
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
		if (src->live) l->semvmx = si.semvmx;
	}
	struct shminfo hi;
	if (shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&hi) >= 0) {
		got++;
		if (l->shmmni < 0) l->shmmni = (long long)hi.shmmni;
		if (l->shmmax == UNKNOWN_U) l->shmmax = hi.shmmax;
		if (l->shmall == UNKNOWN_U) l->shmall = hi.shmall;
		if (src->live) l->shmmin = (long long)hi.shmmin;
	}
	if (got == 0 && l->msgmni < 0 && l->semmni < 0 && l->shmmni < 0)
		return -ENOENT;
	return 0;
}

/* ---- POSIX ---- */

void posix_read_limits(const struct source *src, struct ipc_limits *l)
{
	static const struct { const char *file; size_t off; } mq[] = {
		{ "queues_max", offsetof(struct ipc_limits, mq_queues_max) },
		{ "msg_max", offsetof(struct ipc_limits, mq_msg_max) },
		{ "msgsize_max", offsetof(struct ipc_limits, mq_msgsize_max) },
		{ "msg_default", offsetof(struct ipc_limits, mq_msg_default) },
		{ "msgsize_default", offsetof(struct ipc_limits, mq_msgsize_default) },
	};
	char path[PATH_MAX];
	struct statvfs sv;

	for (size_t i = 0; i < sizeof(mq) / sizeof(mq[0]); i++) {
		long long v = IPC_UNKNOWN;

		snprintf(path, sizeof(path), "%s/sys/fs/mqueue/%s", src->procfs, mq[i].file);
		if (read_ints_file(path, &v, 1) != 1 || v < 0)
			v = IPC_UNKNOWN;
		memcpy((char *)l + mq[i].off, &v, sizeof(v));
	}
	l->devshm_size = l->devshm_used = IPC_UNKNOWN;
	/* Docker's 64 MiB /dev/shm fills up; a fixture tree has none. The
	 * source's /dev/shm: another namespace's under its member's root */
	int fd = src->posix ? posix_source_shm_dir(src) : -1;
	if (fd >= 0 && fstatvfs(fd, &sv) == 0 && sv.f_frsize > 0 &&
	    sv.f_blocks <= (unsigned long long)LLONG_MAX / sv.f_frsize &&
	    sv.f_bfree <= sv.f_blocks) {
		l->devshm_size = (long long)(sv.f_blocks * sv.f_frsize);
		l->devshm_used = (long long)((sv.f_blocks - sv.f_bfree) * sv.f_frsize);
	}
	if (fd >= 0)
		close(fd);
}

void posix_count_use(struct snapshot *s)
{
	s->limits.mq_queues = s->list[KIND_PMQ].have ? (long long)snap_n(s, KIND_PMQ)
						      : IPC_UNKNOWN;
}

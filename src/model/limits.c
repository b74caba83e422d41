/* The limits table and the arithmetic on its rows. */
#include "ipctop/limits.h"

#include <string.h>

#define LIM(f) offsetof(struct ipc_limits, f)

static const struct limit_desc rows[] = {
	{ KIND_MSG, "MSGMNI", "Number of message queues", "message queues",
	  LIM(msgmni), LIM(msg_queues), false, "msg_queues", false, false },
	{ KIND_MSG, "MSGMAX", "Max size of a message (bytes)", NULL,
	  LIM(msgmax), LIMIT_NO_USE, true, NULL, false, false },
	{ KIND_MSG, "MSGMNB", "Default max size of a queue (bytes)", NULL,
	  LIM(msgmnb), LIMIT_NO_USE, true, NULL, false, false },
	{ KIND_MSG, "MSGS", "Messages in all queues", NULL,
	  LIMIT_NONE, LIM(msg_msgs), false, NULL, false, false },
	{ KIND_MSG, "MSGBYTES", "Bytes in all queues", NULL,
	  LIMIT_NONE, LIM(msg_bytes), false, NULL, true, false },
	{ KIND_SHM, "SHMMNI", "Shared memory segments", "segments",
	  LIM(shmmni), LIM(shm_segs), false, "shm_segs", false, false },
	{ KIND_SHM, "SHMALL", "Shared memory pages", "pages of shared memory",
	  LIM(shmall), LIM(shm_pages), false, "shm_pages", false, false },
	{ KIND_SHM, "SHMMAX", "Max size of a segment (bytes)", NULL,
	  LIM(shmmax), LIMIT_NO_USE, true, NULL, false, false },
	{ KIND_SHM, "SHMMIN", "Min size of a segment (bytes)", NULL,
	  LIM(shmmin), LIMIT_NO_USE, true, NULL, false, false },
	{ KIND_SHM, "SHMRSS", "Shared memory pages resident", NULL,
	  LIMIT_NONE, LIM(shm_rss), false, NULL, false, true },
	{ KIND_SHM, "SHMSWAP", "Shared memory pages swapped", NULL,
	  LIMIT_NONE, LIM(shm_swap), false, NULL, false, true },
	{ KIND_SEM, "SEMMNI", "Number of semaphore sets", "semaphore sets",
	  LIM(semmni), LIM(sem_sets), false, "sem_sets", false, false },
	{ KIND_SEM, "SEMMNS", "Total number of semaphores", "semaphores",
	  LIM(semmns), LIM(sem_sems), false, "sem_sems", false, false },
	{ KIND_SEM, "SEMMSL", "Max semaphores per set", NULL,
	  LIM(semmsl), LIMIT_NO_USE, false, NULL, false, false },
	{ KIND_SEM, "SEMOPM", "Max operations per semop(2)", NULL,
	  LIM(semopm), LIMIT_NO_USE, false, NULL, false, false },
	{ KIND_SEM, "SEMVMX", "Max value of a semaphore", NULL,
	  LIM(semvmx), LIMIT_NO_USE, false, NULL, false, false },
	{ KIND_PMQ, "QUEUES_MAX", "POSIX message queues", "POSIX queues",
	  LIM(mq_queues_max), LIM(mq_queues), false, "mq_queues", false, false },
	{ KIND_PMQ, "MSG_MAX", "Max messages in a POSIX queue", NULL,
	  LIM(mq_msg_max), LIMIT_NO_USE, false, NULL, false, false },
	{ KIND_PMQ, "MSGSIZE_MAX", "Max size of a POSIX message (bytes)", NULL,
	  LIM(mq_msgsize_max), LIMIT_NO_USE, true, NULL, false, false },
	{ KIND_PMQ, "MSG_DEFAULT", "Default max messages (mq_open without attributes)", NULL,
	  LIM(mq_msg_default), LIMIT_NO_USE, false, NULL, false, false },
	{ KIND_PMQ, "MSGSIZE_DEFAULT", "Default max message size (bytes)", NULL,
	  LIM(mq_msgsize_default), LIMIT_NO_USE, true, NULL, false, false },
	{ KIND_PSHM, "DEVSHM", "POSIX shared memory file system (bytes)", "bytes of /dev/shm",
	  LIM(devshm_size), LIM(devshm_used), true, "devshm_used", false, false },
};

const struct limit_desc *limits_table(size_t *n)
{
	*n = sizeof(rows) / sizeof(rows[0]);
	return rows;
}

long long limit_at(const struct ipc_limits *l, size_t off)
{
	long long v;

	if (off == LIMIT_NONE)
		return IPC_UNKNOWN;
	/* every member is 64 bits; shmmax and shmall unsigned, kept as bits */
	memcpy(&v, (const char *)l + off, sizeof(v));
	return v;
}

bool limit_use(const struct ipc_limits *l, const struct limit_desc *d,
	       unsigned long long *limit, long long *used)
{
	long long lim;

	if (d->used == LIMIT_NO_USE)
		return false;
	lim = limit_at(l, d->limit);
	*used = limit_at(l, d->used);
	if (lim == IPC_UNKNOWN || lim == 0 || *used < 0)
		return false;
	*limit = (unsigned long long)lim;
	return true;
}

/* The limits table and the arithmetic on its rows. */
#include "ipctop/limits.h"

#include <string.h>

#define LIM(f) offsetof(struct ipc_limits, f)

static const struct limit_desc rows[] = {
	{ KIND_MSG, "MSGMNI", "Number of message queues", "message queues",
	  LIM(msgmni), LIM(msg_queues), false, "msg_queues" },
	{ KIND_MSG, "MSGMAX", "Max size of a message (bytes)", NULL,
	  LIM(msgmax), LIMIT_NO_USE, true, NULL },
	{ KIND_MSG, "MSGMNB", "Default max size of a queue (bytes)", NULL,
	  LIM(msgmnb), LIMIT_NO_USE, true, NULL },
	{ KIND_SHM, "SHMMNI", "Shared memory segments", "segments",
	  LIM(shmmni), LIM(shm_segs), false, "shm_segs" },
	{ KIND_SHM, "SHMALL", "Shared memory pages", "pages of shared memory",
	  LIM(shmall), LIM(shm_pages), false, "shm_pages" },
	{ KIND_SHM, "SHMMAX", "Max size of a segment (bytes)", NULL,
	  LIM(shmmax), LIMIT_NO_USE, true, NULL },
	{ KIND_SEM, "SEMMNI", "Number of semaphore sets", "semaphore sets",
	  LIM(semmni), LIM(sem_sets), false, "sem_sets" },
	{ KIND_SEM, "SEMMNS", "Total number of semaphores", "semaphores",
	  LIM(semmns), LIM(sem_sems), false, "sem_sems" },
	{ KIND_SEM, "SEMMSL", "Max semaphores per set", NULL,
	  LIM(semmsl), LIMIT_NO_USE, false, NULL },
	{ KIND_SEM, "SEMOPM", "Max operations per semop(2)", NULL,
	  LIM(semopm), LIMIT_NO_USE, false, NULL },
	{ KIND_PMQ, "QUEUES_MAX", "POSIX message queues", "POSIX queues",
	  LIM(mq_queues_max), LIM(mq_queues), false, "mq_queues" },
	{ KIND_PMQ, "MSG_MAX", "Max messages in a POSIX queue", NULL,
	  LIM(mq_msg_max), LIMIT_NO_USE, false, NULL },
	{ KIND_PMQ, "MSGSIZE_MAX", "Max size of a POSIX message (bytes)", NULL,
	  LIM(mq_msgsize_max), LIMIT_NO_USE, true, NULL },
	{ KIND_PMQ, "MSG_DEFAULT", "Default max messages (mq_open without attributes)", NULL,
	  LIM(mq_msg_default), LIMIT_NO_USE, false, NULL },
	{ KIND_PMQ, "MSGSIZE_DEFAULT", "Default max message size (bytes)", NULL,
	  LIM(mq_msgsize_default), LIMIT_NO_USE, true, NULL },
	{ KIND_PSHM, "DEVSHM", "POSIX shared memory file system (bytes)", "bytes of /dev/shm",
	  LIM(devshm_size), LIM(devshm_used), true, "devshm_used" },
};

const struct limit_desc *limits_table(size_t *n)
{
	*n = sizeof(rows) / sizeof(rows[0]);
	return rows;
}

long long limit_at(const struct ipc_limits *l, size_t off)
{
	long long v;

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

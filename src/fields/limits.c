/* The limits table (limtab.h): one row per member of struct ipc_limits
 * that the exporter shows. A new limit is one row here. */
#include "ipctop/limtab.h"

#include <limits.h>

#define ROW(member, metric, help, flags) \
	{ #member, metric, help, offsetof(struct ipc_limits, member), flags }

static const struct limit_metric rows[] = {
	ROW(msgmni, "msg_queues_limit", "Most message queues the namespace may hold (msgmni)", 0),
	ROW(msgmax, "msg_message_max_bytes", "Largest message a queue accepts (msgmax)", 0),
	ROW(msgmnb, "msg_default_queue_max_bytes",
	    "Byte limit a new queue starts with (msgmnb)", 0),
	ROW(semmni, "sem_sets_limit", "Most semaphore sets the namespace may hold (semmni)", 0),
	ROW(semmns, "sem_semaphores_limit",
	    "Most semaphores in all sets together (semmns)", 0),
	ROW(semmsl, "sem_max_semaphores_per_set", "Most semaphores in one set (semmsl)", 0),
	ROW(semopm, "sem_max_operations_per_call", "Most operations in one semop call (semopm)", 0),
	ROW(shmmni, "shm_segments_limit", "Most shared memory segments (shmmni)", 0),
	ROW(shmmax, "shm_max_segment_bytes", "Largest shared memory segment (shmmax)",
	    LIM_UNSIGNED),
	ROW(shmall, "shm_limit_bytes", "Most shared memory in all segments (shmall, as bytes)",
	    LIM_UNSIGNED | LIM_PAGES),
	ROW(mq_queues_max, "posix_mq_queues_limit",
	    "Most POSIX message queues the namespace may hold (fs.mqueue.queues_max)", 0),
	ROW(mq_msg_max, "posix_mq_max_messages", "Most messages in a POSIX queue (msg_max)", 0),
	ROW(mq_msgsize_max, "posix_mq_message_max_bytes",
	    "Largest message a POSIX queue may take (msgsize_max)", 0),
	ROW(devshm_size, "posix_shm_filesystem_bytes",
	    "Size of the file system of POSIX shared memory (/dev/shm)", 0),
	ROW(msg_queues, "msg_queues", "Message queues in use", LIM_USE),
	ROW(msg_bytes, "msg_queued_bytes", "Bytes waiting in all message queues", LIM_USE),
	ROW(msg_msgs, "msg_queued_messages", "Messages waiting in all message queues", LIM_USE),
	ROW(sem_sets, "sem_sets", "Semaphore sets in use", LIM_USE),
	ROW(sem_sems, "sem_semaphores", "Semaphores in all sets", LIM_USE),
	ROW(shm_segs, "shm_segments", "Shared memory segments in use", LIM_USE),
	ROW(shm_bytes, "shm_size_bytes", "Size of all shared memory segments", LIM_USE),
	ROW(shm_pages, "shm_allocated_bytes",
	    "Shared memory allocated to segments, counted against shmall", LIM_USE | LIM_PAGES),
	ROW(shm_rss, "shm_resident_bytes", "Shared memory resident in RAM", LIM_USE),
	ROW(shm_swap, "shm_swapped_bytes", "Shared memory swapped out", LIM_USE),
	ROW(mq_queues, "posix_mq_queues", "POSIX message queues in use", LIM_USE),
	ROW(devshm_used, "posix_shm_filesystem_used_bytes",
	    "Bytes used on the file system of POSIX shared memory (/dev/shm)", LIM_USE),
};

const struct limit_metric *limtab_all(size_t *n)
{
	*n = sizeof(rows) / sizeof(rows[0]);
	return rows;
}

bool limtab_value(const struct limit_metric *d, const struct ipc_limits *l,
		  unsigned long long *exact, bool *is_exact, double *approx)
{
	const void *p = (const char *)l + d->off;
	unsigned long long v;

	if (d->flags & LIM_UNSIGNED) {
		v = *(const unsigned long long *)p;
		if (v == (unsigned long long)IPC_UNKNOWN)
			return false;
	} else {
		long long s = *(const long long *)p;
		if (s < 0)
			return false;
		v = (unsigned long long)s;
	}
	*exact = v;
	*is_exact = true;
	*approx = (double)v;
	if (d->flags & LIM_PAGES) {
		unsigned long long page = l->pagesize > 0 ? (unsigned long long)l->pagesize : 4096;

		*approx = (double)v * (double)page;
		/* shmall's "unlimited" default times a page is past 2^64 */
		*is_exact = v <= ULLONG_MAX / page;
		*exact = *is_exact ? v * page : 0;
	}
	return true;
}

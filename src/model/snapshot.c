/* Snapshot lifetime and derived totals. */
#include "ipctop/snapshot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void snapshot_init(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
}

void snapshot_free(struct snapshot *s)
{
	for (size_t i = 0; i < s->nmsg; i++)
		free(s->msg[i].waiters);
	for (size_t i = 0; i < s->nsem; i++) {
		free(s->sem[i].sems);
		free(s->sem[i].waiters);
	}
	for (size_t i = 0; i < s->nshm; i++)
		free(s->shm[i].attached);
	for (size_t i = 0; i < s->npipes; i++) {
		free(s->pipes[i].path);
		free(s->pipes[i].writers);
		free(s->pipes[i].readers);
	}
	free(s->msg);
	free(s->sem);
	free(s->shm);
	free(s->procs);
	free(s->hidden_pids);
	free(s->pipes);
	snapshot_init(s);
}

void snapshot_count_use(struct snapshot *s)
{
	struct ipc_limits *l = &s->limits;
	long long page = l->pagesize > 0 ? l->pagesize : 4096;

	l->msg_queues = (long long)s->nmsg;
	l->msg_bytes = l->msg_msgs = 0;
	for (size_t i = 0; i < s->nmsg; i++) {
		l->msg_bytes += s->msg[i].cbytes;
		l->msg_msgs += s->msg[i].qnum;
	}
	l->sem_sets = (long long)s->nsem;
	l->sem_sems = 0;
	for (size_t i = 0; i < s->nsem; i++)
		l->sem_sems += s->sem[i].nsems;
	l->shm_segs = (long long)s->nshm;
	l->shm_bytes = l->shm_pages = l->shm_rss = l->shm_swap = 0;
	for (size_t i = 0; i < s->nshm; i++) {
		const struct shmseg *g = &s->shm[i];
		l->shm_bytes += g->size;
		l->shm_pages += (g->size + page - 1) / page;
		if (g->rss > 0)
			l->shm_rss += g->rss;
		if (g->swap > 0)
			l->shm_swap += g->swap;
	}
}

const char *kind_name(enum ipc_kind k)
{
	static const char *const n[KIND_COUNT] = { "msg", "sem", "shm" };
	return (unsigned)k < KIND_COUNT ? n[k] : "?";
}

const char *sems_strerror(int err)
{
	if (err == -ESTALE)
		return "the set changed while it was read (replaced or reconfigured)";
	if (err == -E2BIG)
		return "more semaphores than a set can hold: not read";
	return strerror(-err);
}

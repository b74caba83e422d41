/* Snapshot lifetime, its lists, and derived totals. */
#include "ipctop/snapshot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/kind.h"
#include "ipctop/mem.h"
#include "ipctop/vec.h"

void snapshot_init(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
}

void snapshot_free(struct snapshot *s)
{
	for (size_t k = 0; k < KIND_SLOTS; k++) {
		struct objlist *l = &s->list[k];
		/* a list filled without snap_list() is still its slot's kind's */
		const struct kind *kd = l->kind ? l->kind : kind_get((enum kind_id)k);

		if (kd && kd->free_obj)
			for (size_t i = 0; i < l->n; i++)
				kd->free_obj((char *)l->v + i * kd->objsize);
		free(l->v);
	}
	free(s->hidden_pids);
	free(s->ns);
	free(s->owners);
	snapshot_init(s);
}

struct objlist *snap_list(struct snapshot *s, const struct kind *k)
{
	struct objlist *l = &s->list[k->id];

	if (!l->kind)
		l->kind = k;
	return l;
}

void *objlist_reserve(struct objlist *l, size_t objsize, size_t want)
{
	size_t old = l->cap;

	if (want > SIZE_MAX - l->n ||
	    vec_reserve(&l->v, &l->cap, l->n + want, objsize) < 0)
		return NULL;
	if (l->cap > old) {
		char *fresh = (char *)l->v + old * objsize;
		/* arrays are most of a snapshot: fault them in at once */
		mem_prefault(fresh, (l->cap - old) * objsize);
		memset(fresh, 0, (l->cap - old) * objsize);
	}
	return (char *)l->v + l->n * objsize;
}

void *objlist_push(struct objlist *l, size_t objsize)
{
	void *p = objlist_reserve(l, objsize, 1);

	/* the slot may hold a freed object of an earlier fill */
	if (p) {
		memset(p, 0, objsize);
		l->n++;
	}
	return p;
}

void snapshot_count_ns(const struct snapshot *s, unsigned long long ns, struct ipc_limits *l)
{
	long long page = l->pagesize > 0 ? l->pagesize : 4096;
	const struct msq *q = snap_msqs(s);
	const struct semset *set = snap_sems(s);
	const struct shmseg *g = snap_shms(s);

	/* a kind counted by its count hook has its totals already */
	if (!s->list[KIND_MSG].counted) {
		l->msg_queues = l->msg_bytes = l->msg_msgs = 0;
		for (size_t i = 0; i < snap_n(s, KIND_MSG); i++) {
			if (ns && q[i].c.ns != ns)
				continue;
			l->msg_queues++;
			l->msg_bytes += q[i].cbytes;
			l->msg_msgs += q[i].qnum;
		}
	}
	if (!s->list[KIND_SEM].counted) {
		l->sem_sets = l->sem_sems = 0;
		for (size_t i = 0; i < snap_n(s, KIND_SEM); i++) {
			if (ns && set[i].c.ns != ns)
				continue;
			l->sem_sets++;
			l->sem_sems += set[i].nsems;
		}
	}
	if (!s->list[KIND_SHM].counted) {
		l->shm_segs = l->shm_bytes = l->shm_pages = l->shm_rss = l->shm_swap = 0;
		for (size_t i = 0; i < snap_n(s, KIND_SHM); i++) {
			if (ns && g[i].c.ns != ns)
				continue;
			l->shm_segs++;
			l->shm_bytes += g[i].size;
			l->shm_pages += (g[i].size + page - 1) / page;
			if (g[i].rss > 0)
				l->shm_rss += g[i].rss;
			if (g[i].swap > 0)
				l->shm_swap += g[i].swap;
		}
	}
}

void snapshot_count_use(struct snapshot *s)
{
	snapshot_count_ns(s, 0, &s->limits);
}

const struct snap_ns *snap_ns_find(const struct snapshot *s, unsigned long long inode)
{
	for (size_t i = 0; i < s->nns; i++)
		if (s->ns[i].info.inode == inode)
			return &s->ns[i];
	return NULL;
}

const char *sems_strerror(int err)
{
	if (err == -ESTALE)
		return "the set changed while it was read (replaced or reconfigured)";
	if (err == -E2BIG)
		return "more semaphores than a set can hold: not read";
	return strerror(-err);
}

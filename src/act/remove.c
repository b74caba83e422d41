/* IPC_RMID, after checking the id still names what the user confirmed:
 * between the confirm dialog and now the object may have been removed and
 * its id reused by another program's object. */
#define _GNU_SOURCE
#include "ipctop/act.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "ipctop/sysv.h"

static const char *what(enum ipc_kind k)
{
	switch (k) {
	case KIND_MSG: return "queue";
	case KIND_SEM: return "semaphore set";
	case KIND_SHM: return "segment";
	default: return "object";
	}
}

/* Current key, creator and (for segments) attach count of t's id. */
static int restat(const struct act_target *t, struct ipc_common *c, long long *nattch)
{
	int r;

	*nattch = 0;
	if (t->kind == KIND_MSG) {
		struct msq q;
		r = sysv_stat_msg(t->id, &q);
		*c = q.c;
	} else if (t->kind == KIND_SEM) {
		struct semset s;
		r = sysv_stat_sem(t->id, &s);
		*c = s.c;
	} else if (t->kind == KIND_SHM) {
		struct shmseg g;
		r = sysv_stat_shm(t->id, &g);
		*c = g.c;
		*nattch = g.nattch;
	} else {
		return -EINVAL;
	}
	return r;
}

static int rmid(const struct act_target *t)
{
	int r;

	if (t->kind == KIND_MSG)
		r = msgctl(t->id, IPC_RMID, NULL);
	else if (t->kind == KIND_SEM)
		r = semctl(t->id, 0, IPC_RMID);
	else
		r = shmctl(t->id, IPC_RMID, NULL);
	return r < 0 ? -errno : 0;
}

int act_remove(const struct act_target *t, char *msg, size_t len)
{
	struct ipc_common now;
	long long nattch;
	int r;

	memset(&now, 0, sizeof(now));
	r = restat(t, &now, &nattch);
	if (r == -EINVAL || r == -EIDRM) {
		snprintf(msg, len, "%s 0x%08x (id %d) is already gone", what(t->kind),
			 (unsigned)t->key, t->id);
		return r;
	}
	/* what cannot be read cannot be checked: never remove blind */
	if (r < 0) {
		snprintf(msg, len, "cannot read %s id %d: %s", what(t->kind), t->id,
			 strerror(-r));
		return r;
	}
	if (now.key != t->key || now.cuid != t->cuid) {
		snprintf(msg, len, "skipped %s id %d: it now has key 0x%08x, not 0x%08x",
			 what(t->kind), t->id, (unsigned)now.key, (unsigned)t->key);
		return -ESTALE;
	}
	r = rmid(t);
	if (r < 0) {
		snprintf(msg, len, "cannot remove %s 0x%08x (id %d): %s", what(t->kind),
			 (unsigned)t->key, t->id, strerror(-r));
		return r;
	}
	if (t->kind == KIND_SHM && nattch > 0)
		snprintf(msg, len, "segment 0x%08x (id %d) marked for removal; destroyed "
			 "after the last of %lld attaches detaches", (unsigned)t->key, t->id,
			 nattch);
	else
		snprintf(msg, len, "removed %s 0x%08x (id %d)", what(t->kind),
			 (unsigned)t->key, t->id);
	return 0;
}

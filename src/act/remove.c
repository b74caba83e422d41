/* IPC_RMID, after checking the id still names what the user confirmed:
 * between the moment the user chose the object and now it may have been
 * removed and its id (and key, often 0) reused by another program's
 * object. A change left in the window between the last check and
 * IPC_RMID cannot be seen: System V has no remove-if-unchanged. */
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

/* The identity and (for segments) attach count id has now. */
static int restat(enum ipc_kind k, int32_t id, struct ipc_ident *now, long long *nattch)
{
	int r;

	*nattch = 0;
	if (k == KIND_MSG) {
		struct msq q;
		r = sysv_stat_msg(id, &q);
		if (r == 0)
			ipc_ident_of(now, k, &q);
	} else if (k == KIND_SEM) {
		struct semset s;
		r = sysv_stat_sem(id, &s);
		if (r == 0)
			ipc_ident_of(now, k, &s);
	} else if (k == KIND_SHM) {
		struct shmseg g;
		r = sysv_stat_shm(id, &g);
		if (r == 0) {
			ipc_ident_of(now, k, &g);
			*nattch = g.nattch;
		}
	} else {
		return -EINVAL;
	}
	return r;
}

static int rmid(enum ipc_kind k, int32_t id)
{
	int r;

	if (k == KIND_MSG)
		r = msgctl(id, IPC_RMID, NULL);
	else if (k == KIND_SEM)
		r = semctl(id, 0, IPC_RMID);
	else
		r = shmctl(id, IPC_RMID, NULL);
	return r < 0 ? -errno : 0;
}

int act_remove(const struct act_target *t, char *msg, size_t len)
{
	const struct ipc_ident *want = &t->ident;
	enum ipc_kind k = want->kind;
	struct ipc_ident now;
	char diff[96];
	long long nattch;
	int r;

	r = restat(k, want->id, &now, &nattch);
	if (r == -EINVAL || r == -EIDRM) {
		snprintf(msg, len, "%s 0x%08x (id %d) is already gone", what(k),
			 (unsigned)want->key, want->id);
		return r;
	}
	/* what cannot be read cannot be checked: never remove blind */
	if (r < 0) {
		snprintf(msg, len, "cannot read %s id %d: %s", what(k), want->id,
			 strerror(-r));
		return r;
	}
	if (ipc_ident_cmp(want, &now) != IDENT_SAME) {
		ipc_ident_diff_text(want, &now, diff, sizeof(diff));
		snprintf(msg, len, "skipped %s 0x%08x (id %d): changed since it was chosen "
			 "(%s)", what(k), (unsigned)want->key, want->id, diff);
		return -ESTALE;
	}
	r = rmid(k, want->id);
	if (r < 0) {
		snprintf(msg, len, "cannot remove %s 0x%08x (id %d): %s", what(k),
			 (unsigned)want->key, want->id, strerror(-r));
		return r;
	}
	if (k == KIND_SHM && nattch > 0)
		snprintf(msg, len, "segment 0x%08x (id %d) marked for removal; destroyed "
			 "after the last of %lld attaches detaches", (unsigned)want->key,
			 want->id, nattch);
	else
		snprintf(msg, len, "removed %s 0x%08x (id %d)", what(k),
			 (unsigned)want->key, want->id);
	return 0;
}

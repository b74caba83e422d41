/* Removal, after checking the object is still the one the user chose:
 * between that moment and now it may have been removed and its id (and
 * key, often 0) or name reused by another program's object. A change in
 * the window between the last check and the removal cannot be seen:
 * System V has no remove-if-unchanged, and unlink() no unlink-if-inode. */
#define _GNU_SOURCE
#include "ipctop/act.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "ipctop/kind.h"

int act_rmid_msg(const struct source *src, const struct ident *id)
{
	(void)src;
	return msgctl((int)id->id, IPC_RMID, NULL) < 0 ? -errno : 0;
}

int act_rmid_sem(const struct source *src, const struct ident *id)
{
	(void)src;
	return semctl((int)id->id, 0, IPC_RMID) < 0 ? -errno : 0;
}

int act_rmid_shm(const struct source *src, const struct ident *id)
{
	(void)src;
	return shmctl((int)id->id, IPC_RMID, NULL) < 0 ? -errno : 0;
}

int act_remove(const struct source *src, const struct act_target *t, char *msg, size_t len)
{
	const struct ident *want = &t->ident;
	const struct kind *k = want->kind;
	struct ident now;
	char what[IDENT_NAME_MAX + 64], diff[IDENT_NAME_MAX * 2 + 32];
	void *obj;
	int r;

	ident_label(want, what, sizeof(what));
	if (!k || !k->restat || !k->remove) {
		snprintf(msg, len, "%s cannot be removed", what);
		return -EINVAL;
	}
	obj = calloc(1, k->objsize);
	if (!obj) {
		snprintf(msg, len, "cannot remove %s: %s", what, strerror(ENOMEM));
		return -ENOMEM;
	}
	r = k->restat(src, want, obj);
	if (r == -EINVAL || r == -EIDRM || r == -ENOENT) {
		snprintf(msg, len, "%s is already gone", what);
		goto out;
	}
	/* what cannot be read cannot be checked: never remove blind */
	if (r < 0) {
		snprintf(msg, len, "cannot read %s: %s", what, strerror(-r));
		goto out;
	}
	ident_of(&now, k, obj);
	if (ident_cmp(want, &now) != IDENT_SAME) {
		ident_diff_text(want, &now, diff, sizeof(diff));
		snprintf(msg, len, "skipped %s: changed since it was chosen (%s)", what, diff);
		r = -ESTALE;
		goto out;
	}
	r = k->remove(src, want);
	if (r < 0)
		snprintf(msg, len, "cannot remove %s: %s", what, strerror(-r));
	else if (!k->removed || !k->removed(obj, want, msg, len))
		snprintf(msg, len, "removed %s", what);
out:
	if (k->free_obj)
		k->free_obj(obj);
	free(obj);
	return r;
}

struct remove_ctx {
	const struct act_target *t;
	char *msg;
	size_t len;
};

static int remove_inside(const struct source *src, void *arg)
{
	struct remove_ctx *c = arg;

	return act_remove(src, c->t, c->msg, c->len);
}

int act_remove_in(const struct snapshot *s, const struct source *base,
		  const struct act_target *t, char *msg, size_t len)
{
	struct remove_ctx c = { t, msg, len };
	struct source src = *base;
	const struct snap_ns *n;
	char what[IDENT_NAME_MAX + 64];
	int r;

	if (!t->ident.ns || t->ident.ns == base->ns)
		return act_remove(base, t, msg, len);
	if (len)
		msg[0] = '\0';
	n = snap_ns_find(s, t->ident.ns);
	ident_label(&t->ident, what, sizeof(what));
	if (!n) {
		snprintf(msg, len, "cannot remove %s: its namespace ipc:[%llu] is not in view", what,
			 t->ident.ns);
		return -ESRCH;
	}
	src.ns = n->info.inode;
	src.member = n->info.pid;
	r = source_run(&src, remove_inside, &c);
	/* the outcome says where: the same name or id may be elsewhere too */
	if (msg[0] && strlen(msg) + strlen(n->info.label) + 4 < len)
		strcat(strcat(msg, " in "), n->info.label);
	/* not joined: act_remove never ran, so the message is ours to write */
	if (r == -ESRCH && !msg[0])
		snprintf(msg, len, "cannot remove %s: its namespace %s is gone", what, n->info.label);
	else if (r == -EPERM && !msg[0])
		snprintf(msg, len, "cannot remove %s in %s: joining a namespace needs "
			 "CAP_SYS_ADMIN", what, n->info.label);
	return r;
}

/* Object identity: filled from a snapshot's object, compared field by
 * field so a refusal can say which one moved. */
#include "ipctop/ident.h"

#include <stdio.h>
#include <string.h>

void ipc_ident_of(struct ipc_ident *out, enum ipc_kind k, const void *obj)
{
	const struct ipc_common *c = obj;

	memset(out, 0, sizeof(*out));
	out->kind = k;
	out->id = c->id;
	out->key = c->key;
	out->cuid = c->cuid;
	switch (k) {
	case KIND_MSG:
		out->ctime = ((const struct msq *)obj)->ctime;
		break;
	case KIND_SEM:
		out->ctime = ((const struct semset *)obj)->ctime;
		break;
	case KIND_SHM:
		out->cpid = ((const struct shmseg *)obj)->cpid;
		out->ctime = ((const struct shmseg *)obj)->ctime;
		break;
	default:
		break;
	}
}

enum ident_diff ipc_ident_cmp(const struct ipc_ident *was, const struct ipc_ident *now)
{
	if (was->kind != now->kind)
		return IDENT_KIND;
	if (was->id != now->id)
		return IDENT_ID;
	if (was->key != now->key)
		return IDENT_KEY;
	if (was->cuid != now->cuid)
		return IDENT_CUID;
	if (was->cpid != now->cpid)
		return IDENT_CPID;
	if (was->ctime != now->ctime)
		return IDENT_CTIME;
	return IDENT_SAME;
}

void ipc_ident_diff_text(const struct ipc_ident *was, const struct ipc_ident *now,
			 char *buf, size_t len)
{
	switch (ipc_ident_cmp(was, now)) {
	case IDENT_SAME:
		snprintf(buf, len, "%s", "");
		break;
	case IDENT_KIND:
		snprintf(buf, len, "%s, was %s", kind_name(now->kind), kind_name(was->kind));
		break;
	case IDENT_ID:
		snprintf(buf, len, "id %d, was %d", now->id, was->id);
		break;
	case IDENT_KEY:
		snprintf(buf, len, "key 0x%08x, was 0x%08x", (unsigned)now->key,
			 (unsigned)was->key);
		break;
	case IDENT_CUID:
		snprintf(buf, len, "creator uid %u, was %u", now->cuid, was->cuid);
		break;
	case IDENT_CPID:
		snprintf(buf, len, "creator pid %d, was %d", now->cpid, was->cpid);
		break;
	case IDENT_CTIME:
		snprintf(buf, len, "change time %lld, was %lld", now->ctime, was->ctime);
		break;
	}
}

/* Object identity: filled from a snapshot's object through its kind,
 * compared field by field so a refusal can say which one moved. */
#include "ipctop/ident.h"

#include <stdio.h>
#include <string.h>

#include "ipctop/kind.h"
#include "ipctop/sanitize.h"

void ident_of(struct ident *out, const struct kind *k, const void *obj)
{
	memset(out, 0, sizeof(*out));
	out->kind = k;
	if (k->ident)
		k->ident(obj, out);
}

enum ident_diff ident_cmp(const struct ident *was, const struct ident *now)
{
	if (was->kind != now->kind)
		return IDENT_KIND;
	if (was->ns != now->ns)
		return IDENT_NS;
	if (was->id != now->id)
		return IDENT_ID;
	if (strcmp(was->name, now->name) != 0)
		return IDENT_NAME;
	if (was->key != now->key)
		return IDENT_KEY;
	if (was->cuid != now->cuid)
		return IDENT_CUID;
	if (was->cpid != now->cpid)
		return IDENT_CPID;
	if (was->dev != now->dev)
		return IDENT_DEV;
	if (was->ino != now->ino)
		return IDENT_INO;
	if (was->ctime != now->ctime)
		return IDENT_CTIME;
	return IDENT_SAME;
}

void ident_diff_text(const struct ident *was, const struct ident *now,
		     char *buf, size_t len)
{
	switch (ident_cmp(was, now)) {
	case IDENT_SAME:
		snprintf(buf, len, "%s", "");
		break;
	case IDENT_KIND:
		snprintf(buf, len, "%s, was %s", now->kind ? now->kind->word : "?",
			 was->kind ? was->kind->word : "?");
		break;
	case IDENT_NS:
		snprintf(buf, len, "namespace ipc:[%llu], was ipc:[%llu]", now->ns, was->ns);
		break;
	case IDENT_ID:
		snprintf(buf, len, "id %lld, was %lld", now->id, was->id);
		break;
	case IDENT_NAME: {
		/* names are anyone's bytes: never raw on a screen */
		char a[IDENT_NAME_MAX * 4], b[IDENT_NAME_MAX * 4];
		sanitize(a, sizeof(a), now->name, strlen(now->name));
		sanitize(b, sizeof(b), was->name, strlen(was->name));
		snprintf(buf, len, "name %s, was %s", a, b);
		break;
	}
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
	case IDENT_DEV:
		snprintf(buf, len, "device %llu, was %llu", now->dev, was->dev);
		break;
	case IDENT_INO:
		snprintf(buf, len, "inode %llu, was %llu", now->ino, was->ino);
		break;
	case IDENT_CTIME:
		snprintf(buf, len, "change time %lld, was %lld", now->ctime, was->ctime);
		break;
	}
}

void ident_label(const struct ident *id, char *buf, size_t len)
{
	char what[IDENT_NAME_MAX + 48];

	if (id->kind && id->kind->label)
		id->kind->label(id, what, sizeof(what));
	else
		snprintf(what, sizeof(what), "%lld", id->id);
	snprintf(buf, len, "%s %s", id->kind ? id->kind->word : "object", what);
}

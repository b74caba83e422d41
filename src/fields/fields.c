/* Generic column machinery: lookup, cell text, comparison, sort, filter. */
#define _GNU_SOURCE
#include "ipctop/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields/kinds.h"
#include "ipctop/msort.h"
#include "ipctop/names.h"
#include "ipctop/proc.h"

const struct field *fields_of(enum ipc_kind k, size_t *n)
{
	switch (k) {
	case KIND_MSG: *n = msg_nfields; return msg_fields;
	case KIND_SEM: *n = sem_nfields; return sem_fields;
	case KIND_SHM: *n = shm_nfields; return shm_fields;
	default: *n = 0; return NULL;
	}
}

const struct field *field_find(enum ipc_kind k, const char *name)
{
	size_t n;
	const struct field *f = fields_of(k, &n);

	for (size_t i = 0; i < n; i++)
		if (strcasecmp(f[i].name, name) == 0)
			return &f[i];
	return NULL;
}

size_t kind_objsize(enum ipc_kind k)
{
	static const size_t sz[KIND_COUNT] = {
		sizeof(struct msq), sizeof(struct semset), sizeof(struct shmseg)
	};
	return (unsigned)k < KIND_COUNT ? sz[k] : 0;
}

const void *snap_obj(const struct snapshot *s, enum ipc_kind k, size_t i)
{
	switch (k) {
	case KIND_MSG: return &s->msg[i];
	case KIND_SEM: return &s->sem[i];
	case KIND_SHM: return &s->shm[i];
	default: return NULL;
	}
}

size_t snap_count(const struct snapshot *s, enum ipc_kind k)
{
	switch (k) {
	case KIND_MSG: return s->nmsg;
	case KIND_SEM: return s->nsem;
	case KIND_SHM: return s->nshm;
	default: return 0;
	}
}

const struct ipc_common *obj_common(const void *obj)
{
	return obj;
}

const char *wait_op_name(enum wait_op op)
{
	switch (op) {
	case WAIT_SEND: return "send";
	case WAIT_RECV: return "recv";
	case WAIT_SEMOP: return "semop";
	}
	return "?";
}

static void copy_text(char *buf, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* "cat(1234),sh(5678)" or "cat(1234):recv,sh(5678):send" (bare pids
 * without a process table); "?" when unreadable, "-" if none. */
static void text_list(const struct field *f, const struct field_ctx *ctx, const void *obj,
		      char *buf, size_t len)
{
	const void *items;
	int err;
	size_t n = f->list(obj, &items, &err), o = 0;

	buf[0] = '\0';
	if (n == 0) {
		/* the common case on every row: no snprintf for it */
		buf[0] = len > 1 ? (err ? '?' : '-') : '\0';
		if (len > 1)
			buf[1] = '\0';
		return;
	}
	if (f->type == FT_PIDS) {
		proc_pids_text(ctx->snap, items, n, buf, len);
		o = strlen(buf);
	}
	for (size_t i = 0; f->type == FT_WAITERS && i < n && o < len; i++) {
		const struct waiter *wt = (const struct waiter *)items + i;
		char who[PROC_COMM_MAX + 24];
		int w;

		proc_pid_label(ctx->snap, wt->pid, who, sizeof(who));
		w = snprintf(buf + o, len - o, "%s%s:%s", i ? "," : "", who, wait_op_name(wt->op));
		if (w < 0)
			break;
		o += (size_t)w;
	}
	/* some processes could not be read: say the list may be short */
	if (err && o + 2 < len)
		snprintf(buf + o, len - o, ",?");
}

void field_text(const struct field *f, const struct field_ctx *ctx,
		const void *obj, char *buf, size_t len)
{
	if (len == 0)
		return;
	/* a pid column names its process, or says it exited */
	if ((f->flags & FIELD_PID) && f->type == FT_NUM && ctx->snap &&
	    ctx->snap->have_procs) {
		proc_pid_label(ctx->snap, f->num(obj), buf, len);
		return;
	}
	if (f->text) {
		f->text(obj, ctx, buf, len);
		return;
	}
	switch (f->type) {
	case FT_PIDS:
	case FT_WAITERS:
		text_list(f, ctx, obj, buf, len);
		return;
	case FT_BOOL:
		copy_text(buf, len, f->num(obj) ? "yes" : "no");
		return;
	default: {
		char num[FMT_NUM_MAX];
		long long v = f->num(obj);
		size_t n;

		if (v != IPC_UNKNOWN && len >= FMT_NUM_MAX) {
			fmt_ll(buf, v);   /* straight into the cell */
			return;
		}
		n = v == IPC_UNKNOWN ? 1 : fmt_ll(num, v);
		if (v == IPC_UNKNOWN)
			num[0] = '?';
		if (n >= len)
			n = len - 1;
		memcpy(buf, num, n);
		buf[n] = '\0';
	}
	}
}

static long long sort_num(const struct field *f, const void *obj)
{
	if (f->num)
		return f->num(obj);
	/* lists sort by their length */
	const void *items;
	int err;
	return (long long)f->list(obj, &items, &err);
}

int field_cmp(const struct field *f, const struct field_ctx *ctx,
	      const void *a, const void *b)
{
	int r;

	if (f->flags & FIELD_TEXTSORT) {
		char ta[128], tb[128];
		field_text(f, ctx, a, ta, sizeof(ta));
		field_text(f, ctx, b, tb, sizeof(tb));
		r = strcmp(ta, tb);
	} else {
		long long va = sort_num(f, a), vb = sort_num(f, b);
		r = (va > vb) - (va < vb);
	}
	if (r == 0) {
		int32_t ia = obj_common(a)->id, ib = obj_common(b)->id;
		r = (ia > ib) - (ia < ib);
	}
	return r;
}

struct sort_by {
	const struct field *f;
	const struct field_ctx *ctx;
	bool reverse;
};

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct sort_by *sb = arg;
	int c = field_cmp(sb->f, sb->ctx, *(const void *const *)a, *(const void *const *)b);
	return sb->reverse ? -c : c;
}

void fields_sort(const struct field *f, const struct field_ctx *ctx,
		 const void **rows, size_t n, bool reverse)
{
	struct sort_by sb = { f, ctx, reverse };

	(void)msort(rows, n, sizeof(*rows), cmp_rows, &sb);
}

static bool known_anywhere(const char *name)
{
	for (int k = 0; k < KIND_COUNT; k++)
		if (field_find((enum ipc_kind)k, name))
			return true;
	return false;
}

int fields_parse_list(enum ipc_kind k, const char *list, const struct field **out,
		      size_t max, bool skip_foreign, char *bad, size_t badlen)
{
	size_t n = 0;
	const char *p = list;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char name[32];

		if (len == 0 || len >= sizeof(name)) {
			snprintf(bad, badlen, "%.*s", (int)(len < 31 ? len : 31), p);
			return -1;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		const struct field *f = field_find(k, name);
		if (f) {
			if (n < max)
				out[n++] = f;
		} else if (!skip_foreign || !known_anywhere(name)) {
			snprintf(bad, badlen, "%s", name);
			return -1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return (int)n;
}

static bool ci_contains(const char *hay, const char *needle)
{
	return strcasestr(hay, needle) != NULL;
}

bool field_match(enum ipc_kind k, const struct field_ctx *ctx,
		 const void *obj, const char *needle)
{
	const struct ipc_common *c = obj_common(obj);
	char buf[256];
	size_t n;
	const struct field *f;

	if (!needle || !*needle)
		return true;
	snprintf(buf, sizeof(buf), "0x%08x", (unsigned)c->key);
	if (ci_contains(buf, needle))
		return true;
	snprintf(buf, sizeof(buf), "%d", c->key);
	if (strcmp(buf, needle) == 0)
		return true;
	snprintf(buf, sizeof(buf), "%d", c->id);
	if (strcmp(buf, needle) == 0)
		return true;
	if (ctx->names && ci_contains(names_user(ctx->names, c->uid), needle))
		return true;
	f = fields_of(k, &n);
	for (size_t i = 0; i < n; i++) {
		if (!(f[i].flags & FIELD_PID))
			continue;
		field_text(&f[i], ctx, obj, buf, sizeof(buf));
		/* a whole pid within a "1,2,3" or "4:recv" list */
		for (char *t = buf; t && *t;) {
			size_t len = strspn(t, "0123456789");
			if (len && len == strlen(needle) && strncmp(t, needle, len) == 0)
				return true;
			t = strpbrk(t + len, "0123456789");
		}
	}
	return false;
}

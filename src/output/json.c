/* JSON output: one document {"msg": [...], "sem": [...], "shm": [...],
 * "signals": [...], "pipes": [...], "limits": {...}}, a key per kind
 * chosen; shape documented in README.md. Times are Unix seconds (0 for
 * never); values the kernel would not give are null. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/json.h"
#include "ipctop/kind.h"
#include "ipctop/output.h"
#include "ipctop/signals.h"

static void json_opt_num(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	if (v == IPC_UNKNOWN)
		json_null(j);
	else
		json_num(j, v);
}

static void json_list(struct json *j, const struct field *f, const void *obj)
{
	const void *items;
	int err;
	size_t n = f->list(obj, &items, &err);

	/* unreadable and empty: unknown, not "none" */
	if (n == 0 && err) {
		json_null(j);
		return;
	}
	json_open(j, '[');
	for (size_t i = 0; i < n; i++) {
		if (f->type == FT_PIDS) {
			json_num(j, ((const int32_t *)items)[i]);
		} else {
			const struct waiter *w = &((const struct waiter *)items)[i];
			json_open(j, '{');
			json_key(j, "pid");
			json_num(j, w->pid);
			json_key(j, "op");
			json_str(j, wait_op_name(w->op));
			json_close(j, '}');
		}
	}
	json_close(j, ']');
}

static void json_sigset(struct json *j, uint64_t mask)
{
	char name[16];

	json_open(j, '[');
	for (int sig = 1; sig <= SIG_COUNT; sig++)
		if (sig_in(mask, sig))
			json_str(j, sig_name(sig, name, sizeof(name)));
	json_close(j, ']');
}

static void json_field(struct json *j, const struct field *f,
		       const struct field_ctx *ctx, const void *obj)
{
	char buf[4096];

	json_key(j, f->json);
	switch (f->type) {
	case FT_NUM: {
		long long v = f->num(obj);
		if (v == IPC_UNKNOWN)
			json_null(j);
		else
			json_num(j, v);
		break;
	}
	case FT_BOOL:
		json_bool(j, f->num(obj) != 0);
		break;
	case FT_PIDS:
	case FT_WAITERS:
		json_list(j, f, obj);
		break;
	case FT_SIGSET:
		json_sigset(j, (uint64_t)f->num(obj));
		break;
	default:
		/* a text whose number is unknown ("?"): null */
		if (f->num && f->num(obj) == IPC_UNKNOWN) {
			json_null(j);
			break;
		}
		if (f->flags & FIELD_OPTSTR) {
			/* the text itself: "" is nothing there, not "-" */
			buf[0] = '\0';
			f->text(obj, ctx, buf, sizeof(buf));
			if (!buf[0]) {
				json_null(j);
				break;
			}
		} else {
			field_text(f, ctx, obj, buf, sizeof(buf));
		}
		json_str(j, buf);
	}
}

/* The rows under one object, with -i (a set's "sems"). */
static void json_sub(struct json *j, const struct subtable *st, const void *obj,
		     const struct field_ctx *ctx)
{
	void *rows;
	int err;
	size_t n = st->rows(obj, &rows, &err);

	json_key(j, st->json);
	if (n == 0 && err) {
		json_null(j);
		free(rows);
		return;
	}
	json_open(j, '[');
	for (size_t i = 0; i < n; i++) {
		json_open(j, '{');
		for (size_t c = 0; c < st->nfields; c++)
			json_field(j, &st->fields[c], ctx, (char *)rows + i * st->rowsize);
		json_close(j, '}');
	}
	json_close(j, ']');
	free(rows);
}

static void json_limits(struct json *j, const struct ipc_limits *l)
{
	/* shmmax and shmall are unsigned (up to ULONG_MAX): flagged 'u' */
	static const struct { const char *key; size_t off; bool u; } keys[] = {
#define L(name) { #name, offsetof(struct ipc_limits, name), false }
#define U(name) { #name, offsetof(struct ipc_limits, name), true }
		L(msgmni), L(msgmax), L(msgmnb), L(semmsl), L(semmns), L(semopm),
		L(semmni), L(shmmni), U(shmmax), U(shmall), L(pagesize), L(shmmin), L(semvmx),
		L(msg_queues), L(msg_bytes), L(msg_msgs), L(sem_sets), L(sem_sems),
		L(shm_segs), L(shm_bytes), L(shm_pages), L(shm_rss), L(shm_swap),
		L(mq_queues_max), L(mq_msg_max), L(mq_msgsize_max), L(mq_msg_default),
		L(mq_msgsize_default), L(mq_queues), L(devshm_size), L(devshm_used),
#undef L
#undef U
	};
	json_key(j, "limits");
	json_open(j, '{');
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const void *p = (const char *)l + keys[i].off;
		if (!keys[i].u) {
			json_opt_num(j, keys[i].key, *(const long long *)p);
			continue;
		}
		unsigned long long v = *(const unsigned long long *)p;
		json_key(j, keys[i].key);
		if (v == (unsigned long long)IPC_UNKNOWN)
			json_null(j);
		else
			json_unum(j, v);
	}
	json_close(j, '}');
}

/* "namespaces": the IPC namespaces read, each object's "ns" one of them. */
static void json_namespaces(struct json *j, const struct snapshot *s,
			    const struct output_opts *o)
{
	/* a fixture tree's is no namespace at all */
	if (!s->nns || (s->nns == 1 && !s->ns[0].info.inode))
		return;
	json_key(j, "namespaces");
	json_open(j, '[');
	for (size_t i = 0; i < s->nns; i++) {
		const struct snap_ns *n = &s->ns[i];

		json_open(j, '{');
		json_key(j, "ns");
		json_unum(j, n->info.inode);
		json_key(j, "label");
		json_str(j, n->info.label);
		json_key(j, "runtime");
		if (n->info.runtime[0])
			json_str(j, n->info.runtime);
		else
			json_null(j);
		json_key(j, "container");
		if (n->info.id[0])
			json_str(j, n->info.id);
		else
			json_null(j);
		json_key(j, "pid");
		json_num(j, n->info.pid);
		json_key(j, "nprocs");
		json_unum(j, n->info.nproc);
		json_key(j, "error");
		if (n->err)
			json_str(j, strerror(-n->err));
		else
			json_null(j);
		if (o->limits && n->have_limits && s->nns > 1)
			json_limits(j, &n->limits);
		json_close(j, '}');
	}
	json_close(j, ']');
}

int output_json_kinds(FILE *f, const struct snapshot *s, const struct output_opts *o,
		      const struct kind *const *all, size_t nk,
		      const struct field **cols[KIND_SLOTS], const size_t ncols[KIND_SLOTS])
{
	struct json j;

	json_init(&j, f);
	json_open(&j, '{');
	for (size_t ki = 0; ki < nk; ki++) {
		const struct kind *k = all[ki];
		const struct objlist *l = &s->list[k->id];
		size_t n;
		const void **rows;

		if (!o->want[k->id] || (!l->have && l->err == 0))
			continue;
		json_key(&j, k->name);
		if (l->err < 0) {
			json_null(&j);      /* could not be read: not "none" */
			continue;
		}
		rows = output_rows(s, k, o, &n);
		if (!rows)
			return -ENOMEM;
		json_open(&j, '[');
		for (size_t i = 0; i < n; i++) {
			json_open(&j, '{');
			for (size_t c = 0; c < ncols[k->id]; c++)
				json_field(&j, cols[k->id][c], &o->ctx, rows[i]);
			if (k->sub && k->sub->json && o->detail_id >= 0)
				json_sub(&j, k->sub, rows[i], &o->ctx);
			json_close(&j, '}');
		}
		json_close(&j, ']');
		free(rows);
	}
	if (o->limits && s->have_limits)
		json_limits(&j, &s->limits);
	json_namespaces(&j, s, o);
	json_close(&j, '}');
	json_end(&j);
	return ferror(f) ? -EIO : 0;
}

/* Generic column machinery over any kind: lookup, cell text, comparison,
 * sort, filter. Nothing here knows one kind from another. */
#define _GNU_SOURCE
#include "ipctop/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ipctop/kind.h"
#include "ipctop/ident.h"

/* Room for a sanitised POSIX name (4 bytes for each of 256): two names
 * that differ only past this would tie. */
#define SORT_TEXT_MAX 1100
#include "ipctop/msort.h"
#include "ipctop/proctab.h"
#include "ipctop/signals.h"

const struct field *field_find(const struct kind *k, const char *name)
{
	for (size_t i = 0; i < k->nfields; i++)
		if (strcasecmp(k->fields[i].name, name) == 0)
			return &k->fields[i];
	return NULL;
}

int field_cut_rank(const struct field *f)
{
	if (f->type == FT_PIDS || f->type == FT_WAITERS || f->type == FT_SIGSET ||
	    (f->flags & FIELD_LONG))
		return 0;
	if (f->flags & (FIELD_MATCH | FIELD_MATCH_NUM))
		return 2;
	return 1;
}

const void *snap_obj(const struct snapshot *s, const struct kind *k, size_t i)
{
	return (const char *)s->list[k->id].v + i * k->objsize;
}

size_t snap_count(const struct snapshot *s, const struct kind *k)
{
	return s->list[k->id].n;
}

const char *wait_op_name(enum wait_op op)
{
	static const char *const names[] = {
		[WAIT_SEND] = "send", [WAIT_RECV] = "recv", [WAIT_SEMOP] = "semop",
	};
	return (unsigned)op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
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
	    snap_have(ctx->snap, KIND_PROC)) {
		proc_pid_label(ctx->snap, f->num(obj), buf, len);
		return;
	}
	if (f->text) {
		f->text(obj, ctx, buf, len);
		if ((f->flags & FIELD_OPTSTR) && !buf[0])
			copy_text(buf, len, "-");
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
	case FT_SIGSET: {
		uint64_t m = (uint64_t)f->num(obj);
		if (!m)
			copy_text(buf, len, "-");
		else
			sig_mask_names(m, buf, len);
		return;
	}
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

int field_cmp(const struct kind *k, const struct field *f, const struct field_ctx *ctx,
	      const void *a, const void *b)
{
	int r;

	if ((f->flags & FIELD_TEXTSORT) || (!f->num && !f->list)) {
		char ta[SORT_TEXT_MAX], tb[SORT_TEXT_MAX];
		field_text(f, ctx, a, ta, sizeof(ta));
		field_text(f, ctx, b, tb, sizeof(tb));
		r = strcmp(ta, tb);
	} else if (f->type == FT_SIGSET) {
		/* masks are unsigned: signal 64 is the top bit */
		unsigned long long va = (unsigned long long)f->num(a),
				   vb = (unsigned long long)f->num(b);
		r = (va > vb) - (va < vb);
	} else {
		long long va = sort_num(f, a), vb = sort_num(f, b);
		r = (va > vb) - (va < vb);
	}
	if (r == 0 && k->id_field && k->id_field != f) {
		const struct field *idf = k->id_field;

		/* an id that is a name (POSIX objects) ties by its text */
		if (idf->num && !(idf->flags & FIELD_TEXTSORT)) {
			long long ia = idf->num(a), ib = idf->num(b);
			r = (ia > ib) - (ia < ib);
		} else {
			char ta[SORT_TEXT_MAX], tb[SORT_TEXT_MAX];
			field_text(idf, ctx, a, ta, sizeof(ta));
			field_text(idf, ctx, b, tb, sizeof(tb));
			r = strcmp(ta, tb);
		}
	}
	/* the same id in several namespaces: in namespace order, so that
	 * the live view and --once agree and rows do not swap on refresh */
	if (r == 0 && k->ident) {
		struct ident ia, ib;
		ident_of(&ia, k, a);
		ident_of(&ib, k, b);
		r = (ia.ns > ib.ns) - (ia.ns < ib.ns);
	}
	return r;
}

struct sort_by {
	const struct kind *k;
	const struct field *f;
	const struct field_ctx *ctx;
	bool reverse;
};

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct sort_by *sb = arg;
	int c = field_cmp(sb->k, sb->f, sb->ctx, *(const void *const *)a,
			  *(const void *const *)b);
	return sb->reverse ? -c : c;
}

void fields_sort(const struct kind *k, const struct field *f, const struct field_ctx *ctx,
		 const void **rows, size_t n, bool reverse)
{
	struct sort_by sb = { k, f, ctx, reverse };

	(void)msort(rows, n, sizeof(*rows), cmp_rows, &sb);
}

static bool known_anywhere(const char *name)
{
	size_t n;
	const struct kind *const *all = kinds_all(&n);

	for (size_t i = 0; i < n; i++)
		if (field_find(all[i], name))
			return true;
	return false;
}

int fields_parse_list(const struct kind *k, const char *list, const struct field **out,
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

/* "+COL,-COL": changes to the defaults rather than a list of columns. */
static bool is_change(const char *spec)
{
	return spec[0] == '+' || spec[0] == '-';
}

int fields_parse_spec(const struct kind *k, const char *spec, const struct field **out,
		      size_t max, bool skip_foreign, char *bad, size_t badlen)
{
	size_t n = 0;
	const char *p = spec;

	if (!is_change(spec))
		return fields_parse_list(k, spec, out, max, skip_foreign, bad, badlen);
	/* the namespace column is not among them: it comes with the rows
	 * of several namespaces (field_default), or by name */
	for (size_t i = 0; i < k->nfields && n < max; i++)
		if ((k->fields[i].flags & FIELD_DEFAULT) && !(k->fields[i].flags & FIELD_MULTINS))
			out[n++] = &k->fields[i];
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char name[32];

		/* every item says what it does: "+A,B" would be ambiguous */
		if (len < 2 || len - 1 >= sizeof(name) || !is_change(p)) {
			snprintf(bad, badlen, "%.*s", (int)(len < 31 ? len : 31), p);
			return -2;
		}
		memcpy(name, p + 1, len - 1);
		name[len - 1] = '\0';
		const struct field *f = field_find(k, name);
		if (!f && (!skip_foreign || !known_anywhere(name))) {
			snprintf(bad, badlen, "%s", name);
			return -1;
		}
		size_t at = n;
		for (size_t i = 0; f && i < n; i++)
			if (out[i] == f)
				at = i;
		if (f && p[0] == '+' && at == n && n < max)
			out[n++] = f;
		else if (f && p[0] == '-' && at < n) {
			memmove(&out[at], &out[at + 1], (n - at - 1) * sizeof(*out));
			n--;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return (int)n;
}

/* A whole pid within a "1,2,3" or "4:recv" list, or the command of one:
 * "cat(1234)" matches "1234" and "cat". */
static bool pids_match(const char *text, const char *needle)
{
	size_t nl = strlen(needle);

	for (const char *t = text; t && *t;) {
		size_t len = strspn(t, "0123456789");
		if (len && len == nl && strncmp(t, needle, len) == 0)
			return true;
		t = strpbrk(t + len, "0123456789");
	}
	/* a command name: text outside the digits and parentheses */
	return strspn(needle, "0123456789") != nl && strcasestr(text, needle) != NULL;
}

bool field_match(const struct kind *k, const struct field_ctx *ctx,
		 const void *obj, const char *needle)
{
	char buf[4096];

	if (!needle || !*needle)
		return true;
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		if (!(f->flags & (FIELD_MATCH | FIELD_MATCH_NUM | FIELD_PID)))
			continue;
		if ((f->flags & FIELD_MATCH_NUM) && f->num) {
			char num[FMT_NUM_MAX];
			long long v = f->num(obj);
			if (v != IPC_UNKNOWN) {
				fmt_ll(num, v);
				if (strcmp(num, needle) == 0)
					return true;
			}
		}
		if (!(f->flags & (FIELD_MATCH | FIELD_PID)))
			continue;
		field_text(f, ctx, obj, buf, sizeof(buf));
		if ((f->flags & FIELD_MATCH) && strcasestr(buf, needle))
			return true;
		if ((f->flags & FIELD_PID) && pids_match(buf, needle))
			return true;
	}
	return false;
}

bool field_default(const struct field *f, const struct snapshot *s)
{
	if (!(f->flags & FIELD_DEFAULT))
		return false;
	return !(f->flags & FIELD_MULTINS) || (s && s->nns > 1);
}

void field_ns_label(const struct snapshot *s, unsigned long long ns, char *buf, size_t len)
{
	const struct snap_ns *n = s ? snap_ns_find(s, ns) : NULL;

	if (n)
		snprintf(buf, len, "%s", n->info.label);
	else if (ns)
		snprintf(buf, len, "ipc:[%llu]", ns);
	else
		snprintf(buf, len, "-");
}

long long field_owner(const struct kind *k, const void *obj)
{
	for (size_t i = 0; i < k->nfields; i++)
		if ((k->fields[i].flags & FIELD_OWNER) && k->fields[i].num)
			return k->fields[i].num(obj);
	return -1;
}

long long field_value(const struct field *f, const void *obj)
{
	const void *items;
	int err;
	size_t n;

	switch (f->type) {
	case FT_NUM:
	case FT_BOOL:
		return f->num ? f->num(obj) : IPC_UNKNOWN;
	case FT_PIDS:
	case FT_WAITERS:
		if (!f->list)
			return IPC_UNKNOWN;
		n = f->list(obj, &items, &err);
		/* unreadable and empty: unknown, not "none" */
		return n == 0 && err ? IPC_UNKNOWN : (long long)n;
	default:
		return IPC_UNKNOWN;
	}
}

bool field_key(const struct kind *k, const void *obj, long long *key)
{
	for (size_t i = 0; i < k->nfields; i++) {
		if ((k->fields[i].flags & FIELD_KEY) && k->fields[i].num) {
			*key = k->fields[i].num(obj);
			return *key != IPC_UNKNOWN;
		}
	}
	return false;
}

void field_describe(const struct kind *k, const struct field_ctx *ctx, const void *obj,
		    char *buf, size_t len)
{
	const struct field *owner = field_find(k, "OWNER");
	char what[IDENT_NAME_MAX + 64], who[64] = "", more[96] = "", held[256] = "";
	struct ident id;

	char in[NS_LABEL_MAX + 8] = "";
	const struct snapshot *s = ctx ? ctx->snap : NULL;

	ident_of(&id, k, obj);
	ident_label(&id, what, sizeof(what));
	/* which namespace, once there is more than one in view or the one
	 * is not ipctop's own */
	if (s && (s->nns > 1 || (s->nns == 1 && !s->ns[0].info.self))) {
		char label[NS_LABEL_MAX];
		field_ns_label(s, id.ns, label, sizeof(label));
		snprintf(in, sizeof(in), " in %s", label);
	}
	if (owner)
		field_text(owner, ctx, obj, who, sizeof(who));
	if (k->summary)
		k->summary(obj, more, sizeof(more));
	/* who keeps its memory after the name goes, by name and pid */
	if (k->holders)
		field_text(k->holders, ctx, obj, held, sizeof(held));
	if (strcmp(held, "-") == 0)
		snprintf(held, sizeof(held), "no process");
	/* each part cut to what is left of the line */
	const char *parts[] = { what, in, who[0] ? "  owner " : "", who, more[0] ? "  " : "",
				more, held[0] ? "  held by " : "", held };
	size_t o = 0;
	if (len == 0)
		return;
	for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++) {
		size_t n = strlen(parts[p]);
		if (n > len - 1 - o)
			n = len - 1 - o;
		memcpy(buf + o, parts[p], n);
		o += n;
	}
	buf[o] = '\0';
}

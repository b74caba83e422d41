/* The health rules: each walks one object (or the limits table) through
 * its kind's health hooks and adds findings. Nothing here knows one kind
 * from another; a rule that lacks a hook of a kind skips that kind. */
#define _GNU_SOURCE
#include "ipctop/health.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/fields.h"
#include "ipctop/fmt.h"
#include "ipctop/kind.h"
#include "ipctop/limits.h"
#include "ipctop/proctab.h"
#include "ipctop/vec.h"

static const struct health_rule_desc rules[HR_COUNT] = {
	[HR_ORPHANED_SEGMENT] = { "orphaned-segment",
		"no process attached, creator gone, unused for --min-age",
		NEED_PROCS, false },
	[HR_DESTROYED_ATTACHED] = { "destroyed-attached",
		"a segment removed, still attached: its memory is held",
		NEED_USERS | NEED_PROCS, false },
	[HR_FULL_QUEUE] = { "full-queue",
		"a queue filled to --queue-full; critical: a sender blocked",
		NEED_QBYTES | NEED_USERS | NEED_PROCS, false },
	[HR_STUCK_WAITERS] = { "stuck-waiters",
		"processes blocked, no send/receive/semop for --min-age",
		NEED_USERS | NEED_PROCS, false },
	[HR_DEAD_HOLDER] = { "dead-holder",
		"a semaphore's last operator is gone, others wait on it",
		NEED_USERS | NEED_PROCS | NEED_SEMHOLDERS, false },
	[HR_UNOWNED] = { "unowned",
		"owner without an account, or a user running no process",
		NEED_ACCOUNTS, false },
	[HR_POSIX_ORPHAN] = { "posix-orphan",
		"POSIX memory nobody maps or holds, unused for --min-age",
		NEED_USERS | NEED_PROCS, false },
	[HR_NEAR_LIMIT] = { "near-limit",
		"a kernel limit used to --limit-warn or --limit-crit",
		0, true },
};

const struct health_rule_desc *health_rule(enum health_rule r)
{
	return (unsigned)r < HR_COUNT ? &rules[r] : NULL;
}

int health_rule_find(const char *name)
{
	for (int i = 0; i < HR_COUNT; i++)
		if (name && strcmp(rules[i].name, name) == 0)
			return i;
	return -1;
}

const char *health_sev_name(enum health_sev sev)
{
	return sev == SEV_CRITICAL ? "critical" : sev == SEV_WARNING ? "warning" : "ok";
}

void health_opts_init(struct health_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->rules = HEALTH_ALL_RULES;
	o->min_age = 3600;
	o->queue_full_pct = 90;
	o->limit_warn_pct = 80;
	o->limit_crit_pct = 95;
}

/* A percentage 1..100 ("90" or "90%"); -1 otherwise. */
static int parse_pct(const char *v)
{
	int n = 0;

	if (!v || !*v)
		return -1;
	for (; *v >= '0' && *v <= '9'; v++) {
		n = n * 10 + (*v - '0');
		if (n > 100)
			return -1;
	}
	if (*v == '%')
		v++;
	return *v || n < 1 ? -1 : n;
}

int health_setting(struct health_opts *o, const char *name, const char *val)
{
	static const struct { const char *name; size_t off; } pcts[] = {
		{ "health.queue-full", offsetof(struct health_opts, queue_full_pct) },
		{ "health.limit-warn", offsetof(struct health_opts, limit_warn_pct) },
		{ "health.limit-crit", offsetof(struct health_opts, limit_crit_pct) },
	};

	if (strcmp(name, "health.min-age") == 0) {
		long long v = fmt_parse_duration(val);
		if (v < 0)
			return -EINVAL;
		o->min_age = v;
		return 1;
	}
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		if (strcmp(name, pcts[i].name) != 0)
			continue;
		int v = parse_pct(val);
		if (v < 0)
			return -EINVAL;
		memcpy((char *)o + pcts[i].off, &v, sizeof(v));
		return 1;
	}
	return 0;
}

unsigned health_needs(const struct health_opts *o)
{
	unsigned n = 0;

	for (int i = 0; i < HR_COUNT; i++)
		if (o->rules & (1u << i))
			n |= rules[i].needs;
	return n;
}

bool health_needs_limits(const struct health_opts *o)
{
	for (int i = 0; i < HR_COUNT; i++)
		if ((o->rules & (1u << i)) && rules[i].limits)
			return true;
	return false;
}

/* ---- collecting findings ---- */

struct ctx {
	const struct snapshot *s;
	const struct health_opts *o;
	long long now;
	struct finding *v;
	size_t n, cap;
	int err;
};

static bool on(const struct ctx *c, enum health_rule r)
{
	return (c->o->rules & (1u << r)) != 0;
}

static void free_finding(struct finding *f)
{
	free(f->message);
	f->message = NULL;
}

/* A finding about obj (k NULL: about the limit named name). */
__attribute__((format(printf, 6, 7)))
static void add(struct ctx *c, enum health_rule rule, enum health_sev sev,
		const struct kind *k, const void *obj, const char *fmt, ...)
{
	struct finding f;
	char what[IDENT_NAME_MAX + 64], *text = NULL;
	va_list ap;
	int r;

	if (c->err)
		return;
	memset(&f, 0, sizeof(f));
	f.rule = rule;
	f.sev = sev;
	f.ns = c->o->ns;
	f.id = f.key = f.uid = IPC_UNKNOWN;
	va_start(ap, fmt);
	r = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (r < 0) {
		c->err = -ENOMEM;
		return;
	}
	if (k) {
		long long key;

		ident_of(&f.obj, k, obj);
		/* the object's own namespace, when the snapshot knows it */
		if (f.obj.ns)
			f.ns = f.obj.ns;
		if (k->id_field && k->id_field->num)
			f.id = k->id_field->num(obj);
		if (field_key(k, obj, &key))
			f.key = key;
		f.uid = field_owner(k, obj);
		if (f.uid < 0)
			f.uid = IPC_UNKNOWN;
		ident_label(&f.obj, what, sizeof(what));
		r = asprintf(&f.message, "%s: %s", what, text);
		free(text);
		if (r < 0) {
			c->err = -ENOMEM;
			return;
		}
	} else {
		f.message = text;
	}
	if (VEC_PUSH(c->v, c->n, c->cap, f) < 0) {
		free_finding(&f);
		c->err = -ENOMEM;
	}
}

/* "ipcwait(812):send,cat(813):recv" of wl's waiters doing op (-1: any);
 * the count. */
static size_t waiters_text(const struct snapshot *s, const struct waitlist *wl, int op,
			   char *buf, size_t len)
{
	size_t n = 0, o = 0;

	buf[0] = '\0';
	for (size_t i = 0; wl && i < wl->n; i++) {
		char who[PROC_COMM_MAX + 24];
		int w;

		if (op >= 0 && (int)wl->v[i].op != op)
			continue;
		n++;
		if (o + 1 >= len)
			continue;
		proc_pid_label(s, wl->v[i].pid, who, sizeof(who));
		w = snprintf(buf + o, len - o, "%s%s:%s", o ? "," : "", who,
			     wait_op_name(wl->v[i].op));
		if (w > 0)
			o += (size_t)w;
	}
	if (o >= len && len > 4)
		memcpy(buf + len - 4, "...", 4);
	return n;
}

static const char *plural(long long n)
{
	return n == 1 ? "" : "es";
}

static void rule_orphan(struct ctx *c, const struct kind *k, const void *obj)
{
	const struct health_hooks *h = k->health;
	char age[32], size[32], creator[PROC_COMM_MAX + 32] = "";
	long long cpid, last;

	if (h->orphan >= HR_COUNT || !on(c, h->orphan) || !h->holders || !h->last_used)
		return;
	/* unknown is not "none": only a count of zero says nobody holds it */
	if (h->holders(obj) != 0)
		return;
	if (h->creator) {
		cpid = h->creator(obj);
		if (cpid <= 0 || !proc_pid_gone(c->s, cpid))
			return;
		proc_pid_label(c->s, cpid, creator, sizeof(creator));
	}
	last = h->last_used(obj);
	if (last < 0 || c->now - last < c->o->min_age)
		return;
	fmt_duration(age, sizeof(age), c->now - last);
	fmt_size(size, sizeof(size), h->bytes ? h->bytes(obj) : IPC_UNKNOWN, 0);
	add(c, h->orphan, SEV_WARNING, k, obj, "%s held by no process, unused for %s%s%s",
	    size, age, creator[0] ? ", creator " : "", creator);
}

/* The holders as "cat(812),sh(813)" (",?" when the list is short). */
static void holders_text(const struct ctx *c, const struct health_hooks *h, const void *obj,
			 char *buf, size_t len)
{
	const struct pidlist *pl = h->holder_list ? h->holder_list(obj) : NULL;

	buf[0] = '\0';
	if (!pl || pl->n == 0)
		return;
	proc_pids_text(c->s, pl->v, pl->n, buf, len);
	if (pl->err && strlen(buf) + 3 < len)
		strcat(buf, ",?");
}

static void rule_destroyed(struct ctx *c, const struct kind *k, const void *obj)
{
	const struct health_hooks *h = k->health;
	char who[512], size[32];
	long long n;

	if (!on(c, HR_DESTROYED_ATTACHED) || !h->destroyed || !h->holders || !h->destroyed(obj))
		return;
	n = h->holders(obj);
	if (n <= 0)
		return;
	holders_text(c, h, obj, who, sizeof(who));
	fmt_size(size, sizeof(size), h->bytes ? h->bytes(obj) : IPC_UNKNOWN, 0);
	add(c, HR_DESTROYED_ATTACHED, SEV_WARNING, k, obj,
	    "removed, still attached by %lld process%s%s%s; its %s stay until %s detach%s",
	    n, plural(n), who[0] ? ": " : "", who, size, n == 1 ? "it" : "they",
	    n == 1 ? "es" : "");
}

static void rule_full(struct ctx *c, const struct kind *k, const void *obj)
{
	const struct health_hooks *h = k->health;
	long long used, limit, senders;
	char u[32], l[32], who[512];

	if (!on(c, HR_FULL_QUEUE) || !h->fill || !h->fill(obj, &used, &limit) ||
	    limit <= 0 || used < 0 || used * 100 < (long long)c->o->queue_full_pct * limit)
		return;
	senders = (long long)waiters_text(c->s, h->waiters ? h->waiters(obj) : NULL, WAIT_SEND,
					  who, sizeof(who));
	if (h->fill_bytes) {
		fmt_size(u, sizeof(u), used, 0);
		fmt_size(l, sizeof(l), limit, 0);
	} else {
		snprintf(u, sizeof(u), "%lld", used);
		snprintf(l, sizeof(l), "%lld messages", limit);
	}
	add(c, HR_FULL_QUEUE, senders > 0 || used >= limit ? SEV_CRITICAL : SEV_WARNING, k, obj,
	    "%s of %s queued (%lld%%)%s%s%s", u, l, used * 100 / limit,
	    senders ? ", sender blocked: " : "", senders ? who : "",
	    !senders && used >= limit ? ", full: the next send blocks" : "");
}

static void rule_stuck(struct ctx *c, const struct kind *k, const void *obj)
{
	const struct health_hooks *h = k->health;
	const struct waitlist *wl;
	char age[32], who[512];
	long long last;
	size_t n;

	if (!on(c, HR_STUCK_WAITERS) || !h->waiters || !h->last_progress)
		return;
	wl = h->waiters(obj);
	if (!wl || wl->n == 0)
		return;
	last = h->last_progress(obj);
	if (last < 0 || c->now - last < c->o->min_age)
		return;
	n = waiters_text(c->s, wl, -1, who, sizeof(who));
	fmt_duration(age, sizeof(age), c->now - last);
	add(c, HR_STUCK_WAITERS, SEV_WARNING, k, obj, "%zu process%s blocked, no %s for %s: %s",
	    n, plural((long long)n), h->progress ? h->progress : "progress", age, who);
}

static void rule_dead_holder(struct ctx *c, const struct kind *k, const void *obj)
{
	const struct health_hooks *h = k->health;
	const struct sem_value *v;
	char what[512] = "", who[512];
	size_t n, o = 0, found = 0;

	if (!on(c, HR_DEAD_HOLDER) || !h->semaphores)
		return;
	n = h->semaphores(obj, &v);
	for (size_t i = 0; i < n; i++) {
		char pid[PROC_COMM_MAX + 32];
		long long waiting;
		int w;

		if (v[i].pid <= 0 || v[i].ncnt < 0 || v[i].zcnt < 0)
			continue;
		waiting = v[i].ncnt + v[i].zcnt;
		if (waiting == 0 || !proc_pid_gone(c->s, v[i].pid))
			continue;
		found++;
		if (o + 1 >= sizeof(what))
			continue;
		proc_pid_label(c->s, v[i].pid, pid, sizeof(pid));
		w = snprintf(what + o, sizeof(what) - o, "%ssemaphore %d (value %lld) last "
			     "operated on by %s, %lld waiting", o ? "; " : "", v[i].num, v[i].value,
			     pid, waiting);
		if (w > 0)
			o += (size_t)w;
	}
	if (!found)
		return;
	waiters_text(c->s, h->waiters ? h->waiters(obj) : NULL, -1, who, sizeof(who));
	add(c, HR_DEAD_HOLDER, SEV_CRITICAL, k, obj, "%s%s%s", what, who[0] ? "; blocked: " : "",
	    who);
}

static int cmp_owner(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = ((const struct owner_info *)b)->uid;
	return (x > y) - (x < y);
}

static void rule_unowned(struct ctx *c, const struct kind *k, const void *obj)
{
	const struct owner_info *oi;
	long long uid;
	uint32_t u;

	if (!on(c, HR_UNOWNED) || !c->s->have_owners || (uid = field_owner(k, obj)) < 0)
		return;
	u = (uint32_t)uid;
	oi = bsearch(&u, c->s->owners, c->s->nowners, sizeof(*oi), cmp_owner);
	if (!oi)
		return;
	if (!oi->account)
		add(c, HR_UNOWNED, SEV_WARNING, k, obj, "owner uid %u has no account", oi->uid);
	else if (!oi->system && oi->procs == 0)
		add(c, HR_UNOWNED, SEV_WARNING, k, obj, "owner %s (uid %u) runs no process "
		    "(what systemd's RemoveIPC= removes at logout)", oi->name, oi->uid);
}

/* One namespace's limits (lim), ns its inode; label names it in the
 * message when several are in view (NULL: one). */
static void near_limit_in(struct ctx *c, const struct ipc_limits *lim, unsigned long long ns,
			  const char *label)
{
	size_t nrows;
	const struct limit_desc *rows = limits_table(&nrows);

	for (size_t i = 0; i < nrows; i++) {
		const struct limit_desc *d = &rows[i];
		unsigned long long limit;
		long long used;
		long double pct;
		enum health_sev sev;
		struct finding *f;

		/* a use counted from a list not collected would read as 0 */
		if (!c->s->list[d->k].have || !limit_use(lim, d, &limit, &used))
			continue;
		pct = (long double)used * 100.0L / (long double)limit;
		if ((long double)used * 100.0L >= (long double)c->o->limit_crit_pct * (long double)limit)
			sev = SEV_CRITICAL;
		else if ((long double)used * 100.0L >= (long double)c->o->limit_warn_pct * (long double)limit)
			sev = SEV_WARNING;
		else
			continue;
		add(c, HR_NEAR_LIMIT, sev, NULL, NULL, "%s%s%s: %lld of %llu %s in use (%.1Lf%%)",
		    label ? label : "", label ? " " : "", d->res, used, limit,
		    d->what ? d->what : "", pct);
		if (c->err)
			return;
		f = &c->v[c->n - 1];
		snprintf(f->obj.name, sizeof(f->obj.name), "%s", d->res);
		if (ns)
			f->ns = ns;
	}
}

/* The limits are per IPC namespace: each one's in view against its own. */
static void rule_near_limit(struct ctx *c)
{
	const struct snapshot *s = c->s;

	if (!on(c, HR_NEAR_LIMIT))
		return;
	if (s->nns == 0) {
		if (s->have_limits)
			near_limit_in(c, &s->limits, 0, NULL);
		return;
	}
	for (size_t i = 0; i < s->nns && !c->err; i++)
		if (s->ns[i].have_limits)
			near_limit_in(c, &s->ns[i].limits, s->ns[i].info.inode,
				      s->nns > 1 ? s->ns[i].info.label : NULL);
}

/* Findings in the order of the objects they are about (kind, id, name),
 * limits last: what health_of() searches. */
static int kind_order(const struct finding *f)
{
	return f->obj.kind ? (int)f->obj.kind->id : KIND_SLOTS;
}

static int cmp_obj(const struct finding *a, const struct finding *b)
{
	int ka = kind_order(a), kb = kind_order(b);

	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (a->obj.id != b->obj.id)
		return a->obj.id < b->obj.id ? -1 : 1;
	return strcmp(a->obj.name, b->obj.name);
}

static int cmp_finding(const void *x, const void *y)
{
	const struct finding *a = x, *b = y;
	int r = cmp_obj(a, b);

	if (r)
		return r;
	return (a->rule > b->rule) - (a->rule < b->rule);
}

static void clear_list(struct objlist *l)
{
	struct finding *v = l->v;

	for (size_t i = 0; i < l->n; i++)
		free_finding(&v[i]);
	l->n = 0;
}

int health_compute_kinds(struct snapshot *s, const struct health_opts *o,
			 const struct kind *const *kinds, size_t n)
{
	struct objlist *l = snap_list(s, kind_get(KIND_HEALTH));
	struct ctx c = { .s = s, .o = o, .now = s->taken.tv_sec };

	clear_list(l);
	for (size_t ki = 0; ki < n && !c.err; ki++) {
		const struct kind *k = kinds[ki];
		const struct objlist *ol = &s->list[k->id];

		if (!(k->flags & KIND_OBJECT) || !ol->have || ol->err < 0)
			continue;
		for (size_t i = 0; i < ol->n && !c.err; i++) {
			const void *obj = snap_obj(s, k, i);

			if (k->health) {
				rule_orphan(&c, k, obj);
				rule_destroyed(&c, k, obj);
				rule_full(&c, k, obj);
				rule_stuck(&c, k, obj);
				rule_dead_holder(&c, k, obj);
			}
			rule_unowned(&c, k, obj);
		}
	}
	if (!c.err)
		rule_near_limit(&c);
	if (c.err) {
		for (size_t i = 0; i < c.n; i++)
			free_finding(&c.v[i]);
		free(c.v);
		l->have = true;
		l->err = c.err;
		return c.err;
	}
	if (c.n)
		qsort(c.v, c.n, sizeof(*c.v), cmp_finding);
	free(l->v);
	l->v = c.v;
	l->n = c.n;
	l->cap = c.cap;
	l->have = true;
	l->err = 0;
	return 0;
}

int health_compute(struct snapshot *s, const struct health_opts *o)
{
	size_t n;
	const struct kind *const *all = kinds_all(&n);

	return health_compute_kinds(s, o, all, n);
}

/* ---- looking findings up ---- */

static const struct finding *findings(const struct snapshot *s, size_t *n)
{
	const struct objlist *l = &s->list[KIND_HEALTH];

	*n = l->have ? l->n : 0;
	return l->v;
}

enum health_sev health_of(const struct snapshot *s, const struct kind *k, const void *obj,
			  int rule)
{
	size_t n, lo = 0, hi;
	const struct finding *v = findings(s, &n);
	struct finding want;
	enum health_sev worst = SEV_OK;

	if (n == 0 || !(k->flags & KIND_OBJECT))
		return SEV_OK;
	memset(&want, 0, sizeof(want));
	ident_of(&want.obj, k, obj);
	hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_obj(&v[mid], &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < n && cmp_obj(&v[i], &want) == 0; i++) {
		if (rule >= 0 && (int)v[i].rule != rule)
			continue;
		if (ident_cmp(&v[i].obj, &want.obj) == IDENT_SAME && v[i].sev > worst)
			worst = v[i].sev;
	}
	return worst;
}

bool health_selects(const struct snapshot *s, const struct kind *k, const void *row, int rule)
{
	if (rule < 0)
		return true;
	if (k->id == KIND_HEALTH)
		return (int)((const struct finding *)row)->rule == rule;
	return health_of(s, k, row, rule) != SEV_OK;
}

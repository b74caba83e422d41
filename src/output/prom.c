/* The Prometheus text exposition format (0.0.4). Every series comes from
 * a table: the sections below, the limits table, and each kind's columns
 * that declare a metric. Names are ipctop_<what>_<unit>; every family is
 * written whole (HELP, TYPE, then its samples) as the format requires.
 *
 * Labels: kind (the kind's JSON name), ns (the IPC namespace, see
 * prom_ns_label) and, for an object, its FIELD_LABEL columns (key, id,
 * owner). Owner and group names are untrusted text: escaped here. */
#define _GNU_SOURCE
#include "ipctop/prom.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/fmt.h"
#include "ipctop/health.h"
#include "ipctop/ident.h"
#include "ipctop/kind.h"
#include "ipctop/limtab.h"
#include "ipctop/ns.h"

#ifndef IPCTOP_VERSION
#define IPCTOP_VERSION "0.1"
#endif

/* Room for one object's labels: a few short numbers and a user name of
 * at most LOGIN_NAME_MAX, each escaped (twice its length at worst). */
#define LABELS_MAX 2048
/* kind="...",ns="..." */
#define KL_MAX 512

size_t prom_escape_label(char *buf, size_t len, const char *v)
{
	size_t o = 0;

	if (len == 0)
		return 0;
	for (; *v; v++) {
		const char *esc = NULL;
		size_t need;

		if (*v == '\\')
			esc = "\\\\";
		else if (*v == '"')
			esc = "\\\"";
		else if (*v == '\n')
			esc = "\\n";
		need = esc ? 2 : 1;
		if (o + need >= len)
			break;
		if (esc) {
			buf[o++] = esc[0];
			buf[o++] = esc[1];
		} else {
			buf[o++] = *v;
		}
	}
	buf[o] = '\0';
	return o;
}

const char *prom_ns_label(const struct snapshot *s, unsigned long long ns)
{
	const struct snap_ns *n = snap_ns_find(s, ns);

	/* a snapshot without namespaces (a fixture tree) is ipctop's own */
	return n ? n->info.label : "host";
}

/* ---- choosing the objects ---- */

#define RANK_MAX 4

struct ranked {
	void *obj;
	long long r[RANK_MAX];
	long long id;
};

static int by_rank(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	for (int i = 0; i < RANK_MAX; i++)
		if (a->r[i] != b->r[i])
			return a->r[i] > b->r[i] ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int by_id(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	return (a->id > b->id) - (a->id < b->id);
}

void prom_sel_free(struct prom_sel *sel)
{
	for (int k = 0; k < KIND_SLOTS; k++)
		free(sel->objs[k]);
	memset(sel, 0, sizeof(*sel));
}

int prom_select(struct prom_sel *sel, struct snapshot *s, size_t max)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);

	memset(sel, 0, sizeof(*sel));
	for (size_t ki = 0; ki < nk; ki++) {
		const struct kind *k = all[ki];
		struct objlist *l = &s->list[k->id];
		const struct field *rank[RANK_MAX];
		size_t nrank = 0, n = l->have ? l->n : 0, m;
		struct ranked *v;

		if (!k->metric || n == 0)
			continue;
		sel->total[k->id] = n;
		for (size_t i = 0; i < k->nfields && nrank < RANK_MAX; i++)
			if (k->fields[i].flags & FIELD_RANK)
				rank[nrank++] = &k->fields[i];
		v = calloc(n, sizeof(*v));
		if (!v)
			goto nomem;
		for (size_t i = 0; i < n; i++) {
			v[i].obj = (char *)l->v + i * k->objsize;
			for (size_t r = 0; r < nrank; r++)
				v[i].r[r] = field_value(rank[r], v[i].obj);
			v[i].id = k->id_field && k->id_field->num ? k->id_field->num(v[i].obj) : (long long)i;
		}
		m = n < max ? n : max;
		if (m < n)
			qsort(v, n, sizeof(*v), by_rank);
		qsort(v, m, sizeof(*v), by_id);
		sel->objs[k->id] = malloc((m ? m : 1) * sizeof(void *));
		if (!sel->objs[k->id]) {
			free(v);
			goto nomem;
		}
		for (size_t i = 0; i < m; i++)
			sel->objs[k->id][i] = v[i].obj;
		sel->n[k->id] = m;
		free(v);
	}
	return 0;
nomem:
	prom_sel_free(sel);
	return -ENOMEM;
}

/* ---- writing ---- */

/* One IPC namespace of the snapshot, as the series label it. */
struct pw_ns {
	unsigned long long inode;
	char label[2 * NS_LABEL_MAX + 8];   /* ns="docker:3f2a9c1b7e4d", escaped */
	const struct ipc_limits *limits;
	bool have_limits;
	int err;                            /* could not be read: -errno */
};

struct pw {
	FILE *f;
	const struct snapshot *s;
	const struct prom_sel *sel;
	const struct prom_opts *o;
	struct pw_ns *ns;         /* every namespace in view, at least one */
	size_t nns;
};

/* The namespace an object of k is in: its index in w->ns (0 when the
 * snapshot does not know it). */
static size_t ns_of(const struct pw *w, const struct kind *k, const void *obj)
{
	struct ident id;

	if (w->nns == 1 || !k->ident)
		return 0;
	ident_of(&id, k, obj);
	for (size_t i = 0; i < w->nns; i++)
		if (w->ns[i].inode == id.ns)
			return i;
	return 0;
}

/* HELP text escapes backslash and newline only. */
static void put_help(FILE *f, const char *h)
{
	for (; *h; h++) {
		if (*h == '\\')
			fputs("\\\\", f);
		else if (*h == '\n')
			fputs("\\n", f);
		else
			putc_unlocked(*h, f);
	}
}

static void family(struct pw *w, const char *a, const char *b, const char *help,
		   const char *type)
{
	fputs("# HELP ipctop_", w->f);
	fputs(a, w->f);
	if (b) {
		putc_unlocked('_', w->f);
		fputs(b, w->f);
	}
	putc_unlocked(' ', w->f);
	put_help(w->f, help);
	fputs("\n# TYPE ipctop_", w->f);
	fputs(a, w->f);
	if (b) {
		putc_unlocked('_', w->f);
		fputs(b, w->f);
	}
	putc_unlocked(' ', w->f);
	fputs(type, w->f);
	putc_unlocked('\n', w->f);
}

/* One sample: ipctop_a[_b]{labels} value. */
static void sample_start(struct pw *w, const char *a, const char *b, const char *labels)
{
	fputs("ipctop_", w->f);
	fputs(a, w->f);
	if (b) {
		putc_unlocked('_', w->f);
		fputs(b, w->f);
	}
	if (labels && *labels) {
		putc_unlocked('{', w->f);
		fputs(labels, w->f);
		putc_unlocked('}', w->f);
	}
	putc_unlocked(' ', w->f);
}

static void sample_ll(struct pw *w, const char *a, const char *b, const char *labels,
		      long long v)
{
	char num[FMT_NUM_MAX];

	sample_start(w, a, b, labels);
	fmt_ll(num, v);
	fputs(num, w->f);
	putc_unlocked('\n', w->f);
}

static void sample_ull(struct pw *w, const char *a, const char *b, const char *labels,
		       unsigned long long v)
{
	char num[FMT_NUM_MAX];

	sample_start(w, a, b, labels);
	fmt_ull(num, v);
	fputs(num, w->f);
	putc_unlocked('\n', w->f);
}

static void sample_dbl(struct pw *w, const char *a, const char *b, const char *labels,
		       double v)
{
	sample_start(w, a, b, labels);
	fprintf(w->f, "%.9g\n", v);
}

/* Unix seconds to the millisecond: %g would round them to 100 s. */
static void sample_time(struct pw *w, const char *a, const char *labels, double v)
{
	sample_start(w, a, NULL, labels);
	fprintf(w->f, "%.3f\n", v);
}

/* kind="msg",ns="host" for namespace ns (an index in w->ns) */
static void kind_labels(const struct pw *w, const struct kind *k, size_t ns, char *buf,
			size_t len)
{
	char kn[128];

	prom_escape_label(kn, sizeof(kn), k->name);
	snprintf(buf, len, "kind=\"%s\",%s", kn, w->ns[ns].label);
}

/* The object kinds: those --once lists and the exporter counts. */
static bool counted(const struct pw *w, const struct kind *k)
{
	const struct objlist *l = &w->s->list[k->id];

	return (k->flags & KIND_OBJECT) && (l->have || l->err < 0);
}

static int sec_build(struct pw *w)
{
	family(w, "build_info", NULL, "ipctop's version", "gauge");
	sample_ll(w, "build_info", NULL, "version=\"" IPCTOP_VERSION "\"", 1);
	return 0;
}

static int sec_collection(struct pw *w)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	char lb[KL_MAX];

	if (w->o->collect_seconds >= 0) {
		family(w, "collect_duration_seconds", NULL,
		       "How long collecting the state shown took", "gauge");
		sample_dbl(w, "collect_duration_seconds", NULL, NULL, w->o->collect_seconds);
	}
	family(w, "collect_timestamp_seconds", NULL, "When the state shown was collected",
	       "gauge");
	sample_time(w, "collect_timestamp_seconds", NULL,
		    (double)w->s->taken.tv_sec + (double)w->s->taken.tv_nsec / 1e9);
	family(w, "collections", "total", "Collections made since ipctop started", "counter");
	sample_ull(w, "collections", "total", NULL, w->o->collections);
	family(w, "collect_errors", "total",
	       "Collections since ipctop started in which something could not be read",
	       "counter");
	sample_ull(w, "collect_errors", "total", NULL, w->o->errors);
	family(w, "list_error", NULL,
	       "1 when the kind's list could not be read in this collection", "gauge");
	for (size_t i = 0; i < nk; i++) {
		if (!counted(w, all[i]))
			continue;
		for (size_t n = 0; n < w->nns; n++) {
			kind_labels(w, all[i], n, lb, sizeof(lb));
			sample_ll(w, "list_error", NULL, lb,
				  w->s->list[all[i]->id].err < 0 || w->ns[n].err < 0);
		}
	}
	family(w, "limits_error", NULL, "1 when the kernel's IPC limits could not be read",
	       "gauge");
	for (size_t n = 0; n < w->nns; n++)
		sample_ll(w, "limits_error", NULL, w->ns[n].label, !w->ns[n].have_limits);
	family(w, "namespace_error", NULL,
	       "1 when the IPC namespace could not be read (joining it needs CAP_SYS_ADMIN)",
	       "gauge");
	for (size_t n = 0; n < w->nns; n++)
		sample_ll(w, "namespace_error", NULL, w->ns[n].label, w->ns[n].err < 0);
	return 0;
}

static int sec_counts(struct pw *w)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	char lb[KL_MAX];

	size_t *have = calloc(w->nns, sizeof(*have)), *shown = calloc(w->nns, sizeof(*shown));

	if (!have || !shown) {
		free(have);
		free(shown);
		return -ENOMEM;
	}
	family(w, "objects", NULL, "Objects of each kind in each IPC namespace", "gauge");
	for (size_t i = 0; i < nk; i++) {
		const struct objlist *l = &w->s->list[all[i]->id];

		if (!counted(w, all[i]) || l->err < 0)
			continue;
		memset(have, 0, w->nns * sizeof(*have));
		for (size_t o = 0; o < l->n; o++)
			have[ns_of(w, all[i], (const char *)l->v + o * all[i]->objsize)]++;
		for (size_t n = 0; n < w->nns; n++) {
			kind_labels(w, all[i], n, lb, sizeof(lb));
			sample_ll(w, "objects", NULL, lb, (long long)have[n]);
		}
	}
	family(w, "objects_omitted", NULL,
	       "Objects without series of their own, past --metrics-max-objects", "gauge");
	for (size_t i = 0; i < nk; i++) {
		const struct kind *k = all[i];
		const struct objlist *l = &w->s->list[k->id];

		if (!counted(w, k) || !k->metric || l->err < 0)
			continue;
		memset(have, 0, w->nns * sizeof(*have));
		memset(shown, 0, w->nns * sizeof(*shown));
		for (size_t o = 0; o < l->n; o++)
			have[ns_of(w, k, (const char *)l->v + o * k->objsize)]++;
		for (size_t o = 0; o < w->sel->n[k->id]; o++)
			shown[ns_of(w, k, w->sel->objs[k->id][o])]++;
		for (size_t n = 0; n < w->nns; n++) {
			kind_labels(w, k, n, lb, sizeof(lb));
			sample_ll(w, "objects_omitted", NULL, lb, (long long)(have[n] - shown[n]));
		}
	}
	free(have);
	free(shown);
	return 0;
}

static int sec_limits(struct pw *w)
{
	size_t n;
	const struct limit_metric *d = limtab_all(&n);

	for (size_t i = 0; i < n; i++) {
		bool said = false;

		for (size_t ns = 0; ns < w->nns; ns++) {
			unsigned long long exact;
			double approx;
			bool is_exact;

			if (!w->ns[ns].have_limits ||
			    !limtab_value(&d[i], w->ns[ns].limits, &exact, &is_exact, &approx))
				continue;
			if (!said)
				family(w, d[i].metric, NULL, d[i].help, "gauge");
			said = true;
			if (is_exact)
				sample_ull(w, d[i].metric, NULL, w->ns[ns].label, exact);
			else
				sample_dbl(w, d[i].metric, NULL, w->ns[ns].label, approx);
		}
	}
	return 0;
}

/* Each chosen object's labels, built once for all its series. */
static char **object_labels(struct pw *w, const struct kind *k, bool info)
{
	size_t n = w->sel->n[k->id];
	char **out = calloc(n ? n : 1, sizeof(*out));
	char kl[KL_MAX], cell[512], esc[1024];

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const void *obj = w->sel->objs[k->id][i];
		char buf[LABELS_MAX];
		size_t o;

		kind_labels(w, k, ns_of(w, k, obj), kl, sizeof(kl));
		o = (size_t)snprintf(buf, sizeof(buf), "%s", kl);

		for (size_t c = 0; c < k->nfields && o < sizeof(buf); c++) {
			const struct field *f = &k->fields[c];

			if (!(f->flags & (info ? FIELD_LABEL | FIELD_INFO : FIELD_LABEL)))
				continue;
			field_text(f, w->o->ctx, obj, cell, sizeof(cell));
			prom_escape_label(esc, sizeof(esc), cell);
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, ",%s=\"%s\"", f->json, esc);
		}
		out[i] = strdup(buf);
		if (!out[i]) {
			for (size_t j = 0; j < i; j++)
				free(out[j]);
			free(out);
			return NULL;
		}
	}
	return out;
}

static void free_labels(char **l, size_t n)
{
	if (!l)
		return;
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

/* A set's semaphores: one series per row and column with a metric. */
static int sub_series(struct pw *w, const struct kind *k, char **labels)
{
	const struct subtable *st = k->sub;
	size_t n = w->sel->n[k->id];
	size_t *omitted = calloc(w->nns, sizeof(*omitted));
	char lb[LABELS_MAX + 64], kl[KL_MAX];

	if (!omitted)
		return -ENOMEM;

	for (size_t c = 0; c < st->nfields; c++) {
		const struct field *f = &st->fields[c];
		size_t shown = 0;

		if (!f->metric)
			continue;
		family(w, st->metric, f->metric, f->help, "gauge");
		memset(omitted, 0, w->nns * sizeof(*omitted));
		for (size_t i = 0; i < n; i++) {
			void *rows;
			int err;
			size_t nr = st->rows(w->sel->objs[k->id][i], &rows, &err);

			for (size_t r = 0; r < nr; r++) {
				const void *row = (const char *)rows + r * st->rowsize;
				long long v = field_value(f, row);

				if (shown >= w->o->max_objects) {
					omitted[ns_of(w, k, w->sel->objs[k->id][i])]++;
					continue;
				}
				shown++;
				if (v == IPC_UNKNOWN)
					continue;
				snprintf(lb, sizeof(lb), "%s,%s=\"%lld\"", labels[i], st->metric_label,
					 field_value(&st->fields[0], row));
				sample_ll(w, st->metric, f->metric, lb, v);
			}
			free(rows);
		}
	}
	family(w, st->metric, "omitted",
	       "Rows under exported objects (a set's semaphores) past --metrics-max-objects",
	       "gauge");
	for (size_t ns = 0; ns < w->nns; ns++) {
		kind_labels(w, k, ns, kl, sizeof(kl));
		sample_ll(w, st->metric, "omitted", kl, (long long)omitted[ns]);
	}
	free(omitted);
	return 0;
}

static int kind_series(struct pw *w, const struct kind *k)
{
	size_t n = w->sel->n[k->id];
	char **labels, **info;
	char help[512];

	if (!k->metric || w->s->list[k->id].err < 0 || !w->s->list[k->id].have)
		return 0;
	labels = object_labels(w, k, false);
	info = object_labels(w, k, true);
	if (!labels || !info) {
		free_labels(labels, n);
		free_labels(info, n);
		return -ENOMEM;
	}
	snprintf(help, sizeof(help), "One per %s, 1; labels tell its metadata", k->word);
	family(w, k->metric, "info", help, "gauge");
	for (size_t i = 0; i < n; i++)
		sample_ll(w, k->metric, "info", info[i], 1);
	for (size_t c = 0; c < k->nfields; c++) {
		const struct field *f = &k->fields[c];

		if (!f->metric)
			continue;
		family(w, k->metric, f->metric, f->help, "gauge");
		for (size_t i = 0; i < n; i++) {
			long long v = field_value(f, w->sel->objs[k->id][i]);
			/* what the kernel would not say has no sample */
			if (v != IPC_UNKNOWN)
				sample_ll(w, k->metric, f->metric, labels[i], v);
		}
	}
	int r = k->sub && k->sub->metric ? sub_series(w, k, labels) : 0;
	free_labels(labels, n);
	free_labels(info, n);
	return r;
}

static int sec_objects(struct pw *w)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	int r = 0;

	for (size_t i = 0; i < nk && r == 0; i++)
		r = kind_series(w, all[i]);
	return r;
}

/* The health findings (health.h), counted per rule, severity and
 * namespace: every rule and both severities have a sample, 0 included,
 * so an alert can test for > 0. Nothing when the findings were not
 * computed. */
static int sec_health(struct pw *w)
{
	const struct objlist *l = &w->s->list[KIND_HEALTH];
	const struct finding *f = l->v;
	static const enum health_sev sevs[] = { SEV_WARNING, SEV_CRITICAL };
	static const char *const sev_name[] = { "warning", "critical" };
	char lb[KL_MAX + 128], rn[128];

	if (!l->have)
		return 0;
	family(w, "health_findings", NULL,
	       "Health findings of each rule and severity (ipctop --once --health)", "gauge");
	for (int r = 0; r < HR_COUNT; r++) {
		prom_escape_label(rn, sizeof(rn), health_rule((enum health_rule)r)->name);
		for (size_t sv = 0; sv < 2; sv++) {
			for (size_t n = 0; n < w->nns; n++) {
				long long count = 0;

				for (size_t i = 0; i < l->n; i++)
					if ((int)f[i].rule == r && f[i].sev == sevs[sv] &&
					    (w->nns == 1 || f[i].ns == w->ns[n].inode))
						count++;
				snprintf(lb, sizeof(lb), "rule=\"%s\",severity=\"%s\",%s", rn,
					 sev_name[sv], w->ns[n].label);
				sample_ll(w, "health_findings", NULL, lb, count);
			}
		}
	}
	return 0;
}

/* The sections, in order. */
static int (*const sections[])(struct pw *w) = {
	sec_build, sec_collection, sec_counts, sec_limits, sec_objects, sec_health,
};

int prom_write(FILE *f, const struct snapshot *s, const struct prom_sel *sel,
	       const struct prom_opts *o)
{
	struct pw w = { .f = f, .s = s, .sel = sel, .o = o };
	char esc[2 * NS_LABEL_MAX];
	int r = 0;

	/* a snapshot without namespaces (a fixture tree) is ipctop's own */
	w.nns = s->nns ? s->nns : 1;
	w.ns = calloc(w.nns, sizeof(*w.ns));
	if (!w.ns)
		return -ENOMEM;
	for (size_t i = 0; i < w.nns; i++) {
		struct pw_ns *n = &w.ns[i];

		n->inode = s->nns ? s->ns[i].info.inode : 0;
		prom_escape_label(esc, sizeof(esc), prom_ns_label(s, n->inode));
		snprintf(n->label, sizeof(n->label), "ns=\"%s\"", esc);
		n->limits = s->nns ? &s->ns[i].limits : &s->limits;
		n->have_limits = s->nns ? s->ns[i].have_limits : s->have_limits;
		n->err = s->nns ? s->ns[i].err : 0;
	}
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]) && r == 0; i++)
		r = sections[i](&w);
	free(w.ns);
	if (r == 0 && ferror(f))
		r = -EIO;
	return r;
}

/* The live view's history (history.h). Each object's values are kept as
 * the points where they changed, so an idle object — most of 22,000 —
 * costs one entry however long the history; frames record when each
 * refresh was taken and its limits, and an object's value at a frame is
 * that of its last point at or before the frame. */
#include "ipctop/history.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/fields.h"
#include "ipctop/kind.h"

static struct hist_point *pts_of(struct hist_obj *o)
{
	return o->pts ? o->pts : &o->one;
}

static const struct hist_point *cpts_of(const struct hist_obj *o)
{
	return o->pts ? o->pts : &o->one;
}

static void obj_free(struct history *h, struct hist_obj *o)
{
	h->points -= o->n;
	free(o->pts);
	o->pts = NULL;
	o->n = o->cap = 0;
}

static void kinds_free(struct history *h)
{
	for (int k = 0; k < KIND_SLOTS; k++) {
		struct hist_kind *hk = &h->kinds[k];

		for (size_t i = 0; i < hk->n; i++)
			obj_free(h, &hk->objs[i]);
		free(hk->objs);
		hk->objs = NULL;
		hk->n = hk->cap = 0;
	}
	h->points = 0;
}

int hist_init(struct history *h, long long window_ms)
{
	memset(h, 0, sizeof(*h));
	h->window_ms = window_ms > 0 ? window_ms : 0;
	h->step_ms = h->window_ms / HIST_MAX_FRAMES;
	h->max_points = HIST_MAX_POINTS;
	if (!h->window_ms)
		return 0;
	h->cap = HIST_MAX_FRAMES;
	h->frames = calloc(h->cap, sizeof(*h->frames));
	return h->frames ? 0 : -ENOMEM;
}

void hist_free(struct history *h)
{
	kinds_free(h);
	free(h->frames);
	memset(h, 0, sizeof(*h));
}

size_t hist_nframes(const struct history *h)
{
	return h->n;
}

const struct hist_frame *hist_frame(const struct history *h, size_t i)
{
	return i < h->n ? &h->frames[(h->head + i) % h->cap] : NULL;
}

size_t hist_fields(const struct kind *k, const struct field **out)
{
	size_t n = 0;

	for (size_t i = 0; i < k->nfields && n < HIST_VALS; i++)
		if (k->fields[i].flags & FIELD_HISTORY)
			out[n++] = &k->fields[i];
	return n;
}

/* Drop the points no kept frame needs: those followed by another point
 * at or before the oldest frame. */
static void trim(struct history *h, struct hist_obj *o, uint32_t oldest)
{
	struct hist_point *p = pts_of(o);
	uint32_t drop = 0;

	while (drop + 1 < o->n && (int32_t)(p[drop + 1].seq - oldest) <= 0)
		drop++;
	if (!drop)
		return;
	memmove(p, p + drop, (o->n - drop) * sizeof(*p));
	o->n -= drop;
	h->points -= drop;
}

static void trim_all(struct history *h)
{
	uint32_t oldest = hist_frame(h, 0)->seq;

	for (int k = 0; k < KIND_SLOTS; k++)
		for (size_t i = 0; i < h->kinds[k].n; i++)
			trim(h, &h->kinds[k].objs[i], oldest);
}

static int push_point(struct history *h, struct hist_obj *o, uint32_t seq, const long long *v)
{
	struct hist_point *p;

	if (o->n == 0) {
		o->one.seq = seq;
		memcpy(o->one.v, v, sizeof(o->one.v));
		o->n = 1;
		h->points++;
		return 0;
	}
	if (o->n == o->cap || !o->pts) {
		uint32_t cap = o->cap ? o->cap * 2 : 4;
		struct hist_point *np = realloc(o->pts, cap * sizeof(*np));

		if (!np)
			return -ENOMEM;
		if (!o->pts)
			np[0] = o->one;
		o->pts = np;
		o->cap = cap;
	}
	p = &o->pts[o->n++];
	p->seq = seq;
	memcpy(p->v, v, sizeof(p->v));
	h->points++;
	return 0;
}

struct order {
	long long m[MATCH_N];
	size_t i;
};

static int cmp_m(const long long *a, const long long *b)
{
	for (int i = 0; i < MATCH_N; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static int by_m(const void *a, const void *b)
{
	return cmp_m(((const struct order *)a)->m, ((const struct order *)b)->m);
}

/* k's objects in s merged into the history: kept ones carried over (and
 * a point added when their values changed), new ones added, gone ones
 * dropped. */
static int add_kind(struct history *h, const struct kind *k, const struct snapshot *s,
		    uint32_t seq, uint32_t oldest)
{
	struct hist_kind *hk = &h->kinds[k->id];
	const struct objlist *l = &s->list[k->id];
	struct hist_obj *objs;
	struct order *ord;
	size_t n, j = 0;

	if (!hk->set) {
		hk->nvals = hist_fields(k, hk->vf);
		hk->set = true;
	}
	if (!hk->nvals || !l->have || l->err < 0 || !k->match)
		return 0;
	n = l->n;
	ord = malloc((n ? n : 1) * sizeof(*ord));
	objs = calloc(n ? n : 1, sizeof(*objs));
	if (!ord || !objs) {
		free(ord);
		free(objs);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		k->match((const char *)l->v + i * k->objsize, ord[i].m);
		ord[i].i = i;
	}
	qsort(ord, n, sizeof(*ord), by_m);
	for (size_t i = 0; i < n; i++) {
		const void *obj = (const char *)l->v + ord[i].i * k->objsize;
		struct hist_obj *o = &objs[i];
		long long v[HIST_VALS] = { 0 };
		int c = 1;

		for (size_t f = 0; f < hk->nvals; f++)
			v[f] = field_value(hk->vf[f], obj);
		while (j < hk->n && (c = cmp_m(hk->objs[j].m, ord[i].m)) < 0)
			obj_free(h, &hk->objs[j++]);
		if (c == 0) {
			/* the same object: its points move over */
			*o = hk->objs[j];
			memset(&hk->objs[j++], 0, sizeof(*o));
			trim(h, o, oldest);
			if (memcmp(pts_of(o)[o->n - 1].v, v, sizeof(v)) == 0)
				continue;
		} else {
			memcpy(o->m, ord[i].m, sizeof(o->m));
		}
		if (push_point(h, o, seq, v) < 0) {
			for (size_t x = 0; x <= i; x++)
				obj_free(h, &objs[x]);
			free(objs);
			free(ord);
			return -ENOMEM;
		}
	}
	while (j < hk->n)
		obj_free(h, &hk->objs[j++]);
	free(hk->objs);
	free(ord);
	hk->objs = objs;
	hk->n = hk->cap = n;
	return 0;
}

static void drop_oldest(struct history *h)
{
	h->head = (h->head + 1) % h->cap;
	h->n--;
}

int hist_add(struct history *h, const struct snapshot *s, const struct kind *const *kinds,
	     size_t nk)
{
	long long t = (long long)s->taken.tv_sec * 1000 + s->taken.tv_nsec / 1000000;
	struct hist_frame *f;
	uint32_t seq;

	if (!h->window_ms)
		return 0;
	if (h->n && t - hist_frame(h, h->n - 1)->t_ms < h->step_ms)
		return 0;
	/* the window is time: a longer interval keeps fewer frames */
	while (h->n && (h->n == h->cap || hist_frame(h, 0)->t_ms < t - h->window_ms))
		drop_oldest(h);
	seq = h->seq++;
	f = &h->frames[(h->head + h->n) % h->cap];
	memset(f, 0, sizeof(*f));
	f->t_ms = t;
	f->seq = seq;
	f->have_limits = s->have_limits;
	f->limits = s->limits;
	h->n++;
	for (size_t i = 0; i < nk; i++) {
		if (add_kind(h, kinds[i], s, seq, hist_frame(h, 0)->seq) < 0) {
			kinds_free(h);
			h->n = 0;
			return -ENOMEM;
		}
	}
	/* a host whose every object changes at every refresh: fewer frames
	 * rather than more memory */
	while (h->points > h->max_points && h->n > 1) {
		drop_oldest(h);
		trim_all(h);
	}
	return 0;
}

static const struct hist_obj *find(const struct history *h, const struct kind *k,
				   const void *obj)
{
	const struct hist_kind *hk = &h->kinds[k->id];
	long long m[MATCH_N];
	size_t lo = 0, hi = hk->n;

	if (!k->match || !hk->n)
		return NULL;
	k->match(obj, m);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_m(hk->objs[mid].m, m);

		if (c == 0)
			return &hk->objs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t hist_series(const struct history *h, const struct kind *k, const void *obj,
		   size_t vi, long long *out, size_t max)
{
	const struct hist_obj *o = find(h, k, obj);
	const struct hist_point *p;
	size_t n = h->n < max ? h->n : max, pi = 0;

	if (!o || vi >= h->kinds[k->id].nvals || !o->n)
		return 0;
	p = cpts_of(o);
	for (size_t i = 0; i < n; i++) {
		uint32_t seq = hist_frame(h, i)->seq;

		while (pi + 1 < o->n && (int32_t)(p[pi + 1].seq - seq) <= 0)
			pi++;
		out[i] = (int32_t)(p[pi].seq - seq) <= 0 ? p[pi].v[vi] : IPC_UNKNOWN;
	}
	return n;
}

bool hist_rate(const struct history *h, const long long *series, size_t n, double *per_s)
{
	size_t first = n, last = n;

	if (n > h->n)
		n = h->n;
	for (size_t i = 0; i < n; i++) {
		if (series[i] == IPC_UNKNOWN)
			continue;
		if (first == n)
			first = i;
		last = i;
	}
	if (first >= n || last == first)
		return false;
	long long dt = hist_frame(h, last)->t_ms - hist_frame(h, first)->t_ms;
	if (dt <= 0)
		return false;
	*per_s = (double)(series[last] - series[first]) * 1000.0 / (double)dt;
	return true;
}

void hist_spark(const long long *series, size_t n, long long scale, int *levels,
		size_t cells)
{
	long long top = scale;

	if (top <= 0) {
		top = 0;
		for (size_t i = 0; i < n; i++)
			if (series[i] > top)
				top = series[i];
	}
	for (size_t c = 0; c < cells; c++) {
		size_t lo, hi;
		long long v = IPC_UNKNOWN;

		if (n >= cells) {
			lo = c * n / cells;
			hi = (c + 1) * n / cells;
		} else {
			/* fewer values than cells: right-aligned, one each */
			if (c < cells - n) {
				levels[c] = -1;
				continue;
			}
			lo = c - (cells - n);
			hi = lo + 1;
		}
		for (size_t i = lo; i < hi; i++)
			if (series[i] != IPC_UNKNOWN && series[i] > v)
				v = series[i];
		if (v == IPC_UNKNOWN || v < 0) {
			levels[c] = -1;
		} else if (top <= 0 || v == 0) {
			levels[c] = 0;
		} else {
			double lv = v >= top ? 8 : (double)v * 8.0 / (double)top;
			/* anything above nothing shows */
			levels[c] = lv <= 1 ? 1 : lv >= 8 ? 8 : (int)(lv + 0.999);
		}
	}
}

size_t hist_memory(const struct history *h)
{
	size_t b = h->cap * sizeof(*h->frames);

	for (int k = 0; k < KIND_SLOTS; k++) {
		const struct hist_kind *hk = &h->kinds[k];

		b += hk->cap * sizeof(*hk->objs);
		for (size_t i = 0; i < hk->n; i++)
			b += hk->objs[i].cap * sizeof(struct hist_point);
	}
	return b;
}

/* Snapshot diff. Rows are matched by their kind's two match numbers (a
 * System V object by id and key: the kernel reuses ids, so an id alone
 * could pair a new object with a removed one); a row left unpaired is
 * still the same object when its kind's continues hook says the kernel
 * changed it in place (a segment removed while attached loses its key). "Changed" means any column
 * of the kind's table differs, so the rule follows the columns users see
 * instead of a second list of struct members. */
#include "ipctop/diff.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/fields.h"
#include "ipctop/kind.h"

struct idx {
	long long m[MATCH_N];
	size_t i;
};

static int idx_cmp(const void *a, const void *b)
{
	const struct idx *x = a, *y = b;

	for (int i = 0; i < MATCH_N; i++)
		if (x->m[i] != y->m[i])
			return (x->m[i] > y->m[i]) - (x->m[i] < y->m[i]);
	return 0;
}

void diff_init(struct diff *d)
{
	memset(d, 0, sizeof(*d));
}

void diff_free(struct diff *d)
{
	for (int k = 0; k < KIND_SLOTS; k++) {
		free(d->mark[k]);
		free(d->was[k]);
		free(d->gone[k]);
	}
	diff_init(d);
}

static size_t list_elem_size(const struct field *f)
{
	return f->type == FT_PIDS ? sizeof(int32_t) : sizeof(struct waiter);
}

static bool same_values(const struct kind *k, const void *a, const void *b)
{
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		if (f->num && f->num(a) != f->num(b))
			return false;
		if (f->list) {
			const void *ia, *ib;
			int ea, eb;
			size_t na = f->list(a, &ia, &ea), nb = f->list(b, &ib, &eb);

			if (na != nb || ea != eb ||
			    (na && memcmp(ia, ib, na * list_elem_size(f)) != 0))
				return false;
		}
	}
	return true;
}

/* The row of prev, among those with the first match number m0 and not
 * paired yet, that obj continues (its kind's continues hook), or NULL. */
static const struct idx *successor_of(const struct kind *k, const struct snapshot *prev,
				      const struct idx *pi, size_t np, const bool *seen,
				      const void *obj, long long m0)
{
	size_t lo = 0, hi = np;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pi[mid].m[0] < m0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t j = lo; j < np && pi[j].m[0] == m0; j++)
		if (!seen[pi[j].i] && k->continues(snap_obj(prev, k, pi[j].i), obj))
			return &pi[j];
	return NULL;
}

static bool shown_list(const struct snapshot *s, const struct kind *k)
{
	return s->list[k->id].have && !s->list[k->id].light;
}

/* In both snapshots, columns not compared yet. */
#define UNJUDGED 0xff

static int diff_kind(struct diff *d, const struct snapshot *prev, const struct snapshot *cur,
		     const struct kind *k)
{
	size_t np = prev ? snap_count(prev, k) : 0, nc = snap_count(cur, k);
	struct idx *pi = NULL;
	bool *seen = NULL;

	d->mark[k->id] = calloc(nc ? nc : 1, 1);
	d->was[k->id] = malloc((nc ? nc : 1) * sizeof(size_t));
	if (!d->mark[k->id] || !d->was[k->id])
		return -ENOMEM;
	/* a list one side did not collect (the live view lists only the
	 * tab shown) says nothing about what is new or gone */
	if (!prev || !k->match || !shown_list(prev, k) || !shown_list(cur, k))
		return 0;
	pi = malloc((np ? np : 1) * sizeof(*pi));
	seen = calloc(np ? np : 1, sizeof(*seen));
	d->gone[k->id] = malloc((np ? np : 1) * sizeof(size_t));
	if (!pi || !seen || !d->gone[k->id]) {
		free(pi);
		free(seen);
		return -ENOMEM;
	}
	for (size_t i = 0; i < np; i++) {
		k->match(snap_obj(prev, k, i), pi[i].m);
		pi[i].i = i;
	}
	qsort(pi, np, sizeof(*pi), idx_cmp);
	for (size_t i = 0; i < nc; i++) {
		const void *obj = snap_obj(cur, k, i);
		struct idx want = { .i = 0 };
		const struct idx *hit;

		k->match(obj, want.m);
		hit = np ? bsearch(&want, pi, np, sizeof(*pi), idx_cmp) : NULL;
		if (!hit && k->continues)
			hit = successor_of(k, prev, pi, np, seen, obj, want.m[0]);
		if (!hit) {
			d->mark[k->id][i] = DIFF_NEW;
			d->nnew[k->id]++;
			continue;
		}
		seen[hit->i] = true;
		d->was[k->id][i] = hit->i;
		d->mark[k->id][i] = UNJUDGED;
	}
	for (size_t i = 0; i < np; i++)
		if (!seen[i])
			d->gone[k->id][d->ngone[k->id]++] = i;
	free(pi);
	free(seen);
	return 0;
}

int diff_compute(struct diff *d, const struct snapshot *prev, const struct snapshot *cur,
		 const struct kind *const *kinds, size_t n)
{
	diff_free(d);
	d->prev = prev;
	d->cur = cur;
	for (size_t i = 0; i < n; i++) {
		if (diff_kind(d, prev, cur, kinds[i]) < 0) {
			diff_free(d);
			return -ENOMEM;
		}
	}
	return 0;
}

enum diff_mark diff_mark(struct diff *d, const struct kind *k, size_t i)
{
	unsigned char *m = d->mark[k->id];

	if (!m)
		return DIFF_SAME;
	if (m[i] == UNJUDGED) {
		bool same = same_values(k, snap_obj(d->prev, k, d->was[k->id][i]),
					snap_obj(d->cur, k, i));
		m[i] = same ? DIFF_SAME : DIFF_CHANGED;
		d->nchanged[k->id] += !same;
	}
	return (enum diff_mark)m[i];
}

bool diff_new(const struct diff *d, const struct kind *k, size_t i)
{
	return d->mark[k->id] && d->mark[k->id][i] == DIFF_NEW;
}

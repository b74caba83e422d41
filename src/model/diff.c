/* Snapshot diff. Objects are matched by id and key: the kernel reuses ids,
 * so an id alone could pair a new object with a removed one. "Changed"
 * means any column of the kind's field table differs, so the rule follows
 * the columns users see instead of a second list of struct members. */
#include "ipctop/diff.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/fields.h"

struct idx {
	int32_t id, key;
	size_t i;
};

static int idx_cmp(const void *a, const void *b)
{
	const struct idx *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->key > y->key) - (x->key < y->key);
}

void snap_diff_init(struct snap_diff *d)
{
	memset(d, 0, sizeof(*d));
}

void snap_diff_free(struct snap_diff *d)
{
	for (int k = 0; k < KIND_COUNT; k++) {
		free(d->mark[k]);
		free(d->gone[k]);
	}
	snap_diff_init(d);
}

static bool same_values(enum ipc_kind k, const void *a, const void *b)
{
	size_t n;
	const struct field *f = fields_of(k, &n);

	for (size_t i = 0; i < n; i++) {
		if (f[i].num && f[i].num(a) != f[i].num(b))
			return false;
		if (f[i].list) {
			const void *ia, *ib;
			int ea, eb;
			size_t na = f[i].list(a, &ia, &ea), nb = f[i].list(b, &ib, &eb);
			size_t sz = f[i].type == FT_PIDS ? sizeof(int32_t) : sizeof(struct waiter);

			if (na != nb || ea != eb || (na && memcmp(ia, ib, na * sz) != 0))
				return false;
		}
	}
	return true;
}

static int diff_kind(const struct snapshot *prev, const struct snapshot *cur,
		     enum ipc_kind k, struct snap_diff *d)
{
	size_t np = prev ? snap_count(prev, k) : 0, nc = snap_count(cur, k);
	struct idx *pi = NULL;
	bool *seen = NULL;

	d->mark[k] = calloc(nc ? nc : 1, 1);
	if (!d->mark[k])
		return -ENOMEM;
	if (!prev)
		return 0;
	pi = malloc((np ? np : 1) * sizeof(*pi));
	seen = calloc(np ? np : 1, sizeof(*seen));
	d->gone[k] = malloc((np ? np : 1) * sizeof(size_t));
	if (!pi || !seen || !d->gone[k]) {
		free(pi);
		free(seen);
		return -ENOMEM;
	}
	for (size_t i = 0; i < np; i++) {
		const struct ipc_common *c = obj_common(snap_obj(prev, k, i));
		pi[i] = (struct idx){ c->id, c->key, i };
	}
	qsort(pi, np, sizeof(*pi), idx_cmp);
	for (size_t i = 0; i < nc; i++) {
		const void *obj = snap_obj(cur, k, i);
		const struct ipc_common *c = obj_common(obj);
		struct idx want = { c->id, c->key, 0 };
		const struct idx *hit = np ? bsearch(&want, pi, np, sizeof(*pi), idx_cmp) : NULL;

		if (!hit) {
			d->mark[k][i] = DIFF_NEW;
			d->nnew[k]++;
			continue;
		}
		seen[hit->i] = true;
		if (!same_values(k, snap_obj(prev, k, hit->i), obj)) {
			d->mark[k][i] = DIFF_CHANGED;
			d->nchanged[k]++;
		}
	}
	for (size_t i = 0; i < np; i++)
		if (!seen[i])
			d->gone[k][d->ngone[k]++] = i;
	free(pi);
	free(seen);
	return 0;
}

int snap_diff(const struct snapshot *prev, const struct snapshot *cur,
	      struct snap_diff *d)
{
	snap_diff_free(d);
	for (int k = 0; k < KIND_COUNT; k++) {
		if (diff_kind(prev, cur, (enum ipc_kind)k, d) < 0) {
			snap_diff_free(d);
			return -ENOMEM;
		}
	}
	return 0;
}

enum diff_mark snap_diff_mark(const struct snap_diff *d, enum ipc_kind k, size_t i)
{
	if ((unsigned)k >= KIND_COUNT || !d->mark[k])
		return DIFF_SAME;
	return (enum diff_mark)d->mark[k][i];
}

/* Tags by identity, kept sorted by (kind, id) so that drawing a screen of
 * rows asks a binary search, not a walk over thousands of tags. */
#include "ipctop/tags.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/fields.h"
#include "ipctop/kind.h"
#include "ipctop/vec.h"

void tags_free(struct tagset *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static int order(const struct ident *a, const struct ident *b)
{
	int ka = a->kind ? (int)a->kind->id : -1, kb = b->kind ? (int)b->kind->id : -1;

	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The first tag not before id (same kind, id and name follow). */
static size_t lower(const struct tagset *t, const struct ident *id)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (order(&t->v[mid], id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool find(const struct tagset *t, const struct ident *id, size_t *at)
{
	for (size_t i = lower(t, id); i < t->n && order(&t->v[i], id) == 0; i++) {
		if (ident_cmp(&t->v[i], id) == IDENT_SAME) {
			*at = i;
			return true;
		}
	}
	return false;
}

bool tags_has(const struct tagset *t, const struct ident *id)
{
	size_t at;

	return find(t, id, &at);
}

static void remove_at(struct tagset *t, size_t i)
{
	memmove(&t->v[i], &t->v[i + 1], (t->n - i - 1) * sizeof(*t->v));
	t->n--;
}

int tags_add(struct tagset *t, const struct ident *id)
{
	size_t at;

	if (find(t, id, &at))
		return 0;
	if (vec_reserve(&t->v, &t->cap, t->n + 1, sizeof(*t->v)) < 0)
		return -ENOMEM;
	at = lower(t, id);
	memmove(&t->v[at + 1], &t->v[at], (t->n - at) * sizeof(*t->v));
	t->v[at] = *id;
	t->n++;
	return 0;
}

int tags_toggle(struct tagset *t, const struct ident *id)
{
	size_t at;

	if (find(t, id, &at)) {
		remove_at(t, at);
		return 0;
	}
	return tags_add(t, id) < 0 ? -ENOMEM : 1;
}

void tags_remove(struct tagset *t, const struct ident *id)
{
	size_t at;

	if (find(t, id, &at))
		remove_at(t, at);
}

size_t tags_count(const struct tagset *t, const struct kind *k)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += !k || t->v[i].kind == k;
	return n;
}

const void *snap_find_ident(const struct snapshot *s, const struct ident *id,
			    const void **same_id)
{
	const struct kind *k = id->kind;
	size_t n = s && k ? snap_count(s, k) : 0;

	if (same_id)
		*same_id = NULL;
	for (size_t i = 0; i < n; i++) {
		const void *o = snap_obj(s, k, i);
		struct ident now;

		ident_of(&now, k, o);
		if (now.id != id->id || strcmp(now.name, id->name) != 0)
			continue;
		if (same_id)
			*same_id = o;
		if (ident_cmp(id, &now) == IDENT_SAME)
			return o;
	}
	return NULL;
}

size_t tags_prune(struct tagset *t, const struct snapshot *s, char *first, size_t len)
{
	size_t dropped = 0;

	if (len)
		first[0] = '\0';
	for (size_t i = 0; i < t->n;) {
		const struct ident *tag = &t->v[i];
		const void *same_id;
		char what[IDENT_NAME_MAX + 64], why[IDENT_NAME_MAX * 2 + 32] = "";

		/* a list that could not be read, or was not collected (the
		 * live view lists only the tab shown), says nothing about its
		 * objects */
		if (!tag->kind || s->list[tag->kind->id].err < 0 ||
		    !s->list[tag->kind->id].have || s->list[tag->kind->id].light ||
		    snap_find_ident(s, tag, &same_id)) {
			i++;
			continue;
		}
		if (!dropped && len) {
			ident_label(tag, what, sizeof(what));
			if (same_id) {
				struct ident now;
				ident_of(&now, tag->kind, same_id);
				ident_diff_text(tag, &now, why, sizeof(why));
			}
			snprintf(first, len, "%s %s%s%s", what, same_id ? "changed (" : "is gone",
				 why, same_id ? ")" : "");
		}
		dropped++;
		remove_at(t, i);
	}
	return dropped;
}

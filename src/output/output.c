/* --once: choose columns and rows for each kind chosen, then hand over to
 * a format. Nothing here knows one kind from another. */
#include "ipctop/output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/health.h"
#include "ipctop/kind.h"
#include "ipctop/sanitize.h"

/* Does this section show? A list never collected (processes of a fixture
 * tree without any) is left out; a list that could not be read is the
 * format's to mark. */
static bool shown(const struct snapshot *s, const struct kind *k, const struct output_opts *o)
{
	const struct objlist *l = &s->list[k->id];

	return o->want[k->id] && (l->have || l->err < 0);
}

/* A row of --health RULE,...: a finding of one of the rules, or an
 * object one is about. */
static bool selected(const struct snapshot *s, const struct kind *k, const void *row,
		     unsigned rules)
{
	for (int r = 0; r < HR_COUNT; r++)
		if ((rules & (1u << r)) && health_selects(s, k, row, r))
			return true;
	return false;
}

/* Is obj the one -i names? A number against a numeric id column, else
 * the text of the id column (a POSIX name as shown). */
static bool is_detail(const struct kind *k, const struct output_opts *o, const void *obj)
{
	const struct field *f = k->id_field;
	char buf[1100];

	if (!f)
		return false;
	if (f->type == FT_NUM && f->num)
		return !o->detail_text && f->num(obj) == o->detail_id;
	if (!o->detail_text)
		return false;
	field_text(f, &o->ctx, obj, buf, sizeof(buf));
	return strcmp(buf, o->detail_text) == 0;
}

const void **output_rows(const struct snapshot *s, const struct kind *k,
			 const struct output_opts *o, size_t *n)
{
	size_t total = snap_count(s, k), m = 0;
	const void **rows = malloc((total ? total : 1) * sizeof(*rows));

	*n = 0;
	if (!rows)
		return NULL;
	for (size_t i = 0; i < total; i++) {
		const void *obj = snap_obj(s, k, i);
		long long owner, key;

		if (o->uid >= 0 && (owner = field_owner(k, obj)) >= 0 && owner != o->uid)
			continue;
		if (o->detail_id >= 0 && !is_detail(k, o, obj))
			continue;
		if (o->has_key && !(field_key(k, obj, &key) && key == o->key))
			continue;
		if (o->health_rules && !selected(s, k, obj, o->health_rules))
			continue;
		rows[m++] = obj;
	}
	if (o->sort) {
		const struct field *f = field_find(k, o->sort);
		if (f)
			fields_sort(k, f, &o->ctx, rows, m, o->reverse);
	}
	*n = m;
	return rows;
}

static int want_count(const struct output_opts *o)
{
	int n = 0;
	for (int k = 0; k < KIND_SLOTS; k++)
		n += o->want[k];
	return n;
}

/* Columns of kind k: -o's list, else the defaults for a table or every
 * field for JSON and for a detail view. Columns that need the process
 * scan are left out when it did not run (s NULL: as if it had, and the
 * rows of one namespace). */
static int pick_columns(const struct kind *k, const struct output_opts *o,
			const struct snapshot *s, const struct field **out, size_t max,
			char *err, size_t errlen)
{
	bool procs = !s || snap_have(s, KIND_PROC);
	int m = 0;

	if (o->columns) {
		char bad[64];
		m = fields_parse_spec(k, o->columns, out, max, want_count(o) > 1,
				      bad, sizeof(bad));
		if (m == -2) {
			snprintf(err, errlen, "'%s' in -o: after +COL or -COL every item "
				 "adds or takes out one", bad);
			return -EINVAL;
		}
		if (m < 0) {
			snprintf(err, errlen, "unknown column '%s'", bad);
			return -EINVAL;
		}
		/* changes to the defaults keep the process columns only
		 * where the processes were read, like the defaults */
		if (!procs && (o->columns[0] == '+' || o->columns[0] == '-')) {
			int kept = 0;
			for (int i = 0; i < m; i++)
				if (!(out[i]->needs & NEED_USERS))
					out[kept++] = out[i];
			m = kept;
		}
		return m;
	}
	bool full = o->format == OUT_JSON || o->detail_id >= 0;
	for (size_t i = 0; i < k->nfields && (size_t)m < max; i++) {
		const struct field *f = &k->fields[i];

		if ((f->needs & NEED_USERS) && !procs)
			continue;
		/* a detail names the namespace only among several, as the
		 * table does; JSON always says it */
		if (full ? (o->format == OUT_JSON ? !(f->flags & FIELD_NOJSON)
						  : field_default(f, s) || !(f->flags & FIELD_MULTINS))
			 : field_default(f, s))
			out[m++] = f;
	}
	return m;
}

#define MAX_COLS 64

int output_check(const struct output_opts *o, char *err, size_t errlen)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	const struct field *cols[MAX_COLS];
	bool found = false;

	bool some = false;
	int n;

	for (size_t i = 0; i < nk; i++) {
		if (!o->want[all[i]->id])
			continue;
		found |= o->sort && field_find(all[i], o->sort);
		if ((n = pick_columns(all[i], o, NULL, cols, MAX_COLS, err, errlen)) < 0)
			return -EINVAL;
		some |= n > 0;
	}
	if (o->sort && !found) {
		snprintf(err, errlen, "unknown sort column '%s'", o->sort);
		return -EINVAL;
	}
	if (o->columns && !some && want_count(o) > 0) {
		snprintf(err, errlen, "no column left to show of the kinds chosen in -o '%s'",
			 o->columns);
		return -EINVAL;
	}
	return 0;
}

int output_snapshot(FILE *f, const struct snapshot *s, const struct output_opts *oin,
		    char *err, size_t errlen)
{
	struct output_opts oo = *oin, *o = &oo;
	const struct field *store[KIND_SLOTS][MAX_COLS];
	const struct field **cols[KIND_SLOTS];
	size_t ncols[KIND_SLOTS] = { 0 };
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	int r = output_check(o, err, errlen);

	if (r < 0)
		return r;
	for (int k = 0; k < KIND_SLOTS; k++)
		cols[k] = store[k];
	for (size_t i = 0; i < nk; i++) {
		const struct kind *k = all[i];

		if (!o->want[k->id])
			continue;
		int m = pick_columns(k, o, s, store[k->id], MAX_COLS, err, errlen);
		if (m < 0)
			return m;
		ncols[k->id] = (size_t)m;
		/* -o naming only other kinds' columns ("-o NAME" with the
		 * System V kinds too): nothing to show of this one */
		if (o->columns && m == 0)
			oo.want[k->id] = false;
	}
	if (o->detail_id >= 0) {
		bool found = false;
		for (size_t i = 0; i < nk && !found; i++) {
			size_t n;
			const void **rows;

			if (!shown(s, all[i], o))
				continue;
			rows = output_rows(s, all[i], o, &n);
			if (!rows)
				return -ENOMEM;
			found = n > 0;
			free(rows);
		}
		if (!found) {
			char name[256];

			if (o->detail_text) {
				sanitize(name, sizeof(name), o->detail_text, strlen(o->detail_text));
				snprintf(err, errlen, "no object named %s", name);
			} else {
				snprintf(err, errlen, "no object with id %lld", o->detail_id);
			}
			return -ENOENT;
		}
	}
	/* a kind -o names no column of is left out, not an empty section */
	struct output_opts shown_o = *o;
	for (size_t i = 0; o->columns && i < nk; i++)
		if (ncols[all[i]->id] == 0)
			shown_o.want[all[i]->id] = false;
	if (o->format == OUT_JSON)
		return output_json_kinds(f, s, &shown_o, all, nk, cols, ncols);
	return output_table_kinds(f, s, &shown_o, all, nk, cols, ncols);
}

unsigned output_needs(const struct output_opts *o)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	const struct field *cols[MAX_COLS];
	char err[128];
	unsigned needs = 0;

	for (size_t i = 0; i < nk; i++) {
		const struct kind *k = all[i];
		const struct field *f;
		int n;

		if (!o->want[k->id])
			continue;
		needs |= k->needs;
		if (o->sort && (f = field_find(k, o->sort)) != NULL)
			needs |= f->needs;
		/* columns as they would be if processes were collected */
		n = pick_columns(k, o, NULL, cols, MAX_COLS, err, sizeof(err));
		for (int c = 0; c < n; c++)
			needs |= cols[c]->needs;
		if (o->detail_id >= 0 && k->sub)
			for (size_t c = 0; c < k->sub->nfields; c++)
				needs |= k->sub->fields[c].needs;
	}
	return needs;
}

void output_list_columns(FILE *f)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);

	for (size_t k = 0; k < nk; k++) {
		fprintf(f, "\n%s:\n", all[k]->columns);
		for (size_t i = 0; i < all[k]->nfields; i++) {
			const struct field *fl = &all[k]->fields[i];
			fprintf(f, " %10s  %s%s\n", fl->name, fl->help,
				(fl->flags & FIELD_MULTINS) ? " (default with several namespaces)" :
				(fl->flags & FIELD_DEFAULT) ? " (default)" : "");
		}
	}
}

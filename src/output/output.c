/* --once: choose columns and rows, then hand over to a format. */
#include "ipctop/output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const void **output_rows(const struct snapshot *s, enum ipc_kind k,
			 const struct output_opts *o, size_t *n)
{
	size_t total = snap_count(s, k), m = 0;
	const void **rows = malloc((total ? total : 1) * sizeof(*rows));

	*n = 0;
	if (!rows)
		return NULL;
	for (size_t i = 0; i < total; i++) {
		const void *obj = snap_obj(s, k, i);
		const struct ipc_common *c = obj_common(obj);

		if (o->uid >= 0 && c->uid != (uint32_t)o->uid)
			continue;
		if (o->detail_id >= 0 && c->id != o->detail_id)
			continue;
		rows[m++] = obj;
	}
	if (o->sort) {
		const struct field *f = field_find(k, o->sort);
		if (f)
			fields_sort(f, &o->ctx, rows, m, o->reverse);
	}
	*n = m;
	return rows;
}

static int want_count(const struct output_opts *o)
{
	int n = 0;
	for (int k = 0; k < KIND_COUNT; k++)
		n += o->want[k];
	return n;
}

/* Columns of kind k: -o's list, else the defaults for a table or every
 * field for JSON and for a detail view. */
static int pick_columns(enum ipc_kind k, const struct output_opts *o,
			const struct snapshot *s, const struct field **out,
			size_t max, char *err, size_t errlen)
{
	size_t n;
	const struct field *all = fields_of(k, &n);
	int m = 0;

	if (o->columns) {
		char bad[64];
		m = fields_parse_list(k, o->columns, out, max, want_count(o) > 1,
				      bad, sizeof(bad));
		if (m < 0) {
			snprintf(err, errlen, "unknown column '%s'", bad);
			return -EINVAL;
		}
		return m;
	}
	bool full = o->format == OUT_JSON || o->detail_id >= 0;
	bool procs = s && s->have_procs;
	for (size_t i = 0; i < n && (size_t)m < max; i++) {
		const struct field *f = &all[i];
		bool listy = f->type == FT_PIDS || f->type == FT_WAITERS;

		if (listy && !procs)
			continue;
		if (full ? (o->format != OUT_JSON || !(f->flags & FIELD_NOJSON))
			 : (f->flags & FIELD_DEFAULT) != 0)
			out[m++] = f;
	}
	return m;
}

#define MAX_COLS 64

int output_snapshot(FILE *f, const struct snapshot *s, const struct output_opts *o,
		    char *err, size_t errlen)
{
	const struct field *store[KIND_COUNT][MAX_COLS];
	const struct field **cols[KIND_COUNT];
	size_t ncols[KIND_COUNT] = { 0 };

	if (o->sort) {
		bool found = false;
		for (int k = 0; k < KIND_COUNT; k++)
			found |= o->want[k] && field_find((enum ipc_kind)k, o->sort);
		if (!found) {
			snprintf(err, errlen, "unknown sort column '%s'", o->sort);
			return -EINVAL;
		}
	}
	for (int k = 0; k < KIND_COUNT; k++) {
		cols[k] = store[k];
		if (!o->want[k])
			continue;
		int m = pick_columns((enum ipc_kind)k, o, s, store[k], MAX_COLS, err, errlen);
		if (m < 0)
			return m;
		ncols[k] = (size_t)m;
	}
	if (o->detail_id >= 0) {
		bool found = false;
		for (int k = 0; k < KIND_COUNT; k++) {
			if (!o->want[k])
				continue;
			for (size_t i = 0; i < snap_count(s, (enum ipc_kind)k); i++)
				found |= obj_common(snap_obj(s, (enum ipc_kind)k, i))->id == o->detail_id;
		}
		if (!found) {
			snprintf(err, errlen, "no object with id %d", o->detail_id);
			return -ENOENT;
		}
	}
	if (o->format == OUT_JSON)
		return output_json(f, s, o, cols, ncols);
	int r = output_table(f, s, o, cols, ncols);
	return r < 0 ? r : output_procs_table(f, s, o);
}

bool output_uses_field(const struct output_opts *o, enum ipc_kind k, const char *name)
{
	const struct field *cols[MAX_COLS];
	const struct field *f = field_find(k, name);
	struct snapshot any;
	char err[128];
	int n;

	if (!f || !o->want[k] || !o->lists)
		return false;
	if (o->sort && field_find(k, o->sort) == f)
		return true;
	/* columns as they would be if processes were collected */
	snapshot_init(&any);
	any.have_procs = true;
	n = pick_columns(k, o, &any, cols, MAX_COLS, err, sizeof(err));
	for (int i = 0; i < n; i++)
		if (cols[i] == f)
			return true;
	return false;
}

void output_list_columns(FILE *f)
{
	static const char *const titles[KIND_COUNT] = {
		"Message queue columns (-q)", "Semaphore set columns (-s)",
		"Shared memory columns (-m)"
	};
	for (int k = 0; k < KIND_COUNT; k++) {
		size_t n;
		const struct field *fl = fields_of((enum ipc_kind)k, &n);

		fprintf(f, "\n%s:\n", titles[k]);
		for (size_t i = 0; i < n; i++)
			fprintf(f, " %10s  %s%s\n", fl[i].name, fl[i].help,
				(fl[i].flags & FIELD_DEFAULT) ? " (default)" : "");
	}
}

/* Table, raw and export output through libsmartcols, the table library
 * lsipc, lsblk and findmnt use: it aligns, quotes and escapes for us. */
#include <errno.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/output.h"

/* ipcs -a's order: queues, segments, sets. */
static const enum ipc_kind order[KIND_COUNT] = { KIND_MSG, KIND_SHM, KIND_SEM };

static const char *const titles[KIND_COUNT] = {
	[KIND_MSG] = "Message Queues",
	[KIND_SEM] = "Semaphore Arrays",
	[KIND_SHM] = "Shared Memory Segments",
};

static const char *const singular[KIND_COUNT] = {
	[KIND_MSG] = "Message Queue msqid",
	[KIND_SEM] = "Semaphore Array semid",
	[KIND_SHM] = "Shared Memory Segment shmid",
};

static struct libscols_table *new_table(const struct output_opts *o, bool noheadings)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	scols_table_enable_raw(tb, o->format == OUT_RAW);
	scols_table_enable_export(tb, o->format == OUT_EXPORT);
	scols_table_enable_noheadings(tb, noheadings || o->noheadings);
	/* never cut to the terminal's width: scripts read this */
	scols_table_enable_nowrap(tb, 1);
	return tb;
}

static int add_column(struct libscols_table *tb, const char *name, bool right)
{
	return scols_table_new_column(tb, name, 1, right ? SCOLS_FL_RIGHT : 0) ? 0 : -ENOMEM;
}

static int print_and_free(FILE *f, struct libscols_table *tb)
{
	int r = scols_table_set_stream(tb, f) == 0 ? scols_print_table(tb) : -EIO;
	scols_unref_table(tb);
	return r < 0 ? r : 0;
}

static void title(FILE *f, const struct output_opts *o, const char *t)
{
	if (o->noheadings || o->format == OUT_EXPORT)
		return;
	fprintf(f, "------ %s --------\n", t);
}

static int print_kind(FILE *f, const struct snapshot *s, const struct output_opts *o,
		      enum ipc_kind k, const struct field **cols, size_t ncols)
{
	struct libscols_table *tb = new_table(o, false);
	size_t n;
	const void **rows;
	char buf[4096];
	int r = 0;
	bool typecol = o->format == OUT_EXPORT;

	if (!tb)
		return -ENOMEM;
	if (typecol)
		r = add_column(tb, "TYPE", false);
	for (size_t c = 0; c < ncols && r == 0; c++)
		r = add_column(tb, cols[c]->name, cols[c]->flags & FIELD_RIGHT);
	rows = output_rows(s, k, o, &n);
	if (!rows)
		r = -ENOMEM;
	for (size_t i = 0; i < n && r == 0; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		size_t c0 = 0;

		if (!ln) {
			r = -ENOMEM;
			break;
		}
		if (typecol)
			scols_line_set_data(ln, c0++, kind_name(k));
		for (size_t c = 0; c < ncols; c++) {
			field_text(cols[c], &o->ctx, rows[i], buf, sizeof(buf));
			if (scols_line_set_data(ln, c0 + c, buf) < 0)
				r = -ENOMEM;
		}
	}
	free(rows);
	if (r < 0) {
		scols_unref_table(tb);
		return r;
	}
	title(f, o, titles[k]);
	r = print_and_free(f, tb);
	if (o->format == OUT_TABLE && !o->noheadings)
		fputc('\n', f);
	return r;
}

static int print_sems(FILE *f, const struct semset *set, const struct output_opts *o)
{
	static const char *const names[] = { "SEMNUM", "VALUE", "NCOUNT", "ZCOUNT", "PID" };
	struct libscols_table *tb = new_table(o, false);
	char buf[32];

	if (!tb)
		return -ENOMEM;
	for (size_t c = 0; c < 5; c++)
		add_column(tb, names[c], true);
	for (size_t i = 0; set->sems && i < (size_t)set->nsems; i++) {
		const struct sem_value *v = &set->sems[i];
		long long vals[5] = { v->num, v->value, v->ncnt, v->zcnt, v->pid };
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		for (size_t c = 0; ln && c < 5; c++) {
			if (vals[c] == IPC_UNKNOWN)
				snprintf(buf, sizeof(buf), "?");
			else
				snprintf(buf, sizeof(buf), "%lld", vals[c]);
			scols_line_set_data(ln, c, buf);
		}
	}
	fputc('\n', f);
	if (set->sems_err)
		fprintf(f, "semaphore values: %s\n", strerror(-set->sems_err));
	return print_and_free(f, tb);
}

/* One object in full, like ipcs -i: a FIELD VALUE list. */
static int print_detail(FILE *f, const struct snapshot *s, const struct output_opts *o,
			enum ipc_kind k, const struct field **cols, size_t ncols)
{
	size_t n;
	const void **rows = output_rows(s, k, o, &n);
	char buf[4096];
	int r = 0;

	if (!rows)
		return -ENOMEM;
	for (size_t i = 0; i < n && r == 0; i++) {
		struct libscols_table *tb = new_table(o, true);

		if (!tb) {
			r = -ENOMEM;
			break;
		}
		add_column(tb, "FIELD", false);
		add_column(tb, "VALUE", false);
		for (size_t c = 0; c < ncols; c++) {
			struct libscols_line *ln = scols_table_new_line(tb, NULL);
			if (!ln)
				break;
			field_text(cols[c], &o->ctx, rows[i], buf, sizeof(buf));
			scols_line_set_data(ln, 0, cols[c]->name);
			scols_line_set_data(ln, 1, buf);
		}
		if (!o->noheadings && o->format != OUT_EXPORT)
			fprintf(f, "%s=%d\n", singular[k], obj_common(rows[i])->id);
		r = print_and_free(f, tb);
		if (r == 0 && k == KIND_SEM)
			r = print_sems(f, rows[i], o);
	}
	free(rows);
	return r;
}

static void limit_row(struct libscols_table *tb, const char *res, const char *desc,
		      long long limit, long long used, bool bytes, const struct output_opts *o)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[64];

	if (!ln)
		return;
	scols_line_set_data(ln, 0, res);
	scols_line_set_data(ln, 1, desc);
	if (bytes)
		fmt_size(buf, sizeof(buf), limit, o->ctx.bytes);
	else if (limit == IPC_UNKNOWN)
		snprintf(buf, sizeof(buf), "?");
	else
		snprintf(buf, sizeof(buf), "%lld", limit);
	scols_line_set_data(ln, 2, buf);
	if (used == IPC_UNKNOWN) {
		scols_line_set_data(ln, 3, "-");
		scols_line_set_data(ln, 4, "-");
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", used);
	scols_line_set_data(ln, 3, buf);
	if (limit > 0)
		snprintf(buf, sizeof(buf), "%.2f%%", 100.0 * (double)used / (double)limit);
	else
		snprintf(buf, sizeof(buf), "-");
	scols_line_set_data(ln, 4, buf);
}

static int print_limits(FILE *f, const struct snapshot *s, const struct output_opts *o)
{
	const struct ipc_limits *l = &s->limits;
	struct libscols_table *tb = new_table(o, false);
	const long long na = IPC_UNKNOWN;

	if (!tb)
		return -ENOMEM;
	add_column(tb, "RESOURCE", false);
	add_column(tb, "DESCRIPTION", false);
	add_column(tb, "LIMIT", true);
	add_column(tb, "USED", true);
	add_column(tb, "USE%", true);
	if (o->want[KIND_MSG]) {
		limit_row(tb, "MSGMNI", "Number of message queues", l->msgmni, l->msg_queues, false, o);
		limit_row(tb, "MSGMAX", "Max size of a message (bytes)", l->msgmax, na, true, o);
		limit_row(tb, "MSGMNB", "Default max size of a queue (bytes)", l->msgmnb, na, true, o);
	}
	if (o->want[KIND_SHM]) {
		limit_row(tb, "SHMMNI", "Shared memory segments", l->shmmni, l->shm_segs, false, o);
		limit_row(tb, "SHMALL", "Shared memory pages", l->shmall, l->shm_pages, false, o);
		limit_row(tb, "SHMMAX", "Max size of a segment (bytes)", l->shmmax, na, true, o);
	}
	if (o->want[KIND_SEM]) {
		limit_row(tb, "SEMMNI", "Number of semaphore sets", l->semmni, l->sem_sets, false, o);
		limit_row(tb, "SEMMNS", "Total number of semaphores", l->semmns, l->sem_sems, false, o);
		limit_row(tb, "SEMMSL", "Max semaphores per set", l->semmsl, na, false, o);
		limit_row(tb, "SEMOPM", "Max operations per semop(2)", l->semopm, na, false, o);
	}
	title(f, o, "Limits and Use");
	return print_and_free(f, tb);
}

int output_table(FILE *f, const struct snapshot *s, const struct output_opts *o,
		 const struct field **cols[KIND_COUNT], const size_t ncols[KIND_COUNT])
{
	int r = 0;

	if (o->limits && s->have_limits) {
		r = print_limits(f, s, o);
		if (r == 0 && o->lists && o->format == OUT_TABLE && !o->noheadings)
			fputc('\n', f);
	}
	for (int i = 0; i < KIND_COUNT && r == 0 && o->lists; i++) {
		enum ipc_kind k = order[i];
		if (!o->want[k])
			continue;
		if (o->detail_id >= 0)
			r = print_detail(f, s, o, k, cols[k], ncols[k]);
		else
			r = print_kind(f, s, o, k, cols[k], ncols[k]);
	}
	return r;
}

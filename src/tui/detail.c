/* The detail view: one row in full, as --once -i shows it — every column
 * of its kind, each with its value and what it means, then the rows its
 * kind keeps under it (a set's semaphores, a process's 64 signals). The
 * values come from the snapshot; a set's semaphores are read by the
 * collector, asked through feed_want_detail(). */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/state.h"

/* The row the view opened on, in the snapshot on screen: never another
 * one that took its id since. */
static const void *find(const struct tui *t, const struct detail *d, const void **same_id)
{
	return snap_find_ident(t->cur, &d->ident, same_id);
}

void detail_refresh(struct tui *t)
{
	(void)t;        /* the collector keeps the values current */
}

void detail_open(struct tui *t)
{
	struct pane *p = &t->panes[t->pane];
	const void *o = p->rows[p->cursor].obj;

	ident_of(&t->detail.ident, p->kind, o);
	t->detail.scroll = 0;
	t->mode = MODE_DETAIL;
	/* its rows (a set's semaphores) are the collector's to read: at once */
	feed_want_detail(&t->feed, &t->detail.ident);
}

void detail_close(struct tui *t)
{
	feed_want_detail(&t->feed, NULL);
	t->mode = MODE_TABLE;
}

/* One line of the sub-table: each cell right- or left-aligned in its
 * column's width. */
static void sub_line(const struct subtable *st, const struct field_ctx *ctx,
		     const void *row, char *line, size_t len)
{
	size_t off = 0;

	line[0] = '\0';
	for (size_t c = 0; c < st->nfields && off + 1 < len; c++) {
		const struct field *f = &st->fields[c];
		char cell[256];
		int w;

		if (row)
			field_text(f, ctx, row, cell, sizeof(cell));
		else
			snprintf(cell, sizeof(cell), "%s", f->name);
		if (f->flags & FIELD_RIGHT)
			w = snprintf(line + off, len - off, "%s%*s", c ? " " : "", f->width + 4, cell);
		else
			w = snprintf(line + off, len - off, "%s%-*s", c ? " " : "", f->width, cell);
		if (w < 0)
			break;
		off += (size_t)w;
	}
}

/* The object's past from the history: a title line, then one line per
 * history column — its sparkline over the kept refreshes, its value now,
 * least and most, and the net change per second from the first refresh
 * that saw it to the last. */
#define HIST_SPARK_MAX 60
struct hist_line {
	char head[96], tail[160];
	int levels[HIST_SPARK_MAX];
	int nlevels;
};

static void fmt_span(char *b, size_t n, long long ms)
{
	long long s = ms / 1000;

	if (s >= 3600)
		snprintf(b, n, "%lldh%02lldm", s / 3600, s / 60 % 60);
	else if (s >= 60)
		snprintf(b, n, "%lldm%02llds", s / 60, s % 60);
	else
		snprintf(b, n, "%llds", s);
}

/* Lines of the block (0: nothing to show) into out[2 + HIST_VALS]. */
static int hist_block(struct tui *t, const struct kind *k, const void *o, int w,
		      struct hist_line *out)
{
	const struct field *vf[HIST_VALS];
	size_t nv = hist_fields(k, vf), n = hist_nframes(&t->hist);
	char span[32];
	long long *v;
	int lines = 2, sw = w - 4 - 11 - 62;

	if (!t->history_s || !nv || !n || !(v = malloc(n * sizeof(*v))))
		return 0;
	if (sw > HIST_SPARK_MAX)
		sw = HIST_SPARK_MAX;
	if (sw < 8)
		sw = 8;
	fmt_span(span, sizeof(span), hist_frame(&t->hist, n - 1)->t_ms -
		 hist_frame(&t->hist, 0)->t_ms);
	out[0].head[0] = out[0].tail[0] = '\0';
	out[0].nlevels = 0;
	snprintf(out[1].head, sizeof(out[1].head), "History, last %s (%zu samples):", span, n);
	out[1].tail[0] = '\0';
	out[1].nlevels = 0;
	for (size_t f = 0; f < nv; f++) {
		struct hist_line *l = &out[lines++];
		size_t got = hist_series(&t->hist, k, o, f, v, n);
		long long lo = IPC_UNKNOWN, hi = IPC_UNKNOWN, now = field_value(vf[f], o);
		double rate;
		char r[32] = "rate ?";

		for (size_t i = 0; i < got; i++) {
			if (v[i] == IPC_UNKNOWN)
				continue;
			if (lo == IPC_UNKNOWN || v[i] < lo)
				lo = v[i];
			if (hi == IPC_UNKNOWN || v[i] > hi)
				hi = v[i];
		}
		if (got && hist_rate(&t->hist, v, got, &rate))
			snprintf(r, sizeof(r), "%+.2f/s", rate);
		snprintf(l->head, sizeof(l->head), "%-10s ", vf[f]->name);
		if (now == IPC_UNKNOWN)
			snprintf(l->tail, sizeof(l->tail), "  now ?  %s", r);
		else
			snprintf(l->tail, sizeof(l->tail), "  now %lld  min %lld  max %lld  %s", now,
				 lo == IPC_UNKNOWN ? now : lo, hi == IPC_UNKNOWN ? now : hi, r);
		l->nlevels = sw;
		hist_spark(v, got, 0, l->levels, (size_t)sw);
	}
	free(v);
	return lines;
}

static void hist_line_draw(const struct hist_line *l, int y, int w)
{
	int x = 2 + crt_put(y, 2, w - 4, l->head, crt_attr(l->nlevels ? C_DIALOG : C_DIALOG_TITLE));

	if (!l->nlevels)
		return;
	if (x + l->nlevels < w - 2)
		crt_spark(y, x, l->levels, l->nlevels, crt_attr(C_DIALOG));
	x += l->nlevels;
	crt_put(y, x, w - 2 - x, l->tail, crt_attr(C_DIALOG));
}

/* The box when the row is gone, or its id now names another object. */
static bool draw_missing(struct tui *t, const void *same_id, int y, int w)
{
	const struct detail *d = &t->detail;
	char buf[IDENT_NAME_MAX * 2 + 64], line[IDENT_NAME_MAX * 2 + 128];

	if (same_id) {
		struct ident now;
		ident_of(&now, d->ident.kind, same_id);
		ident_diff_text(&d->ident, &now, buf, sizeof(buf));
		snprintf(line, sizeof(line), "This %s changed since this view opened (%s):",
			 d->ident.kind->word, buf);
		crt_put(y++, 2, w - 4, line, crt_attr(C_DIALOG_TITLE));
		crt_put(y, 2, w - 4, "its id may name another object now; Esc, then Enter on "
			"its row shows that one.", crt_attr(C_DIALOG));
		return true;
	}
	snprintf(line, sizeof(line), "This %s no longer exists.", d->ident.kind->word);
	crt_put(y, 2, w - 4, line, crt_attr(C_DIALOG_TITLE));
	return true;
}

void detail_draw(struct tui *t)
{
	struct detail *d = &t->detail;
	const struct kind *k = d->ident.kind;
	const struct subtable *st = k->sub;
	const void *same_id;
	const void *o = find(t, d, &same_id);
	int top = t->tabs_y + 1, h = LINES - 2 - top, w = COLS;
	char title[IDENT_NAME_MAX + 96], what[IDENT_NAME_MAX + 64], buf[512], line[640];
	int y = top + 1, inner = h - 2, row = 0;
	void *rows = NULL;
	size_t nrows = 0;
	int err = 0;

	/* a kind without a label hook (pipes) is named by its id */
	if (k->label)
		k->label(&d->ident, what, sizeof(what));
	else
		snprintf(what, sizeof(what), "%lld", d->ident.id);
	snprintf(title, sizeof(title), " %s %s ", k->noun, what);
	crt_box(top, 0, h, w, title);
	if (!o) {
		draw_missing(t, same_id, y, w);
		return;
	}
	bool procs = t->cur && snap_have(t->cur, KIND_PROC);
	if (st)
		nrows = st->rows(o, &rows, &err);
	/* rows the collector reads for this view come with a refresh */
	const char *note = NULL;
	if (st && !nrows && !err && st->json)
		note = t->paused ? "not read while paused: p resumes" : "reading...";
	struct hist_line hl[2 + HIST_VALS];
	int nhl = hist_block(t, k, o, w, hl);
	/* keep the last page full: scrolling stops at the end */
	int total = (st ? 2 + (err || note ? 1 : 0) + (int)nrows : 0) + nhl;
	for (size_t i = 0; i < k->nfields; i++)
		total += !((k->fields[i].needs & NEED_USERS) && !procs);
	if (d->scroll > total - inner)
		d->scroll = total - inner > 0 ? total - inner : 0;
	/* the lines, scrolled: columns first, then the rows under it */
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];
		if ((f->needs & NEED_USERS) && !procs)
			continue;
		if (row++ < d->scroll)
			continue;
		if (y >= top + 1 + inner)
			break;
		field_text(f, &t->ctx, o, buf, sizeof(buf));
		snprintf(line, sizeof(line), "%-10s %-24s %s", f->name, buf, f->help);
		crt_put(y++, 2, w - 4, line, crt_attr(C_DIALOG));
	}
	for (int i = 0; i < nhl; i++) {
		if (row++ < d->scroll)
			continue;
		if (y >= top + 1 + inner)
			break;
		hist_line_draw(&hl[i], y++, w);
	}
	if (st) {
		if (row++ >= d->scroll && y + 1 < top + 1 + inner) {
			y++;        /* a blank line, then the header: both inside the box */
			sub_line(st, &t->ctx, NULL, line, sizeof(line));
			crt_put(y++, 2, w - 4, line, crt_attr(C_DIALOG_TITLE));
		}
		if ((err || note) && row++ >= d->scroll && y < top + 1 + inner) {
			snprintf(line, sizeof(line), "%s: %s", st->what,
				 err ? st->strerror(err) : note);
			crt_put(y++, 2, w - 4, line, crt_attr(C_DIALOG_TITLE));
		}
		for (size_t i = 0; i < nrows && y < top + 1 + inner; i++) {
			if (row++ < d->scroll)
				continue;
			sub_line(st, &t->ctx, (char *)rows + i * st->rowsize, line, sizeof(line));
			crt_put(y++, 2, w - 4, line, crt_attr(C_DIALOG));
		}
	}
	free(rows);
}

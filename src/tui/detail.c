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
	/* keep the last page full: scrolling stops at the end */
	int total = st ? 2 + (err || note ? 1 : 0) + (int)nrows : 0;
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

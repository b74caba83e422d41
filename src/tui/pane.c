/* One tab's table: which rows pass the filters, in which order, where the
 * cursor is, and drawing them. Every tab is a kind's: its columns, sort
 * order and matching come from the kind's column table, the same one
 * --once uses, so nothing here knows one kind from another. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/msort.h"
#include "ipctop/proctab.h"
#include "ipctop/vec.h"
#include "tui/state.h"

void pane_setup(struct tui *t, struct pane *p, const struct kind *k)
{
	(void)t;
	memset(p, 0, sizeof(*p));
	p->kind = k;
	for (size_t i = 0; i < k->nfields && p->ncols < TUI_MAX_COLS; i++)
		if (field_default(&k->fields[i], NULL))
			p->cols[p->ncols++] = &k->fields[i];
	p->sortf = k->id_field ? k->id_field : p->cols[0];
}

void pane_free(struct pane *p)
{
	free(p->rows);
	p->rows = NULL;
	p->nrows = p->cap = 0;
}

struct pane *pane_of(struct tui *t, const struct kind *k)
{
	for (int i = 0; i < t->npanes; i++)
		if (t->panes[i].kind == k)
			return &t->panes[i];
	return NULL;
}

void pane_show_ns(struct pane *p, bool on)
{
	const struct field *ns = NULL;
	size_t at = p->ncols;

	for (size_t i = 0; i < p->kind->nfields && !ns; i++)
		if (p->kind->fields[i].flags & FIELD_MULTINS)
			ns = &p->kind->fields[i];
	for (size_t i = 0; i < p->ncols; i++)
		if (p->cols[i] == ns)
			at = i;
	if (!ns || on == (at < p->ncols))
		return;
	if (on && p->ncols < TUI_MAX_COLS) {
		/* first, where a namespace-wide view reads from */
		memmove(&p->cols[1], &p->cols[0], p->ncols * sizeof(p->cols[0]));
		p->cols[0] = ns;
		p->ncols++;
	} else if (!on) {
		memmove(&p->cols[at], &p->cols[at + 1], (p->ncols - at - 1) * sizeof(p->cols[0]));
		p->ncols--;
		if (p->sortf == ns)
			p->sortf = p->kind->id_field;
	}
}

size_t pane_count(const struct tui *t, const struct pane *p)
{
	return t->cur ? snap_count(t->cur, p->kind) : 0;
}

static bool push(struct pane *p, const void *obj, unsigned char mark)
{
	struct row r = { obj, mark };

	return VEC_PUSH(p->rows, p->nrows, p->cap, r) == 0;
}

static bool keep(struct tui *t, const struct pane *p, const void *obj)
{
	long long owner;

	if (t->uid >= 0 && (owner = field_owner(p->kind, obj)) >= 0 && owner != t->uid)
		return false;
	if ((p->kind->flags & KIND_PROCESS) && t->notable_only && !proc_is_notable(obj))
		return false;
	return !t->filter[0] || search_row_matches(t, p, obj, t->filter);
}

/* Rows are sorted with their marks, through the column table so the
 * order matches --once --sort. */
struct sort_ctx {
	const struct pane *p;
	const struct field_ctx *fctx;
};

static int row_cmp_ctx(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *sc = arg;
	const struct pane *p = sc->p;
	int r = field_cmp(p->kind, p->sortf, sc->fctx, ((const struct row *)a)->obj,
			  ((const struct row *)b)->obj);

	return p->reverse ? -r : r;
}

/* A tab of the signal pass's rows shows none from a snapshot made
 * without it (the tab just opened): they are bare pids, without a start
 * time to check a signal's target against. */
static bool rows_ready(const struct snapshot *s, const struct pane *p)
{
	return !(p->kind->needs & NEED_SIGNALS) || s->procs_signals;
}

static void push_kind(struct tui *t, struct pane *p)
{
	const struct kind *k = p->kind;
	size_t n = snap_count(t->cur, k);

	if (!rows_ready(t->cur, p))
		return;

	for (size_t i = 0; i < n; i++) {
		const void *obj = snap_obj(t->cur, k, i);
		unsigned char m = diff_mark(&t->diff, k, i);
		if (keep(t, p, obj))
			push(p, obj, m == DIFF_NEW ? ROW_NEW :
			     m == DIFF_CHANGED ? ROW_CHANGED : ROW_SAME);
	}
	/* vanished rows stay one refresh, drawn as gone */
	for (size_t g = 0; t->prev && rows_ready(t->prev, p) && g < t->diff.ngone[k->id]; g++) {
		const void *obj = snap_obj(t->prev, k, t->diff.gone[k->id][g]);
		if (keep(t, p, obj))
			push(p, obj, ROW_GONE);
	}
}

void pane_rebuild(struct tui *t, struct pane *p)
{
	p->nrows = 0;
	if (!t->cur)
		return;
	push_kind(t, p);
	struct sort_ctx sc = { p, &t->ctx };
	(void)msort(p->rows, p->nrows, sizeof(*p->rows), row_cmp_ctx, &sc);
	/* the cursor follows its row, not its row number */
	size_t at = p->cursor;
	if (p->have_cur && p->kind->match) {
		for (size_t i = 0; i < p->nrows; i++) {
			long long m[MATCH_N] = { 0 };
			p->kind->match(p->rows[i].obj, m);
			if (memcmp(m, p->cur_m, sizeof(m)) == 0) {
				at = i;
				break;
			}
		}
	}
	pane_set_cursor(p, at);
}

void pane_set_cursor(struct pane *p, size_t i)
{
	if (p->nrows == 0) {
		p->cursor = p->top = 0;
		p->have_cur = false;
		return;
	}
	if (i >= p->nrows)
		i = p->nrows - 1;
	p->cursor = i;
	memset(p->cur_m, 0, sizeof(p->cur_m));
	if (p->kind->match)
		p->kind->match(p->rows[i].obj, p->cur_m);
	p->have_cur = true;
}

void pane_move(struct tui *t, struct pane *p, long delta)
{
	(void)t;
	long c = (long)p->cursor + delta;

	if (c < 0)
		c = 0;
	pane_set_cursor(p, (size_t)c);
}

void pane_sort_by(struct tui *t, struct pane *p, size_t col)
{
	if (col >= p->ncols)
		return;
	bool same = p->sortf == p->cols[col];
	int pi = (int)(p - t->panes);

	/* the sorted column again inverts it */
	if (same)
		p->reverse = !p->reverse;
	p->sortf = p->cols[col];
	rc_touch(t, same ? RC_REVERSE(pi) : RC_SORT(pi));
	pane_rebuild(t, p);
}

void pane_sort_step(struct tui *t, struct pane *p, int dir)
{
	size_t cur = 0;

	for (size_t i = 0; i < p->ncols; i++)
		if (p->cols[i] == p->sortf)
			cur = i;
	cur = (cur + p->ncols + (size_t)(dir > 0 ? 1 : p->ncols - 1)) % p->ncols;
	p->sortf = p->cols[cur];
	rc_touch(t, RC_SORT((int)(p - t->panes)));
	pane_rebuild(t, p);
}

bool tag_has(const struct tui *t, const struct kind *k, const void *obj)
{
	struct ident id;

	if (!t->tags.n || !(k->flags & KIND_OBJECT))
		return false;
	ident_of(&id, k, obj);
	return tags_has(&t->tags, &id);
}

void tag_toggle(struct tui *t, const struct kind *k, const void *obj)
{
	struct ident id;

	ident_of(&id, k, obj);
	if (tags_toggle(&t->tags, &id) < 0)
		tui_message(t, true, "out of memory: not tagged");
}

/* A tag stands for the object the user tagged: when that object is gone
 * or its id now names another one, the tag goes with it rather than
 * moving to the newcomer. */
void tui_tags_prune(struct tui *t)
{
	char first[TUI_MSG_LEN];
	size_t dropped = t->cur ? tags_prune(&t->tags, t->cur, first, sizeof(first)) : 0;

	if (dropped == 1)
		tui_message(t, true, "tag dropped: %s", first);
	else if (dropped)
		tui_message(t, true, "%zu tags dropped, their objects gone or changed; first: %s",
			    dropped, first);
}

static void cell(struct tui *t, const struct pane *p, size_t c, const void *obj,
		 char *buf, size_t len)
{
	field_text(p->cols[c], &t->ctx, obj, buf, len);
}

static const char *col_name(const struct pane *p, size_t c)
{
	return p->cols[c]->name;
}

static bool col_right(const struct pane *p, size_t c)
{
	return (p->cols[c]->flags & FIELD_RIGHT) != 0;
}

static bool col_sorted(const struct pane *p, size_t c)
{
	return p->cols[c] == p->sortf;
}

/* Column widths: the header's and the widest visible cell, at least the
 * table's hint. */
static void widths(struct tui *t, const struct pane *p, int *w)
{
	char buf[256];

	for (size_t c = 0; c < p->ncols; c++) {
		int hint = p->cols[c]->width;
		int n = (int)strlen(col_name(p, c)) + 1;   /* room for the sort mark */
		w[c] = hint > n ? hint : n;
	}
	for (size_t r = p->top; r < p->nrows && r < p->top + (size_t)t->rows_h; r++) {
		for (size_t c = 0; c < p->ncols; c++) {
			cell(t, p, c, p->rows[r].obj, buf, sizeof(buf));
			int n = (int)strlen(buf);
			if (n > w[c])
				w[c] = n > 40 ? 40 : n;
		}
	}
}

static int row_attr(struct tui *t, const struct pane *p, size_t r, bool *tagged)
{
	const struct row *row = &p->rows[r];

	*tagged = tag_has(t, p->kind, row->obj);
	if (r == p->cursor)
		return crt_attr(C_CURSOR) | (*tagged ? (int)A_BOLD : 0);
	if (*tagged)
		return crt_attr(C_TAGGED);
	switch (row->mark) {
	case ROW_NEW: return crt_attr(C_NEW);
	case ROW_CHANGED: return crt_attr(C_CHANGED);
	case ROW_GONE: return crt_attr(C_GONE);
	default: return crt_attr(C_NORMAL);
	}
}

void pane_draw(struct tui *t, struct pane *p)
{
	int w[TUI_MAX_COLS];
	char buf[256];
	int y0 = t->rows_y, h = t->rows_h;

	if (p->cursor < p->top)
		p->top = p->cursor;
	if (h > 0 && p->cursor >= p->top + (size_t)h)
		p->top = p->cursor - (size_t)h + 1;
	if (p->top + (size_t)h > p->nrows)
		p->top = p->nrows > (size_t)h ? p->nrows - (size_t)h : 0;
	widths(t, p, w);
	/* Left/Right scroll the columns after the first, which stays (the
	 * key, or the pid): hidden ones get an empty span in col_x */
	if (p->hcol < 1)
		p->hcol = 1;
	if (p->ncols > 0 && p->hcol > p->ncols - 1)
		p->hcol = p->ncols > 1 ? p->ncols - 1 : 1;

	/* header: a mark column (tag / new / gone), then the fields */
	int x = 2;
	crt_fill(t->colhdr_y, 0, COLS, crt_attr(C_COLHDR));
	for (size_t c = 0; c < p->ncols; c++) {
		char name[48];
		bool s = col_sorted(p, c);
		if (c > 0 && c < p->hcol) {
			p->col_x[c] = x;
			continue;
		}
		snprintf(name, sizeof(name), "%s%s", col_name(p, c), s ? (p->reverse ? "v" : "^") : "");
		p->col_x[c] = x;
		if (col_right(p, c)) {
			int n = (int)strlen(name);
			crt_put(t->colhdr_y, x + w[c] - n, n, name,
				crt_attr(s ? C_COLHDR_SORT : C_COLHDR));
		} else {
			crt_put(t->colhdr_y, x, w[c], name, crt_attr(s ? C_COLHDR_SORT : C_COLHDR));
		}
		x += w[c] + 1;
	}
	p->col_x[p->ncols] = x;
	if (p->hcol > 1)
		crt_put(t->colhdr_y, 0, 1, "<", crt_attr(C_COLHDR_SORT));
	if (x - 1 > COLS)
		crt_put(t->colhdr_y, COLS - 1, 1, ">", crt_attr(C_COLHDR_SORT));

	for (int i = 0; i < h; i++) {
		size_t r = p->top + (size_t)i;
		int y = y0 + i;

		crt_fill(y, 0, COLS, crt_attr(C_NORMAL));
		if (r >= p->nrows)
			continue;
		bool tagged;
		int a = row_attr(t, p, r, &tagged);
		const char *mark = tagged ? "*" : p->rows[r].mark == ROW_NEW ? "+" :
			p->rows[r].mark == ROW_GONE ? "-" : p->rows[r].mark == ROW_CHANGED ? "~" : " ";
		crt_fill(y, 0, COLS, a);
		crt_put(y, 0, 1, mark, a);
		/* an object with findings (the Health tab says what) */
		enum health_sev hs = p->rows[r].mark == ROW_GONE ? SEV_OK :
			health_of(t->cur, p->kind, p->rows[r].obj, -1);
		if (hs != SEV_OK)
			crt_put(y, 1, 1, "!", hs == SEV_CRITICAL && r != p->cursor ?
				crt_attr(C_MSG_ERR) | (int)A_BOLD : a | (int)A_BOLD);
		x = 2;
		for (size_t c = 0; c < p->ncols && x < COLS; c++) {
			if (c > 0 && c < p->hcol)
				continue;
			cell(t, p, c, p->rows[r].obj, buf, sizeof(buf));
			int n = (int)strlen(buf);
			if (col_right(p, c) && n < w[c])
				crt_put(y, x + w[c] - n, n, buf, a);
			else if (c + 1 == p->ncols)
				/* the last column has the rest of the line: a
				 * finding's message, a list of processes */
				crt_put(y, x, COLS - x, buf, a);
			else
				crt_put(y, x, w[c], buf, a);
			x += w[c] + 1;
		}
	}
	if (p->nrows == 0) {
		const struct objlist *l = t->cur ? &t->cur->list[p->kind->id] : NULL;
		const char *note = "no objects";
		if (l && l->err < 0)
			note = l->hint ? l->hint : "cannot read this list (see the message line)";
		else if (l && (!l->have || !rows_ready(t->cur, p)))
			note = "collecting process data...";
		else if (l && l->partial && !t->filter[0])
			note = "nothing readable here: other users' processes "
			       "could not be read (root sees all)";
		else if ((p->kind->flags & KIND_PROCESS) && t->notable_only)
			note = "no process here has a pending, blocked or ignored fatal signal (a: show all)";
		else if (t->filter[0] || t->uid >= 0)
			note = "no objects match the filter";
		crt_put(y0, 2, COLS - 2, note, crt_attr(C_MSG));
	}
}

void tui_goto(struct tui *t, const struct ident *id)
{
	struct pane *p = id->kind ? pane_of(t, id->kind) : NULL;
	char what[IDENT_NAME_MAX + 64];

	ident_label(id, what, sizeof(what));
	if (!p) {
		tui_message(t, true, "%s has no tab", what);
		return;
	}
	tui_set_pane(t, (int)(p - t->panes));
	for (size_t i = 0; i < p->nrows; i++) {
		struct ident now;

		if (p->rows[i].mark == ROW_GONE)
			continue;
		ident_of(&now, p->kind, p->rows[i].obj);
		if (ident_cmp(id, &now) == IDENT_SAME) {
			pane_set_cursor(p, i);
			return;
		}
	}
	tui_message(t, true, "%s is not on its tab: gone, or left out by the filter or -u", what);
}

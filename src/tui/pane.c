/* One tab's table: which rows pass the filters, in which order, where the
 * cursor is, and drawing them. System V panes take their columns, sort
 * order and matching from the fields tables, the same ones --once uses. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/msort.h"
#include "ipctop/proc.h"
#include "tui/state.h"

static const char *const titles[PANE_COUNT] = {
	[PANE_MSG] = "Queues", [PANE_SEM] = "Sem sets", [PANE_SHM] = "Segments",
	[PANE_SIGNALS] = "Signals", [PANE_PIPES] = "Pipes",
};

const char *pane_title(enum tui_pane id)
{
	return (unsigned)id < PANE_COUNT ? titles[id] : "?";
}

bool pane_is_sysv(const struct pane *p)
{
	return p->id <= PANE_SHM;
}

enum ipc_kind pane_kind(const struct pane *p)
{
	return (enum ipc_kind)p->id;
}

void pane_setup(struct tui *t, struct pane *p, enum tui_pane id)
{
	(void)t;
	memset(p, 0, sizeof(*p));
	p->id = id;
	if (pane_is_sysv(p)) {
		size_t n;
		const struct field *f = fields_of(pane_kind(p), &n);

		for (size_t i = 0; i < n && p->ncols < TUI_MAX_COLS; i++)
			if (f[i].flags & FIELD_DEFAULT)
				p->cols[p->ncols++] = &f[i];
		p->sortf = p->ncols > 1 ? p->cols[1] : p->cols[0];   /* ID */
	} else {
		p->pcols = procpane_cols(id, &p->ncols);
	}
}

void pane_free(struct pane *p)
{
	free(p->rows);
	p->rows = NULL;
	p->nrows = p->cap = 0;
}

size_t pane_count(const struct tui *t, enum tui_pane id)
{
	if (!t->cur)
		return 0;
	if (id <= PANE_SHM)
		return snap_count(t->cur, (enum ipc_kind)id);
	return procpane_count(t->cur, id);
}

static long long row_id(const struct pane *p, const void *obj)
{
	if (pane_is_sysv(p))
		return obj_common(obj)->id;
	return procpane_id(p->id, obj);
}

static int32_t row_key(const struct pane *p, const void *obj)
{
	return pane_is_sysv(p) ? obj_common(obj)->key : 0;
}

static bool push(struct pane *p, const void *obj, unsigned char mark)
{
	if (p->nrows == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct row *r = realloc(p->rows, cap * sizeof(*r));
		if (!r)
			return false;
		p->rows = r;
		p->cap = cap;
	}
	p->rows[p->nrows++] = (struct row){ obj, mark };
	return true;
}

static bool keep(struct tui *t, const struct pane *p, const void *obj)
{
	if (pane_is_sysv(p) && t->uid >= 0 && obj_common(obj)->uid != (uint32_t)t->uid)
		return false;
	if (!pane_is_sysv(p) && p->id == PANE_SIGNALS && t->uid >= 0 &&
	    ((const struct proc *)obj)->uid != (uint32_t)t->uid)
		return false;
	if (p->id == PANE_SIGNALS && t->notable_only && !proc_is_notable(obj))
		return false;
	return !t->filter[0] || search_row_matches(t, p, obj, t->filter);
}

/* Rows are sorted with their marks; System V rows compare through the
 * fields table so the order matches --once --sort. */
struct sort_ctx {
	const struct pane *p;
	const struct field_ctx *fctx;
};

static int pcol_cmp(const struct pcol *c, const struct snapshot *s,
		    const void *a, const void *b)
{
	if (c->num) {
		long long x = c->num(a), y = c->num(b);
		return (x > y) - (x < y);
	}
	char ta[128], tb[128];
	c->text(a, s, ta, sizeof(ta));
	c->text(b, s, tb, sizeof(tb));
	return strcmp(ta, tb);
}

static int row_cmp(const struct sort_ctx *sc, const struct row *a, const struct row *b)
{
	const struct pane *p = sc->p;
	int r;

	if (pane_is_sysv(p)) {
		r = field_cmp(p->sortf, sc->fctx, a->obj, b->obj);
	} else {
		r = pcol_cmp(&p->pcols[p->psort], sc->fctx->snap, a->obj, b->obj);
		if (r == 0) {
			long long x = row_id(p, a->obj), y = row_id(p, b->obj);
			r = (x > y) - (x < y);
		}
	}
	return p->reverse ? -r : r;
}

static int row_cmp_ctx(const void *a, const void *b, void *sc)
{
	return row_cmp(sc, a, b);
}

static void sort_rows(struct sort_ctx *sc, struct row *rows, size_t n)
{
	(void)msort(rows, n, sizeof(*rows), row_cmp_ctx, sc);
}

void pane_rebuild(struct tui *t, struct pane *p)
{
	p->nrows = 0;
	if (!t->cur)
		return;
	if (pane_is_sysv(p)) {
		enum ipc_kind k = pane_kind(p);
		size_t n = snap_count(t->cur, k);

		for (size_t i = 0; i < n; i++) {
			const void *obj = snap_obj(t->cur, k, i);
			unsigned char m = snap_diff_mark(&t->diff, k, i);
			if (keep(t, p, obj))
				push(p, obj, m == DIFF_NEW ? ROW_NEW :
				     m == DIFF_CHANGED ? ROW_CHANGED : ROW_SAME);
		}
		/* vanished objects stay one refresh, drawn as gone */
		for (size_t g = 0; t->prev && g < t->diff.ngone[k]; g++) {
			const void *obj = snap_obj(t->prev, k, t->diff.gone[k][g]);
			if (keep(t, p, obj))
				push(p, obj, ROW_GONE);
		}
	} else {
		size_t n = procpane_count(t->cur, p->id);
		for (size_t i = 0; i < n; i++) {
			const void *obj = procpane_obj(t->cur, p->id, i);
			if (keep(t, p, obj))
				push(p, obj, ROW_SAME);
		}
	}
	struct sort_ctx sc = { p, &t->ctx };
	sort_rows(&sc, p->rows, p->nrows);
	/* the cursor follows its object, not its row number */
	size_t at = p->cursor;
	if (p->have_cur) {
		for (size_t i = 0; i < p->nrows; i++) {
			if (row_id(p, p->rows[i].obj) == p->cur_id &&
			    row_key(p, p->rows[i].obj) == p->cur_key) {
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
	p->cur_id = row_id(p, p->rows[i].obj);
	p->cur_key = row_key(p, p->rows[i].obj);
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
	bool same = pane_is_sysv(p) ? p->sortf == p->cols[col] : p->psort == col;

	/* the sorted column again inverts it */
	if (same)
		p->reverse = !p->reverse;
	if (pane_is_sysv(p))
		p->sortf = p->cols[col];
	else
		p->psort = col;
	rc_touch(t, same ? RC_REVERSE(p->id) : RC_SORT(p->id));
	pane_rebuild(t, p);
}

void pane_sort_step(struct tui *t, struct pane *p, int dir)
{
	size_t cur = 0;

	if (pane_is_sysv(p)) {
		for (size_t i = 0; i < p->ncols; i++)
			if (p->cols[i] == p->sortf)
				cur = i;
	} else {
		cur = p->psort;
	}
	cur = (cur + p->ncols + (size_t)(dir > 0 ? 1 : p->ncols - 1)) % p->ncols;
	if (pane_is_sysv(p))
		p->sortf = p->cols[cur];
	else
		p->psort = cur;
	rc_touch(t, RC_SORT(p->id));
	pane_rebuild(t, p);
}

const void *snap_find_ident(const struct snapshot *s, const struct ipc_ident *ident,
			    const void **same_id)
{
	size_t n = s ? snap_count(s, ident->kind) : 0;

	if (same_id)
		*same_id = NULL;
	for (size_t i = 0; i < n; i++) {
		const void *o = snap_obj(s, ident->kind, i);
		struct ipc_ident now;

		if (obj_common(o)->id != ident->id)
			continue;
		if (same_id)
			*same_id = o;
		ipc_ident_of(&now, ident->kind, o);
		return ipc_ident_cmp(ident, &now) == IDENT_SAME ? o : NULL;
	}
	return NULL;
}

static bool tag_at(const struct tui *t, const struct ipc_ident *id, size_t *at)
{
	for (size_t i = 0; i < t->ntags; i++) {
		if (ipc_ident_cmp(&t->tags[i], id) == IDENT_SAME) {
			*at = i;
			return true;
		}
	}
	return false;
}

bool tag_has(const struct tui *t, enum ipc_kind k, const void *obj)
{
	struct ipc_ident id;
	size_t at;

	ipc_ident_of(&id, k, obj);
	return tag_at(t, &id, &at);
}

void tag_toggle(struct tui *t, enum ipc_kind k, const void *obj)
{
	struct ipc_ident id;
	size_t at;

	ipc_ident_of(&id, k, obj);
	if (tag_at(t, &id, &at)) {
		t->tags[at] = t->tags[--t->ntags];
		return;
	}
	if (t->ntags == t->tagcap) {
		size_t cap = t->tagcap ? t->tagcap * 2 : 16;
		struct ipc_ident *n = realloc(t->tags, cap * sizeof(*n));
		if (!n) {
			tui_message(t, true, "out of memory: not tagged");
			return;
		}
		t->tags = n;
		t->tagcap = cap;
	}
	t->tags[t->ntags++] = id;
}

/* A tag stands for the object the user tagged: when that object is gone
 * or its id now names another one, the tag goes with it rather than
 * marking (and later removing) the newcomer. */
void tags_prune(struct tui *t)
{
	static const char *const what[KIND_COUNT] = { "queue", "sem set", "segment" };
	char why[96] = "", first[TUI_MSG_LEN] = "";
	size_t dropped = 0;

	for (size_t i = 0; i < t->ntags;) {
		const struct ipc_ident *tag = &t->tags[i];
		const void *same_id;

		/* a list that could not be read says nothing about its objects */
		if (!t->cur || (unsigned)tag->kind >= KIND_COUNT || t->cur->err[tag->kind] < 0 ||
		    snap_find_ident(t->cur, tag, &same_id)) {
			i++;
			continue;
		}
		if (!dropped) {
			if (same_id) {
				struct ipc_ident now;
				ipc_ident_of(&now, tag->kind, same_id);
				ipc_ident_diff_text(tag, &now, why, sizeof(why));
			}
			snprintf(first, sizeof(first), "%s 0x%08x (id %d) %s%s%s", what[tag->kind],
				 (unsigned)tag->key, tag->id, same_id ? "changed (" : "is gone",
				 why, same_id ? ")" : "");
		}
		dropped++;
		t->tags[i] = t->tags[--t->ntags];
	}
	if (dropped == 1)
		tui_message(t, true, "tag dropped: %s", first);
	else if (dropped)
		tui_message(t, true, "%zu tags dropped, their objects gone or changed; first: %s",
			    dropped, first);
}

static void cell(struct tui *t, const struct pane *p, size_t c, const void *obj,
		 char *buf, size_t len)
{
	if (pane_is_sysv(p))
		field_text(p->cols[c], &t->ctx, obj, buf, len);
	else
		p->pcols[c].text(obj, t->cur, buf, len);
}

static const char *col_name(const struct pane *p, size_t c)
{
	return pane_is_sysv(p) ? p->cols[c]->name : p->pcols[c].name;
}

static bool col_right(const struct pane *p, size_t c)
{
	return pane_is_sysv(p) ? (p->cols[c]->flags & FIELD_RIGHT) != 0 : p->pcols[c].right;
}

static bool col_sorted(const struct pane *p, size_t c)
{
	return pane_is_sysv(p) ? p->cols[c] == p->sortf : p->psort == c;
}

/* Column widths: the header's and the widest visible cell, at least the
 * table's hint. */
static void widths(struct tui *t, const struct pane *p, int *w)
{
	char buf[256];

	for (size_t c = 0; c < p->ncols; c++) {
		int hint = pane_is_sysv(p) ? p->cols[c]->width : p->pcols[c].width;
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

	*tagged = pane_is_sysv(p) && tag_has(t, pane_kind(p), row->obj);
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
		x = 2;
		for (size_t c = 0; c < p->ncols && x < COLS; c++) {
			if (c > 0 && c < p->hcol)
				continue;
			cell(t, p, c, p->rows[r].obj, buf, sizeof(buf));
			int n = (int)strlen(buf);
			if (col_right(p, c) && n < w[c])
				crt_put(y, x + w[c] - n, n, buf, a);
			else
				crt_put(y, x, w[c], buf, a);
			x += w[c] + 1;
		}
	}
	if (p->nrows == 0) {
		const char *note = "no objects";
		if (!pane_is_sysv(p) && t->cur &&
			 !(p->id == PANE_SIGNALS ? t->cur->have_procs : t->cur->have_pipes))
			note = "collecting process data...";
		else if (pane_is_sysv(p) && t->cur && t->cur->err[pane_kind(p)] < 0)
			note = "cannot read this list (see the message line)";
		else if (p->id == PANE_PIPES && t->cur && t->cur->pipes_err &&
			 !t->filter[0])
			note = "no pipes readable here: other users' processes "
			       "could not be read (root sees all)";
		else if (p->id == PANE_SIGNALS && t->notable_only)
			note = "no process here has a pending, blocked or ignored fatal signal (a: show all)";
		else if (t->filter[0] || t->uid >= 0)
			note = "no objects match the filter";
		crt_put(y0, 2, COLS - 2, note, crt_attr(C_MSG));
	}
}

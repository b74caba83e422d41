/* One tab's table: which rows pass the filters, in which order, where the
 * cursor is, and drawing them. Every tab is a kind's: its columns, sort
 * order and matching come from the kind's column table, the same one
 * --once uses, so nothing here knows one kind from another. Columns are
 * as wide as their cells on screen; when they do not fit, the kinds of
 * column a field_cut_rank() puts first give way, and a cut cell ends in
 * an ellipsis. */
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
	pane_default_columns(p);
	p->sortf = k->id_field ? k->id_field : p->cols[0];
}

void pane_free(struct pane *p)
{
	pane_set_only(p, NULL, 0, NULL);
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

unsigned pane_needs(const struct tui *t, const struct pane *p)
{
	const struct kind *k = p->kind;
	unsigned n = k->needs | (p->sortf ? p->sortf->needs : 0);

	for (size_t c = 0; c < p->ncols; c++)
		n |= p->cols[c]->needs;
	if (t->filter[0] || t->search[0])
		for (size_t i = 0; i < k->nfields; i++)
			if (k->fields[i].flags & (FIELD_MATCH | FIELD_MATCH_NUM | FIELD_PID))
				n |= k->fields[i].needs;
	return n;
}

/* Rows of a list the screen can show: collected in full. */
static bool showable(const struct snapshot *s, const struct kind *k)
{
	return s && s->list[k->id].have && !s->list[k->id].light;
}

bool pane_cursor_drawn(const struct pane *p)
{
	long long m[MATCH_N];

	if (!p->drawn || !p->nrows || !p->kind->match)
		return p->drawn && p->nrows;
	p->kind->match(p->rows[p->cursor].obj, m);
	return memcmp(m, p->drawn_m, sizeof(m)) == 0;
}

static bool push(struct pane *p, const void *obj, unsigned char mark, size_t idx)
{
	struct row r = { .obj = obj, .mark = mark, .idx = idx };

	return VEC_PUSH(p->rows, p->nrows, p->cap, r) == 0;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static bool only_has(const struct pane *p, const void *obj)
{
	long long id;

	if (!p->only)
		return true;
	id = p->kind->id_field ? p->kind->id_field->num(obj) : -1;
	return bsearch(&id, p->only, p->nonly, sizeof(*p->only), cmp_ll) != NULL;
}

void pane_set_only(struct pane *p, const long long *ids, size_t n, const char *what)
{
	free(p->only);
	p->only = NULL;
	p->nonly = 0;
	p->only_what[0] = '\0';
	if (!ids)
		return;
	p->only = malloc((n ? n : 1) * sizeof(*p->only));
	if (!p->only)
		return;
	memcpy(p->only, ids, n * sizeof(*ids));
	qsort(p->only, n, sizeof(*p->only), cmp_ll);
	p->nonly = n;
	snprintf(p->only_what, sizeof(p->only_what), "%s", what);
}

static bool keep(struct tui *t, const struct pane *p, const void *obj)
{
	long long owner;

	if (!only_has(p, obj))
		return false;
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

static void push_kind(struct tui *t, struct pane *p)
{
	const struct kind *k = p->kind;
	size_t n = snap_count(t->cur, k);

	/* the process table of a pass without the signal state (the tab
	 * just opened) is bare pids, without a start time to check a
	 * signal's target against: no rows until a full one comes */
	if (!showable(t->cur, k))
		return;

	/* whether a row changed is asked only of the rows drawn */
	for (size_t i = 0; i < n; i++) {
		const void *obj = snap_obj(t->cur, k, i);
		if (keep(t, p, obj))
			push(p, obj, diff_new(&t->diff, k, i) ? ROW_NEW : ROW_SAME, i);
	}
	/* vanished rows stay one refresh, drawn as gone */
	for (size_t g = 0; t->prev && showable(t->prev, k) && g < t->diff.ngone[k->id]; g++) {
		const void *obj = snap_obj(t->prev, k, t->diff.gone[k->id][g]);
		if (keep(t, p, obj))
			push(p, obj, ROW_GONE, 0);
	}
}

/* The sorted rows as a tree: each row under its parent (the kind's
 * parent hook) when the parent is shown too, siblings in the sort order,
 * depth-first like htop's tree view. A parent loop (a table read while
 * processes came and went) cannot hang it: every row is placed once. */
static void make_tree(struct pane *p)
{
	size_t n = p->nrows, m = n ? n : 1;
	struct idx { long long id; size_t i; } *byid = malloc(m * sizeof(*byid));
	size_t *parent = malloc(m * sizeof(*parent));
	size_t *first = calloc(n + 2, sizeof(*first));   /* children of i: kids[first[i]..first[i+1]) */
	size_t *kids = malloc(m * sizeof(*kids));
	size_t *stack = malloc(m * sizeof(*stack));
	struct row *out = malloc(m * sizeof(*out));
	bool *placed = calloc(m, sizeof(*placed));
	const struct kind *k = p->kind;
	size_t no = 0;

	if (!byid || !parent || !first || !kids || !stack || !out || !placed || !k->id_field)
		goto out;
	for (size_t i = 0; i < n; i++) {
		byid[i].id = k->id_field->num(p->rows[i].obj);
		byid[i].i = i;
	}
	qsort(byid, n, sizeof(*byid), cmp_ll);   /* id is the first member */
	for (size_t i = 0; i < n; i++) {
		long long pid = k->parent(p->rows[i].obj);
		struct idx *hit = pid > 0 ? bsearch(&pid, byid, n, sizeof(*byid), cmp_ll) : NULL;
		parent[i] = hit && hit->i != i ? hit->i : n;
		first[parent[i] + 1]++;
	}
	for (size_t i = 0; i <= n; i++)
		first[i + 1] += first[i];
	/* children in sort order (i ascending), each parent's in its slice */
	size_t *fill = stack;            /* borrowed: free until the walk */
	for (size_t i = 0; i <= n && i < m; i++)
		fill[i] = first[i];
	for (size_t i = 0; i < n; i++)
		if (parent[i] < n)
			kids[fill[parent[i]]++] = i;
	/* roots first, in order; then whatever a loop left unplaced */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t root = 0; root < n; root++) {
			if (placed[root] || (pass == 0 && parent[root] != n))
				continue;
			size_t sp = 0;
			stack[sp++] = root;
			placed[root] = true;
			p->rows[root].depth = 0;
			p->rows[root].more = 0;
			p->rows[root].last = true;
			while (sp) {
				size_t cur = stack[--sp];
				struct row *pr = &p->rows[cur];
				unsigned d = pr->depth + 1u;
				size_t lo = first[cur], hi = first[cur + 1], lastkid = hi;

				out[no++] = *pr;
				/* pushed last-first so the first pops first */
				for (size_t j = hi; j-- > lo;) {
					size_t c = kids[j];
					if (placed[c])
						continue;
					if (lastkid == hi)
						lastkid = j;
					struct row *r = &p->rows[c];
					placed[c] = true;
					r->depth = (unsigned char)(d < 255 ? d : 255);
					r->last = j == lastkid;
					/* the lines of the levels above go on where the
					 * ancestor there has siblings still to come */
					r->more = pr->more;
					if (pr->depth > 0 && !pr->last && pr->depth < 32)
						r->more |= 1u << pr->depth;
					stack[sp++] = c;
				}
			}
		}
	}
	if (no == n)
		memcpy(p->rows, out, n * sizeof(*out));
out:
	free(byid);
	free(parent);
	free(first);
	free(kids);
	free(stack);
	free(out);
	free(placed);
}

void pane_rebuild(struct tui *t, struct pane *p)
{
	p->nrows = 0;
	/* a list not collected this time (another tab is shown) keeps the
	 * cursor's object, to find it again when the tab comes back */
	if (!showable(t->cur, p->kind)) {
		p->cursor = p->top = 0;
		return;
	}
	push_kind(t, p);
	struct sort_ctx sc = { p, &t->ctx };
	(void)msort(p->rows, p->nrows, sizeof(*p->rows), row_cmp_ctx, &sc);
	for (size_t i = 0; i < p->nrows; i++)
		p->rows[i].depth = 0;
	if (p->tree && p->kind->parent)
		make_tree(p);
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

	if (!t->tags.n || !(k->flags & (KIND_OBJECT | KIND_PROCESS)))
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

static bool col_right(const struct pane *p, size_t c)
{
	return (p->cols[c]->flags & FIELD_RIGHT) != 0;
}

static bool col_sorted(const struct pane *p, size_t c)
{
	return p->cols[c] == p->sortf;
}

static bool col_shown(const struct pane *p, size_t c)
{
	return c == 0 || c >= p->hcol;
}

/* The tree's lines before a row's name: "│  " for each ancestor with
 * siblings still below, then "├─ " or "└─ ". */
static void tree_prefix(const struct row *r, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (unsigned d = 1; d < r->depth && o + 8 < len; d++)
		o += (size_t)snprintf(buf + o, len - o, "%s",
				      d < 32 && (r->more >> d & 1) ? "\xe2\x94\x82  " : "   ");
	if (r->depth > 0 && o + 8 < len)
		snprintf(buf + o, len - o, "%s", r->last ? "\xe2\x94\x94\xe2\x94\x80 " :
			 "\xe2\x94\x9c\xe2\x94\x80 ");
}

/* A cell as drawn: with the tree's lines before the tree column. */
static void cell_shown(struct tui *t, const struct pane *p, size_t c, const struct row *r,
		       char *buf, size_t len)
{
	if (p->tree && (p->cols[c]->flags & FIELD_TREE) && r->depth > 0) {
		char pre[160];
		tree_prefix(r, pre, sizeof(pre));
		size_t n = strlen(pre);
		if (n < len) {
			memcpy(buf, pre, n + 1);
			cell(t, p, c, r->obj, buf + n, len - n);
			return;
		}
	}
	cell(t, p, c, r->obj, buf, len);
}

/* Column widths. Each column first gets its natural width — the widest
 * of its header, its hint and its cells on screen, uncut, so lists use
 * the spare width of a wide terminal — then, when they do not fit, the
 * columns wider than their hint give way, the widest first, down to the
 * hint; what is cut ends in "…" when drawn. */
static void widths(struct tui *t, const struct pane *p, int *w, int room)
{
	static char buf[8192];
	int base[TUI_MAX_COLS], total = 0;

	for (size_t c = 0; c < p->ncols; c++) {
		int hint = p->cols[c]->width;
		int n = (int)strlen(p->cols[c]->name) + 1;   /* room for the sort mark */
		base[c] = w[c] = hint > n ? hint : n;
	}
	for (size_t r = p->top; r < p->nrows && r < p->top + (size_t)t->rows_h; r++) {
		for (size_t c = 0; c < p->ncols; c++) {
			if (!col_shown(p, c))
				continue;
			cell_shown(t, p, c, &p->rows[r], buf, sizeof(buf));
			int n = crt_width(buf);
			if (n > w[c])
				w[c] = n;
		}
	}
	/* the tree's lines come before the name, which keeps room beside them */
	unsigned deepest = 0;
	for (size_t r = p->top; p->tree && r < p->nrows && r < p->top + (size_t)t->rows_h; r++)
		deepest = p->rows[r].depth > deepest ? p->rows[r].depth : deepest;
	for (size_t c = 0; deepest && c < p->ncols; c++) {
		int want = base[c] + 3 * (int)(deepest < 8 ? deepest : 8);
		if (p->cols[c]->flags & FIELD_TREE)
			base[c] = want < w[c] ? want : w[c];
	}
	for (size_t c = 0; c < p->ncols; c++)
		if (col_shown(p, c))
			total += w[c] + 1;
	/* lists and long texts give way first, then other text, but only
	 * when that makes the row fit: a pid's command cut to "demo-p…" says
	 * less than the whole one with the columns after it off the edge;
	 * what names a row stays whole */
	for (int pass = 0; pass < 2 && total - 1 > room; pass++) {
		if (pass == 1) {
			int least = 0;
			for (size_t c = 0; c < p->ncols; c++)
				if (col_shown(p, c))
					least += (field_cut_rank(p->cols[c]) <= 1 ? base[c] : w[c]) + 1;
			if (least - 1 > room)
				break;
		}
		while (total - 1 > room) {
			size_t widest = p->ncols;
			for (size_t c = 0; c < p->ncols; c++)
				if (col_shown(p, c) && w[c] > base[c] &&
				    field_cut_rank(p->cols[c]) <= pass &&
				    (widest == p->ncols || w[c] > w[widest]))
					widest = c;
			if (widest == p->ncols)
				break;
			/* down to the next widest, or as far as needed */
			int next = base[widest];
			for (size_t c = 0; c < p->ncols; c++)
				if (c != widest && col_shown(p, c) &&
				    field_cut_rank(p->cols[c]) <= pass && w[c] < w[widest] &&
				    w[c] > next)
					next = w[c];
			int give = w[widest] - next, over = total - 1 - room;
			if (give > over)
				give = over;
			if (give < 1)
				give = 1;
			w[widest] -= give;
			total -= give;
		}
	}
}

static int row_attr(struct tui *t, struct pane *p, size_t r, bool *tagged)
{
	struct row *row = &p->rows[r];

	if (row->mark == ROW_SAME && diff_mark(&t->diff, p->kind, row->idx) == DIFF_CHANGED)
		row->mark = ROW_CHANGED;

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

/* Why a tab has no rows, in its kind's words. */
static void empty_note(struct tui *t, const struct pane *p, char *buf, size_t len)
{
	const struct kind *k = p->kind;
	const struct objlist *l = t->cur ? &t->cur->list[k->id] : NULL;
	char many[64];

	kind_plural(k, many, sizeof(many));
	if (l && l->err < 0)
		snprintf(buf, len, "%s", l->hint ? l->hint : "cannot read this list (see the message line)");
	else if (!showable(t->cur, k))
		snprintf(buf, len, "collecting the %s...", many);
	else if (l->partial && !t->filter[0])
		snprintf(buf, len, "nothing readable here: other users' processes "
			 "could not be read (root sees all)");
	else if (p->only)
		snprintf(buf, len, "none of the %s of %s exists now (Esc: show all)", many,
			 p->only_what);
	else if ((k->flags & KIND_PROCESS) && t->notable_only)
		snprintf(buf, len, "no process has a signal pending or a fatal signal "
			 "blocked (a: show all)");
	else if (t->filter[0] || t->uid >= 0)
		snprintf(buf, len, "no %s match the filter", many);
	else
		snprintf(buf, len, "no %s", many);
}

void pane_draw(struct tui *t, struct pane *p)
{
	int w[TUI_MAX_COLS];
	static char buf[8192];
	int y0 = t->rows_y, h = t->rows_h;

	if (p->cursor < p->top)
		p->top = p->cursor;
	if (h > 0 && p->cursor >= p->top + (size_t)h)
		p->top = p->cursor - (size_t)h + 1;
	if (p->top + (size_t)h > p->nrows)
		p->top = p->nrows > (size_t)h ? p->nrows - (size_t)h : 0;
	/* Left/Right scroll the columns after the first, which stays (the
	 * key, or the pid): hidden ones get an empty span in col_x */
	if (p->hcol < 1)
		p->hcol = 1;
	if (p->ncols > 0 && p->hcol > p->ncols - 1)
		p->hcol = p->ncols > 1 ? p->ncols - 1 : 1;
	widths(t, p, w, COLS - 2);

	/* header: a mark column (tag / new / gone), then the fields */
	int x = 2;
	bool sort_seen = false;
	crt_fill(t->colhdr_y, 0, COLS, crt_attr(C_COLHDR));
	for (size_t c = 0; c < p->ncols; c++) {
		char name[48];
		bool s = col_sorted(p, c);
		p->col_x[c] = x;
		if (!col_shown(p, c))
			continue;
		snprintf(name, sizeof(name), "%s%s", p->cols[c]->name,
			 s ? (p->reverse ? "v" : "^") : "");
		int ww = x + w[c] > COLS ? COLS - x : w[c];
		if (ww >= w[c] || ww >= 4)
			crt_put_cut(t->colhdr_y, x, ww, name,
				    crt_attr(s ? C_COLHDR_SORT : C_COLHDR), col_right(p, c));
		sort_seen |= s && x + (int)strlen(name) <= COLS;
		x += w[c] + 1;
	}
	p->col_x[p->ncols] = x;
	if (p->hcol > 1)
		crt_put(t->colhdr_y, 0, 1, "<", crt_attr(C_COLHDR_SORT));
	if (x - 1 > COLS)
		crt_put(t->colhdr_y, COLS - 1, 1, ">", crt_attr(C_COLHDR_SORT));
	/* sorted by a column not in view (not chosen, or scrolled off): the
	 * tab row says so (header.c), so the order is never a mystery */
	p->sort_seen = sort_seen;

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
			if (!col_shown(p, c))
				continue;
			int ww = x + w[c] > COLS ? COLS - x : w[c];
			/* a sliver of a column at the edge says nothing: '>'
			 * in the header says more columns follow */
			if (ww < w[c] && ww < 4)
				break;
			cell_shown(t, p, c, &p->rows[r], buf, sizeof(buf));
			crt_put_cut(y, x, ww, buf, a, col_right(p, c));
			x += w[c] + 1;
		}
	}
	/* what the user now sees under the cursor is what keys act on */
	p->drawn = true;
	if (p->nrows && p->kind->match)
		p->kind->match(p->rows[p->cursor].obj, p->drawn_m);
	if (p->nrows == 0) {
		empty_note(t, p, buf, sizeof(buf));
		crt_put(y0, 2, COLS - 2, buf, crt_attr(C_MSG));
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

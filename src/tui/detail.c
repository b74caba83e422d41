/* The detail view: one row in full, as --once -i shows it — every column
 * of its kind, each with its value and what it means, then the rows its
 * kind keeps under it (a set's semaphores, a process's 64 signals). The
 * values come from the snapshot; a set's semaphores are read by the
 * collector, asked through feed_want_detail(). Nothing is cut: a long
 * value is wrapped under its name, its meaning on lines of its own, and
 * the rows' header stays in view while they scroll. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/vec.h"
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

/* The view's text, line by line, before scrolling. */
struct lines {
	char **v;
	int *attr;
	/* a history line's sparkline and figures, drawn in its place; NULL
	 * for a line of text */
	const struct hist_line **spark;
	size_t n, cap, acap, scap;
	int header;                   /* the sub-table's header line; -1: none */
};

static void add(struct lines *l, const char *s, int attr)
{
	char *c = strdup(s);

	if (!c || VEC_PUSH(l->v, l->n, l->cap, c) < 0) {
		free(c);
		return;
	}
	if (vec_reserve(&l->attr, &l->acap, l->n, sizeof(*l->attr)) < 0 ||
	    vec_reserve(&l->spark, &l->scap, l->n, sizeof(*l->spark)) < 0) {
		free(l->v[--l->n]);
		return;
	}
	l->attr[l->n - 1] = attr;
	l->spark[l->n - 1] = NULL;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->attr);
	free(l->spark);
}

/* Bytes of s that fill at most w columns, cut after a comma when one is
 * in the second half (lists break between their items). */
static size_t fit(const char *s, int w)
{
	size_t n = strlen(s), at = 0, comma = 0;
	int cols = 0;
	char tmp[8];

	while (at < n) {
		size_t len = 1;
		while (at + len < n && ((unsigned char)s[at + len] & 0xc0) == 0x80 && len < 4)
			len++;
		memcpy(tmp, s + at, len);
		tmp[len] = '\0';
		int cw = crt_width(tmp);
		if (cols + cw > w)
			break;
		cols += cw;
		at += len;
		if (s[at - 1] == ',' && cols > w / 2)
			comma = at;
	}
	if (at < n && comma)
		return comma;
	return at ? at : (n ? 1 : 0);
}

#define NAME_W 10
#define VALUE_W 24

/* The meaning of a column from col on, wrapped at blanks to w columns;
 * the first line goes after prefix. */
static void add_help(struct lines *l, const char *prefix, const char *help, int col, int w)
{
	char line[8400];
	int room = w - col;
	const char *p = help;
	bool first = true;

	if (room < 16)
		room = 16;
	do {
		size_t n = strlen(p);
		if ((int)n > room) {
			n = (size_t)room;
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = (size_t)room;
		}
		snprintf(line, sizeof(line), "%-*s%.*s", col, first ? prefix : "", (int)n, p);
		add(l, line, crt_attr(C_DIALOG));
		first = false;
		p += n;
		while (*p == ' ')
			p++;
	} while (*p);
}

/* One column: "NAME  value  meaning" when the value is short; else the
 * value whole, wrapped under it, and its meaning on lines of its own. */
static void add_field(struct lines *l, const struct field *f, const char *value, int w)
{
	char line[8400];
	int vw = w - NAME_W - 1, col = NAME_W + 1 + VALUE_W + 1;

	if (crt_width(value) <= VALUE_W || vw < 8) {
		snprintf(line, sizeof(line), "%-*s %-*s ", NAME_W, f->name, VALUE_W, value);
		add_help(l, line, f->help, col, w);
		return;
	}
	for (const char *p = value; *p;) {
		size_t n = fit(p, vw);
		snprintf(line, sizeof(line), "%-*s %.*s", NAME_W, p == value ? f->name : "", (int)n, p);
		add(l, line, crt_attr(C_DIALOG));
		p += n;
	}
	add_help(l, "", f->help, col, w);
}

static void build(struct tui *t, const void *o, struct lines *l, int w,
		  const struct hist_line *hl, int nhl)
{
	const struct kind *k = t->detail.ident.kind;
	const struct subtable *st = k->sub;
	bool procs = t->cur && snap_have(t->cur, KIND_PROC);
	static char buf[8192];
	char line[640];

	l->header = -1;
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];
		if ((f->needs & NEED_USERS) && !procs)
			continue;
		field_text(f, &t->ctx, o, buf, sizeof(buf));
		add_field(l, f, buf, w);
	}
	/* the history of the columns the live view keeps */
	for (int i = 0; i < nhl; i++) {
		size_t before = l->n;
		add(l, hl[i].head, crt_attr(C_DIALOG_TITLE));
		if (l->n > before)
			l->spark[l->n - 1] = &hl[i];
	}
	if (!st)
		return;
	void *rows = NULL;
	int err = 0;
	size_t nrows = st->rows(o, &rows, &err);
	/* rows the collector reads for this view come with a refresh */
	const char *note = NULL;
	if (!nrows && !err && st->json)
		note = t->paused ? "not read while paused: p resumes" : "reading...";
	add(l, "", crt_attr(C_DIALOG));
	sub_line(st, &t->ctx, NULL, line, sizeof(line));
	l->header = (int)l->n;
	add(l, line, crt_attr(C_DIALOG_TITLE));
	if (err || note) {
		snprintf(line, sizeof(line), "%s: %s", st->what, err ? st->strerror(err) : note);
		add(l, line, crt_attr(C_DIALOG_TITLE));
	}
	for (size_t i = 0; i < nrows; i++) {
		sub_line(st, &t->ctx, (char *)rows + i * st->rowsize, line, sizeof(line));
		add(l, line, crt_attr(C_DIALOG));
	}
	free(rows);
}

void detail_draw(struct tui *t)
{
	struct detail *d = &t->detail;
	const struct kind *k = d->ident.kind;
	const void *same_id;
	const void *o = find(t, d, &same_id);
	int top = t->tabs_y + 1, h = LINES - 2 - top, w = COLS;
	char title[IDENT_NAME_MAX + 96], what[IDENT_NAME_MAX + 64], note[64];
	int y = top + 1, inner = h - 2;
	struct lines l = { 0 };

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
	struct hist_line hl[2 + HIST_VALS];
	int nhl = hist_block(t, k, o, w, hl);

	build(t, o, &l, w - 4, hl, nhl);
	d->lines = (int)l.n;
	/* keep the last page full: scrolling stops at the end */
	if (d->scroll > (int)l.n - inner)
		d->scroll = (int)l.n - inner > 0 ? (int)l.n - inner : 0;
	int first = d->scroll, shown = 0;
	/* the sub-table's header stays while its rows scroll under it */
	if (l.header >= 0 && first > l.header && inner > 1) {
		crt_put_cut(y++, 2, w - 4, l.v[l.header], l.attr[l.header], false);
		shown++;
		first++;
	}
	int i;
	for (i = first; i < (int)l.n && shown < inner; i++, shown++) {
		if (l.spark[i])
			hist_line_draw(l.spark[i], y++, w);
		else
			crt_put_cut(y++, 2, w - 4, l.v[i], l.attr[i], false);
	}
	if (i < (int)l.n) {
		snprintf(note, sizeof(note), " %d more below: Down, PgDn, End ", (int)l.n - i);
		crt_put(top + h - 1, w - 2 - (int)strlen(note), (int)strlen(note), note,
			crt_attr(C_DIALOG_TITLE));
	}
	if (d->scroll > 0) {
		snprintf(note, sizeof(note), " %d above ", d->scroll);
		crt_put(top + h - 1, 2, (int)strlen(note), note, crt_attr(C_DIALOG_TITLE));
	}
	lines_free(&l);
}

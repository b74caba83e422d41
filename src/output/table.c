/* Table, raw and export output, of the object lists and of the process
 * sections. These were built on libsmartcols, but its per-cell allocations
 * and wide-character width checks made a 22,000-row snapshot ten times
 * slower than reading /proc; the layout it produced is simple enough to do
 * here: cells go into one arena, column widths are measured on the way
 * in, and lines are assembled in a buffer written in large chunks.
 *
 * Formats (lsipc's layout):
 *   table   columns padded to the widest cell, right-aligned where the
 *           column says so, the last column unpadded;
 *   raw     single spaces between cells; bytes that would break the
 *           columns (blanks, controls) written as \xNN;
 *   export  NAME="value" pairs, with " ` $ escaped by a backslash.
 * Text from the system reaches a cell through sanitize(), so a backslash
 * in a cell always starts a \xNN escape already: written as it is, never
 * escaped again, every \xNN of every format stands for one byte. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/mem.h"
#include "ipctop/output.h"
#include "ipctop/kind.h"
#include "ipctop/limits.h"
#include "ipctop/proctab.h"

#define TAB_MAX_COLS 64
/* Cells are stored as a 2-byte length and the bytes (no terminator), so
 * printing never measures a string again. */
#define CELL_MAX 4095
#define OUTBUF 65536

struct tab {
	enum out_format format;
	bool noheadings;
	size_t ncols;
	const char *name[TAB_MAX_COLS];
	bool right[TAB_MAX_COLS];
	size_t width[TAB_MAX_COLS];
	size_t maxlen[TAB_MAX_COLS];   /* longest cell in bytes */
	size_t base[TAB_MAX_COLS];     /* no narrower when fitting a terminal */
	unsigned char rank[TAB_MAX_COLS];  /* field_cut_rank(): who gives way */
	size_t fit;                    /* the terminal's width; 0: whole cells */
	bool cut;                      /* some column is narrower than a cell */
	const char *ellipsis;
	/* every cell, row by row: a 2-byte header (length, CELL_WIDE) and
	 * the bytes; kept across sections so its pages are touched once */
	char *text;
	size_t tlen, tcap;
	size_t ncells;
	size_t col;             /* column the next cell goes to */
	int err;                /* first allocation failure */
};

/* Start a new table, keeping the text buffer of a previous one. */
static void tab_reset(struct tab *t, const struct output_opts *o, bool noheadings)
{
	char *text = t->text;
	size_t tcap = t->tcap;

	memset(t, 0, sizeof(*t));
	t->text = text;
	t->tcap = tcap;
	t->format = o->format;
	t->noheadings = noheadings || o->noheadings;
	t->fit = o->format == OUT_TABLE && o->width > 0 ? (size_t)o->width : 0;
	t->ellipsis = o->ellipsis ? o->ellipsis : ">";
}

static void tab_init(struct tab *t, const struct output_opts *o, bool noheadings)
{
	t->text = NULL;
	t->tcap = 0;
	tab_reset(t, o, noheadings);
}

static void tab_free(struct tab *t)
{
	free(t->text);
	t->text = NULL;
	t->tcap = 0;
}

/* Columns as they print: blanks and controls escaped in raw mode. */
static size_t display_width(const struct tab *t, const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (t->format == OUT_RAW && (c <= 0x20 || c == 0x7f))
			w += 4;
		else if ((c & 0xc0) != 0x80)   /* count UTF-8 lead bytes only */
			w++;
	}
	return w;
}

/* A column; hint is how narrow it may be cut to fit a terminal (0: never
 * narrower than its header). */
static void tab_column_hint(struct tab *t, const char *name, bool right, int hint, int rank)
{
	if (t->ncols == TAB_MAX_COLS) {
		t->err = -E2BIG;
		return;
	}
	t->name[t->ncols] = name;
	t->right[t->ncols] = right;
	t->width[t->ncols] = t->noheadings ? 0 : strlen(name);
	t->maxlen[t->ncols] = t->width[t->ncols];
	t->base[t->ncols] = strlen(name) > (size_t)hint ? strlen(name) : (size_t)hint;
	t->rank[t->ncols] = (unsigned char)rank;
	t->ncols++;
}

static void tab_column(struct tab *t, const char *name, bool right)
{
	tab_column_hint(t, name, right, 0, 2);
}

/* Fit the table to t->fit columns: the columns wider than their base
 * give way, the widest first, never below it; nothing is left out, so a
 * table that still does not fit wraps as it would have. */
static void tab_fit(struct tab *t)
{
	size_t total = 0;

	if (!t->fit || !t->ncols)
		return;
	for (size_t c = 0; c < t->ncols; c++)
		total += t->width[c] + 1;
	total--;
	/* lists and long texts give way first, then other text when that
	 * makes the table fit; what names a row stays whole */
	for (int pass = 0; pass < 2 && total > t->fit; pass++) {
		if (pass == 1) {
			size_t least = 0;
			for (size_t c = 0; c < t->ncols; c++)
				least += (t->rank[c] <= 1 ? t->base[c] : t->width[c]) + 1;
			if (least - 1 > t->fit)
				break;
		}
		while (total > t->fit) {
			size_t widest = t->ncols, next;
			for (size_t c = 0; c < t->ncols; c++)
				if (t->width[c] > t->base[c] && t->rank[c] <= pass &&
				    (widest == t->ncols || t->width[c] > t->width[widest]))
					widest = c;
			if (widest == t->ncols)
				break;
			next = t->base[widest];
			for (size_t c = 0; c < t->ncols; c++)
				if (c != widest && t->rank[c] <= pass &&
				    t->width[c] < t->width[widest] && t->width[c] > next)
					next = t->width[c];
			size_t give = t->width[widest] - next, over = total - t->fit;
			if (give > over)
				give = over;
			if (give < 1)
				give = 1;
			t->width[widest] -= give;
			total -= give;
			t->cut = true;
		}
	}
}

/* The bytes of s[0..n) that fill at most w columns (one a character). */
static size_t cut_at(const char *s, size_t n, size_t w)
{
	size_t i = 0, cols = 0;

	while (i < n) {
		size_t len = 1;
		while (i + len < n && ((unsigned char)s[i + len] & 0xc0) == 0x80)
			len++;
		if (cols + 1 > w)
			break;
		cols++;
		i += len;
	}
	return i;
}

/* Any byte with the high bit set (UTF-8) in s[0..n)? Eight at a time. */
static bool has_high(const char *s, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		if (x & 0x8080808080808080ull)
			return true;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* Room for one more cell of up to CELL_MAX bytes; NULL on failure. The
 * cell's text is written there (by field_text) and then tab_commit()
 * measures it: formatting straight into the arena saves a copy and a
 * strlen per cell, which showed in the profile of a 22,000-row run. */
static char *tab_slot(struct tab *t)
{
	size_t need = t->tlen + 2 + CELL_MAX + 1;

	if (t->err)
		return NULL;
	if (need > t->tcap) {
		size_t cap = t->tcap ? t->tcap * 2 : 262144;
		while (cap < need)
			cap *= 2;
		char *p = realloc(t->text, cap);
		if (!p) {
			t->err = -ENOMEM;
			return NULL;
		}
		mem_prefault(p + t->tcap, cap - t->tcap);
		t->text = p;
		t->tcap = cap;
	}
	return t->text + t->tlen + 2;
}

/* Stored as a 2-byte header: the length, and CELL_WIDE when some byte is
 * not ASCII (so printing knows when width differs from length). */
#define CELL_WIDE 0x8000u

static void tab_commit(struct tab *t)
{
	unsigned char *s = (unsigned char *)t->text + t->tlen + 2;
	size_t n = 0, w, col = t->col;
	unsigned hi = 0;

	/* one pass over a few bytes: length and whether any is non-ASCII */
	while (n < CELL_MAX && s[n]) {
		hi |= s[n];
		n++;
	}
	hi &= 0x80;
	w = n;
	if (t->format == OUT_RAW || (t->format == OUT_TABLE && hi))
		w = display_width(t, (const char *)s, n);
	unsigned h = (unsigned)n | (hi ? CELL_WIDE : 0);
	s[-2] = (unsigned char)(h & 0xff);
	s[-1] = (unsigned char)(h >> 8);
	t->tlen += n + 2;
	t->ncells++;
	t->col = col + 1 == t->ncols ? 0 : col + 1;
	if (w > t->width[col])
		t->width[col] = w;
	if (n > t->maxlen[col])
		t->maxlen[col] = n;
}

static void tab_cell(struct tab *t, const char *s)
{
	char *slot = tab_slot(t);
	size_t n = strnlen(s, CELL_MAX);

	if (!slot)
		return;
	memcpy(slot, s, n);
	slot[n] = '\0';
	tab_commit(t);
}

/* One cell of field f for obj, formatted in place. */
static void tab_field(struct tab *t, const struct field *f,
		      const struct field_ctx *ctx, const void *obj)
{
	char *slot = tab_slot(t);

	if (!slot)
		return;
	field_text(f, ctx, obj, slot, CELL_MAX + 1);
	tab_commit(t);
}

/* A byte buffer flushed to the stream in large writes. */
struct out {
	FILE *f;
	size_t len;
	char buf[OUTBUF];
};

static void out_flush(struct out *o)
{
	if (o->len)
		fwrite(o->buf, 1, o->len, o->f);
	o->len = 0;
}

static void out_byte(struct out *o, char c)
{
	if (o->len == OUTBUF)
		out_flush(o);
	o->buf[o->len++] = c;
}

static void out_mem(struct out *o, const char *s, size_t n)
{
	if (n > OUTBUF - o->len) {
		out_flush(o);
		if (n > OUTBUF) {
			fwrite(s, 1, n, o->f);
			return;
		}
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_pad(struct out *o, size_t n)
{
	static const char spaces[64] = "                                                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) ? n : sizeof(spaces);
		out_mem(o, spaces, k);
		n -= k;
	}
}

static void out_hexbyte(struct out *o, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
	out_mem(o, e, 4);
}

/* One cell as its format writes it. */
static void out_cell(struct out *o, const struct tab *t, const char *s, size_t n)
{
	if (t->format == OUT_TABLE) {
		out_mem(o, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (t->format == OUT_RAW) {
			if (c <= 0x20 || c == 0x7f)
				out_hexbyte(o, c);
			else
				out_byte(o, (char)c);
		} else {
			if (c < 0x20 || c == 0x7f) {
				out_hexbyte(o, c);
				continue;
			}
			/* '\\' needs nothing: always before 'x' (see the
			 * top), it is no escape in double quotes */
			if (c == '"' || c == '`' || c == '$')
				out_byte(o, '\\');
			out_byte(o, (char)c);
		}
	}
}

/* Shell variable name for export: letters, digits and '_' only. */
static void out_varname(struct out *o, const char *name)
{
	for (const char *p = name; *p; p++) {
		char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '_';
		out_byte(o, ok ? c : '_');
	}
}

/* Write one row; cells[i] of length lens[i]. */
/* A table row of ASCII cells straight into the buffer: no per-byte
 * checks. rowmax bounds the row's length (see tab_print). */
static void out_table_row(struct out *o, const struct tab *t, const char *const *cells,
			  const size_t *lens, size_t rowmax)
{
	if (OUTBUF - o->len < rowmax)
		out_flush(o);
	char *d = o->buf + o->len;
	for (size_t c = 0; c < t->ncols; c++) {
		size_t n = lens[c], pad = t->width[c] > n ? t->width[c] - n : 0;

		if (c > 0)
			*d++ = ' ';
		if (t->right[c]) {
			memset(d, ' ', pad);
			d += pad;
		}
		memcpy(d, cells[c], n);
		d += n;
		if (!t->right[c] && c + 1 < t->ncols) {
			memset(d, ' ', pad);
			d += pad;
		}
	}
	*d++ = '\n';
	o->len = (size_t)(d - o->buf);
}

static void out_row(struct out *o, const struct tab *t, const char *const *cells,
		    const size_t *lens)
{
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = cells[c];
		size_t n = lens[c];
		bool last = c + 1 == t->ncols;

		if (c > 0)
			out_byte(o, ' ');
		if (t->format == OUT_EXPORT) {
			out_varname(o, t->name[c]);
			out_mem(o, "=\"", 2);
			out_cell(o, t, s, n);
			out_byte(o, '"');
			continue;
		}
		if (t->format == OUT_RAW) {
			out_cell(o, t, s, n);
			continue;
		}
		size_t w = has_high(s, n) ? display_width(t, s, n) : n;
		if (t->cut && w > t->width[c] && t->width[c] > 0) {
			/* cut to fit the terminal; the mark says so */
			size_t keep = cut_at(s, n, t->width[c] - 1);
			out_cell(o, t, s, keep);
			out_mem(o, t->ellipsis, strlen(t->ellipsis));
			continue;
		}
		size_t pad = t->width[c] > w ? t->width[c] - w : 0;
		if (t->right[c])
			out_pad(o, pad);
		out_cell(o, t, s, n);
		if (!t->right[c] && !last)
			out_pad(o, pad);
	}
	out_byte(o, '\n');
}

static int tab_print(FILE *f, struct tab *t)
{
	const char *cells[TAB_MAX_COLS];
	size_t lens[TAB_MAX_COLS];
	struct out *o;

	if (t->err)
		return t->err;
	o = malloc(sizeof(*o));
	if (!o)
		return -ENOMEM;
	o->f = f;
	o->len = 0;
	tab_fit(t);
	if (!t->noheadings && t->format != OUT_EXPORT) {
		for (size_t c = 0; c < t->ncols; c++) {
			cells[c] = t->name[c];
			lens[c] = strlen(t->name[c]);
		}
		out_row(o, t, cells, lens);
	}
	/* the longest a table row can be: every cell at its widest */
	size_t rowmax = 1;
	for (size_t c = 0; c < t->ncols; c++)
		rowmax += (t->width[c] > t->maxlen[c] ? t->width[c] : t->maxlen[c]) + 1;
	const unsigned char *p = (const unsigned char *)t->text;
	for (size_t i = 0; t->ncols && i + t->ncols <= t->ncells; i += t->ncols) {
		bool wide = false;
		for (size_t c = 0; c < t->ncols; c++) {
			unsigned h = (unsigned)p[0] | (unsigned)p[1] << 8;
			lens[c] = h & ~CELL_WIDE;
			wide |= (h & CELL_WIDE) != 0;
			cells[c] = (const char *)p + 2;
			p += lens[c] + 2;
		}
		if (t->format == OUT_TABLE && !wide && !t->cut && rowmax <= OUTBUF)
			out_table_row(o, t, cells, lens, rowmax);
		else
			out_row(o, t, cells, lens);
	}
	out_flush(o);
	free(o);
	return ferror(f) ? -EIO : 0;
}

static void title(FILE *f, const struct output_opts *o, const char *t)
{
	if (o->noheadings || o->format == OUT_EXPORT)
		return;
	fprintf(f, "------ %s --------\n", t);
}

static int print_kind(FILE *f, const struct snapshot *s, const struct output_opts *o,
		      const struct kind *k, const struct field **cols, size_t ncols,
		      struct tab *tp)
{
	struct tab t = *tp;
	size_t n;
	const void **rows;
	bool typecol = o->format == OUT_EXPORT;
	int r;

	tab_reset(&t, o, false);
	if (typecol)
		tab_column(&t, "TYPE", false);
	for (size_t c = 0; c < ncols; c++)
		tab_column_hint(&t, cols[c]->name, cols[c]->flags & FIELD_RIGHT, cols[c]->width,
				field_cut_rank(cols[c]));
	rows = output_rows(s, k, o, &n);
	if (!rows)
		return -ENOMEM;
	for (size_t i = 0; i < n && !t.err; i++) {
		if (typecol)
			tab_cell(&t, k->type);
		for (size_t c = 0; c < ncols; c++)
			tab_field(&t, cols[c], &o->ctx, rows[i]);
	}
	free(rows);
	/* hand the (possibly grown) buffer back for the next section */
	tp->text = t.text;
	tp->tcap = t.tcap;
	if (t.err)
		return t.err;
	title(f, o, k->title);
	r = tab_print(f, &t);
	if (o->format == OUT_TABLE && !o->noheadings)
		fputc('\n', f);
	return r;
}

/* The rows under one object (a set's semaphores, a process's signals). */
static int print_sub(FILE *f, const struct kind *k, const void *obj, const struct output_opts *o)
{
	const struct subtable *st = k->sub;
	void *rows;
	int err, r;
	size_t n = st->rows(obj, &rows, &err);
	struct tab t;

	tab_init(&t, o, false);
	for (size_t c = 0; c < st->nfields; c++)
		tab_column(&t, st->fields[c].name, st->fields[c].flags & FIELD_RIGHT);
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < st->nfields; c++)
			tab_field(&t, &st->fields[c], &o->ctx, (char *)rows + i * st->rowsize);
	free(rows);
	if (o->format == OUT_TABLE)
		fputc('\n', f);
	if (err)
		fprintf(f, "%s: %s\n", st->what, st->strerror(err));
	r = tab_print(f, &t);
	tab_free(&t);
	return r;
}

/* One object in full, like ipcs -i: a FIELD VALUE list. */
static int print_detail(FILE *f, const struct snapshot *s, const struct output_opts *o,
			const struct kind *k, const struct field **cols, size_t ncols)
{
	size_t n;
	const void **rows = output_rows(s, k, o, &n);
	char buf[4096];
	int r = 0;

	if (!rows)
		return -ENOMEM;
	for (size_t i = 0; i < n && r == 0; i++) {
		struct tab t;

		tab_init(&t, o, true);
		t.fit = 0;      /* one object in full: every value whole */
		tab_column(&t, "FIELD", false);
		tab_column(&t, "VALUE", false);
		for (size_t c = 0; c < ncols; c++) {
			field_text(cols[c], &o->ctx, rows[i], buf, sizeof(buf));
			tab_cell(&t, cols[c]->name);
			tab_cell(&t, buf);
		}
		if (!o->noheadings && o->format != OUT_EXPORT) {
			/* the id as its column shows it: a number, or a name */
			field_text(k->id_field, &o->ctx, rows[i], buf, sizeof(buf));
			fprintf(f, "%s=%s\n", k->one, buf);
		}
		r = tab_print(f, &t);
		tab_free(&t);
		if (r == 0 && k->sub)
			r = print_sub(f, k, rows[i], o);
	}
	free(rows);
	return r;
}

/* Limits that are "unlimited" in practice (ULONG_MAX - 2^24 for shmmax
 * and shmall) are beyond long long; struct ipc_limits keeps them as
 * unsigned bit patterns, so they are taken unsigned, as ipcs does, and a
 * size among them is shown like the others ("16E", or the exact count
 * with -b). */
static void limit_text(char *buf, size_t len, long long v, bool bytes,
		       const struct output_opts *o)
{
	if (v == IPC_UNKNOWN) {
		snprintf(buf, len, "?");
	} else if (v < 0 && bytes && !o->ctx.bytes) {
		static const char units[] = "KMGTPE";
		double d = (double)(unsigned long long)v;
		int u = -1;
		while (d >= 1024.0 && u < 5) {
			d /= 1024.0;
			u++;
		}
		snprintf(buf, len, "%.0f%c", d, units[u]);
	} else if (v < 0) {
		fmt_ull(buf, (unsigned long long)v);
	} else if (bytes) {
		fmt_size(buf, len, v, o->ctx.bytes);
	} else {
		fmt_ll(buf, v);
	}
}

/* Row d of limits l as text, into ln. */
static void limit_line_of(const struct limit_desc *d, const struct ipc_limits *l,
			  const struct output_opts *o, struct limit_line *ln)
{
	long long page = l->pagesize > 0 ? l->pagesize : 4096;
	long long limit = limit_at(l, d->limit);
	long long used = d->used == LIMIT_NO_USE ? IPC_UNKNOWN : limit_at(l, d->used);

	ln->res = d->res;
	ln->desc = d->desc;
	if (d->limit == LIMIT_NONE)
		snprintf(ln->limit, sizeof(ln->limit), "-");
	else
		limit_text(ln->limit, sizeof(ln->limit), limit, d->bytes, o);
	if (used == IPC_UNKNOWN || used < 0) {
		snprintf(ln->used, sizeof(ln->used), "%s", d->used == LIMIT_NO_USE ? "-" : "?");
		snprintf(ln->pct, sizeof(ln->pct), "-");
		return;
	}
	if (d->used_pages)
		used = (used + page - 1) / page;
	if (d->used_bytes || (d->bytes && d->limit != LIMIT_NONE))
		fmt_size(ln->used, sizeof(ln->used), used, o->ctx.bytes);
	else
		fmt_ll(ln->used, used);
	if (d->limit == LIMIT_NONE || limit == IPC_UNKNOWN)
		snprintf(ln->pct, sizeof(ln->pct), "-");
	else if (limit > 0)
		snprintf(ln->pct, sizeof(ln->pct), "%.2f%%", 100.0 * (double)used / (double)limit);
	else if (limit < 0)   /* beyond LLONG_MAX: unsigned */
		snprintf(ln->pct, sizeof(ln->pct), "%.2f%%",
			 100.0 * (double)used / (double)(unsigned long long)limit);
	else
		snprintf(ln->pct, sizeof(ln->pct), "-");
}

/* The rows of limits l for the kinds o->want names (every kind when none
 * does), leaving out kinds the source has none of (POSIX on a fixture
 * tree). */
static size_t limit_lines_in(const struct snapshot *s, const struct ipc_limits *l,
			     const struct output_opts *o, struct limit_line *out, size_t max)
{
	size_t nrows, n = 0;
	const struct limit_desc *rows = limits_table(&nrows);
	bool some = false;

	for (size_t i = 0; i < nrows; i++)
		some |= o->want[rows[i].k];
	for (size_t i = 0; i < nrows && n < max; i++) {
		const struct limit_desc *d = &rows[i];

		if ((some && !o->want[d->k]) ||
		    (!s->list[d->k].have && !s->list[d->k].counted && s->list[d->k].err == 0))
			continue;
		limit_line_of(d, l, o, &out[n++]);
	}
	return n;
}

size_t output_limit_lines(const struct snapshot *s, const struct output_opts *o,
			  struct limit_line *out, size_t max)
{
	return limit_lines_in(s, &s->limits, o, out, max);
}

static int print_limits(FILE *f, const struct snapshot *s, const struct output_opts *o)
{
	struct limit_line lines[OUTPUT_LIMIT_LINES];
	size_t n;
	struct tab t;
	int r;

	/* each namespace has its own limits: a row set per namespace, with
	 * its label first, when there are several */
	bool per_ns = s->nns > 1;
	size_t nsets = per_ns ? s->nns : 1;

	tab_init(&t, o, false);
	if (per_ns)
		tab_column(&t, "NS", false);
	tab_column(&t, "RESOURCE", false);
	tab_column(&t, "DESCRIPTION", false);
	tab_column(&t, "LIMIT", true);
	tab_column(&t, "USED", true);
	tab_column(&t, "USE%", true);
	for (size_t ns = 0; ns < nsets; ns++) {
		const struct ipc_limits *l = per_ns ? &s->ns[ns].limits : &s->limits;

		if (per_ns && !s->ns[ns].have_limits)
			continue;
		n = limit_lines_in(s, l, o, lines, OUTPUT_LIMIT_LINES);
		for (size_t i = 0; i < n; i++) {
			if (per_ns)
				tab_cell(&t, s->ns[ns].info.label);
			tab_cell(&t, lines[i].res);
			tab_cell(&t, lines[i].desc);
			tab_cell(&t, lines[i].limit);
			tab_cell(&t, lines[i].used);
			tab_cell(&t, lines[i].pct);
		}
	}
	title(f, o, "Limits and Use");
	r = tab_print(f, &t);
	tab_free(&t);
	return r;
}

static int by_section(const void *a, const void *b)
{
	const struct kind *x = *(const struct kind *const *)a, *y = *(const struct kind *const *)b;

	return (x->section > y->section) - (x->section < y->section);
}

int output_table_kinds(FILE *f, const struct snapshot *s, const struct output_opts *o,
		       const struct kind *const *all, size_t nk,
		       const struct field **cols[KIND_SLOTS], const size_t ncols[KIND_SLOTS])
{
	const struct kind *order[KIND_SLOTS];
	struct tab shared;
	int r = 0;

	/* sections in ipcs -a's order: queues, segments, sets; then processes */
	if (nk > KIND_SLOTS)
		nk = KIND_SLOTS;
	memcpy(order, all, nk * sizeof(*order));
	qsort(order, nk, sizeof(*order), by_section);
	tab_init(&shared, o, false);
	if (o->limits && s->have_limits) {
		bool more = false;
		for (size_t i = 0; i < nk; i++)
			more |= o->want[all[i]->id];
		r = print_limits(f, s, o);
		if (r == 0 && more && o->format == OUT_TABLE && !o->noheadings)
			fputc('\n', f);
	}
	for (size_t i = 0; i < nk && r == 0; i++) {
		const struct kind *k = order[i];
		const struct objlist *l = &s->list[k->id];

		/* a list that could not be read is no empty list: left out
		 * (the caller says why on stderr); nor is one not collected */
		if (!o->want[k->id] || l->err < 0 || !l->have)
			continue;
		if (o->detail_id >= 0)
			r = print_detail(f, s, o, k, cols[k->id], ncols[k->id]);
		else
			r = print_kind(f, s, o, k, cols[k->id], ncols[k->id], &shared);
	}
	tab_free(&shared);
	return r;
}

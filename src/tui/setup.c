/* F2: the tab's columns, as htop's setup screen has them — the columns
 * shown, in order, beside every other column of the kind; add, remove
 * and reorder, seen at once in the table behind and saved in the
 * settings file (columns.<tab>). Any kind's table, nothing kind-specific. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/state.h"

#define KEY_ESC 27

void pane_default_columns(struct pane *p)
{
	const struct kind *k = p->kind;

	p->ncols = 0;
	for (size_t i = 0; i < k->nfields && p->ncols < TUI_MAX_COLS; i++)
		if (field_default(&k->fields[i], NULL))
			p->cols[p->ncols++] = &k->fields[i];
	if (p->ncols == 0 && k->nfields)
		p->cols[p->ncols++] = &k->fields[0];
	p->hcol = 1;
}

static bool shown(const struct pane *p, const struct field *f)
{
	for (size_t c = 0; c < p->ncols; c++)
		if (p->cols[c] == f)
			return true;
	return false;
}

/* The kind's columns not shown, in the table's order. */
static size_t others(const struct pane *p, const struct field **out)
{
	size_t n = 0;

	for (size_t i = 0; i < p->kind->nfields; i++)
		if (!shown(p, &p->kind->fields[i]))
			out[n++] = &p->kind->fields[i];
	return n;
}

static void clamp(struct tui *t, const struct pane *p)
{
	const struct field *o[TUI_MAX_COLS * 4];
	size_t no = others(p, o);

	if (t->setup.at[0] >= p->ncols)
		t->setup.at[0] = p->ncols ? p->ncols - 1 : 0;
	if (t->setup.at[1] >= no)
		t->setup.at[1] = no ? no - 1 : 0;
	if (no == 0)
		t->setup.focus = 0;
}

void setup_open(struct tui *t)
{
	memset(&t->setup, 0, sizeof(t->setup));
	t->mode = MODE_SETUP;
}

static void changed(struct tui *t, struct pane *p)
{
	p->hcol = 1;
	rc_touch(t, RC_COLUMNS(t->pane));
	pane_rebuild(t, p);
}

static void add(struct tui *t, struct pane *p)
{
	const struct field *o[TUI_MAX_COLS * 4];
	size_t no = others(p, o), at;

	if (!no)
		return;
	if (p->ncols == TUI_MAX_COLS) {
		tui_message(t, true, "at most %d columns", TUI_MAX_COLS);
		return;
	}
	/* after the highlighted shown column, so it lands where the user
	 * is looking */
	at = p->ncols ? t->setup.at[0] + 1 : 0;
	memmove(&p->cols[at + 1], &p->cols[at], (p->ncols - at) * sizeof(p->cols[0]));
	p->cols[at] = o[t->setup.at[1]];
	p->ncols++;
	t->setup.at[0] = at;
	changed(t, p);
}

static void drop(struct tui *t, struct pane *p)
{
	size_t at = t->setup.at[0];

	if (p->ncols <= 1) {
		tui_message(t, true, "a tab keeps at least one column");
		return;
	}
	memmove(&p->cols[at], &p->cols[at + 1], (p->ncols - at - 1) * sizeof(p->cols[0]));
	p->ncols--;
	changed(t, p);
}

static void reorder(struct tui *t, struct pane *p, int dir)
{
	size_t at = t->setup.at[0], to;

	if (p->ncols < 2 || (dir < 0 && at == 0) || (dir > 0 && at + 1 >= p->ncols))
		return;
	to = dir < 0 ? at - 1 : at + 1;
	const struct field *f = p->cols[at];
	p->cols[at] = p->cols[to];
	p->cols[to] = f;
	t->setup.at[0] = to;
	changed(t, p);
}

void setup_key(struct tui *t, int ch)
{
	struct pane *p = &t->panes[t->pane];
	struct setup *s = &t->setup;
	const struct field *o[TUI_MAX_COLS * 4];
	size_t no = others(p, o), n = s->focus ? no : p->ncols;

	switch (ch) {
	case KEY_UP: case 'k': if (s->at[s->focus] > 0) s->at[s->focus]--; break;
	case KEY_DOWN: case 'j': if (s->at[s->focus] + 1 < n) s->at[s->focus]++; break;
	case KEY_HOME: case 'g': s->at[s->focus] = 0; break;
	case KEY_END: case 'G': s->at[s->focus] = n ? n - 1 : 0; break;
	case KEY_LEFT: s->focus = 0; break;
	case KEY_RIGHT: if (no) s->focus = 1; break;
	case '\t': case KEY_BTAB: s->focus = no ? !s->focus : 0; break;
	case '\n': case '\r': case KEY_ENTER: case ' ': case KEY_F(5):
		if (s->focus)
			add(t, p);
		else
			drop(t, p);
		break;
	case KEY_DC: case KEY_F(9): case '-':
		if (!s->focus)
			drop(t, p);
		break;
	case '+':
		if (s->focus)
			add(t, p);
		break;
	case KEY_F(7): case '[': if (!s->focus) reorder(t, p, -1); break;
	case KEY_F(8): case ']': if (!s->focus) reorder(t, p, 1); break;
	case 'r':
		pane_default_columns(p);
		s->at[0] = 0;
		changed(t, p);
		tui_message(t, false, "the %s tab's default columns", p->kind->tab);
		break;
	case KEY_ESC: case 'q': case KEY_F(2): case 'S': case KEY_F(10):
		t->mode = MODE_TABLE;
		break;
	case KEY_RESIZE: case KEY_MOUSE: break;
	default:
		tui_message(t, true, "unknown key here: Enter adds or removes, [ ] move, Esc closes");
		break;
	}
	clamp(t, p);
}

static void list(int y, int x, int w, int h, const char *title, const struct field **f,
		 size_t n, size_t at, bool focus)
{
	size_t top = at >= (size_t)h ? at - (size_t)h + 1 : 0;

	crt_put(y, x, w, title, crt_attr(C_DIALOG_TITLE));
	for (int i = 0; i < h && top + (size_t)i < n; i++) {
		size_t r = top + (size_t)i;
		int a = crt_attr(r == at && focus ? C_CURSOR : C_DIALOG);
		if (r == at && !focus)
			a |= (int)A_BOLD;
		crt_fill(y + 1 + i, x, w, a);
		crt_put(y + 1 + i, x + 1, w - 1, f[r]->name, a);
	}
	if (top + (size_t)h < n)
		crt_put(y + 1 + h, x + 1, w - 1, "(more below)", crt_attr(C_DIALOG_TITLE));
}

void setup_draw(struct tui *t)
{
	struct pane *p = &t->panes[t->pane];
	struct setup *s = &t->setup;
	const struct field *o[TUI_MAX_COLS * 4];
	size_t no = others(p, o);
	int top = t->rows_y, h = LINES - 2 - top, w = COLS - 2;
	char title[96];

	clamp(t, p);
	if (h < 8 || w < 30)
		return;
	snprintf(title, sizeof(title), " Columns of the %s tab ", p->kind->tab);
	crt_box(top, 1, h, w, title);
	int lw = (w - 6) / 2 < 24 ? (w - 6) / 2 : 24, inner = h - 7;
	list(top + 1, 3, lw, inner, "Shown, in order", p->cols, p->ncols, s->at[0], s->focus == 0);
	list(top + 1, 5 + lw, lw, inner, "Other columns", o, no, s->at[1], s->focus == 1);
	const struct field *cur = s->focus ? (no ? o[s->at[1]] : NULL) :
		(p->ncols ? p->cols[s->at[0]] : NULL);
	if (cur) {
		char help[200];
		snprintf(help, sizeof(help), "%s: %s", cur->name, cur->help);
		crt_put_cut(top + h - 4, 3, w - 4, help, crt_attr(C_DIALOG), false);
	}
	crt_put_cut(top + h - 3, 3, w - 4,
		    s->focus ? "Enter adds it after the highlighted shown column;  Left: the shown ones" :
		    "Enter removes;  [ ] (F7 F8) move;  Right: the others;  r: defaults",
		    crt_attr(C_DIALOG_TITLE), false);
	crt_put_cut(top + h - 2, 3, w - 4, "Saved in the settings file;  Esc closes",
		    crt_attr(C_DIALOG_TITLE), false);
}

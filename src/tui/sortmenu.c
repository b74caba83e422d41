/* F6: a list of every column of the current tab (not only the shown
 * ones) to sort by, like htop's "Sort by" panel. */
#include <curses.h>
#include <stdio.h>

#include "tui/state.h"

#define KEY_ESC 27

static size_t ncols(const struct pane *p)
{
	return p->kind->nfields;
}

static const char *col_name(const struct pane *p, size_t i, const char **help)
{
	*help = p->kind->fields[i].help;
	return p->kind->fields[i].name;
}

static size_t current(const struct pane *p)
{
	for (size_t i = 0; i < p->kind->nfields; i++)
		if (&p->kind->fields[i] == p->sortf)
			return i;
	return 0;
}

void sortmenu_open(struct tui *t)
{
	t->sortmenu = current(&t->panes[t->pane]);
	t->mode = MODE_SORTMENU;
}

void sortmenu_key(struct tui *t, int ch)
{
	struct pane *p = &t->panes[t->pane];
	size_t n = ncols(p);

	switch (ch) {
	case KEY_UP: case 'k':
		if (t->sortmenu > 0)
			t->sortmenu--;
		break;
	case KEY_DOWN: case 'j':
		if (t->sortmenu + 1 < n)
			t->sortmenu++;
		break;
	case KEY_HOME: t->sortmenu = 0; break;
	case KEY_END: t->sortmenu = n ? n - 1 : 0; break;
	case '\n': case '\r': case KEY_ENTER: {
		p->sortf = &p->kind->fields[t->sortmenu];
		rc_touch(t, RC_SORT(t->pane));
		t->mode = MODE_TABLE;
		pane_rebuild(t, p);
		break;
	}
	case KEY_ESC: case 'q': case KEY_F(6):
		t->mode = MODE_TABLE;
		break;
	default:
		break;
	}
}

void sortmenu_draw(struct tui *t)
{
	const struct pane *p = &t->panes[t->pane];
	size_t n = ncols(p);
	int w = COLS < 60 ? COLS - 2 : 58;
	int h = LINES - t->rows_y - 2;
	int inner = h - 2;
	size_t top = 0;
	char line[128];

	if (inner < 1)
		return;
	if (t->sortmenu >= top + (size_t)inner)
		top = t->sortmenu - (size_t)inner + 1;
	crt_box(t->rows_y - 1, 1, h + 1, w, " Sort by (Enter chooses, Esc closes) ");
	for (int i = 0; i < inner && top + (size_t)i < n; i++) {
		size_t c = top + (size_t)i;
		const char *help;
		const char *name = col_name(p, c, &help);
		snprintf(line, sizeof(line), "%-10s %s", name, help);
		crt_fill(t->rows_y + i, 2, w - 2, crt_attr(c == t->sortmenu ? C_CURSOR : C_DIALOG));
		crt_put(t->rows_y + i, 3, w - 4, line,
			crt_attr(c == t->sortmenu ? C_CURSOR : C_DIALOG));
	}
}

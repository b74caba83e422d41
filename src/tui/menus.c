/* Small menus: the owners to pick from (u, like htop's user list) and a
 * yes/no question for what cannot be undone (clearing tags). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/names.h"
#include "tui/state.h"

#define KEY_ESC 27

void usermenu_free(struct tui *t)
{
	free(t->owners);
	t->owners = NULL;
	t->nowners = 0;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* The owners of the rows on every tab that has them, each once. */
void usermenu_open(struct tui *t)
{
	size_t cap = 0, n = 0;

	usermenu_free(t);
	for (int i = 0; t->cur && i < t->npanes; i++)
		cap += snap_count(t->cur, t->panes[i].kind);
	t->owners = malloc((cap ? cap : 1) * sizeof(*t->owners));
	if (!t->owners) {
		tui_message(t, true, "out of memory");
		return;
	}
	for (int i = 0; t->cur && i < t->npanes; i++) {
		const struct kind *k = t->panes[i].kind;
		for (size_t j = 0; j < snap_count(t->cur, k); j++) {
			long long uid = field_owner(k, snap_obj(t->cur, k, j));
			if (uid >= 0)
				t->owners[n++] = uid;
		}
	}
	qsort(t->owners, n, sizeof(*t->owners), cmp_ll);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || t->owners[u - 1] != t->owners[i])
			t->owners[u++] = t->owners[i];
	t->nowners = u;
	t->usermenu = 0;
	for (size_t i = 0; i < u; i++)
		if (t->owners[i] == t->uid)
			t->usermenu = i + 1;
	t->mode = MODE_USERMENU;
}

static void choose(struct tui *t)
{
	t->mode = MODE_TABLE;
	if (t->usermenu == 0) {
		t->uid = -1;
		tui_message(t, false, "showing every user's objects");
	} else {
		t->uid = t->owners[t->usermenu - 1];
		tui_message(t, false, "showing objects of %s",
			    names_user(t->ctx.names, (uint32_t)t->uid));
	}
	usermenu_free(t);
	for (int i = 0; i < t->npanes; i++)
		pane_rebuild(t, &t->panes[i]);
}

void usermenu_key(struct tui *t, int ch)
{
	size_t n = t->nowners + 1;

	switch (ch) {
	case KEY_UP: case 'k': if (t->usermenu > 0) t->usermenu--; break;
	case KEY_DOWN: case 'j': if (t->usermenu + 1 < n) t->usermenu++; break;
	case KEY_HOME: case 'g': t->usermenu = 0; break;
	case KEY_END: case 'G': t->usermenu = n - 1; break;
	case '\n': case '\r': case KEY_ENTER: choose(t); break;
	case KEY_ESC: case 'q': case 'u': case KEY_F(10):
		t->mode = MODE_TABLE;
		usermenu_free(t);
		break;
	case KEY_RESIZE: case KEY_MOUSE: break;
	default:
		/* a name or uid typed: the prompt takes it from here */
		if (ch > ' ' && ch < 127) {
			usermenu_free(t);
			prompt_open(t, PROMPT_USER);
			t->input[0] = (char)ch;
			t->input[1] = '\0';
		}
		break;
	}
}

void usermenu_draw(struct tui *t)
{
	size_t n = t->nowners + 1;
	int w = COLS < 44 ? COLS - 2 : 42;
	int h = LINES - t->rows_y - 1, inner = h - 3;
	size_t top = 0;
	char line[96];

	if (inner < 1)
		return;
	if (t->usermenu >= top + (size_t)inner)
		top = t->usermenu - (size_t)inner + 1;
	crt_box(t->rows_y - 1, 1, h + 1, w, " Owner (Enter shows, Esc closes) ");
	for (int i = 0; i < inner && top + (size_t)i < n; i++) {
		size_t r = top + (size_t)i;
		int a = crt_attr(r == t->usermenu ? C_CURSOR : C_DIALOG);
		if (r == 0)
			snprintf(line, sizeof(line), "(everyone)");
		else
			snprintf(line, sizeof(line), "%-16s uid %lld",
				 names_user(t->ctx.names, (uint32_t)t->owners[r - 1]), t->owners[r - 1]);
		crt_fill(t->rows_y + i, 2, w - 2, a);
		crt_put(t->rows_y + i, 3, w - 4, line, a);
	}
	crt_put(t->rows_y + h - 2, 3, w - 4, "or type a name or uid", crt_attr(C_DIALOG_TITLE));
}

void ask_open(struct tui *t, enum ask_what what, const char *question)
{
	t->ask = what;
	snprintf(t->ask_text, sizeof(t->ask_text), "%s", question);
	t->mode = MODE_ASK;
}

void ask_key(struct tui *t, int ch)
{
	if (ch == KEY_RESIZE || ch == KEY_MOUSE)
		return;
	t->mode = MODE_TABLE;
	if (ch != 'y') {
		tui_message(t, false, "nothing changed");
		return;
	}
	switch (t->ask) {
	case ASK_CLEAR_TAGS: {
		size_t n = t->tags.n;
		tags_free(&t->tags);
		tui_message(t, false, "%zu tag%s cleared", n, n == 1 ? "" : "s");
		break;
	}
	}
}

void ask_draw(struct tui *t)
{
	int w = COLS - 4 < 70 ? COLS - 4 : 70;
	int y = (LINES - 6) / 2, x = (COLS - w) / 2;

	crt_box(y, x, 6, w, " Are you sure? ");
	crt_put_cut(y + 2, x + 2, w - 4, t->ask_text, crt_attr(C_DIALOG), false);
	crt_put(y + 4, x + 2, w - 4, "Press y for yes, any other key to cancel.",
		crt_attr(C_DIALOG_TITLE));
}

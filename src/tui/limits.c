/* The limits view (-l on the command line, L on screen): the kernel's
 * limits and their use, the same rows as --once -l, from the snapshot on
 * screen (the collector counts every kind with each refresh). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ipctop/output.h"
#include "tui/state.h"

#define KEY_ESC 27

void limits_key(struct tui *t, int ch)
{
	switch (ch) {
	case KEY_UP: case 'k': if (t->limits_scroll > 0) t->limits_scroll--; break;
	case KEY_DOWN: case 'j': t->limits_scroll++; break;
	case KEY_HOME: case 'g': t->limits_scroll = 0; break;
	case KEY_END: case 'G': t->limits_scroll = OUTPUT_LIMIT_LINES; break;
	case KEY_F(10): t->quit = true; break;
	case KEY_F(5): case 0x0c: feed_refresh_now(&t->feed); t->redraw_all = true; break;
	case 'p': case 'Z':
		t->paused = !t->paused;
		feed_set_paused(&t->feed, t->paused);
		break;
	case KEY_RESIZE: case KEY_MOUSE: break;
	default: t->mode = MODE_TABLE; break;
	}
}

void limits_draw(struct tui *t)
{
	struct limit_line lines[OUTPUT_LIMIT_LINES];
	struct output_opts o;
	int top = t->tabs_y + 1, h = LINES - 2 - top, w = COLS, inner = h - 2;
	size_t n;

	crt_box(top, 0, h, w, " Limits and use (like ipcs -l -u; any key closes) ");
	if (!t->cur || !t->cur->have_limits) {
		crt_put(top + 1, 2, w - 4, t->cur ? "the limits could not be read" : "reading...",
			crt_attr(C_DIALOG_TITLE));
		return;
	}
	memset(&o, 0, sizeof(o));
	o.ctx = t->ctx;
	n = output_limit_lines(t->cur, &o, lines, OUTPUT_LIMIT_LINES);
	if (t->limits_scroll > (int)n - (inner - 1))
		t->limits_scroll = (int)n - (inner - 1) > 0 ? (int)n - (inner - 1) : 0;
	/* the numbers whole, right-aligned; the description gets the rest */
	int wl = 5, wu = 4, wp = 4;
	for (size_t i = 0; i < n; i++) {
		wl = (int)strlen(lines[i].limit) > wl ? (int)strlen(lines[i].limit) : wl;
		wu = (int)strlen(lines[i].used) > wu ? (int)strlen(lines[i].used) : wu;
		wp = (int)strlen(lines[i].pct) > wp ? (int)strlen(lines[i].pct) : wp;
	}
	int x = 2, wd = w - 4 - 9 - wl - wu - wp - 4;
	if (wd > 40)
		wd = 40;
	for (int i = -1; i < inner - 1 && t->limits_scroll + i < (int)n; i++) {
		const struct limit_line *l = i < 0 ? NULL : &lines[t->limits_scroll + i];
		int a = crt_attr(i < 0 ? C_DIALOG_TITLE : C_DIALOG), y = top + 2 + i;
		crt_put(y, x, 9, l ? l->res : "RESOURCE", a);
		crt_put_cut(y, x + 10, wd, l ? l->desc : "DESCRIPTION", a, false);
		crt_put_cut(y, x + 11 + wd, wl, l ? l->limit : "LIMIT", a, true);
		crt_put_cut(y, x + 12 + wd + wl, wu, l ? l->used : "USED", a, true);
		crt_put_cut(y, x + 13 + wd + wl + wu, wp, l ? l->pct : "USE%", a, true);
	}
	if (t->limits_scroll + inner - 1 < (int)n)
		crt_put(top + h - 1, 2, w - 4, " more below: Down ", crt_attr(C_DIALOG_TITLE));
}

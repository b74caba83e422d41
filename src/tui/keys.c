/* The key map: one function per mode, keys chosen to match htop's where
 * the meaning carries over (F1 help, / search, \ filter, F6 sort, Space
 * tag, F9 remove, F10 quit). Mouse clicks arrive here as KEY_MOUSE. */
#include <curses.h>
#include <stdio.h>

#include "tui/state.h"

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

static void page(struct tui *t, struct pane *p, int dir)
{
	long h = t->rows_h > 1 ? t->rows_h - 1 : 1;
	pane_move(t, p, dir * h);
}

static void start_remove(struct tui *t)
{
	struct pane *p = &t->panes[t->pane];

	const struct kind *k = t->mode == MODE_DETAIL ? t->detail.ident.kind : p->kind;

	if (t->readonly) {
		tui_message(t, true, "read-only mode (--readonly): %s is disabled",
			    (k->flags & KIND_PROCESS) ? "sending signals" : "removing");
		return;
	}
	if (t->busy) {
		tui_message(t, true, "still carrying out the last request: try again in a moment");
		return;
	}
	if (k->flags & KIND_PROCESS) {
		prompt_open_signal(t);
		return;
	}
	if (k->target && t->mode != MODE_DETAIL) {
		tui_message(t, true, "a %s goes with its object: Enter goes there, F9 removes it",
			    k->word);
		return;
	}
	if (!(k->flags & KIND_OBJECT) || !k->remove) {
		tui_message(t, true, "nothing to remove here: %ss cannot be removed", k->word);
		return;
	}
	dialog_open_remove(t, t->mode == MODE_DETAIL);
}

static void mouse(struct tui *t, struct pane *p)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		pane_move(t, p, -3);
		return;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		pane_move(t, p, 3);
		return;
	}
#endif
	if (ev.y == t->tabs_y) {
		for (int i = 0; i < t->npanes; i++)
			if (ev.x >= t->tab_x[i] && ev.x < t->tab_x[i + 1])
				tui_set_pane(t, i);
	} else if (ev.y == t->colhdr_y) {
		for (size_t c = 0; c < p->ncols; c++)
			if (ev.x >= p->col_x[c] && ev.x < p->col_x[c + 1])
				pane_sort_by(t, p, c);
	} else if (ev.y >= t->rows_y && ev.y < t->rows_y + t->rows_h) {
		size_t r = p->top + (size_t)(ev.y - t->rows_y);
		if (r < p->nrows)
			pane_set_cursor(p, r);
	}
}

static void toggle_pause(struct tui *t)
{
	t->paused = !t->paused;
	feed_set_paused(&t->feed, t->paused);
	tui_message(t, false, t->paused ? "paused: press p to resume" : "resumed");
}

static void table_key(struct tui *t, int ch)
{
	struct pane *p = &t->panes[t->pane];

	switch (ch) {
	case 'k':
		/* htop's kill key where there are processes; up elsewhere */
		if (p->kind->flags & KIND_PROCESS)
			start_remove(t);
		else
			pane_move(t, p, -1);
		break;
	case KEY_UP: pane_move(t, p, -1); break;
	case KEY_DOWN: case 'j': pane_move(t, p, 1); break;
	case 'a':
		if (!(p->kind->flags & KIND_PROCESS))
			break;
		t->notable_only = !t->notable_only;
		tui_message(t, false, t->notable_only ?
			    "showing processes with a pending, blocked or ignored fatal signal (a: all)" :
			    "showing all processes");
		pane_rebuild(t, p);
		break;
	case 'H':
		if (!(p->kind->flags & KIND_PROCESS))
			break;
		t->threads = !t->threads;
		feed_want_threads(&t->feed, t->threads);
		tui_message(t, false, t->threads ? "one row per thread" : "threads folded into their process");
		break;
	case KEY_PPAGE: page(t, p, -1); break;
	case KEY_NPAGE: page(t, p, 1); break;
	case KEY_HOME: case 'g': pane_set_cursor(p, 0); break;
	case KEY_END: case 'G': pane_set_cursor(p, p->nrows ? p->nrows - 1 : 0); break;
	case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
		tui_set_pane(t, ch - '1');
		break;
	case '\t': tui_set_pane(t, (t->pane + 1) % t->npanes); break;
	case KEY_BTAB: tui_set_pane(t, (t->pane + t->npanes - 1) % t->npanes); break;
	case '\n': case '\r': case KEY_ENTER: {
		struct ident id;
		/* a row about an object (a finding) leads to that object */
		if (p->nrows && p->kind->target && p->rows[p->cursor].mark != ROW_GONE &&
		    p->kind->target(p->rows[p->cursor].obj, &id))
			tui_goto(t, &id);
		else if (p->nrows)
			detail_open(t);
		break;
	}
	case KEY_F(1): case 'h': case '?': t->mode = MODE_HELP; t->help_scroll = 0; break;
	case KEY_F(6): sortmenu_open(t); break;
	case KEY_RIGHT: p->hcol = (p->hcol < 1 ? 1 : p->hcol) + 1; break;   /* clamped when drawn */
	case KEY_LEFT: if (p->hcol > 1) p->hcol--; break;
	case '>': case '.': pane_sort_step(t, p, 1); break;
	case '<': case ',': pane_sort_step(t, p, -1); break;
	case 'I': p->reverse = !p->reverse; rc_touch(t, RC_REVERSE(t->pane)); pane_rebuild(t, p); break;
	case '/': case KEY_F(3):
		if (ch == KEY_F(3) && t->search[0])
			search_jump(t, true);
		else
			prompt_open(t, PROMPT_SEARCH);
		break;
	case 'n': search_jump(t, true); break;
	case '\\': case KEY_F(4): prompt_open(t, PROMPT_FILTER); break;
	case 'u': prompt_open(t, PROMPT_USER); break;
	case 'd': prompt_open(t, PROMPT_DELAY); break;
	case ' ':
		if ((p->kind->flags & KIND_OBJECT) && p->nrows) {
			if (p->rows[p->cursor].mark == ROW_GONE) {
				tui_message(t, true, "that object is gone");
				break;
			}
			tag_toggle(t, p->kind, p->rows[p->cursor].obj);
			pane_move(t, p, 1);
		}
		break;
	case 'c': tags_free(&t->tags); tui_message(t, false, "tags cleared"); break;
	case KEY_F(9): case 'x': start_remove(t); break;
	case 'p': case 'Z': toggle_pause(t); break;
	case 'N': nspick_open(t); break;
	case KEY_F(5): case CTRL('l'):
		feed_refresh_now(&t->feed);
		t->redraw_all = true;
		break;
	case 'q': case KEY_F(10): t->quit = true; break;
	case KEY_MOUSE: mouse(t, p); break;
	case KEY_ESC:
		t->msg[0] = '\0';
		break;
	default: break;
	}
}

static void detail_key(struct tui *t, int ch)
{
	switch (ch) {
	case KEY_UP: case 'k': if (t->detail.scroll > 0) t->detail.scroll--; break;
	case KEY_DOWN: case 'j': t->detail.scroll++; break;
	case KEY_PPAGE: t->detail.scroll -= t->rows_h; if (t->detail.scroll < 0) t->detail.scroll = 0; break;
	case KEY_NPAGE: t->detail.scroll += t->rows_h; break;
	case KEY_HOME: t->detail.scroll = 0; break;
	case KEY_F(9): case 'x':
		/* the object shown, not the tags or the cursor's row */
		start_remove(t);
		/* a dialog opened: the detail is done with, but the collector
		 * keeps reading what it showed (a set's values) for the
		 * dialog's text, until the dialog closes */
		if (t->mode != MODE_DETAIL && t->mode != MODE_CONFIRM) {
			enum tui_mode m = t->mode;
			detail_close(t);
			t->mode = m;
		}
		break;
	case KEY_F(10): t->quit = true; break;
	case KEY_F(5): case CTRL('l'): feed_refresh_now(&t->feed); t->redraw_all = true; break;
	case 'p': case 'Z': toggle_pause(t); break;
	case KEY_ESC: case 'q': case '\n': case '\r': case KEY_ENTER: case KEY_LEFT:
		detail_close(t);
		break;
	default: break;
	}
}

static void help_key(struct tui *t, int ch)
{
	switch (ch) {
	case KEY_UP: case 'k': if (t->help_scroll > 0) t->help_scroll--; break;
	case KEY_DOWN: case 'j': t->help_scroll++; break;
	case KEY_NPAGE: t->help_scroll += 10; break;
	case KEY_PPAGE: t->help_scroll = t->help_scroll > 10 ? t->help_scroll - 10 : 0; break;
	case KEY_F(10): t->quit = true; break;
	case KEY_MOUSE: case KEY_RESIZE: break;
	default: t->mode = MODE_TABLE; break;
	}
}

void keys_handle(struct tui *t, int ch)
{
	if (ch == KEY_RESIZE) {
		t->redraw_all = true;
		return;
	}
	/* a screen too small to draw still obeys quit */
	if (LINES < TUI_MIN_LINES || COLS < TUI_MIN_COLS) {
		if (ch == 'q' || ch == KEY_F(10))
			t->quit = true;
		return;
	}
	switch (t->mode) {
	case MODE_TABLE: table_key(t, ch); break;
	case MODE_DETAIL: detail_key(t, ch); break;
	case MODE_HELP: help_key(t, ch); break;
	case MODE_CONFIRM: dialog_confirm_key(t, ch); break;
	case MODE_PROMPT: prompt_key(t, ch); break;
	case MODE_SORTMENU: sortmenu_key(t, ch); break;
	case MODE_SIGMENU: sigmenu_key(t, ch); break;
	case MODE_SIGCONFIRM: sigmenu_confirm_key(t, ch); break;
	case MODE_NSPICK: nspick_key(t, ch); break;
	}
}

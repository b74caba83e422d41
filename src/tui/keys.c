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

/* Keys that act on the row under the cursor act only once it has been
 * drawn: a tab switched to and Enter pressed in the same instant would
 * otherwise act on a row the user never saw. */
static bool cursor_ready(struct tui *t, struct pane *p)
{
	if (!p->nrows)
		return false;
	if (pane_cursor_drawn(p))
		return true;
	tui_message(t, false, "the list is not shown yet: press again");
	return false;
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
	if (!(k->flags & (KIND_OBJECT | KIND_PROCESS)) || (!(k->flags & KIND_PROCESS) && !k->remove)) {
		char many[64];
		tui_message(t, true, "nothing to remove here: %s cannot be removed",
			    kind_plural(k, many, sizeof(many)));
		return;
	}
	if (k->target && t->mode != MODE_DETAIL) {
		tui_message(t, true, "a %s goes with its object: Enter goes there, F9 removes it",
			    k->word);
		return;
	}
	if (t->mode != MODE_DETAIL && !cursor_ready(t, p))
		return;
	if (k->flags & KIND_PROCESS) {
		sigmenu_start(t);
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

static bool taggable(const struct kind *k)
{
	return (k->flags & (KIND_OBJECT | KIND_PROCESS)) != 0;
}

/* Every row the tab shows (the filter's, the user's, the notable ones):
 * tagged, as each is now. */
static void tag_shown(struct tui *t, struct pane *p)
{
	size_t n = 0;
	char many[64];

	if (!taggable(p->kind)) {
		tui_message(t, true, "%s cannot be tagged", kind_plural(p->kind, many, sizeof(many)));
		return;
	}
	if (!cursor_ready(t, p))
		return;
	for (size_t i = 0; i < p->nrows; i++) {
		struct ident id;
		if (p->rows[i].mark == ROW_GONE)
			continue;
		ident_of(&id, p->kind, p->rows[i].obj);
		if (tags_add(&t->tags, &id) < 0) {
			tui_message(t, true, "out of memory: %zu tagged", n);
			return;
		}
		n++;
	}
	tui_message(t, false, "tagged the %zu %s shown (%zu tagged in all)", n,
		    kind_plural(p->kind, many, sizeof(many)), t->tags.n);
}

static void ask_clear_tags(struct tui *t)
{
	char q[TUI_MSG_LEN];
	size_t here = tags_count(&t->tags, t->panes[t->pane].kind);

	if (!t->tags.n) {
		tui_message(t, false, "nothing is tagged");
		return;
	}
	snprintf(q, sizeof(q), t->tags.n == 1 ? "Clear %zu tag (%zu on this tab, %zu on others)?" :
		 "Clear all %zu tags (%zu on this tab, %zu on others)?",
		 t->tags.n, here, t->tags.n - here);
	ask_open(t, ASK_CLEAR_TAGS, q);
}

/* From an object to its processes on the first tab of processes: the
 * pids its columns name (creator, last sender, attachers, waiters...). */
static void jump_to_processes(struct tui *t, struct pane *p)
{
	struct pane *to = NULL;
	long long ids[512];
	size_t n = 0;
	int to_i = -1;

	for (int i = 0; i < t->npanes && !to; i++)
		if (t->panes[i].kind->flags & KIND_PROCESS) {
			to = &t->panes[i];
			to_i = i;
		}
	if (!to || to == p) {
		tui_message(t, true, "w shows the processes of an object: press it on a tab of objects");
		return;
	}
	if (!cursor_ready(t, p))
		return;
	const void *obj = p->rows[p->cursor].obj;
	const struct kind *k = p->kind;
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];
		if (!(f->flags & FIELD_PID))
			continue;
		if (f->num && f->type == FT_NUM) {
			long long v = f->num(obj);
			if (v > 0 && n < sizeof(ids) / sizeof(ids[0]))
				ids[n++] = v;
		} else if (f->list) {
			const void *items;
			int err;
			size_t m = f->list(obj, &items, &err);
			for (size_t j = 0; j < m && n < sizeof(ids) / sizeof(ids[0]); j++) {
				long long v = f->type == FT_WAITERS ?
					((const struct waiter *)items)[j].pid :
					((const int32_t *)items)[j];
				if (v > 0)
					ids[n++] = v;
			}
		}
	}
	struct ident id;
	char what[IDENT_NAME_MAX + 64];
	ident_of(&id, k, obj);
	ident_label(&id, what, sizeof(what));
	if (!n) {
		tui_message(t, true, "%s names no process", what);
		return;
	}
	pane_set_only(to, ids, n, what);
	tui_set_pane(t, to_i);
	tui_message(t, false, "the processes of %s: T tags them all, F9 signals; Esc shows all",
		    what);
}

static void toggle_tree(struct tui *t, struct pane *p)
{
	if (!p->kind->parent) {
		tui_message(t, true, "t shows a tree of processes: on the signals tab");
		return;
	}
	p->tree = !p->tree;
	pane_rebuild(t, p);
	tui_message(t, false, p->tree ? "tree: each process under its parent (t: a list)" :
		    "a list, in the sort order (t: tree)");
}

static void unknown_key(struct tui *t, int ch)
{
	(void)ch;
	tui_message(t, true, "unknown key, F1 for help");
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
		if (!(p->kind->flags & KIND_PROCESS)) {
			tui_message(t, true, "a shows only notable processes: on the signals tab");
			break;
		}
		t->notable_only = !t->notable_only;
		tui_message(t, false, t->notable_only ?
			    "only processes with a signal pending, or a fatal signal blocked (a: all)" :
			    "showing all processes");
		pane_rebuild(t, p);
		break;
	case 'H':
		if (!(p->kind->flags & KIND_PROCESS)) {
			tui_message(t, true, "H shows threads: on the signals tab");
			break;
		}
		t->threads = !t->threads;
		tui_message(t, false, t->threads ? "one row per thread" : "threads folded into their process");
		break;
	case 't': toggle_tree(t, p); break;
	case 'w': jump_to_processes(t, p); break;
	case KEY_PPAGE: page(t, p, -1); break;
	case KEY_NPAGE: page(t, p, 1); break;
	case KEY_HOME: case 'g': pane_set_cursor(p, 0); break;
	case KEY_END: case 'G': pane_set_cursor(p, p->nrows ? p->nrows - 1 : 0); break;
	case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
		if (ch - '1' < t->npanes)
			tui_set_pane(t, ch - '1');
		else
			unknown_key(t, ch);
		break;
	case '\t': tui_set_pane(t, (t->pane + 1) % t->npanes); break;
	case KEY_BTAB: tui_set_pane(t, (t->pane + t->npanes - 1) % t->npanes); break;
	case '\n': case '\r': case KEY_ENTER: {
		struct ident id;
		if (!cursor_ready(t, p))
			break;
		/* a row about an object (a finding) leads to that object */
		if (p->nrows && p->kind->target && p->rows[p->cursor].mark != ROW_GONE &&
		    p->kind->target(p->rows[p->cursor].obj, &id))
			tui_goto(t, &id);
		else if (p->nrows)
			detail_open(t);
		break;
	}
	case KEY_F(1): case 'h': case '?': t->mode = MODE_HELP; t->help_scroll = 0; break;
	case KEY_F(2): case 'S': setup_open(t); break;
	case KEY_F(6): sortmenu_open(t); break;
	case 'L': t->mode = MODE_LIMITS; t->limits_scroll = 0; break;
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
	case 'u': usermenu_open(t); break;
	case 'd': prompt_open(t, PROMPT_DELAY); break;
	case ' ':
		if (!taggable(p->kind)) {
			char many[64];
			tui_message(t, true, "%s cannot be tagged", kind_plural(p->kind, many, sizeof(many)));
			break;
		}
		if (!cursor_ready(t, p))
			break;
		if (p->rows[p->cursor].mark == ROW_GONE) {
			tui_message(t, true, "that %s is gone", p->kind->word);
			break;
		}
		tag_toggle(t, p->kind, p->rows[p->cursor].obj);
		pane_move(t, p, 1);
		break;
	case 'T': tag_shown(t, p); break;
	case 'c': case 'U': ask_clear_tags(t); break;
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
		if (p->only) {
			pane_set_only(p, NULL, 0, NULL);
			pane_rebuild(t, p);
			char many[64];
			tui_message(t, false, "showing all %s", kind_plural(p->kind, many, sizeof(many)));
		} else {
			t->msg[0] = '\0';
		}
		break;
	default: unknown_key(t, ch); break;
	}
}

static void detail_key(struct tui *t, int ch)
{
	/* the view clamps scroll to its last page when it draws */
	int page_h = t->rows_h > 1 ? t->rows_h : 1;

	switch (ch) {
	case KEY_UP: case 'k': if (t->detail.scroll > 0) t->detail.scroll--; break;
	case KEY_DOWN: case 'j': t->detail.scroll++; break;
	case KEY_PPAGE: t->detail.scroll -= page_h; if (t->detail.scroll < 0) t->detail.scroll = 0; break;
	case KEY_NPAGE: case ' ': t->detail.scroll += page_h; break;
	case KEY_HOME: case 'g': t->detail.scroll = 0; break;
	case KEY_END: case 'G': t->detail.scroll = t->detail.lines; break;
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
	case KEY_RESIZE: case KEY_MOUSE: break;
	default: unknown_key(t, ch); break;
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
	case MODE_SETUP: setup_key(t, ch); break;
	case MODE_LIMITS: limits_key(t, ch); break;
	case MODE_USERMENU: usermenu_key(t, ch); break;
	case MODE_ASK: ask_key(t, ch); break;
	}
}

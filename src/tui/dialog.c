/* The remove confirmation and the one-line prompts (search, filter, user,
 * interval). The confirmation lists exactly what will be removed and acts
 * only on 'y'; what it removes is fixed when it opens, so a refresh while
 * it is up cannot change the list under the user. */
#define _GNU_SOURCE
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/fmt.h"
#include "ipctop/names.h"
#include "ipctop/procs.h"
#include "tui/state.h"

#define KEY_ESC 27

static const char *kind_word(enum ipc_kind k)
{
	static const char *const w[KIND_COUNT] = { "queue", "sem set", "segment" };
	return (unsigned)k < KIND_COUNT ? w[k] : "?";
}

void dialog_free(struct tui *t)
{
	free(t->confirm.targets);
	free(t->confirm.lines);
	memset(&t->confirm, 0, sizeof(t->confirm));
}

/* obj is the object as the screen shows it, ident what the user chose:
 * the same object, tagged earlier or shown in the detail view. */
static bool add_target(struct tui *t, const struct ipc_ident *ident, const void *obj)
{
	struct confirm *c = &t->confirm;
	const struct ipc_common *ic = obj_common(obj);
	enum ipc_kind k = ident->kind;
	size_t i = c->n;

	c->targets[i].ident = *ident;
	int w = snprintf(c->lines[i], sizeof(c->lines[i]), "%-8s key 0x%08x  id %-8d owner %s",
			 kind_word(k), (unsigned)ic->key, ic->id, names_user(t->ctx.names, ic->uid));
	if (k == KIND_SHM && w > 0 && (size_t)w < sizeof(c->lines[i])) {
		const struct shmseg *g = obj;
		snprintf(c->lines[i] + w, sizeof(c->lines[i]) - (size_t)w, "  nattch %lld",
			 g->nattch);
		if (g->nattch > 0)
			c->attached++;
	}
	c->n++;
	return true;
}

/* What F9 removes: the tagged objects of this tab's kind (tags on other
 * tabs are not what the user is looking at), else the object under the
 * cursor, or in the detail view the object shown; each with the identity
 * it had when the user chose it, which act_remove checks again. */
void dialog_open_remove(struct tui *t, bool from_detail)
{
	struct pane *p = &t->panes[t->pane];
	enum ipc_kind k = pane_kind(p);
	size_t max = t->ntags ? t->ntags : 1;
	size_t elsewhere = 0;

	dialog_free(t);
	if (!t->cur || !pane_is_sysv(p))
		return;
	t->confirm.targets = calloc(max, sizeof(*t->confirm.targets));
	t->confirm.lines = calloc(max, sizeof(*t->confirm.lines));
	if (!t->confirm.targets || !t->confirm.lines) {
		dialog_free(t);
		tui_message(t, true, "out of memory");
		return;
	}
	if (from_detail) {
		const void *o = snap_find_ident(t->cur, &t->detail.ident, NULL);
		if (o)
			add_target(t, &t->detail.ident, o);
	} else {
		for (size_t i = 0; i < t->ntags; i++) {
			const void *o = NULL;
			if (t->tags[i].kind != k)
				elsewhere++;
			else
				o = snap_find_ident(t->cur, &t->tags[i], NULL);
			if (o)
				add_target(t, &t->tags[i], o);
		}
		if (t->ntags == elsewhere && p->nrows && p->rows[p->cursor].mark != ROW_GONE) {
			struct ipc_ident id;
			ipc_ident_of(&id, k, p->rows[p->cursor].obj);
			add_target(t, &id, p->rows[p->cursor].obj);
		}
	}
	if (t->confirm.n == 0) {
		dialog_free(t);
		tui_message(t, true, from_detail ? "the object shown is gone or changed: nothing to remove"
				     : "nothing to remove");
		return;
	}
	t->confirm.elsewhere = elsewhere;
	t->mode = MODE_CONFIRM;
}

void dialog_draw_confirm(struct tui *t)
{
	struct confirm *c = &t->confirm;
	int w = COLS - 4 < 78 ? COLS - 4 : 78;
	int extra = (c->attached ? 2 : 0) + (c->elsewhere ? 1 : 0);
	int room = LINES - 9 - extra;
	char title[64], line[96];

	if (room < 1)
		room = 1;
	size_t show = c->n < (size_t)room ? c->n : (size_t)room;
	if (c->scroll + show > c->n)
		c->scroll = c->n - show;
	int h = (int)show + 5 + extra + (show < c->n ? 1 : 0);
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	int a = crt_attr(C_DIALOG);

	snprintf(title, sizeof(title), " Remove %zu object%s? ", c->n, c->n == 1 ? "" : "s");
	crt_box(y, x, h, w, title);
	int ly = y + 2;
	for (size_t i = c->scroll; i < c->scroll + show; i++)
		crt_put(ly++, x + 2, w - 4, c->lines[i], a);
	if (show < c->n) {
		/* every object is on the list: the rest is a scroll away */
		snprintf(line, sizeof(line), "(%zu-%zu of %zu: Up/Down, PgUp/PgDn scroll)",
			 c->scroll + 1, c->scroll + show, c->n);
		crt_put(ly++, x + 2, w - 4, line, crt_attr(C_DIALOG_TITLE));
	}
	if (c->elsewhere) {
		snprintf(line, sizeof(line), "%zu tagged on other tabs are not included.",
			 c->elsewhere);
		crt_put(ly++, x + 2, w - 4, line, a);
	}
	if (c->attached) {
		ly++;
		crt_put(ly++, x + 2, w - 4, "An attached segment is destroyed only after its last "
			"process detaches.", crt_attr(C_DIALOG_TITLE));
	}
	crt_put(y + h - 2, x + 2, w - 4, "Press y to remove, any other key to cancel.",
		crt_attr(C_DIALOG_TITLE));
}

/* Untag what was removed; what the kernel refused stays tagged. */
static void untag(struct tui *t, const struct act_target *a)
{
	for (size_t i = 0; i < t->ntags; i++)
		if (ipc_ident_cmp(&t->tags[i], &a->ident) == IDENT_SAME) {
			t->tags[i] = t->tags[--t->ntags];
			return;
		}
}

void dialog_confirm_key(struct tui *t, int ch)
{
	struct confirm *c = &t->confirm;
	char msg[TUI_MSG_LEN], first_err[TUI_MSG_LEN] = "";
	size_t ok = 0, failed = 0;

	switch (ch) {
	case KEY_RESIZE: case KEY_MOUSE: return;
	case KEY_UP: if (c->scroll > 0) c->scroll--; return;
	case KEY_DOWN: c->scroll++; return;   /* clamped when drawn */
	case KEY_PPAGE: c->scroll = c->scroll > 10 ? c->scroll - 10 : 0; return;
	case KEY_NPAGE: c->scroll += 10; return;
	default: break;
	}
	t->mode = MODE_TABLE;
	if (ch != 'y') {
		dialog_free(t);
		tui_message(t, false, "removal cancelled: nothing removed");
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		int r = act_remove(&c->targets[i], msg, sizeof(msg));
		/* removed, or gone or replaced meanwhile: the tag has
		 * nothing left to mark */
		if (r == 0 || r == -ESTALE || r == -EINVAL || r == -EIDRM)
			untag(t, &c->targets[i]);
		if (r == 0) {
			ok++;
		} else {
			if (!failed)
				snprintf(first_err, sizeof(first_err), "%s", msg);
			failed++;
		}
	}
	if (c->n == 1)
		tui_message(t, failed > 0, "%s", failed ? first_err : msg);
	else if (failed > 1)
		tui_message(t, true, "removed %zu of %zu; %zu not (still tagged), first: %s", ok,
			    c->n, failed, first_err);
	else if (failed)
		tui_message(t, true, "removed %zu of %zu; %s", ok, c->n, first_err);
	else
		tui_message(t, false, "removed %zu objects", ok);
	dialog_free(t);
	feed_refresh_now(&t->feed);
}

void prompt_open(struct tui *t, enum prompt_kind k)
{
	t->mode = MODE_PROMPT;
	t->prompt = k;
	t->input[0] = '\0';
	if (k == PROMPT_FILTER) {
		snprintf(t->filter_before, sizeof(t->filter_before), "%s", t->filter);
		snprintf(t->input, sizeof(t->input), "%s", t->filter);
	} else if (k == PROMPT_DELAY) {
		snprintf(t->input, sizeof(t->input), "%g", (double)t->delay_ms / 1000.0);
	}
}

/* F9 on the signals pane: which signal to send the process under the
 * cursor. The picker and the prompt name the pid and command, nothing is
 * sent until the user confirms with 'y', and act_kill checks the pid
 * still is that process. */
void prompt_open_signal(struct tui *t)
{
	struct pane *p = &t->panes[t->pane];

	if (p->id != PANE_SIGNALS || p->nrows == 0)
		return;
	const struct proc *pr = p->rows[p->cursor].obj;
	t->sigtarget.pid = pr->pid;
	t->sigtarget.start = pr->start_time;
	snprintf(t->sigtarget.comm, sizeof(t->sigtarget.comm), "%s", pr->comm);
	sigmenu_open(t);
}

static void rebuild_all(struct tui *t)
{
	for (int i = 0; i < PANE_COUNT; i++)
		pane_rebuild(t, &t->panes[i]);
}

/* Search and filter act on every key stroke; user and interval on Enter. */
static void prompt_changed(struct tui *t)
{
	if (t->prompt == PROMPT_SEARCH) {
		snprintf(t->search, sizeof(t->search), "%s", t->input);
		search_jump(t, false);
	} else if (t->prompt == PROMPT_FILTER) {
		snprintf(t->filter, sizeof(t->filter), "%s", t->input);
		rebuild_all(t);
	}
}

static void prompt_done(struct tui *t)
{
	t->mode = MODE_TABLE;
	if (t->prompt == PROMPT_USER) {
		if (!t->input[0]) {
			t->uid = -1;
			tui_message(t, false, "showing every user's objects");
		} else {
			long long uid = names_parse_user(t->input);
			if (uid < 0) {
				tui_message(t, true, "unknown user \"%s\"", t->input);
				return;
			}
			t->uid = uid;
			tui_message(t, false, "showing objects of %s", names_user(t->ctx.names, (uint32_t)uid));
		}
		rebuild_all(t);
	} else if (t->prompt == PROMPT_SIGNAL) {
		int sig = sig_parse(t->input);
		if (sig < 1) {
			tui_message(t, true, "unknown signal \"%s\"", t->input);
			return;
		}
		sigmenu_confirm(t, sig);
	} else if (t->prompt == PROMPT_DELAY) {
		long ms = fmt_parse_delay_ms(t->input);
		if (ms < 0) {
			tui_message(t, true, "invalid interval \"%s\"", t->input);
			return;
		}
		if (ms < 100)
			ms = 100;
		t->delay_ms = ms;
		feed_set_delay(&t->feed, ms);
		rc_touch(t, RC_DELAY);
		tui_message(t, false, "refresh every %.1fs", (double)ms / 1000.0);
	}
}

void prompt_key(struct tui *t, int ch)
{
	size_t n = strlen(t->input);

	switch (ch) {
	case KEY_ESC:
		t->mode = MODE_TABLE;
		if (t->prompt == PROMPT_SEARCH) {
			t->search[0] = '\0';
		} else if (t->prompt == PROMPT_FILTER) {
			snprintf(t->filter, sizeof(t->filter), "%s", t->filter_before);
			rebuild_all(t);
		}
		return;
	case '\n': case '\r': case KEY_ENTER:
		prompt_done(t);
		return;
	case KEY_F(3):
		if (t->prompt == PROMPT_SEARCH)
			search_jump(t, true);
		return;
	case KEY_BACKSPACE: case 127: case 8:
		if (n > 0) {
			t->input[n - 1] = '\0';
			prompt_changed(t);
		}
		return;
	default:
		/* typed text is kept to printable ASCII: it is drawn back */
		if (ch >= 32 && ch < 127 && n + 1 < sizeof(t->input)) {
			t->input[n] = (char)ch;
			t->input[n + 1] = '\0';
			prompt_changed(t);
		}
	}
}

void prompt_draw(struct tui *t, int y)
{
	static const char *const label[] = {
		[PROMPT_SEARCH] = "Search: ", [PROMPT_FILTER] = "Filter: ",
		[PROMPT_USER] = "User (empty for all): ", [PROMPT_DELAY] = "Refresh interval (seconds): ",
		[PROMPT_SIGNAL] = NULL,
	};
	char sl[128];
	const char *l = label[t->prompt];
	if (t->prompt == PROMPT_SIGNAL) {
		snprintf(sl, sizeof(sl), "Send signal to pid %d (%s), Enter sends: ",
			 t->sigtarget.pid, t->sigtarget.comm);
		l = sl;
	}
	int x = crt_put(y, 0, COLS, l, crt_attr(C_TITLE));
	x += crt_put(y, x, COLS - x, t->input, crt_attr(C_NORMAL) | A_BOLD);
	crt_put(y, x, 1, "_", crt_attr(C_NORMAL) | A_BLINK);
}

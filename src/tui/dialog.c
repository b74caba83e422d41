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
#include "ipctop/signals.h"
#include "ipctop/vec.h"
#include "tui/state.h"

#define KEY_ESC 27

void dialog_free(struct tui *t)
{
	free(t->confirm.targets);
	free(t->confirm.lines);
	memset(&t->confirm, 0, sizeof(t->confirm));
}

static void add_line(struct tui *t, const char *indent, const char *text, size_t len)
{
	struct confirm *c = &t->confirm;

	if (vec_reserve(&c->lines, &c->cap_lines, c->nlines + 1, sizeof(*c->lines)) < 0)
		return;     /* a line short: the objects are still all there */
	snprintf(c->lines[c->nlines].text, sizeof(c->lines[0].text), "%s%.*s", indent, (int)len,
		 text);
	c->lines[c->nlines++].obj = c->n - 1;
}

/* The lines for one object: what it is, then what removing it loses. */
static void describe(struct tui *t, const struct ident *id, const void *obj)
{
	const struct kind *k = id->kind;
	char line[512], loss[2048];

	if (!obj) {
		ident_label(id, line, sizeof(line));
		add_line(t, "", line, strlen(line));
		add_line(t, "  ", "gone or changed since it was chosen: it will be skipped", 57);
		return;
	}
	field_describe(k, &t->ctx, obj, line, sizeof(line));
	add_line(t, "", line, strlen(line));
	if (!k->loss)
		return;
	loss[0] = '\0';
	k->loss(obj, &t->ctx, loss, sizeof(loss));
	for (const char *p = loss; *p;) {
		size_t len = strcspn(p, "\n");
		add_line(t, "  ", p, len);
		p += len + (p[len] == '\n');
	}
}

/* obj is the object as the screen shows it, id what the user chose: the
 * same object, tagged earlier or shown in the detail view. */
static void add_target(struct tui *t, const struct ident *id, const void *obj)
{
	struct confirm *c = &t->confirm;
	const struct kind *k = id->kind;

	c->targets[c->n++].ident = *id;
	describe(t, id, obj);
	if (k->lingers && k->lingers(obj)) {
		if (!c->attached)
			c->note = k->lingers(obj);
		c->attached++;
	}
}

void dialog_refresh(struct tui *t)
{
	struct confirm *c = &t->confirm;

	if (t->mode != MODE_CONFIRM || !t->cur)
		return;
	size_t n = c->n;

	c->nlines = 0;
	/* describe() files each line under the last target counted */
	for (c->n = 1; c->n <= n; c->n++)
		describe(t, &c->targets[c->n - 1].ident,
			 snap_find_ident(t->cur, &c->targets[c->n - 1].ident, NULL));
	c->n = n;
}

/* What F9 removes: the tagged objects of this tab's kind (tags on other
 * tabs are not what the user is looking at), else the object under the
 * cursor, or in the detail view the object shown; each with the identity
 * it had when the user chose it, which act_remove checks again. */
void dialog_open_remove(struct tui *t, bool from_detail)
{
	struct pane *p = &t->panes[t->pane];
	const struct kind *k = from_detail ? t->detail.ident.kind : p->kind;
	size_t max = t->tags.n ? t->tags.n : 1;
	size_t elsewhere = 0;

	dialog_free(t);
	if (!t->cur || !(k->flags & KIND_OBJECT) || !k->remove)
		return;
	t->confirm.targets = calloc(max, sizeof(*t->confirm.targets));
	if (!t->confirm.targets) {
		dialog_free(t);
		tui_message(t, true, "out of memory");
		return;
	}
	if (from_detail) {
		const void *o = snap_find_ident(t->cur, &t->detail.ident, NULL);
		if (o)
			add_target(t, &t->detail.ident, o);
	} else {
		for (size_t i = 0; i < t->tags.n; i++) {
			const void *o = NULL;
			if (t->tags.v[i].kind != k)
				elsewhere++;
			else
				o = snap_find_ident(t->cur, &t->tags.v[i], NULL);
			if (o)
				add_target(t, &t->tags.v[i], o);
		}
		if (t->tags.n == elsewhere && p->nrows && p->rows[p->cursor].mark != ROW_GONE) {
			struct ident id;
			ident_of(&id, k, p->rows[p->cursor].obj);
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
	/* one object whose text wants more than the list (a set's values):
	 * the collector reads it, and the text follows with the refresh */
	if (t->confirm.n == 1 && k->read_detail)
		feed_want_detail(&t->feed, &t->confirm.targets[0].ident);
}

void dialog_draw_confirm(struct tui *t)
{
	struct confirm *c = &t->confirm;
	int w = COLS - 4 < 100 ? COLS - 4 : 100;
	int extra = (c->attached ? 2 : 0) + (c->elsewhere ? 1 : 0);
	int room = LINES - 9 - extra;
	char title[64], line[96];

	if (room < 1)
		room = 1;
	size_t show = c->nlines < (size_t)room ? c->nlines : (size_t)room;
	if (c->scroll + show > c->nlines)
		c->scroll = c->nlines - show;
	int h = (int)show + 5 + extra + (show < c->nlines ? 1 : 0);
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	int a = crt_attr(C_DIALOG);

	snprintf(title, sizeof(title), " Remove %zu object%s? ", c->n, c->n == 1 ? "" : "s");
	crt_box(y, x, h, w, title);
	int ly = y + 2;
	for (size_t i = c->scroll; i < c->scroll + show; i++)
		crt_put(ly++, x + 2, w - 4, c->lines[i].text, a);
	if (show < c->nlines) {
		/* every object is on the list: the rest is a scroll away */
		snprintf(line, sizeof(line), "(%zu-%zu of %zu: Up/Down, PgUp/PgDn scroll)",
			 c->lines[c->scroll].obj + 1, c->lines[c->scroll + show - 1].obj + 1, c->n);
		crt_put(ly++, x + 2, w - 4, line, crt_attr(C_DIALOG_TITLE));
	}
	if (c->elsewhere) {
		snprintf(line, sizeof(line), c->elsewhere == 1 ?
			 "%zu tagged row on another tab is not included." :
			 "%zu tagged rows on other tabs are not included.", c->elsewhere);
		crt_put(ly++, x + 2, w - 4, line, a);
	}
	if (c->attached) {
		ly++;
		crt_put(ly++, x + 2, w - 4, c->note, crt_attr(C_DIALOG_TITLE));
	}
	crt_put(y + h - 2, x + 2, w - 4, "Press y to remove, any other key to cancel.",
		crt_attr(C_DIALOG_TITLE));
}

void dialog_confirm_key(struct tui *t, int ch)
{
	struct confirm *c = &t->confirm;
	struct feed_req *r;

	switch (ch) {
	case KEY_RESIZE: case KEY_MOUSE: return;
	case KEY_UP: if (c->scroll > 0) c->scroll--; return;
	case KEY_DOWN: c->scroll++; return;   /* clamped when drawn */
	case KEY_PPAGE: c->scroll = c->scroll > 10 ? c->scroll - 10 : 0; return;
	case KEY_NPAGE: c->scroll += 10; return;
	default: break;
	}
	t->mode = MODE_TABLE;
	/* whatever detail the dialog (or the view it came from) asked for */
	feed_want_detail(&t->feed, NULL);
	if (ch != 'y') {
		dialog_free(t);
		tui_message(t, false, "removal cancelled: nothing removed");
		return;
	}
	/* the collector thread removes them, each re-read just before */
	r = calloc(1, sizeof(*r));
	if (!r) {
		dialog_free(t);
		tui_message(t, true, "out of memory: nothing removed");
		return;
	}
	r->kind = FEED_REMOVE;
	r->targets = c->targets;
	r->n = c->n;
	c->targets = NULL;
	t->busy = true;
	tui_message(t, false, "removing %zu object%s...", r->n, r->n == 1 ? "" : "s");
	dialog_free(t);
	feed_request(&t->feed, r);
}

/* What the collector did with a removal: removed, or gone or replaced
 * meanwhile, leaves the tag nothing to mark; what the kernel refused
 * stays tagged. */
static void removal_done(struct tui *t, const struct feed_req *r)
{
	size_t ok = 0, failed = 0, kept = 0, first = 0;
	char still[48] = "";

	for (size_t i = 0; i < r->n; i++) {
		int e = r->codes[i];

		if (e == 0 || e == -ESTALE || e == -EINVAL || e == -EIDRM || e == -ENOENT)
			tags_remove(&t->tags, &r->targets[i].ident);
		else
			kept++;
		if (e == 0)
			ok++;
		else if (!failed++)
			first = i;
	}
	if (kept == failed)
		snprintf(still, sizeof(still), " (still tagged)");
	else if (kept)
		snprintf(still, sizeof(still), " (%zu still tagged)", kept);
	if (r->n == 1)
		tui_message(t, failed > 0, "%s", r->msgs[0]);
	else if (failed > 1)
		tui_message(t, true, "removed %zu of %zu; %zu not%s, first: %s", ok, r->n, failed,
			    still, r->msgs[first]);
	else if (failed)
		tui_message(t, true, "removed %zu of %zu; %s", ok, r->n, r->msgs[first]);
	else
		tui_message(t, false, "removed %zu objects", ok);
}

/* Signals sent: one outcome, or how many went and the first refusal.
 * A process that is gone or was replaced is no longer tagged. */
static void signal_done(struct tui *t, const struct feed_req *r)
{
	size_t ok = 0, first = 0, failed = 0;

	for (size_t i = 0; i < r->n; i++) {
		int e = r->codes[i];
		if (e == 0 || e == -ESRCH || e == -ESTALE)
			tags_remove(&t->tags, &r->targets[i].ident);
		if (e == 0)
			ok++;
		else if (!failed++)
			first = i;
	}
	if (r->n == 1)
		tui_message(t, failed > 0, "%s", r->msgs[0]);
	else if (failed)
		tui_message(t, true, "signalled %zu of %zu processes; first refusal: %s", ok, r->n,
			    r->msgs[first]);
	else
		tui_message(t, false, "signalled %zu processes", ok);
}

void dialog_done(struct tui *t, struct feed_req *r)
{
	if (r->kind == FEED_NAMESPACES) {
		nspick_done(t, r);
		return;
	}
	t->busy = false;
	if (!r->codes || !r->msgs)
		tui_message(t, true, "out of memory: nothing done");
	else if (r->kind == FEED_REMOVE)
		removal_done(t, r);
	else
		signal_done(t, r);
	feed_req_free(r);
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

static void rebuild_all(struct tui *t)
{
	for (int i = 0; i < t->npanes; i++)
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
		char who[80];
		sigmenu_who(t, who, sizeof(who));
		snprintf(sl, sizeof(sl), "Send signal to %s, Enter sends: ", who);
		l = sl;
	}
	int x = crt_put(y, 0, COLS, l, crt_attr(C_TITLE));
	x += crt_put(y, x, COLS - x, t->input, crt_attr(C_NORMAL) | A_BOLD);
	crt_put(y, x, 1, "_", crt_attr(C_NORMAL) | A_BLINK);
}

/* The live view's main loop. One thread draws and answers keys; the
 * collector thread (feed.c) makes snapshots. The loop poll()s stdin and
 * the feed's eventfd together, so a key is handled as soon as it arrives
 * even while a long collection runs. */
#define _GNU_SOURCE
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctop/proctab.h"
#include "ipctop/errors.h"
#include "tui/state.h"

#define MSG_SHOW_MS 6000

/* Set by SIGINT, SIGTERM or SIGHUP: the loop then quits like q does, so
 * the terminal is restored and settings saved. Screen state, like what
 * curses keeps for SIGWINCH. */
static volatile sig_atomic_t quit_signal;

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

static void catch_quit_signals(struct sigaction old[3], bool install)
{
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++) {
		if (install)
			sigaction(sigs[i], &sa, &old[i]);
		else
			sigaction(sigs[i], &old[i], NULL);
	}
}

long long tui_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tui_message(struct tui *t, bool err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	va_end(ap);
	t->msg_err = err;
	t->msg_until_ms = tui_now_ms() + (err ? 2 * MSG_SHOW_MS : MSG_SHOW_MS);
}

int tui_check_terminal(char *why, size_t len)
{
	const char *term = getenv("TERM");

	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		snprintf(why, len, "the live view needs a terminal; "
			 "use --once for a snapshot");
		return -ENOTTY;
	}
	if (!term || !*term || strcmp(term, "dumb") == 0) {
		snprintf(why, len, "TERM is %s: the live view needs a capable terminal; "
			 "use --once for a snapshot", term && *term ? "dumb" : "unset");
		return -EINVAL;
	}
	return 0;
}

/* What the screen shows decides what the collector reads: the tab's kind
 * with what its columns (shown, sorted by, matched by the filter) need,
 * and in the detail view every column of the object shown. Asked again
 * whenever it may have changed; the feed refreshes at once only when it
 * is more than before. */
void tui_sync_feed(struct tui *t)
{
	struct pane *p = &t->panes[t->pane];
	struct feed_want w = { .show = p->kind, .threads = t->threads };

	w.needs = pane_needs(t, p);
	if (t->mode == MODE_DETAIL && t->detail.ident.kind) {
		const struct kind *k = t->detail.ident.kind;
		for (size_t i = 0; i < k->nfields; i++)
			w.needs |= k->fields[i].needs;
		for (size_t i = 0; k->sub && i < k->sub->nfields; i++)
			w.needs |= k->sub->fields[i].needs;
	}
	if (w.show == t->fed.show && w.needs == t->fed.needs && w.threads == t->fed.threads)
		return;
	t->fed = w;
	feed_want(&t->feed, &w);
}

void tui_set_pane(struct tui *t, int pane)
{
	if (pane < 0 || pane >= t->npanes)
		return;
	if (pane != t->pane) {
		rc_touch(t, RC_PANE);
		/* what was said about one tab is not about the next */
		t->msg[0] = '\0';
	}
	t->pane = pane;
	/* nothing of it is on screen yet: keys wait for it to be drawn */
	t->panes[pane].drawn = false;
	pane_rebuild(t, &t->panes[pane]);
	tui_sync_feed(t);
}

static void layout(struct tui *t)
{
	t->tabs_y = 3;
	t->colhdr_y = 4;
	t->rows_y = 5;
	t->rows_h = LINES - 2 - t->rows_y;
	if (t->rows_h < 0)
		t->rows_h = 0;
}

void tui_draw(struct tui *t)
{
	if (t->redraw_all) {
		clearok(curscr, TRUE);
		t->redraw_all = false;
	}
	erase();
	layout(t);
	if (LINES < TUI_MIN_LINES || COLS < TUI_MIN_COLS) {
		char b[80];
		/* short lines: this must fit the smallest screens */
		crt_put(0, 0, COLS, "terminal too small", crt_attr(C_MSG_ERR));
		snprintf(b, sizeof(b), "%dx%d, need %dx%d", COLS, LINES, TUI_MIN_COLS, TUI_MIN_LINES);
		crt_put(1, 0, COLS, b, crt_attr(C_NORMAL));
		crt_put(2, 0, COLS, "q quits", crt_attr(C_NORMAL));
		refresh();
		return;
	}
	if (t->msg[0] && tui_now_ms() > t->msg_until_ms && t->mode != MODE_PROMPT)
		t->msg[0] = '\0';
	if (t->mode == MODE_DETAIL)
		detail_draw(t);
	else
		pane_draw(t, &t->panes[t->pane]);
	/* after the table: the tab row says what the table could not show */
	header_draw(t);
	if (t->mode == MODE_HELP)
		help_draw(t);
	else if (t->mode == MODE_CONFIRM)
		dialog_draw_confirm(t);
	else if (t->mode == MODE_SORTMENU)
		sortmenu_draw(t);
	else if (t->mode == MODE_SIGMENU)
		sigmenu_draw(t);
	else if (t->mode == MODE_SIGCONFIRM)
		sigmenu_draw_confirm(t);
	else if (t->mode == MODE_NSPICK)
		nspick_draw(t);
	else if (t->mode == MODE_SETUP)
		setup_draw(t);
	else if (t->mode == MODE_LIMITS)
		limits_draw(t);
	else if (t->mode == MODE_USERMENU)
		usermenu_draw(t);
	else if (t->mode == MODE_ASK)
		ask_draw(t);
	footer_draw(t);
	refresh();
}

/* Problems reading the lists, said once when they appear or change, so
 * they do not keep overwriting the outcome of what the user just did. */
static void report_errors(struct tui *t, const struct snapshot *s)
{
	const struct snapshot *p = t->prev;

	for (int i = 0; i < t->npanes; i++) {
		const struct kind *k = t->panes[i].kind;
		const struct objlist *l = &s->list[k->id];

		if (p && p->list[k->id].err == l->err && p->list[k->id].bad_lines == l->bad_lines)
			continue;
		/* a list this system cannot give (no queue directory): its
		 * tab says how to get one, the message line stays free */
		if (l->err < 0 && l->hint)
			continue;
		if (l->err < 0) {
			tui_message(t, true, "cannot read the %s list: %s", k->name,
				    ipctop_strerror(l->err));
			return;
		}
		if (l->bad_lines) {
			tui_message(t, true, "%s list: %zu malformed line%s skipped", k->name,
				    l->bad_lines, l->bad_lines == 1 ? "" : "s");
			return;
		}
	}
}

/* Hints that lists may be short (processes we may not read), each said
 * once a run and only on a free message line, so they never hide an
 * error or the outcome of a key. */
static void report_hints(struct tui *t, const struct snapshot *s)
{
	if (t->mode == MODE_PROMPT || (t->msg[0] && tui_now_ms() <= t->msg_until_ms))
		return;
	if (!t->said_partial && proc_lists_partial(s)) {
		t->said_partial = true;
		tui_message(t, false, "some processes could not be read: "
			    "'?' lists may be incomplete (root sees all)");
		return;
	}
	for (int i = 0; i < t->npanes && !t->said_short; i++) {
		const struct kind *k = t->panes[i].kind;
		const struct objlist *l = &s->list[k->id];

		if (l->have && l->partial) {
			t->said_short = true;
			tui_message(t, false, "other users' %ss could not be read: "
				    "the list may be short (root sees all)", k->word);
		}
	}
	/* what a list leaves unknown, and why: once, for the tab shown */
	const struct objlist *l = &s->list[t->panes[t->pane].kind->id];
	if (!t->said_unknown && t->msg[0] == '\0' && l->have && !l->err && l->hint) {
		t->said_unknown = true;
		tui_message(t, false, "%s", l->hint);
	}
}

/* -i: the first snapshot with the tab's list opens that object's detail. */
static void open_asked_detail(struct tui *t)
{
	struct pane *p = &t->panes[t->pane];
	const struct kind *k = p->kind;

	if (t->o->detail_id < 0 || t->detail_done || !t->cur || !t->cur->list[k->id].have ||
	    t->cur->list[k->id].light)
		return;
	t->detail_done = true;
	for (size_t i = 0; i < p->nrows; i++) {
		if (k->id_field && k->id_field->num(p->rows[i].obj) == t->o->detail_id) {
			pane_set_cursor(p, i);
			p->drawn = true;
			if (k->match)
				k->match(p->rows[i].obj, p->drawn_m);
			detail_open(t);
			return;
		}
	}
	tui_message(t, true, "no %s with id %lld", k->word, t->o->detail_id);
}

/* Each tab's count as of the last snapshot that knew it: the list when
 * collected, else the kind's count; a kind neither listed nor counted
 * this time keeps the last one (the background pass renews it). */
static void note_counts(struct tui *t, const struct snapshot *s)
{
	for (int i = 0; i < t->npanes; i++) {
		const struct objlist *l = &s->list[t->panes[i].kind->id];
		if (l->have && !l->light && l->err == 0)
			t->count[i] = (long long)l->n;
		else if (l->counted)
			t->count[i] = l->count;
	}
}

static void apply(struct tui *t, struct snapshot *s)
{
	if (t->prev) {
		snapshot_free(t->prev);
		free(t->prev);
	}
	t->prev = t->cur;
	t->cur = s;
	/* pids the table knows get "(gone)" and command names */
	t->ctx.snap = s;
	t->ctx.now = s->taken.tv_sec;
	const struct kind *kinds[TUI_MAX_PANES];
	for (int i = 0; i < t->npanes; i++)
		kinds[i] = t->panes[i].kind;
	if (diff_compute(&t->diff, t->prev, t->cur, kinds, (size_t)t->npanes) < 0)
		tui_message(t, true, "out of memory comparing snapshots");
	/* rows from several namespaces say which; the views of one don't */
	for (int i = 0; i < t->npanes; i++)
		pane_show_ns(&t->panes[i], s->nns > 1);
	if (hist_add(&t->hist, s, kinds, (size_t)t->npanes) < 0 && !t->said_hist) {
		t->said_hist = true;
		tui_message(t, true, "out of memory keeping the history: started again");
	}
	/* every pane: rows of the others point into the old snapshots */
	for (int i = 0; i < t->npanes; i++)
		pane_rebuild(t, &t->panes[i]);
	/* what the collection had to say (another namespace refused), once */
	if (strcmp(s->warn, t->ns_warned) != 0) {
		snprintf(t->ns_warned, sizeof(t->ns_warned), "%s", s->warn);
		if (s->warn[0])
			tui_message(t, true, "%s", s->warn);
	}
	detail_refresh(t);
	dialog_refresh(t);
	report_errors(t, s);
	report_hints(t, s);
	tui_tags_prune(t);
	note_counts(t, s);
	open_asked_detail(t);
	t->refreshes++;
}

static void setup(struct tui *t, const struct tui_opts *o)
{
	const char *nc = getenv("NO_COLOR");

	t->o = o;
	t->ctx.names = o->names;
	t->ctx.tfmt = (enum time_fmt)o->tfmt;
	t->ctx.bytes = o->bytes;
	t->threads = o->threads;
	t->uid = o->uid;
	t->readonly = o->readonly;
	t->color = !o->nocolor && !(nc && *nc);
	t->delay_ms = 1000;
	t->history_s = HIST_DEFAULT_S;
	t->pane = 0;
	/* a tab per kind that has one, in the table's order */
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	for (size_t i = 0; i < nk && t->npanes < TUI_MAX_PANES; i++)
		if (all[i]->tab) {
			t->count[t->npanes] = -1;
			pane_setup(t, &t->panes[t->npanes++], all[i]);
		}
	rc_load(t);
	/* the command line wins over the settings file */
	for (int i = 0; o->first && i < t->npanes; i++)
		if (t->panes[i].kind == o->first)
			t->pane = i;
	if (o->delay_ms > 0)
		t->delay_ms = o->delay_ms;
	if (o->history_s >= 0)
		t->history_s = o->history_s;
	if (hist_init(&t->hist, (long long)t->history_s * 1000) < 0) {
		t->history_s = 0;
		tui_message(t, true, "out of memory: no history kept");
	}
	/* main.c checked the names: a tab with none of them keeps its own;
	 * --reverse alone inverts every tab's order */
	for (int i = 0; (o->sort || o->reverse) && i < t->npanes; i++) {
		const struct field *f = o->sort ? field_find(t->panes[i].kind, o->sort) : NULL;
		if (f)
			t->panes[i].sortf = f;
		if (f || !o->sort)
			t->panes[i].reverse = o->reverse;
	}
	for (int i = 0; o->columns && i < t->npanes; i++) {
		struct pane *p = &t->panes[i];
		const struct field *cols[TUI_MAX_COLS];
		char bad[64];
		int n = fields_parse_spec(p->kind, o->columns, cols, TUI_MAX_COLS, true,
					  bad, sizeof(bad));
		if (n > 0) {
			memcpy(p->cols, cols, (size_t)n * sizeof(cols[0]));
			p->ncols = (size_t)n;
		}
	}
	if (o->limits)
		t->mode = MODE_LIMITS;
}

static void teardown(struct tui *t)
{
	for (int i = 0; i < t->npanes; i++)
		pane_free(&t->panes[i]);
	diff_free(&t->diff);
	hist_free(&t->hist);
	for (int i = 0; i < 2; i++) {
		struct snapshot *s = i ? t->prev : t->cur;
		if (s) {
			snapshot_free(s);
			free(s);
		}
	}
	dialog_free(t);
	sigmenu_free(t);
	usermenu_free(t);
	tags_free(&t->tags);
	feed_req_free(t->nspick);
	free(t);
}

/* A failure is said once; the next change on screen tries again. */
static void save_settings(struct tui *t)
{
	char msg[TUI_MSG_LEN];

	if (rc_save(t, msg, sizeof(msg)) < 0)
		tui_message(t, true, "%s", msg);
}

static int loop(struct tui *t)
{
	struct pollfd fds[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = t->feed.event_fd, .events = POLLIN },
	};

	while (!t->quit) {
		int ch;

		tui_draw(t);
		/* wake at least each second so the clock and messages move */
		int r = poll(fds, 2, 1000);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (quit_signal)
			break;
		if (r > 0 && (fds[1].revents & POLLIN)) {
			struct snapshot *s = feed_take(&t->feed, &t->collect_ms);
			struct feed_req *done = feed_take_done(&t->feed);
			if (done)
				dialog_done(t, done);
			if (s)
				apply(t, s);
		}
		if (r > 0 && (fds[0].revents & (POLLHUP | POLLERR)) && !(fds[0].revents & POLLIN))
			return -EIO;   /* the terminal went away */
		/* after EINTR too: a resize arrives as KEY_RESIZE */
		while ((ch = getch()) != ERR && !t->quit)
			keys_handle(t, ch);
		tui_sync_feed(t);
		if (t->rc_dirty)
			save_settings(t);
	}
	return 0;
}

int tui_run(const struct tui_opts *o, char *err, size_t errlen)
{
	struct tui *t = calloc(1, sizeof(*t));
	int r;

	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	/* the user's character set for drawing names, but "0.5" stays a
	 * number everywhere: intervals are parsed and shown with a dot */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	setup(t, o);
	if (o->ns && o->ns->kind != NS_SPEC_HOST) {
		t->ns_chosen = true;
		t->ns_view = *o->ns;
	}
	r = feed_start(&t->feed, o->src, t->ns_chosen ? o->ns : NULL, t->delay_ms, o->health);
	if (r < 0) {
		snprintf(err, errlen, "cannot start the collector: %s", strerror(-r));
		teardown(t);
		return r;
	}
	tui_sync_feed(t);
	if (crt_init(t->color) < 0) {
		snprintf(err, errlen, "cannot start the terminal (TERM=%s); use --once",
			 getenv("TERM") ? getenv("TERM") : "");
		feed_stop(&t->feed);
		teardown(t);
		return -ENOTTY;
	}
	/* after curses' own handlers, which would exit without our cleanup */
	struct sigaction old[3];
	quit_signal = 0;
	catch_quit_signals(old, true);
	r = loop(t);
	crt_end();
	catch_quit_signals(old, false);
	feed_stop(&t->feed);
	if (t->rc_dirty) {
		/* the screen is gone: stderr is where a failure can be seen */
		char msg[TUI_MSG_LEN];
		if (rc_save(t, msg, sizeof(msg)) < 0)
			fprintf(stderr, "ipctop: %s\n", msg);
	}
	if (r < 0)
		snprintf(err, errlen, "terminal error: %s", strerror(-r));
	teardown(t);
	return r;
}

/* Sanitizer builds only: memory the libraries under us keep and cannot
 * release. libproc2 holds two read buffers per thread in thread-local
 * storage, lost when the collector thread ends; ncurses keeps the screen
 * it started to set up when newterm() fails on an unknown TERM. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libproc2.so\nleak:new_prescr\n";
}

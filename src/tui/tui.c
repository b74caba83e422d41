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

#include "ipctop/proc.h"
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

void tui_set_pane(struct tui *t, int pane)
{
	if (pane < 0 || pane >= PANE_COUNT)
		return;
	if (pane != t->pane)
		rc_touch(t, RC_PANE);
	t->pane = pane;
	/* process data costs a walk over /proc: only while a pane shows it */
	/* the pipes tab names each end's command, from the signals pass */
	feed_want_procs(&t->feed, pane == PANE_SIGNALS || pane == PANE_PIPES, pane == PANE_PIPES);
	pane_rebuild(t, &t->panes[pane]);
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
	header_draw(t);
	if (t->mode == MODE_DETAIL)
		detail_draw(t);
	else
		pane_draw(t, &t->panes[t->pane]);
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
	footer_draw(t);
	refresh();
}

/* Problems reading the lists, said once when they appear or change, so
 * they do not keep overwriting the outcome of what the user just did. */
static void report_errors(struct tui *t, const struct snapshot *s)
{
	const struct snapshot *p = t->prev;

	for (int k = 0; k < KIND_COUNT; k++) {
		if (p && p->err[k] == s->err[k] && p->bad_lines[k] == s->bad_lines[k])
			continue;
		if (s->err[k] < 0) {
			tui_message(t, true, "cannot read the %s list: %s",
				    kind_name((enum ipc_kind)k), ipctop_strerror(s->err[k]));
			return;
		}
		if (s->bad_lines[k]) {
			tui_message(t, true, "%s list: %zu malformed line%s skipped",
				    kind_name((enum ipc_kind)k), s->bad_lines[k],
				    s->bad_lines[k] == 1 ? "" : "s");
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
	} else if (!t->said_pipes && s->have_pipes && s->pipes_err) {
		t->said_pipes = true;
		tui_message(t, false, "other users' pipes could not be read: "
			    "the list may be short (root sees all)");
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
	if (snap_diff(t->prev, t->cur, &t->diff) < 0)
		tui_message(t, true, "out of memory comparing snapshots");
	/* every pane: rows of the others point into the old snapshots */
	for (int i = 0; i < PANE_COUNT; i++)
		pane_rebuild(t, &t->panes[i]);
	detail_refresh(t);
	report_errors(t, s);
	report_hints(t, s);
	tags_prune(t);
	t->refreshes++;
}

static void setup(struct tui *t, const struct tui_opts *o)
{
	const char *nc = getenv("NO_COLOR");

	t->o = o;
	t->ctx.names = o->names;
	t->ctx.tfmt = TIME_RELATIVE;
	t->uid = o->uid;
	t->readonly = o->readonly;
	t->color = !o->nocolor && !(nc && *nc);
	t->delay_ms = 1000;
	t->pane = PANE_MSG;
	for (int i = 0; i < PANE_COUNT; i++)
		pane_setup(t, &t->panes[i], (enum tui_pane)i);
	rc_load(t);
	/* the command line wins over the settings file */
	if (o->pane >= 0 && o->pane < PANE_COUNT)
		t->pane = o->pane;
	if (o->delay_ms > 0)
		t->delay_ms = o->delay_ms;
	if (o->sort) {
		bool found = false;
		for (int i = 0; i <= PANE_SHM; i++) {
			const struct field *f = field_find((enum ipc_kind)i, o->sort);
			if (f) {
				t->panes[i].sortf = f;
				found = true;
			}
		}
		if (!found)
			tui_message(t, true, "unknown sort column '%s'; see ipctop --help", o->sort);
	}
}

static void teardown(struct tui *t)
{
	for (int i = 0; i < PANE_COUNT; i++)
		pane_free(&t->panes[i]);
	snap_diff_free(&t->diff);
	for (int i = 0; i < 2; i++) {
		struct snapshot *s = i ? t->prev : t->cur;
		if (s) {
			snapshot_free(s);
			free(s);
		}
	}
	detail_close(t);
	dialog_free(t);
	free(t->tags);
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
			if (s)
				apply(t, s);
		}
		if (r > 0 && (fds[0].revents & (POLLHUP | POLLERR)) && !(fds[0].revents & POLLIN))
			return -EIO;   /* the terminal went away */
		/* after EINTR too: a resize arrives as KEY_RESIZE */
		while ((ch = getch()) != ERR && !t->quit)
			keys_handle(t, ch);
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
	r = feed_start(&t->feed, o->procfs, t->delay_ms);
	if (r < 0) {
		snprintf(err, errlen, "cannot start the collector: %s", strerror(-r));
		teardown(t);
		return r;
	}
	feed_want_procs(&t->feed, t->pane == PANE_SIGNALS || t->pane == PANE_PIPES,
			t->pane == PANE_PIPES);
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

/* The signal picker (F9 on the signals tab): all 64 signals with their
 * default action and where each stands for the chosen process, like
 * htop's SignalsPanel, the ones people send most first. Enter asks for
 * confirmation, naming the signal, pid and command; only 'y' sends.
 * Typing a name or number instead switches to the one-line signal
 * prompt, which asks the same question. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/proctab.h"
#include "ipctop/signals.h"
#include "tui/state.h"

#define KEY_ESC 27
#define NSIG_ROWS 64

/* The common signals first, TERM at the top (kill(1)'s default), then
 * every other one by number. */
static const int common[] = { 15, 9, 1, 2, 3, 10, 12, 19, 18 };
#define NCOMMON (sizeof(common) / sizeof(common[0]))

static int sig_at(size_t row)
{
	if (row < NCOMMON)
		return common[row];
	int sig = 0;
	for (size_t r = NCOMMON; r <= row; ) {
		bool is_common = false;
		sig++;
		for (size_t c = 0; c < NCOMMON; c++)
			is_common |= common[c] == sig;
		if (!is_common)
			r++;
	}
	return sig;
}

static const struct proc *target(const struct tui *t)
{
	const struct proc *p = t->cur ? snap_procs(t->cur) : NULL;

	if (!t->nsigt)
		return NULL;
	for (size_t i = 0; p && i < snap_n(t->cur, KIND_PROC); i++)
		if (p[i].pid == t->sigt[0].pid && p[i].start_time == t->sigt[0].start)
			return &p[i];
	return NULL;
}

void sigmenu_free(struct tui *t)
{
	free(t->sigt);
	t->sigt = NULL;
	t->nsigt = 0;
}

static void add_target(struct tui *t, const struct proc *p)
{
	struct sigtarget *g = &t->sigt[t->nsigt++];

	g->pid = p->pid;
	g->start = p->start_time;
	snprintf(g->comm, sizeof(g->comm), "%s", p->comm);
}

/* F9 on the signals tab: the tagged processes of the tab, or the one
 * under the cursor, each as it was when chosen (pid and start time),
 * which the collector's act_kill checks again before sending. */
void sigmenu_start(struct tui *t)
{
	struct pane *p = &t->panes[t->pane];
	size_t max = t->tags.n + 1;

	sigmenu_free(t);
	if (!(p->kind->flags & KIND_PROCESS) || !t->cur)
		return;
	t->sigt = calloc(max, sizeof(*t->sigt));
	if (!t->sigt) {
		tui_message(t, true, "out of memory");
		return;
	}
	for (size_t i = 0; i < t->tags.n; i++) {
		const void *o;
		if (t->tags.v[i].kind != p->kind)
			continue;
		o = snap_find_ident(t->cur, &t->tags.v[i], NULL);
		if (o)
			add_target(t, o);
	}
	if (!t->nsigt && p->nrows && p->rows[p->cursor].mark != ROW_GONE)
		add_target(t, p->rows[p->cursor].obj);
	if (!t->nsigt) {
		sigmenu_free(t);
		tui_message(t, true, "no process to signal here");
		return;
	}
	sigmenu_open(t);
}

void sigmenu_open(struct tui *t)
{
	t->sigmenu = 0;       /* TERM */
	t->mode = MODE_SIGMENU;
}

void sigmenu_confirm(struct tui *t, int sig)
{
	t->sigchosen = sig;
	t->mode = MODE_SIGCONFIRM;
}

void sigmenu_confirm_key(struct tui *t, int ch)
{
	struct feed_req *r;

	if (ch == KEY_RESIZE || ch == KEY_MOUSE)
		return;
	t->mode = MODE_TABLE;
	if (ch != 'y') {
		tui_message(t, false, "no signal sent");
		return;
	}
	/* the collector thread sends it, after checking each pid */
	r = calloc(1, sizeof(*r));
	if (r)
		r->targets = calloc(t->nsigt ? t->nsigt : 1, sizeof(*r->targets));
	if (!r || !r->targets) {
		free(r);
		tui_message(t, true, "out of memory: no signal sent");
		return;
	}
	r->kind = FEED_KILL;
	for (size_t i = 0; i < t->nsigt; i++) {
		r->targets[i].ident.kind = t->panes[t->pane].kind;
		r->targets[i].ident.id = t->sigt[i].pid;
		r->targets[i].ident.ctime = (long long)t->sigt[i].start;
	}
	r->n = t->nsigt;
	r->sig = t->sigchosen;
	t->busy = true;
	feed_request(&t->feed, r);
}

/* "pid 812 (sleep)", or "3 processes: 812 (sleep), 813 (cat), ..." */
void sigmenu_who(const struct tui *t, char *buf, size_t len)
{
	size_t o;

	if (t->nsigt == 1) {
		snprintf(buf, len, "pid %d (%s)", t->sigt[0].pid, t->sigt[0].comm);
		return;
	}
	o = (size_t)snprintf(buf, len, "%zu processes:", t->nsigt);
	for (size_t i = 0; i < t->nsigt && o < len; i++) {
		int w = snprintf(buf + o, len - o, "%s %d (%s)", i ? "," : "", t->sigt[i].pid,
				 t->sigt[i].comm);
		if (w < 0)
			break;
		o += (size_t)w;
	}
}

void sigmenu_draw_confirm(struct tui *t)
{
	char name[32], who[400], q[480];
	int w = COLS - 4 < 76 ? COLS - 4 : 76;
	int y = (LINES - 7) / 2, x = (COLS - w) / 2;

	sigmenu_who(t, who, sizeof(who));
	snprintf(q, sizeof(q), "Send %s (%d) to %s?",
		 sig_name(t->sigchosen, name, sizeof(name)), t->sigchosen, who);
	crt_box(y, x, 7, w, " Send signal? ");
	/* two lines, so several processes still show */
	int used = crt_put(y + 2, x + 2, w - 4, q, crt_attr(C_DIALOG));
	size_t off = 0, left = strlen(q);
	/* the bytes drawn on the first line: at most used columns of ASCII
	 * and names, which are sanitised, so advance by characters */
	for (int c = 0; c < used && off < left; c++) {
		off++;
		while (off < left && ((unsigned char)q[off] & 0xc0) == 0x80)
			off++;
	}
	if (off < left)
		crt_put_cut(y + 3, x + 2, w - 4, q + off, crt_attr(C_DIALOG), false);
	crt_put(y + 5, x + 2, w - 4, "Press y to send, any other key to cancel.",
		crt_attr(C_DIALOG_TITLE));
}

void sigmenu_key(struct tui *t, int ch)
{
	switch (ch) {
	case KEY_UP: if (t->sigmenu > 0) t->sigmenu--; break;
	case KEY_DOWN: if (t->sigmenu + 1 < NSIG_ROWS) t->sigmenu++; break;
	case KEY_PPAGE: t->sigmenu = t->sigmenu > 10 ? t->sigmenu - 10 : 0; break;
	case KEY_NPAGE: t->sigmenu = t->sigmenu + 10 < NSIG_ROWS ? t->sigmenu + 10 : NSIG_ROWS - 1; break;
	case KEY_HOME: t->sigmenu = 0; break;
	case KEY_END: t->sigmenu = NSIG_ROWS - 1; break;
	case '\n': case '\r': case KEY_ENTER: sigmenu_confirm(t, sig_at(t->sigmenu)); break;
	case KEY_ESC: case KEY_F(10):
		t->mode = MODE_TABLE;
		tui_message(t, false, "no signal sent");
		break;
	default:
		/* a name or number typed: the prompt takes it from here */
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			t->mode = MODE_PROMPT;
			t->prompt = PROMPT_SIGNAL;
			t->input[0] = (char)ch;
			t->input[1] = '\0';
		}
		break;
	}
}

void sigmenu_draw(struct tui *t)
{
	const struct proc *p = target(t);
	struct sig_row rows[NSIG_ROWS];
	int w = COLS < 64 ? COLS - 2 : 62;
	int h = LINES - t->rows_y - 1;
	int inner = h - 3;
	size_t top = 0;
	char title[240], line[128];

	if (inner < 1)
		return;
	char who[200];
	sigmenu_who(t, who, sizeof(who));
	snprintf(title, sizeof(title), " Send signal to %s ", who);
	crt_box(t->rows_y - 1, 1, h + 1, w, title);
	if (!p) {
		crt_put(t->rows_y, 3, w - 4, "This process no longer exists.", crt_attr(C_DIALOG_TITLE));
		return;
	}
	proc_sig_rows(p, rows);
	crt_put(t->rows_y, 3, w - 4, " SIG NAME        ACTION  STATE", crt_attr(C_DIALOG_TITLE));
	if (t->sigmenu >= top + (size_t)inner)
		top = t->sigmenu - (size_t)inner + 1;
	for (int i = 0; i < inner && top + (size_t)i < NSIG_ROWS; i++) {
		const struct sig_row *s = &rows[sig_at(top + (size_t)i) - 1];
		int a = crt_attr(top + (size_t)i == t->sigmenu ? C_CURSOR : C_DIALOG);
		snprintf(line, sizeof(line), " %3d %-11s %-7s %s%s%s%s", s->sig, s->name, s->action,
			 s->pending || s->shdpnd ? "pending " : "", s->blocked ? "blocked " : "",
			 s->ignored ? "ignored " : "", s->caught ? "caught" : "");
		crt_fill(t->rows_y + 1 + i, 2, w - 2, a);
		crt_put(t->rows_y + 1 + i, 3, w - 4, line, a);
	}
}

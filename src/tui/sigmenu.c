/* The signal picker (F9 on the signals tab): all 64 signals with their
 * default action and where each stands for the chosen process, like
 * htop's SignalsPanel. Enter sends the highlighted one; typing a name or
 * number instead switches to the one-line signal prompt. */
#include <curses.h>
#include <stdio.h>

#include "ipctop/proc.h"
#include "tui/state.h"

#define KEY_ESC 27
#define NSIG_ROWS 64

static const struct proc *target(const struct tui *t)
{
	for (size_t i = 0; t->cur && t->cur->have_procs && i < t->cur->nprocs; i++)
		if (t->cur->procs[i].pid == t->sigtarget.pid &&
		    t->cur->procs[i].start_time == t->sigtarget.start)
			return &t->cur->procs[i];
	return NULL;
}

void sigmenu_open(struct tui *t)
{
	t->sigmenu = 14;      /* TERM, as kill(1) defaults to */
	t->mode = MODE_SIGMENU;
}

static void send(struct tui *t, int sig)
{
	char msg[TUI_MSG_LEN];
	int r = act_kill(t->sigtarget.pid, t->sigtarget.start, sig, msg, sizeof(msg));

	tui_message(t, r < 0, "%s", msg);
	t->mode = MODE_TABLE;
	feed_refresh_now(&t->feed);
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
	case '\n': case '\r': case KEY_ENTER: send(t, (int)t->sigmenu + 1); break;
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
	char title[128], line[128];

	if (inner < 1)
		return;
	snprintf(title, sizeof(title), " Send signal to pid %d (%s) ", t->sigtarget.pid,
		 t->sigtarget.comm);
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
		const struct sig_row *s = &rows[top + (size_t)i];
		int a = crt_attr(top + (size_t)i == t->sigmenu ? C_CURSOR : C_DIALOG);
		snprintf(line, sizeof(line), " %3d %-11s %-7s %s%s%s%s", s->sig, s->name, s->action,
			 s->pending || s->shdpnd ? "pending " : "", s->blocked ? "blocked " : "",
			 s->ignored ? "ignored " : "", s->caught ? "caught" : "");
		crt_fill(t->rows_y + 1 + i, 2, w - 2, a);
		crt_put(t->rows_y + 1 + i, 3, w - 4, line, a);
	}
}

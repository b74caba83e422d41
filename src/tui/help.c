/* The help screen: every key, in one list that scrolls. */
#include <curses.h>
#include <stdio.h>

#include "tui/state.h"

static const char *const lines[][2] = {
	{ "Moving", NULL },
	{ "Up/Down, k/j", "move the cursor (k on the signals tab: send a signal)" },
	{ "PgUp/PgDn", "move a page" },
	{ "Home/End, g/G", "first / last row" },
	{ "1 2 3 4 5", "queues, semaphore sets, segments, signals, pipes" },
	{ "Tab/Shift-Tab", "next / previous tab" },
	{ "mouse", "click a tab, a row, or a column header to sort" },
	{ "Looking", NULL },
	{ "Enter", "detail of the object under the cursor (Esc or q closes);" },
	{ "", "on the signals tab: the process's 64 signals, one per line" },
	{ "F6", "choose the sort column from a list" },
	{ ">  <", "sort by the next / previous column" },
	{ "I", "invert the sort order" },
	{ "/, F3", "search (jumps to the next match as you type); n: next" },
	{ "\\, F4", "filter: hide rows that do not match (key, id, owner, pid)" },
	{ "u", "show only one user's objects (empty: everyone's)" },
	{ "Acting", NULL },
	{ "Space", "tag / untag the object under the cursor" },
	{ "c", "clear all tags" },
	{ "F9, x", "remove the tagged objects, or the one under the cursor" },
	{ "", "(a dialog lists them; only y removes)" },
	{ "F9, x, k (signals)", "pick a signal (or type its name) for the process under the cursor;" },
	{ "", "y sends it, after checking the pid was not reused" },
	{ "a (signals)", "all processes / only those with a pending or blocked signal," },
	{ "", "or an ignored signal that would terminate them by default" },
	{ "H (signals)", "one row per thread / threads folded into their process" },
	{ "Screen", NULL },
	{ "p, Z", "pause / resume refreshing" },
	{ "d", "set the refresh interval" },
	{ "F5, Ctrl-L", "refresh and redraw now" },
	{ "F1, h, ?", "this help" },
	{ "q, F10", "quit" },
	{ "Row marks", NULL },
	{ "+ new", "appeared since the last refresh" },
	{ "~ changed", "some column changed since the last refresh" },
	{ "- gone", "removed since the last refresh (shown once)" },
	{ "* tagged", "will be removed by F9" },
};

void help_draw(struct tui *t)
{
	int n = (int)(sizeof(lines) / sizeof(lines[0]));
	int h = LINES - 3, w = COLS - 2;
	int inner = h - 3;

	if (t->help_scroll > n - inner)
		t->help_scroll = n - inner > 0 ? n - inner : 0;
	crt_box(1, 1, h, w, " ipctop help (any other key closes) ");
	for (int i = 0; i < inner && t->help_scroll + i < n; i++) {
		const char *const *l = lines[t->help_scroll + i];
		int y = 2 + i;
		if (!l[1]) {
			crt_put(y, 3, w - 4, l[0], crt_attr(C_DIALOG_TITLE));
			continue;
		}
		crt_put(y, 5, 16, l[0], crt_attr(C_DIALOG_TITLE));
		crt_put(y, 22, w - 22, l[1], crt_attr(C_DIALOG));
	}
}

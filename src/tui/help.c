/* The help screen: every key, in one list that scrolls. */
#include <curses.h>
#include <stdio.h>

#include "tui/state.h"

/* Keys at most 16 columns, descriptions at most 55: the whole text fits
 * an 80-column terminal. */
static const char *const lines[][2] = {
	{ "Moving", NULL },
	{ "Up/Down, k/j", "move the cursor" },
	{ "PgUp/PgDn", "move a page" },
	{ "Home/End, g/G", "first / last row" },
	{ "Left/Right", "scroll the columns (the first one stays)" },
	{ "1 ... 9", "the tabs, by their number: System V queues, sem sets," },
	{ "", "segments; signals, pipes; POSIX mq, shm, sem; health" },
	{ "Tab/Shift-Tab", "next / previous tab" },
	{ "mouse", "click a tab, a row, or a column header to sort" },
	{ "Looking", NULL },
	{ "Enter", "the row in full, long lists wrapped; Esc or q closes" },
	{ "", "(signals tab: the process's 64 signals, one per line)" },
	{ "F2, S", "columns: add, remove, reorder (saved)" },
	{ "F6", "choose the sort column from a list" },
	{ ">  <", "sort by the next / previous column" },
	{ "I", "invert the sort order" },
	{ "/, F3", "search (jumps to a match as you type); n: next" },
	{ "\\, F4", "filter: hide rows that do not match" },
	{ "", "(key, id, name, owner, a pid or its command name)" },
	{ "u", "only one owner's objects, from a list (or type)" },
	{ "N", "IPC namespace: all, ipctop's own, or one container's," },
	{ "", "from a list with each one's object counts" },
	{ "w", "the processes of the object under the cursor" },
	{ "", "(creator, last users, attachers, waiters) on the" },
	{ "", "signals tab; Esc there shows all again" },
	{ "L", "kernel limits and use, like ipcs -l -u" },
	{ "Acting", NULL },
	{ "Space", "tag / untag the row under the cursor" },
	{ "T", "tag every row shown (the filter's)" },
	{ "c, U", "clear all tags (asks first)" },
	{ "F9, x", "remove this tab's tagged objects, or the one under" },
	{ "", "the cursor (a dialog lists them; only y removes)" },
	{ "", "(POSIX: the name goes at once, the memory when its" },
	{ "", "last holder lets go; the dialog names the holders)" },
	{ "Screen", NULL },
	{ "p, Z", "pause / resume refreshing" },
	{ "d", "set the refresh interval" },
	{ "F5, Ctrl-L", "refresh and redraw now" },
	{ "F1, h, ?", "this help" },
	{ "q, F10", "quit" },
	{ "Signals tab", NULL },
	{ "F9, x, k", "pick a signal (or type its name) for the tagged" },
	{ "", "processes, or the one under the cursor; y sends it," },
	{ "", "once each pid is checked" },
	{ "a", "all processes / only notable ones: a signal pending," },
	{ "", "or a signal that would end the process blocked" },
	{ "", "(handled or not); ignored ones are not notable" },
	{ "t", "tree: each process under its parent (PPID)" },
	{ "H", "one row per thread / threads folded into processes" },
	{ "Health tab", NULL },
	{ "Enter", "go to the object the finding is about (a limit's" },
	{ "", "finding: its detail); F9 there removes it" },
	{ "Row marks", NULL },
	{ "+ new", "appeared since the last refresh" },
	{ "~ changed", "some column changed since the last refresh" },
	{ "- gone", "removed since the last refresh (shown once)" },
	{ "* tagged", "removed (or signalled) by F9" },
	{ "! finding", "the Health tab has a finding about it (red: critical)" },
	{ "...", "a cell cut to fit ends in an ellipsis; Enter shows" },
	{ "", "it whole" },
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

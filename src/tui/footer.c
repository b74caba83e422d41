/* The bottom two lines: a message line (outcomes, kernel refusals,
 * prompts) and a function-key bar listing only the keys that work in the
 * current context, like htop's FunctionBar. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/state.h"

struct fkey {
	const char *key, *label;
};

static const struct fkey table_keys[] = {
	{ "F1", "Help" }, { "/", "Search" }, { "\\", "Filter" }, { "Enter", "Detail" },
	{ "F5", "Refresh" }, { "F6", "Sort" }, { "Space", "Tag" }, { "F9", "Remove" },
	{ "p", "Pause" }, { "F10", "Quit" }, { NULL, NULL },
};
static const struct fkey table_keys_ro[] = {
	{ "F1", "Help" }, { "/", "Search" }, { "\\", "Filter" }, { "Enter", "Detail" },
	{ "F5", "Refresh" }, { "F6", "Sort" }, { "p", "Pause" }, { "F10", "Quit" },
	{ NULL, NULL },
};
static const struct fkey proc_keys[] = {
	{ "F1", "Help" }, { "/", "Search" }, { "\\", "Filter" }, { "F5", "Refresh" },
	{ "F6", "Sort" }, { "p", "Pause" }, { "F10", "Quit" }, { NULL, NULL },
};
static const struct fkey detail_keys[] = {
	{ "Up/Dn", "Scroll" }, { "F9", "Remove" }, { "Esc", "Close" }, { "F10", "Quit" },
	{ NULL, NULL },
};
static const struct fkey help_keys[] = {
	{ "Up/Dn", "Scroll" }, { "Esc", "Close" }, { NULL, NULL },
};
static const struct fkey confirm_keys[] = {
	{ "y", "Remove" }, { "n", "Cancel" }, { "Esc", "Cancel" }, { NULL, NULL },
};
static const struct fkey prompt_keys[] = {
	{ "Enter", "Done" }, { "Esc", "Cancel" }, { "Bksp", "Erase" }, { NULL, NULL },
};
static const struct fkey search_keys[] = {
	{ "Enter", "Done" }, { "F3", "Next" }, { "Esc", "Cancel" }, { NULL, NULL },
};

static const struct fkey *keys_for(const struct tui *t)
{
	switch (t->mode) {
	case MODE_DETAIL: return detail_keys;
	case MODE_HELP: return help_keys;
	case MODE_CONFIRM: return confirm_keys;
	case MODE_PROMPT: return t->prompt == PROMPT_SEARCH ? search_keys : prompt_keys;
	default: break;
	}
	if (t->pane > PANE_SHM)
		return proc_keys;
	return t->readonly ? table_keys_ro : table_keys;
}

void footer_draw(struct tui *t)
{
	int y = LINES - 1, x = 0;

	/* message line */
	crt_fill(LINES - 2, 0, COLS, crt_attr(C_NORMAL));
	if (t->mode == MODE_PROMPT)
		prompt_draw(t, LINES - 2);
	else if (t->msg[0])
		crt_put(LINES - 2, 0, COLS, t->msg, crt_attr(t->msg_err ? C_MSG_ERR : C_MSG));

	crt_fill(y, 0, COLS, crt_attr(C_KEYLABEL));
	for (const struct fkey *k = keys_for(t); k->key && x < COLS; k++) {
		x += crt_put(y, x, COLS - x, k->key, crt_attr(C_KEY));
		x += crt_put(y, x, COLS - x, k->label, crt_attr(C_KEYLABEL));
		if (x < COLS)
			x += crt_put(y, x, 1, " ", crt_attr(C_KEYLABEL));
	}
}

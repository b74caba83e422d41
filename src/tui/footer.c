/* The bottom two lines: a message line (outcomes, kernel refusals,
 * prompts) and a function-key bar listing only the keys that work in the
 * current context, like htop's FunctionBar. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/state.h"

struct fkey {
	const char *key, *label;
	bool minor;     /* left out when the bar does not fit */
};

static const struct fkey table_keys[] = {
	{ "F1", "Help", false }, { "F2", "Setup", true }, { "/", "Search", false }, { "\\", "Filter", true },
	{ "Enter", "Detail", true }, { "F5", "Refresh", false }, { "F6", "Sort", false },
	{ "Space", "Tag", true }, { "w", "Procs", true }, { "F9", "Remove", false },
	{ "p", "Pause", false }, { "F10", "Quit", false }, { NULL, NULL, false },
};
static const struct fkey table_keys_ro[] = {
	{ "F1", "Help", false }, { "F2", "Setup", true }, { "/", "Search", false }, { "\\", "Filter", true },
	{ "Enter", "Detail", true }, { "F5", "Refresh", false }, { "F6", "Sort", false },
	{ "w", "Procs", true }, { "p", "Pause", false }, { "F10", "Quit", false },
	{ NULL, NULL, false },
};
static const struct fkey signal_keys[] = {
	{ "F1", "Help", false }, { "F2", "Setup", true }, { "/", "Search", false }, { "\\", "Filter", true },
	{ "F5", "Refresh", false }, { "F6", "Sort", false }, { "Space", "Tag", true },
	{ "F9", "Signal", false }, { "a", "Notable", true }, { "t", "Tree", true },
	{ "H", "Threads", true }, { "p", "Pause", false }, { "F10", "Quit", false },
	{ NULL, NULL, false },
};
static const struct fkey proc_keys[] = {
	{ "F1", "Help", false }, { "F2", "Setup", true }, { "/", "Search", false }, { "\\", "Filter", true },
	{ "Enter", "Detail", true }, { "F5", "Refresh", false }, { "F6", "Sort", false },
	{ "w", "Procs", true }, { "p", "Pause", false }, { "F10", "Quit", false },
	{ NULL, NULL, false },
};
static const struct fkey goto_keys[] = {
	{ "F1", "Help", false }, { "/", "Search", false }, { "\\", "Filter", true },
	{ "Enter", "Go to", false }, { "F5", "Refresh", false }, { "F6", "Sort", false },
	{ "p", "Pause", false }, { "F10", "Quit", false }, { NULL, NULL, false },
};
static const struct fkey detail_keys[] = {
	{ "Up/Dn", "Scroll", false }, { "F9", "Remove", false }, { "Esc", "Close", false }, { "F10", "Quit", false },
	{ NULL, NULL, false },
};
static const struct fkey proc_detail_keys[] = {
	{ "Up/Dn", "Scroll", false }, { "F9", "Signal", false }, { "Esc", "Close", false },
	{ "F10", "Quit", false }, { NULL, NULL, false },
};
static const struct fkey help_keys[] = {
	{ "Up/Dn", "Scroll", false }, { "Esc", "Close", false }, { NULL, NULL, false },
};
static const struct fkey confirm_keys[] = {
	{ "y", "Remove", false }, { "n", "Cancel", false }, { "Esc", "Cancel", false }, { NULL, NULL, false },
};
static const struct fkey prompt_keys[] = {
	{ "Enter", "Done", false }, { "Esc", "Cancel", false }, { "Bksp", "Erase", false }, { NULL, NULL, false },
};
static const struct fkey search_keys[] = {
	{ "Enter", "Done", false }, { "F3", "Next", false }, { "Esc", "Cancel", false }, { NULL, NULL, false },
};

static const struct fkey setup_keys[] = {
	{ "Enter", "Add/Remove", false }, { "[ ]", "Move", false }, { "Left/Right", "List", false },
	{ "r", "Defaults", true }, { "Esc", "Done", false }, { NULL, NULL, false },
};

static const struct fkey close_keys[] = {
	{ "Up/Dn", "Scroll", false }, { "Esc", "Close", false }, { "F10", "Quit", false },
	{ NULL, NULL, false },
};

static const struct fkey menu_keys[] = {
	{ "Up/Dn", "Choose", false }, { "Enter", "Show", false }, { "Esc", "Cancel", false },
	{ NULL, NULL, false },
};

static const struct fkey ask_keys[] = {
	{ "y", "Yes", false }, { "n", "No", false }, { "Esc", "No", false }, { NULL, NULL, false },
};

static const struct fkey sort_keys[] = {
	{ "Up/Dn", "Choose", false }, { "Enter", "Sort", false }, { "Esc", "Cancel", false },
	{ NULL, NULL, false },
};

static const struct fkey sigconfirm_keys[] = {
	{ "y", "Send", false }, { "n", "Cancel", false }, { "Esc", "Cancel", false }, { NULL, NULL, false },
};

static const struct fkey sig_keys[] = {
	{ "Up/Dn", "Choose", false }, { "Enter", "Send...", false }, { "A-Z 0-9", "Type name", false },
	{ "Esc", "Cancel", false }, { NULL, NULL, false },
};

static const struct fkey *keys_for(const struct tui *t)
{
	switch (t->mode) {
	case MODE_SORTMENU: return sort_keys;
	case MODE_SIGMENU: return sig_keys;
	case MODE_SIGCONFIRM: return sigconfirm_keys;
	case MODE_DETAIL:
		return (t->detail.ident.kind->flags & KIND_PROCESS) ? proc_detail_keys : detail_keys;
	case MODE_HELP: return help_keys;
	case MODE_CONFIRM: return confirm_keys;
	case MODE_PROMPT: return t->prompt == PROMPT_SEARCH ? search_keys : prompt_keys;
	case MODE_SETUP: return setup_keys;
	case MODE_LIMITS: return close_keys;
	case MODE_USERMENU: return menu_keys;
	case MODE_ASK: return ask_keys;
	default: break;
	}
	const struct kind *k = t->panes[t->pane].kind;
	if (k->flags & KIND_PROCESS)
		return signal_keys;
	if (k->target)
		return goto_keys;
	if (!(k->flags & KIND_OBJECT))
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

	/* on a narrow screen, keys also shown in the help go first */
	const struct fkey *keys = keys_for(t);
	int need = 0;
	for (const struct fkey *k = keys; k->key; k++)
		need += (int)(strlen(k->key) + strlen(k->label)) + 1;
	crt_fill(y, 0, COLS, crt_attr(C_KEYLABEL));
	for (const struct fkey *k = keys; k->key && x < COLS; k++) {
		if (need > COLS && k->minor) {
			need -= (int)(strlen(k->key) + strlen(k->label)) + 1;
			continue;
		}
		x += crt_put(y, x, COLS - x, k->key, crt_attr(C_KEY));
		x += crt_put(y, x, COLS - x, k->label, crt_attr(C_KEYLABEL));
		if (x < COLS)
			x += crt_put(y, x, 1, " ", crt_attr(C_KEYLABEL));
	}
}

/* tui: the live, interactive screen (ncurses). It reads snapshots from the
 * collector on its own thread and changes the system only through act/;
 * it never reads /proc or calls the kernel's IPC interfaces itself. */
#ifndef IPCTOP_TUI_H
#define IPCTOP_TUI_H

#include <stdbool.h>
#include <stddef.h>

struct name_cache;

enum tui_pane { PANE_MSG, PANE_SEM, PANE_SHM, PANE_SIGNALS, PANE_PIPES, PANE_COUNT };

struct tui_opts {
	const char *procfs;       /* proc root, "/proc" by default */
	long delay_ms;            /* refresh interval; <= 0: from the rc file */
	bool readonly;            /* never remove or signal */
	bool nocolor;             /* --no-color (NO_COLOR is checked too) */
	int pane;                 /* starting pane; -1: from the rc file */
	long long uid;            /* only this owner's objects; -1 for all */
	const char *sort;         /* column name, or NULL */
	struct name_cache *names;
};

/* Can the live view run on this terminal? 0, or -ENOTTY / -EINVAL (TERM
 * unset or dumb) with a reason in why. */
int tui_check_terminal(char *why, size_t len);

/* Run until the user quits. Returns 0 or -errno (message in err). */
int tui_run(const struct tui_opts *o, char *err, size_t errlen);

#endif

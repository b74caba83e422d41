/* tui: the live, interactive screen (ncurses): a tab per kind of row,
 * from the kind table. Its collector thread reads the kernel and /proc
 * and carries out removals and signals (through act/); the screen's
 * thread itself never reads /proc or calls the kernel's IPC or signal
 * interfaces. */
#ifndef IPCTOP_TUI_H
#define IPCTOP_TUI_H

#include <stdbool.h>
#include <stddef.h>

struct name_cache;
struct source;
struct kind;
struct ns_spec;
struct health_opts;

struct tui_opts {
	const struct source *src; /* where to read */
	long delay_ms;            /* refresh interval; <= 0: from the rc file */
	bool readonly;            /* never remove or signal */
	bool nocolor;             /* --no-color (NO_COLOR is checked too) */
	const struct kind *first; /* starting tab; NULL: from the rc file */
	long long uid;            /* only this owner's objects; -1 for all */
	const char *sort;         /* column name, or NULL */
	struct ns_spec *ns;       /* --ns: the namespaces to show; NULL: own */
	long history_s;           /* seconds of history; < 0: from the rc file */
	bool reverse;             /* --reverse, with sort */
	/* -o: each tab's columns for this run (names, or +COL/-COL against
	 * the defaults), for the tabs that have them; NULL: as saved */
	const char *columns;
	long long detail_id;      /* -i: open on this object of first's tab; -1 none */
	bool limits;              /* -l: open on the limits view */
	bool threads;             /* --threads: the signals tab per thread */
	bool bytes;               /* -b: sizes in bytes */
	int tfmt;                 /* --time-format (enum time_fmt) */
	struct name_cache *names;
	const struct health_opts *health;  /* the Health tab's rules and thresholds */
};

/* Can the live view run on this terminal? 0, or -ENOTTY / -EINVAL (TERM
 * unset or dumb) with a reason in why. */
int tui_check_terminal(char *why, size_t len);

/* Run until the user quits. Returns 0 or -errno (message in err). */
int tui_run(const struct tui_opts *o, char *err, size_t errlen);

/* The settings file's settings that every mode shares, not only the live
 * view: the health thresholds (health.* lines, into h) and readonly. The
 * file is used only on the live view's terms (owned by us, writable by
 * nobody else). 0 (nothing there counts as read), 1 when a value was bad
 * and skipped (why says which), or -errno when the file is there but
 * refused or unreadable (why says why). */
int rc_read_shared(struct health_opts *h, bool *readonly, char *why, size_t len);

#endif

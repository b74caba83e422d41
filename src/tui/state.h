/* The live view's state and the functions its files share; internal to
 * tui/. One struct tui holds all screen state and is passed around, so
 * nothing here is global. The screen's thread draws and takes keys; it
 * never reads /proc or calls the kernel's IPC or signal interfaces: the
 * collector thread (feed.c) does all of that, including what the user
 * asks for (detail values, removal, signals), and hands back results. */
#ifndef IPCTOP_TUI_STATE_H
#define IPCTOP_TUI_STATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipctop/act.h"
#include "ipctop/collect.h"
#include "ipctop/diff.h"
#include "ipctop/fields.h"
#include "ipctop/history.h"
#include "ipctop/health.h"
#include "ipctop/ident.h"
#include "ipctop/kind.h"
#include "ipctop/ns.h"
#include "ipctop/snapshot.h"
#include "ipctop/tags.h"
#include "ipctop/tui.h"

#define TUI_MAX_COLS 32
#define TUI_MAX_PANES 12
#define TUI_MSG_LEN 256
#define TUI_INPUT_LEN 96
/* Below this the layout cannot show one row of a table. */
#define TUI_MIN_COLS 40
#define TUI_MIN_LINES 10

/* ---- collector thread (feed.c) ---- */
struct procs_cache;

/* What the user asked for that changes the system: done on the collector
 * thread, which owns the source, and handed back with its outcome. */
enum feed_req_kind { FEED_REMOVE, FEED_KILL, FEED_NAMESPACES };

/* One namespace for the picker: what it is and how many objects of each
 * kind it holds. */
struct ns_count {
	struct ipcns info;
	size_t n[KIND_SLOTS];
	int err;
};
struct feed_req {
	enum feed_req_kind kind;
	/* n of them: objects to remove, or processes to signal (id the
	 * pid, ctime its start time) */
	struct act_target *targets;
	size_t n;
	int sig;                      /* FEED_KILL */
	struct ns_count *nsl;         /* FEED_NAMESPACES: every namespace */
	size_t nnsl;
	/* the outcome, one per target */
	int *codes;
	char (*msgs)[TUI_MSG_LEN];
};
void feed_req_free(struct feed_req *r);

/* What the screen shows, hence what to collect: the tab's kind in full
 * with what its columns need (NEED_*); the other kinds only counted. */
struct feed_want {
	const struct kind *show;
	unsigned needs;
	bool threads;             /* signals tab: one row per thread */
};

/* The cost of one kind's two list sources, as last timed. */
struct feed_src {
	bool have[2];             /* [0] the ctl calls, [1] /proc/sysvipc */
	long long ns[2];
	size_t n[2];
	unsigned since;           /* collections since the other was timed */
};

struct feed {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int event_fd;             /* readable when a snapshot or result waits */
	struct snapshot *ready;   /* collected, not yet taken by the screen */
	struct feed_req *req;     /* asked, not yet done */
	struct feed_req *done;    /* done, not yet taken by the screen */
	long delay_ms;
	bool paused, now, stop, started;
	struct feed_want want;
	struct feed_src srcs[KIND_SLOTS];
	long long bg_due[KIND_SLOTS];   /* next background collection, ms */
	const struct source *src;
	struct collect_opts co;
	bool have_spec;           /* --ns or the picker: not just our own */
	struct ns_spec spec;
	struct snap_ns *ns;       /* the last collection's namespaces */
	size_t nns;
	struct health_opts health;   /* the findings' rules and thresholds */
	struct procs_cache *procs_cache;
	long long last_ms;        /* how long the last collection took */
};

/* Start collecting from src, in the namespaces spec names (NULL: ours),
 * with health's rules and thresholds for the findings. */
int feed_start(struct feed *f, const struct source *src, const struct ns_spec *spec,
	       long delay_ms, const struct health_opts *health);
void feed_stop(struct feed *f);
/* The newest snapshot, or NULL; the caller owns it. Drains the event. */
struct snapshot *feed_take(struct feed *f, long long *took_ms);
/* A finished request, or NULL; the caller frees it (feed_req_free). */
struct feed_req *feed_take_done(struct feed *f);
/* Hand r over (the feed owns it until feed_take_done gives it back). */
void feed_request(struct feed *f, struct feed_req *r);
void feed_set_delay(struct feed *f, long delay_ms);
void feed_set_paused(struct feed *f, bool paused);
void feed_refresh_now(struct feed *f);
/* What to collect from now on; an immediate refresh when it is more. */
void feed_want(struct feed *f, const struct feed_want *w);
/* Collect the namespaces spec names from now on (NULL: ipctop's own). */
void feed_set_ns(struct feed *f, const struct ns_spec *spec);
/* Read this object's detail (a set's semaphores) with each refresh;
 * NULL: none. */
void feed_want_detail(struct feed *f, const struct ident *id);

/* ---- colours and drawing primitives (crt.c) ---- */
enum crt_color {
	C_NORMAL, C_TITLE, C_METER_LOW, C_METER_MID, C_METER_HIGH, C_METER_FRAME,
	C_TAB, C_TAB_ACTIVE, C_COLHDR, C_COLHDR_SORT, C_CURSOR, C_NEW, C_CHANGED,
	C_GONE, C_TAGGED, C_KEY, C_KEYLABEL, C_MSG, C_MSG_ERR, C_DIALOG,
	C_DIALOG_TITLE, C_COUNT,
};

int crt_init(bool color);
void crt_end(void);
int crt_attr(enum crt_color c);
/* Draw s at y,x clipped to w columns (UTF-8 aware); returns columns used. */
int crt_put(int y, int x, int w, const char *s, int attr);
/* Columns s takes on screen. */
int crt_width(const char *s);
/* Draw s in w columns at y,x (right-aligned with right); text wider than
 * w ends in "…" at the last column. Returns columns used. */
int crt_put_cut(int y, int x, int w, const char *s, int attr, bool right);
/* Fill w columns at y,x with spaces in attr. */
void crt_fill(int y, int x, int w, int attr);
/* A framed box; returns nothing, draws the border and clears inside. */
void crt_box(int y, int x, int h, int w, const char *title);
/* A sparkline of n levels (hist_spark's: -1 none, 0 to 8) at y,x: block
 * characters on a UTF-8 terminal, "_.:-=+*#@" elsewhere. */
void crt_spark(int y, int x, const int *levels, int n, int attr);

/* ---- panes ---- */
enum row_mark { ROW_SAME, ROW_NEW, ROW_CHANGED, ROW_GONE };

struct row {
	const void *obj;
	unsigned char mark;
	size_t idx;                   /* its index in the snapshot, for diff_mark */
	/* the tree view: depth (0 for a root), whether it is the last of its
	 * siblings, and for each level above whether siblings follow */
	unsigned char depth;
	bool last;
	uint32_t more;
};

struct pane {
	const struct kind *kind;
	const struct field *cols[TUI_MAX_COLS];
	size_t ncols;
	const struct field *sortf;
	bool reverse;
	struct row *rows;
	size_t nrows, cap;
	size_t cursor, top;
	size_t hcol;                  /* first column shown after the pinned first */
	bool tree;                    /* rows as a tree (kinds with a parent hook) */
	/* only these objects (by the kind's id column): the processes of an
	 * object the user came from; NULL: all */
	long long *only;
	size_t nonly;
	char only_what[IDENT_NAME_MAX + 64];
	/* the row under the cursor, to find it again after a refresh */
	long long cur_m[MATCH_N];
	bool have_cur;
	int col_x[TUI_MAX_COLS + 1];  /* screen columns, for mouse clicks */
	/* The cursor's row as last drawn: keys act on a row only once the
	 * user could see it (a tab switched to and Enter pressed at once
	 * must not act on what the screen never showed). */
	bool drawn;
	long long drawn_m[MATCH_N];
	bool sort_seen;               /* the sort column's header was drawn */
};

enum tui_mode { MODE_TABLE, MODE_DETAIL, MODE_HELP, MODE_CONFIRM, MODE_PROMPT, MODE_SORTMENU,
		MODE_SIGMENU, MODE_SIGCONFIRM, MODE_SETUP, MODE_LIMITS, MODE_USERMENU, MODE_ASK,
		MODE_NSPICK };
/* What a yes/no question (MODE_ASK) does on y. */
enum ask_what { ASK_CLEAR_TAGS };
enum prompt_kind { PROMPT_SEARCH, PROMPT_FILTER, PROMPT_USER, PROMPT_DELAY, PROMPT_SIGNAL };

struct confirm {
	struct act_target *targets;
	size_t n;
	/* what the dialog lists: each object, then what removing it
	 * destroys and whom it hurts (its kind's loss hook), a line each */
	struct confirm_line {
		char text[512];
		size_t obj;               /* the target it belongs to */
	} *lines;
	size_t nlines, cap_lines;
	size_t attached;              /* objects whose memory outlives removal */
	const char *note;             /* what their kind says about that */
	size_t elsewhere;             /* tags of other kinds, left out */
	size_t scroll;                /* first line shown */
};

struct detail {
	struct ident ident;           /* the row as it was when the view opened */
	int scroll;
	int lines;                    /* how many it had when last drawn */
};

/* A process to signal, as it was when chosen. */
struct sigtarget {
	int32_t pid;
	unsigned long long start;
	char comm[PROC_COMM_MAX];
};

/* F2: the tab's columns, and the rest of its kind's. */
struct setup {
	int focus;                    /* 0: the columns shown, 1: the others */
	size_t at[2];                 /* highlighted line of each list */
};

struct tui {
	const struct tui_opts *o;
	struct field_ctx ctx;
	struct feed feed;
	struct snapshot *cur, *prev;
	struct diff diff;
	/* a tab per kind that has one, in the kind table's order */
	struct pane panes[TUI_MAX_PANES];
	int npanes;
	int pane;
	enum tui_mode mode;
	enum prompt_kind prompt;
	char input[TUI_INPUT_LEN];
	char search[TUI_INPUT_LEN];
	char filter[TUI_INPUT_LEN];
	char filter_before[TUI_INPUT_LEN];
	long long uid;
	char msg[TUI_MSG_LEN];
	bool msg_err;
	long long msg_until_ms;
	/* the hints that lists may be short were said (once a run) */
	bool said_partial, said_short;
	bool said_unknown;            /* a list's hint of what it leaves unknown */
	bool paused, color, readonly;
	bool notable_only;            /* signals pane: hide unremarkable processes */
	bool threads;                 /* signals pane: one row per thread */
	long delay_ms;
	struct tagset tags;           /* each as it was when tagged */
	/* the namespace picker: its list (NULL until the collector answers),
	 * the highlighted row (0: all), what is in view */
	struct feed_req *nspick;
	size_t nspick_at;
	bool ns_chosen;               /* --ns or the picker chose the view */
	struct ns_spec ns_view;
	char ns_warned[256];          /* the last collection warning said */
	bool busy;                    /* a removal or signal is under way */
	struct confirm confirm;
	/* the processes a signal is for: the tagged ones of the tab, or the
	 * one under the cursor; the picker shows the first one's state */
	struct sigtarget *sigt;
	size_t nsigt;
	struct setup setup;
	int limits_scroll;
	size_t usermenu;              /* highlighted line of the owner list */
	long long *owners;            /* its owners (uid), after "everyone" */
	size_t nowners;
	enum ask_what ask;
	char ask_text[TUI_MSG_LEN];
	struct detail detail;
	int help_scroll;
	size_t sortmenu;              /* highlighted entry of the F6 list */
	size_t sigmenu;               /* highlighted row of the picker */
	int sigchosen;                /* the signal awaiting confirmation */
	int tab_x[TUI_MAX_PANES + 1];
	int tabs_y, colhdr_y, rows_y, rows_h;
	bool quit, redraw_all;
	unsigned long long refreshes;
	long long collect_ms;         /* how long the shown snapshot took */
	struct history hist;          /* past refreshes: sparklines, detail */
	long history_s;               /* its length; 0: none */
	bool said_hist;               /* its failure was said */
	struct feed_want fed;         /* what the feed was last asked for */
	long long count[TUI_MAX_PANES];   /* each tab's count; -1 unknown */
	bool detail_done;             /* -i's detail was opened (or missed) */
	char rcpath[512];
	unsigned long long rc_changed;  /* RC_* bits: the settings set on screen */
	bool rc_dirty;                /* a change not yet saved (or tried) */
	bool rc_off;                  /* the file was refused: never written */
};

/* tui.c */
void tui_message(struct tui *t, bool err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
long long tui_now_ms(void);
void tui_set_pane(struct tui *t, int pane);
/* Tell the collector what the screen now needs (tui.c). */
void tui_sync_feed(struct tui *t);
void tui_draw(struct tui *t);

/* pane.c */
void pane_setup(struct tui *t, struct pane *p, const struct kind *k);
void pane_free(struct pane *p);
void pane_rebuild(struct tui *t, struct pane *p);
void pane_draw(struct tui *t, struct pane *p);
void pane_move(struct tui *t, struct pane *p, long delta);
void pane_set_cursor(struct pane *p, size_t i);
size_t pane_count(const struct tui *t, const struct pane *p);
/* The namespace column, first, when rows come from several namespaces. */
void pane_show_ns(struct pane *p, bool on);
/* Show the object id names: its tab, the cursor on its row. */
void tui_goto(struct tui *t, const struct ident *id);
/* What showing p costs the collector (NEED_*): its kind, its columns,
 * its sort column, and with a filter or search every column matched. */
unsigned pane_needs(const struct tui *t, const struct pane *p);
/* Is the row under the cursor the one drawn there? Keys that act on it
 * ask first. */
bool pane_cursor_drawn(const struct pane *p);
void pane_sort_step(struct tui *t, struct pane *p, int dir);
void pane_sort_by(struct tui *t, struct pane *p, size_t col);
/* Show only the objects whose id column holds one of ids (what names
 * them, for the empty note); ids NULL: all again. */
void pane_set_only(struct pane *p, const long long *ids, size_t n, const char *what);
/* The pane of kind k, or NULL. */
struct pane *pane_of(struct tui *t, const struct kind *k);
/* obj is a row of p's kind in the snapshot on screen. */
bool tag_has(const struct tui *t, const struct kind *k, const void *obj);
void tag_toggle(struct tui *t, const struct kind *k, const void *obj);
/* Drop the tags whose object is gone from t->cur or no longer matches
 * what was tagged, saying so on the message line. */
void tui_tags_prune(struct tui *t);

/* header.c: title, meters, tabs */
void header_draw(struct tui *t);

/* footer.c: message line and function-key bar */
void footer_draw(struct tui *t);

/* keys.c */
void keys_handle(struct tui *t, int ch);

/* search.c */
bool search_row_matches(struct tui *t, const struct pane *p, const void *obj,
			const char *needle);
void search_jump(struct tui *t, bool from_next);

/* dialog.c: confirm and prompts */
/* The remove confirmation for the tagged objects of the current tab (or
 * the cursor's), or with from_detail for the object the detail shows. */
void dialog_open_remove(struct tui *t, bool from_detail);
/* A new snapshot while the dialog is up: its text describes the chosen
 * objects as they are now (the objects themselves stay fixed). */
void dialog_refresh(struct tui *t);
void dialog_confirm_key(struct tui *t, int ch);
/* A removal or signal the collector finished: messages, tags. */
void dialog_done(struct tui *t, struct feed_req *r);
void dialog_draw_confirm(struct tui *t);
void dialog_free(struct tui *t);
void prompt_open(struct tui *t, enum prompt_kind k);
void prompt_open_signal(struct tui *t);
void prompt_key(struct tui *t, int ch);
void prompt_draw(struct tui *t, int y);

/* sortmenu.c: F6 */
void sortmenu_open(struct tui *t);
void sortmenu_key(struct tui *t, int ch);
void sortmenu_draw(struct tui *t);

/* sigmenu.c: the signal picker */
/* F9 on a tab of processes: the tagged ones, or the cursor's. */
void sigmenu_start(struct tui *t);
void sigmenu_free(struct tui *t);
void sigmenu_who(const struct tui *t, char *buf, size_t len);
void sigmenu_open(struct tui *t);
void sigmenu_key(struct tui *t, int ch);
void sigmenu_draw(struct tui *t);
/* Ask "Send SIG to pid N (comm)?"; 'y' has the collector send it. */
void sigmenu_confirm(struct tui *t, int sig);
void sigmenu_confirm_key(struct tui *t, int ch);
void sigmenu_draw_confirm(struct tui *t);

/* nspick.c: the namespace picker */
void nspick_open(struct tui *t);
void nspick_key(struct tui *t, int ch);
void nspick_draw(struct tui *t);
/* The picker's list arrived from the collector. */
void nspick_done(struct tui *t, struct feed_req *r);

/* help.c */
void help_draw(struct tui *t);

/* header.c: the use of meter i (0..HEADER_METERS-1) and its limit (-1:
 * none) in l, whether they are bytes, and its label; shared by the
 * meters and their sparklines */
#define HEADER_METERS 7
const char *header_meter(const struct ipc_limits *l, int i, long long *used, long long *max,
			 bool *bytes);
/* setup.c: F2, the tab's columns */
void setup_open(struct tui *t);
void setup_key(struct tui *t, int ch);
void setup_draw(struct tui *t);
/* The kind's default columns into p. */
void pane_default_columns(struct pane *p);

/* limits.c: the limits view (-l, L) */
void limits_key(struct tui *t, int ch);
void limits_draw(struct tui *t);

/* menus.c: the owner pick list (u) and yes/no questions */
void usermenu_open(struct tui *t);
void usermenu_key(struct tui *t, int ch);
void usermenu_draw(struct tui *t);
void usermenu_free(struct tui *t);
void ask_open(struct tui *t, enum ask_what what, const char *question);
void ask_key(struct tui *t, int ch);
void ask_draw(struct tui *t);

/* detail.c */
void detail_open(struct tui *t);
void detail_refresh(struct tui *t);
void detail_close(struct tui *t);
void detail_draw(struct tui *t);

/* rc.c: settings kept in $XDG_CONFIG_HOME/ipctop/ipctoprc. Only what
 * rc_touch() marked is written: a command-line value is for this run. */
#define RC_PANE (1ull << 0)
#define RC_DELAY (1ull << 1)
#define RC_SORT(pane) (1ull << (2 + (pane)))
#define RC_REVERSE(pane) (1ull << (2 + TUI_MAX_PANES + (pane)))
#define RC_COLUMNS(pane) (1ull << (2 + 2 * TUI_MAX_PANES + (pane)))
_Static_assert(2 + 3 * TUI_MAX_PANES <= 64, "RC_* bits fit in rc_changed");
void rc_load(struct tui *t);
/* The user changed these settings (RC_* bits) on screen. */
void rc_touch(struct tui *t, unsigned long long what);
/* Write the changed settings. 0, or -errno with the line to show in msg.
 * Either way nothing is tried again until rc_touch(). */
int rc_save(struct tui *t, char *msg, size_t len);

#endif

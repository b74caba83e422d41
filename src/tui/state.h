/* The live view's state and the functions its files share; internal to
 * tui/. One struct tui holds all screen state and is passed around, so
 * nothing here is global. Nothing in tui/ reads /proc or the kernel. */
#ifndef IPCTOP_TUI_STATE_H
#define IPCTOP_TUI_STATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipctop/act.h"
#include "ipctop/diff.h"
#include "ipctop/fields.h"
#include "ipctop/ident.h"
#include "ipctop/snapshot.h"
#include "ipctop/sysv.h"
#include "ipctop/tui.h"

#define TUI_MAX_COLS 32
#define TUI_MSG_LEN 256
#define TUI_INPUT_LEN 96
/* Below this the layout cannot show one row of a table. */
#define TUI_MIN_COLS 40
#define TUI_MIN_LINES 10

/* ---- collector thread (feed.c) ---- */
struct procs_cache;

struct feed {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int event_fd;             /* readable when a snapshot waits in ready */
	struct snapshot *ready;   /* collected, not yet taken by the screen */
	long delay_ms;
	bool paused, now, stop, started;
	bool want_procs, want_pipes;
	bool want_threads;        /* signals pane: one row per thread */
	struct sysv_opts so;
	struct procs_cache *procs_cache;
	long long last_ms;        /* how long the last collection took */
};

int feed_start(struct feed *f, const char *procfs, long delay_ms);
void feed_stop(struct feed *f);
/* The newest snapshot, or NULL; the caller owns it. Drains the event. */
struct snapshot *feed_take(struct feed *f, long long *took_ms);
void feed_set_delay(struct feed *f, long delay_ms);
void feed_set_paused(struct feed *f, bool paused);
void feed_refresh_now(struct feed *f);
void feed_want_procs(struct feed *f, bool procs, bool pipes);
void feed_want_threads(struct feed *f, bool threads);

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
/* Fill w columns at y,x with spaces in attr. */
void crt_fill(int y, int x, int w, int attr);
/* A framed box; returns nothing, draws the border and clears inside. */
void crt_box(int y, int x, int h, int w, const char *title);

/* ---- panes ---- */
enum row_mark { ROW_SAME, ROW_NEW, ROW_CHANGED, ROW_GONE };

struct row {
	const void *obj;
	unsigned char mark;
};

/* A column of the signals or pipes pane (procpane.c). */
struct pcol {
	const char *name;
	int width;
	bool right;
	long long (*num)(const void *obj);
	void (*text)(const void *obj, const struct snapshot *s, char *buf, size_t len);
};

struct pane {
	enum tui_pane id;
	const struct field *cols[TUI_MAX_COLS];
	const struct pcol *pcols;     /* signals and pipes panes */
	size_t ncols;
	const struct field *sortf;    /* System V panes */
	size_t psort;                 /* signals and pipes: index in pcols */
	bool reverse;
	struct row *rows;
	size_t nrows, cap;
	size_t cursor, top;
	size_t hcol;                  /* first column shown after the pinned first */
	/* the object under the cursor, to find it again after a refresh */
	long long cur_id;
	int32_t cur_key;
	bool have_cur;
	int col_x[TUI_MAX_COLS + 1];  /* screen columns, for mouse clicks */
};

enum tui_mode { MODE_TABLE, MODE_DETAIL, MODE_HELP, MODE_CONFIRM, MODE_PROMPT, MODE_SORTMENU,
		MODE_SIGMENU, MODE_SIGCONFIRM };
enum prompt_kind { PROMPT_SEARCH, PROMPT_FILTER, PROMPT_USER, PROMPT_DELAY, PROMPT_SIGNAL };

struct confirm {
	struct act_target *targets;
	char (*lines)[160];
	size_t n;
	size_t attached;              /* segments with nattch > 0 */
	size_t elsewhere;             /* tags of other kinds, left out */
	size_t scroll;                /* first line shown */
};

struct detail {
	enum tui_pane pane;
	struct ipc_ident ident;       /* the object as it was when the view opened */
	int32_t pid;                  /* the process (signals pane) */
	unsigned long long start;     /* the process's start time (signals) */
	int scroll;
	struct sem_value *sems;       /* per-semaphore values, tui-owned */
	size_t nsems;
	int sems_err;
};

struct tui {
	const struct tui_opts *o;
	struct field_ctx ctx;
	struct feed feed;
	struct snapshot *cur, *prev;
	struct snap_diff diff;
	struct pane panes[PANE_COUNT];
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
	bool said_partial, said_pipes;
	bool paused, color, readonly;
	bool notable_only;            /* signals pane: hide unremarkable processes */
	bool threads;                 /* signals pane: one row per thread */
	long delay_ms;
	struct ipc_ident *tags;       /* each as it was when tagged */
	size_t ntags, tagcap;
	struct confirm confirm;
	struct {                      /* the process a signal prompt is for */
		int32_t pid;
		unsigned long long start;
		char comm[PROC_COMM_MAX];
	} sigtarget;
	struct detail detail;
	int help_scroll;
	size_t sortmenu;              /* highlighted entry of the F6 list */
	size_t sigmenu;               /* highlighted row of the picker */
	int sigchosen;                /* the signal awaiting confirmation */
	int tab_x[PANE_COUNT + 1];
	int tabs_y, colhdr_y, rows_y, rows_h;
	bool quit, redraw_all;
	unsigned long long refreshes;
	long long collect_ms;         /* how long the shown snapshot took */
	char rcpath[512];
	unsigned rc_changed;          /* RC_* bits: the settings set on screen */
	bool rc_dirty;                /* a change not yet saved (or tried) */
	bool rc_off;                  /* the file was refused: never written */
};

/* tui.c */
void tui_message(struct tui *t, bool err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
long long tui_now_ms(void);
void tui_set_pane(struct tui *t, int pane);
void tui_draw(struct tui *t);

/* pane.c */
void pane_setup(struct tui *t, struct pane *p, enum tui_pane id);
void pane_free(struct pane *p);
void pane_rebuild(struct tui *t, struct pane *p);
void pane_draw(struct tui *t, struct pane *p);
void pane_move(struct tui *t, struct pane *p, long delta);
void pane_set_cursor(struct pane *p, size_t i);
enum ipc_kind pane_kind(const struct pane *p);
bool pane_is_sysv(const struct pane *p);
size_t pane_count(const struct tui *t, enum tui_pane id);
void pane_sort_step(struct tui *t, struct pane *p, int dir);
void pane_sort_by(struct tui *t, struct pane *p, size_t col);
const char *pane_title(enum tui_pane id);
/* obj is an object of kind k in the snapshot on screen. */
bool tag_has(const struct tui *t, enum ipc_kind k, const void *obj);
void tag_toggle(struct tui *t, enum ipc_kind k, const void *obj);
/* Drop the tags whose object is gone from t->cur or no longer matches
 * what was tagged, saying so on the message line. */
void tags_prune(struct tui *t);
/* The object of s with ident's identity, or NULL; *same_id (may be NULL)
 * gets whatever object of that kind holds the id in s, or NULL. */
const void *snap_find_ident(const struct snapshot *s, const struct ipc_ident *ident,
			    const void **same_id);

/* procpane.c */
const struct pcol *procpane_cols(enum tui_pane id, size_t *n);
const void *procpane_obj(const struct snapshot *s, enum tui_pane id, size_t i);
size_t procpane_count(const struct snapshot *s, enum tui_pane id);
long long procpane_id(enum tui_pane id, const void *obj);
bool procpane_match(enum tui_pane id, const struct snapshot *s, const void *obj,
		    const char *needle);

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
void dialog_confirm_key(struct tui *t, int ch);
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
void sigmenu_open(struct tui *t);
void sigmenu_key(struct tui *t, int ch);
void sigmenu_draw(struct tui *t);
/* Ask "Send SIG to pid N (comm)?"; 'y' sends it with act_kill. */
void sigmenu_confirm(struct tui *t, int sig);
void sigmenu_confirm_key(struct tui *t, int ch);
void sigmenu_draw_confirm(struct tui *t);

/* help.c */
void help_draw(struct tui *t);

/* detail.c */
void detail_open(struct tui *t);
void detail_refresh(struct tui *t);
void detail_close(struct tui *t);
void detail_draw(struct tui *t);

/* rc.c: settings kept in $XDG_CONFIG_HOME/ipctop/ipctoprc. Only what
 * rc_touch() marked is written: a command-line value is for this run. */
#define RC_PANE (1u << 0)
#define RC_DELAY (1u << 1)
#define RC_SORT(pane) (1u << (2 + (pane)))
#define RC_REVERSE(pane) (1u << (2 + PANE_COUNT + (pane)))
void rc_load(struct tui *t);
/* The user changed these settings (RC_* bits) on screen. */
void rc_touch(struct tui *t, unsigned what);
/* Write the changed settings. 0, or -errno with the line to show in msg.
 * Either way nothing is tried again until rc_touch(). */
int rc_save(struct tui *t, char *msg, size_t len);

#endif

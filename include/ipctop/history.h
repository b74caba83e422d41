/* history: a bounded ring of past snapshots' figures for the live view —
 * each refresh's limits and use (the header's sparklines) and, for every
 * object, the columns its kind marks FIELD_HISTORY (a queue's messages
 * and bytes, a set's waiters, a segment's attaches), to show how an
 * object got where it is. Pure code: no I/O, no kernel calls, no screen.
 *
 * Bounded whatever the host does: at most HIST_MAX_FRAMES refreshes are
 * kept (spaced at least window / HIST_MAX_FRAMES apart), an object's
 * values are recorded only when they change, and all objects' changes
 * together stay under max_points (past it the oldest refreshes go). An
 * idle object costs one entry (sizeof(struct hist_obj)). */
#ifndef IPCTOP_HISTORY_H
#define IPCTOP_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipctop/kind.h"
#include "ipctop/snapshot.h"

struct kind;
struct field;

#define HIST_VALS 2                 /* FIELD_HISTORY columns of a kind, at most */
#define HIST_MAX_FRAMES 600
#define HIST_MAX_POINTS (1u << 20)  /* 24 MiB of changes at most */
#define HIST_DEFAULT_S 300

/* An object's values from frame seq on, until its next point. */
struct hist_point {
	uint32_t seq;
	long long v[HIST_VALS];
};

struct hist_obj {
	long long m[MATCH_N];       /* its kind's match numbers */
	struct hist_point *pts;     /* oldest first; NULL: the one point is one */
	uint32_t n, cap;
	struct hist_point one;      /* the only point of an unchanging object */
};

struct hist_kind {
	bool set;                   /* fields looked up */
	const struct field *vf[HIST_VALS];
	size_t nvals;
	struct hist_obj *objs;      /* sorted by m */
	size_t n, cap;
};

/* One refresh. */
struct hist_frame {
	long long t_ms;             /* when its snapshot was taken, Unix ms */
	uint32_t seq;
	bool have_limits;
	struct ipc_limits limits;
};

struct history {
	long long window_ms, step_ms;
	struct hist_frame *frames;  /* a ring of cap */
	size_t cap, head, n;        /* head: the oldest */
	uint32_t seq;               /* the next frame's */
	struct hist_kind kinds[KIND_SLOTS];
	size_t points, max_points;
};

/* A history of window_ms (0: none kept; hist_add does nothing). 0 or
 * -ENOMEM. */
int hist_init(struct history *h, long long window_ms);
void hist_free(struct history *h);

/* Record s for the n kinds (their FIELD_HISTORY columns) as the newest
 * frame, dropping frames older than the window. A snapshot taken sooner
 * than step_ms after the newest frame is not recorded. A list that was
 * not read keeps its objects as they were. 0, or -ENOMEM (the history is
 * then emptied, never left half updated). */
int hist_add(struct history *h, const struct snapshot *s, const struct kind *const *kinds,
	     size_t n);

size_t hist_nframes(const struct history *h);
/* Frame i, 0 the oldest. */
const struct hist_frame *hist_frame(const struct history *h, size_t i);

/* k's FIELD_HISTORY columns, up to HIST_VALS, into out: the count. */
size_t hist_fields(const struct kind *k, const struct field **out);

/* obj's value of its vi-th history column at every frame, oldest first,
 * into out (hist_nframes() entries at most max): IPC_UNKNOWN before it
 * was seen. The count written; 0 when it has no history. */
size_t hist_series(const struct history *h, const struct kind *k, const void *obj,
		   size_t vi, long long *out, size_t max);

/* The net change per second of series (one value per frame, as
 * hist_series gives) from its first known value to its last: false when
 * fewer than two frames are known or no time passed between them. */
bool hist_rate(const struct history *h, const long long *series, size_t n, double *per_s);

/* series (n values) as cells sparkline levels: 0 (nothing) to 8 (full),
 * -1 no data. With n > cells each cell is the largest value of its share;
 * with fewer values the right-most cells hold them. scale: the value of
 * a full cell (<= 0: the largest value of the series). */
void hist_spark(const long long *series, size_t n, long long scale, int *levels,
		size_t cells);

/* Bytes the history holds now, its own struct aside. */
size_t hist_memory(const struct history *h);

#endif

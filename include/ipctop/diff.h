/* diff: what changed between two snapshots — new, changed and vanished
 * rows of each kind, an object followed by its kind's match numbers (id
 * and key; pid and start time). Pure code: no I/O, no kernel calls, no
 * screen; views decide how to show it. */
#ifndef IPCTOP_DIFF_H
#define IPCTOP_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "ipctop/snapshot.h"

struct kind;

enum diff_mark {
	DIFF_SAME,       /* in both, every column equal */
	DIFF_NEW,        /* not in the previous snapshot */
	DIFF_CHANGED,    /* in both, some column differs */
};

struct diff {
	/* one mark per row of the current snapshot, in its order; a row in
	 * both is judged same or changed only when asked (diff_mark), since
	 * comparing every column of 20,000 rows each refresh costs more than
	 * the rows a screen shows */
	unsigned char *mark[KIND_SLOTS];
	size_t *was[KIND_SLOTS];      /* its index in the previous snapshot */
	/* indexes into the previous snapshot of rows that vanished */
	size_t *gone[KIND_SLOTS];
	size_t ngone[KIND_SLOTS];
	size_t nnew[KIND_SLOTS];
	size_t nchanged[KIND_SLOTS];  /* changed rows among those judged so far */
	const struct snapshot *prev, *cur;   /* what was compared */
};

void diff_init(struct diff *d);
void diff_free(struct diff *d);

/* Compare cur against prev (prev NULL: a first snapshot, nothing is new)
 * for each of the n kinds. An id reused with another key counts as one
 * object gone and one new, unless the kind's continues hook recognises a
 * change the kernel made in place (a segment removed while attached).
 * d is freed and refilled; it refers to prev and cur, which must outlive
 * it. 0 or -ENOMEM (d then empty). */
int diff_compute(struct diff *d, const struct snapshot *prev, const struct snapshot *cur,
		 const struct kind *const *kinds, size_t n);

/* Mark of row i of k (DIFF_SAME when d holds no marks for k); a row in
 * both snapshots is compared now, once. */
enum diff_mark diff_mark(struct diff *d, const struct kind *k, size_t i);
/* Is row i of k new? Without comparing columns. */
bool diff_new(const struct diff *d, const struct kind *k, size_t i);

#endif

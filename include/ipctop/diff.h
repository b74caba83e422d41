/* diff: what changed between two snapshots — new, changed and vanished
 * rows of each kind, an object followed by its kind's match numbers (id
 * and key; pid and start time). Pure code: no I/O, no kernel calls, no
 * screen; views decide how to show it. */
#ifndef IPCTOP_DIFF_H
#define IPCTOP_DIFF_H

#include <stddef.h>

#include "ipctop/snapshot.h"

struct kind;

enum diff_mark {
	DIFF_SAME,       /* in both, every column equal */
	DIFF_NEW,        /* not in the previous snapshot */
	DIFF_CHANGED,    /* in both, some column differs */
};

struct diff {
	/* one mark per row of the current snapshot, in its order */
	unsigned char *mark[KIND_SLOTS];
	/* indexes into the previous snapshot of rows that vanished */
	size_t *gone[KIND_SLOTS];
	size_t ngone[KIND_SLOTS];
	size_t nnew[KIND_SLOTS], nchanged[KIND_SLOTS];
};

void diff_init(struct diff *d);
void diff_free(struct diff *d);

/* Compare cur against prev (prev NULL: a first snapshot, nothing is new)
 * for each of the n kinds. An id reused with another key counts as one
 * object gone and one new, unless the kind's continues hook recognises a
 * change the kernel made in place (a segment removed while attached). d is freed and refilled. 0 or -ENOMEM (d then
 * empty). */
int diff_compute(struct diff *d, const struct snapshot *prev, const struct snapshot *cur,
		 const struct kind *const *kinds, size_t n);

/* Mark of row i of k (DIFF_SAME when d holds no marks for k). */
enum diff_mark diff_mark(const struct diff *d, const struct kind *k, size_t i);

#endif

/* tags: the objects the user tagged (for removal), each by its identity
 * as it was when tagged (ident.h), so that a tag never moves to another
 * object that took the same id; and finding an object of a snapshot by
 * identity. Pure: no I/O, no kernel calls, no screen. */
#ifndef IPCTOP_TAGS_H
#define IPCTOP_TAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "ipctop/ident.h"
#include "ipctop/snapshot.h"

struct kind;

struct tagset {
	struct ident *v;     /* sorted by kind id, then id */
	size_t n, cap;
};

void tags_free(struct tagset *t);
bool tags_has(const struct tagset *t, const struct ident *id);
/* Tag id, or untag it if it is tagged: 1 tagged, 0 untagged, -ENOMEM. */
int tags_toggle(struct tagset *t, const struct ident *id);
/* Tag id (no-op when it is already): 0 or -ENOMEM. */
int tags_add(struct tagset *t, const struct ident *id);
void tags_remove(struct tagset *t, const struct ident *id);
/* How many tags are k's (NULL: all). */
size_t tags_count(const struct tagset *t, const struct kind *k);
/* Drop the tags whose object is gone from s or is no longer the one
 * tagged (a list s could not read keeps its tags). Returns how many went;
 * the first one's story ("queue 0x00000000 (id 5) is gone") in first. */
size_t tags_prune(struct tagset *t, const struct snapshot *s, char *first, size_t len);

/* The object of s with this identity, or NULL; *same_id (may be NULL)
 * gets the object that has its id (or name) now, if any. */
const void *snap_find_ident(const struct snapshot *s, const struct ident *id,
			    const void **same_id);

#endif

/* posix_int: what the parts of the POSIX object collector (posix.c,
 * posix_mq.c, posix_shm.c) share. Internal to collect/. */
#ifndef IPCTOP_COLLECT_POSIX_INT_H
#define IPCTOP_COLLECT_POSIX_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "ipctop/posix.h"

/* Fill c from a directory entry's stat: raw "/" + name, its sanitised
 * copy, owner, mode, times, identity. 0 or -ENOMEM (c left empty). */
int pobj_init(struct pobj *c, const char *name, const struct stat *st);
void pobj_free(struct pobj *c);

/* Same inode? */
bool pobj_same_inode(const struct stat *a, const struct stat *b);

/* Call cb for each entry of dirfd but "." and ".." (a fresh open of the
 * directory, so dirfd's own offset is left alone). cb returns 0 to go
 * on or -errno to stop. 0 or -errno. */
int posix_each_entry(int dirfd, int (*cb)(void *ctx, int dirfd, const char *name),
		     void *ctx);

/* fstatat without following a symlink; 0, 1 when the entry vanished
 * (skip it), or -errno. */
int posix_stat_entry(int dirfd, const char *name, struct stat *st);

/* Make room for one more element of size sz in *v (capacity *cap). */
int posix_grow(void **v, size_t *cap, size_t n, size_t sz);

/* Sort objects whose first member is a struct pobj by raw name. */
void posix_sort(void *v, size_t n, size_t sz);

/* l takes over the n objects of v (an array from the lists above). */
/* Make v (n objects) l's list, each in src's namespace. */
void posix_hand_over(struct objlist *l, void *v, size_t n, const struct source *src);

#endif

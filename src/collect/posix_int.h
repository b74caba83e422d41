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

/* Every entry of dirfd that read takes (0; > 0 skips it, < 0 stops),
 * as an array of objects of size bytes into *out, sorted by raw name (a
 * failed list is freed with free_one each). 0 or -errno. */
int posix_list_entries(int dirfd, size_t size, int (*read)(int dirfd, const char *name, void *obj),
		       void (*free_one)(void *obj), void **out, size_t *n);
/* The entry named raw (prefix before it in the directory: "sem.") read
 * into out (size bytes, zeroed first). 0, -ENOENT or -errno. */
int posix_read_one(int dirfd, const char *raw, const char *prefix, void *out, size_t size,
		   int (*read)(int dirfd, const char *name, void *obj));

/* Sort objects whose first member is a struct pobj by raw name. */
void posix_sort(void *v, size_t n, size_t sz);

/* l takes over the n objects of v (an array from the lists above). */
/* Make v (n objects) l's list, each in src's namespace. */
void posix_hand_over(struct objlist *l, void *v, size_t n, const struct source *src);

#endif

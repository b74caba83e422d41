/* readfile: whole-file reads of /proc files, whose size stat() cannot tell.
 * Internal to collect/. */
#ifndef IPCTOP_COLLECT_READFILE_H
#define IPCTOP_COLLECT_READFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "ipctop/errors.h"

struct file_buf {
	char *data;     /* NUL-terminated */
	size_t len;
};

/* Open path (relative to dirfd, or AT_FDCWD) for reading. Every file of
 * a proc root is opened here: without blocking (a FIFO in a fixture tree
 * would wait for a writer forever) nor becoming our controlling terminal,
 * and refused with -IPCTOP_ENOTREG unless it is a regular file, as every
 * /proc file is (a device could be read without end). The fd or -errno. */
int open_proc_file(int dirfd, const char *path);

/* Read path whole (at most max bytes; more is -EFBIG). Returns 0 or -errno. */
int read_whole_file(const char *path, struct file_buf *fb, size_t max);
void file_buf_free(struct file_buf *fb);
/* Read a small file holding integers ("32000\t1024000000\t500\t32000");
 * returns how many were parsed into v (at most n), or -errno. */
int read_ints_file(const char *path, long long *v, int n);

/* Flags read_lines passes with a line. */
#define LINE_UNTERMINATED (1u << 0)  /* last line, no newline: cut short */
#define LINE_TOO_LONG     (1u << 1)  /* longer than maxline; rest skipped */

/* Read path line by line in fixed-size chunks (so memory does not grow
 * with the file), calling cb for each line without its newline. A line
 * longer than maxline is passed once, cut to maxline, with LINE_TOO_LONG.
 * cb returns 0 to go on or -errno to stop. Returns 0 or -errno. */
int read_lines(const char *path, size_t maxline,
	       int (*cb)(void *ctx, const char *line, size_t len, unsigned flags),
	       void *ctx);

/* The next field of [*p, end), fields separated by single spaces (as in
 * mountinfo): false when there is none or it is empty; *p moves past it. */
bool next_field(const char **p, const char *end, const char **f, size_t *n);
/* Is s a non-empty string of decimal digits (a /proc pid entry)? */
bool all_digits(const char *s);

#endif

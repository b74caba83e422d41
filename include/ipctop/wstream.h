/* wstream: a stdio stream over a file descriptor that remembers why its
 * first write failed. stdio keeps only an error flag, and by the time a
 * long output is finished errno says something else, so "--once to a full
 * disk" could only be reported as a vague I/O error. Never closes the
 * descriptor and never prints. */
#ifndef IPCTOP_WSTREAM_H
#define IPCTOP_WSTREAM_H

#include <stdio.h>

struct wstream {
	int fd;
	int err;        /* 0, or the errno of the first failed write */
};

/* A fully buffered FILE writing to fd; w must outlive it. NULL (errno
 * set) when it cannot be made. */
FILE *wstream_open(struct wstream *w, int fd);

/* Flush and free f. Returns 0 when every byte was written, else -errno
 * of the first write that failed. */
int wstream_close(FILE *f, struct wstream *w);

#endif

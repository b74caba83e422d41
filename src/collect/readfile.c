/* Whole-file reads for /proc, where st_size is 0 and content is generated
 * per read() call. */
#include "collect/readfile.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int open_proc_file(int dirfd, const char *path)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		int err = -errno;
		close(fd);
		return err;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -IPCTOP_ENOTREG;
	}
	return fd;
}

/* Open path for reading with a cap-byte buffer: the fd, or -errno. */
static int open_buffered(const char *path, size_t cap, char **buf)
{
	int fd = open_proc_file(AT_FDCWD, path);

	if (fd < 0)
		return fd;
	*buf = malloc(cap);
	if (!*buf) {
		close(fd);
		return -ENOMEM;
	}
	return fd;
}

int read_whole_file(const char *path, struct file_buf *fb, size_t max)
{
	size_t cap = 65536, len = 0;
	char *buf = NULL;
	int fd = open_buffered(path, cap, &buf), err = 0;

	fb->data = NULL;
	fb->len = 0;
	if (fd < 0)
		return fd;
	for (;;) {
		if (cap - len < 4096) {
			char *nb = cap >= max ? NULL : realloc(buf, cap * 2);
			if (!nb) {
				err = cap >= max ? -EFBIG : -ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + len, cap - len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (err < 0) {
		free(buf);
		close(fd);
		return err;
	}
	close(fd);
	buf[len] = '\0';
	fb->data = buf;
	fb->len = len;
	return 0;
}

void file_buf_free(struct file_buf *fb)
{
	free(fb->data);
	fb->data = NULL;
}

int read_ints_file(const char *path, long long *v, int n)
{
	char buf[256];
	int fd = open_proc_file(AT_FDCWD, path), i = 0;
	ssize_t r;

	if (fd < 0)
		return fd;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r < 0)
		return -errno;
	buf[r] = '\0';
	char *p = buf;
	while (i < n) {
		char *end;
		errno = 0;
		long long x = strtoll(p, &end, 10);
		/* shmmax/shmall default to nearly ULONG_MAX: clamp, don't fail */
		if (end == p || (errno && x != LLONG_MAX))
			break;
		v[i++] = x;
		p = end;
	}
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return (i == 0 || *p != '\0') ? -EINVAL : i;
}

/* /proc/sysvipc files are generated a page or so per read(); 64 KiB per
 * call keeps the system calls few and the buffer small. */
#define CHUNK 65536

int read_lines(const char *path, size_t maxline,
	       int (*cb)(void *ctx, const char *line, size_t len, unsigned flags),
	       void *ctx)
{
	size_t cap = CHUNK + maxline, len = 0;
	bool skipping = false;      /* inside an over-long line */
	int fd, r = 0;
	char *buf = NULL;

	fd = open_buffered(path, cap, &buf);
	if (fd < 0)
		return fd;
	for (;;) {
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		if (got == 0) {
			if (len > 0 && !skipping)
				r = cb(ctx, buf, len, LINE_UNTERMINATED);
			break;
		}
		len += (size_t)got;
		char *p = buf, *end = buf + len;
		for (;;) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				break;
			if (skipping)
				skipping = false;
			else if ((r = cb(ctx, p, (size_t)(nl - p), 0)) < 0)
				break;
			p = nl + 1;
		}
		if (r < 0)
			break;
		len = (size_t)(end - p);
		if (len > maxline) {
			/* no newline within maxline bytes: report it once,
			 * then drop bytes until the next newline */
			if (!skipping && (r = cb(ctx, p, maxline, LINE_TOO_LONG)) < 0)
				break;
			skipping = true;
			len = 0;
		} else {
			memmove(buf, p, len);
		}
	}
	free(buf);
	close(fd);
	return r;
}

bool next_field(const char **p, const char *end, const char **f, size_t *n)
{
	const char *s = *p, *e;

	if (s >= end)
		return false;
	e = memchr(s, ' ', (size_t)(end - s));
	if (!e)
		e = end;
	if (e == s)
		return false;
	*f = s;
	*n = (size_t)(e - s);
	*p = e < end ? e + 1 : e;
	return true;
}

bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

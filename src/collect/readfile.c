/* Whole-file reads for /proc, where st_size is 0 and content is generated
 * per read() call. */
#include "collect/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int read_whole_file(const char *path, struct file_buf *fb, size_t max)
{
	size_t cap = 65536, len = 0;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	fb->data = NULL;
	fb->len = 0;
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (cap - len < 4096) {
			if (cap >= max) {
				free(buf);
				close(fd);
				return -EFBIG;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + len, cap - len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			close(fd);
			return -e;
		}
		if (r == 0)
			break;
		len += (size_t)r;
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
	int fd = open(path, O_RDONLY | O_CLOEXEC), i = 0;
	ssize_t r;

	if (fd < 0)
		return -errno;
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

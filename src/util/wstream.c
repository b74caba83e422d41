/* Output streams that keep the first write error (see wstream.h). The
 * error is taken inside the write itself, the only place errno is sure to
 * describe it; once a write has failed nothing more is attempted, so a
 * later failure cannot replace the first. */
#define _GNU_SOURCE
#include "ipctop/wstream.h"

#include <errno.h>
#include <unistd.h>

static ssize_t wstream_write(void *cookie, const char *buf, size_t len)
{
	struct wstream *w = cookie;
	size_t done = 0;

	if (w->err)
		return 0;
	while (done < len) {
		ssize_t n = write(w->fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->err = n < 0 ? errno : EIO;
			/* stdio takes a short count as the error */
			return (ssize_t)done;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

FILE *wstream_open(struct wstream *w, int fd)
{
	cookie_io_functions_t io = { .write = wstream_write };

	w->fd = fd;
	w->err = 0;
	/* a cookie stream is fully buffered (BUFSIZ) even on a terminal */
	return fopencookie(w, "w", io);
}

int wstream_close(FILE *f, struct wstream *w)
{
	int failed = fflush(f) != 0 || ferror(f);

	fclose(f);
	if (w->err)
		return -w->err;
	return failed ? -EIO : 0;
}

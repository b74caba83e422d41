/* libFuzzer target: the /proc/PID file parsers (status, stat, maps,
 * syscall, fdinfo, fd links, wchan) must accept any bytes without
 * crashing or reading out of bounds, and a process name from status must
 * come out sanitised: no control byte, every backslash an escape. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/procs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hexdigit(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* What sanitize() promises of everything it writes. */
static void check_sanitised(const char *s, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;

	if (strnlen(s, cap) == cap)
		abort();
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			abort();
		if (*p == '\\' && !(p[1] == 'x' && hexdigit(p[2]) && hexdigit(p[3])))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size NUL-terminated copy, so ASan catches any read past it */
	char *buf = malloc(size + 1);
	struct proc p;
	char state;
	unsigned long long start, ino;
	int32_t *ids = NULL;
	size_t n = 0;
	long nr;
	long long arg0;
	unsigned flags;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (procs_parse_status(buf, &p) == 0) {
		check_sanitised(p.comm, sizeof(p.comm));
		if (p.pid <= 0)
			abort();
	}
	procs_parse_stat(buf, &state, &start);
	if (procs_parse_maps(buf, &ids, &n) == 0 && n > 0 && !ids)
		abort();
	for (size_t i = 0; i < n; i++)
		if (ids[i] < 0)
			abort();
	free(ids);
	procs_parse_syscall(buf, &nr, &arg0);
	procs_parse_fdinfo_flags(buf, &flags);
	procs_parse_pipe_link(buf, &ino);
	procs_wchan_is_ipc(buf);
	free(buf);
	return 0;
}

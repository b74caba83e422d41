/* libFuzzer target: the /proc/PID file parsers (status, stat, maps,
 * syscall, fdinfo, fd links, wchan), and the POSIX ones (a queue's file,
 * mountinfo, maps lines and the search of a maps text for objects,
 * mq_timed* syscall lines), must accept any bytes without crashing or
 * reading out of bounds, and a process name from status must come out
 * sanitised: no control byte, every backslash an escape. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "collect/procs_int.h"
#include "ipctop/posix.h"
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

	/* the POSIX parsers take [data, data + size) with no NUL after it */
	char *exact = malloc(size ? size : 1), val[32];
	struct pmq q;
	struct posix_mount m;
	struct posix_maps_line ml;
	bool send;
	int fd;

	if (!exact)
		return 0;
	memcpy(exact, data, size);
	posix_parse_mq_file(exact, size, &q);
	if (posix_parse_mountinfo(exact, size, &m) == 0) {
		posix_mount_opt(m.super_opts, "size", val, sizeof(val));
		posix_mount_free(&m);
	}
	if (posix_parse_maps_line(exact, size, &ml) == 0 &&
	    (ml.path < exact || ml.path + ml.pathlen > exact + size))
		abort();
	/* two objects on tmpfs-like devices, and a search for them */
	struct pref refs[2] = {
		{ .dev = makedev(0, 0x1a), .ino = 5, .kind = KIND_PSHM },
		{ .dev = makedev(0, 0x1a), .ino = 77, .kind = KIND_PSEM, .i = 1 },
	};
	struct pscan px = { .v = refs, .n = 2, .devs = { makedev(0, 0x1a) }, .ndevs = 1 };
	struct phit *hits = NULL;
	size_t nh = 0, cap = 0;
	for (int all = 0; all < 2; all++) {
		px.alldevs = all;
		if (pscan_maps(&px, exact, size, 42, &hits, &nh, &cap) == 0)
			for (size_t i = 0; i < nh; i++)
				if (hits[i].ref >= 2 || hits[i].pid != 42)
					abort();
		nh = 0;
	}
	free(hits);
	free(exact);
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	posix_parse_mq_syscall(buf, &send, &fd);
	free(buf);
	return 0;
}

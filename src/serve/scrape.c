/* One scrape: collect the objects, the limits and who waits on or
 * attaches what, choose the objects that get series, read what those
 * keep under them (a set's semaphore values), render. The collection is
 * the same as --once's, so an exported value is what --once -J shows. */
#define _GNU_SOURCE
#include "ipctop/serve.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ipctop/collect.h"
#include "ipctop/errors.h"
#include "ipctop/health.h"
#include "ipctop/kind.h"
#include "ipctop/procs.h"
#include "ipctop/prom.h"
#include "ipctop/source.h"

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int scrape_write(struct scrape *sc, FILE *f)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	struct collect_opts co;
	struct snapshot s;
	struct prom_sel sel;
	struct field_ctx ctx = { .names = sc->names, .tfmt = TIME_UNIX };
	struct procs_opts po = { .src = sc->src, .users = true };
	struct prom_opts o = { .ctx = &ctx, .max_objects = sc->max_objects };
	double t0 = mono_s();
	bool bad;
	int r;

	collect_opts_init(&co);
	co.limits = true;
	/* every column with a metric: max bytes, rss, waiters and attaches */
	co.needs = NEED_QBYTES | NEED_RSS | NEED_USERS | (sc->health ? health_needs(sc->health) : 0);
	for (size_t i = 0; i < nk; i++)
		co.want[all[i]->id] = all[i]->list && (all[i]->flags & KIND_OBJECT);
	snapshot_init(&s);
	bad = collect_view(&s, sc->src, sc->ns, &co, NULL, 0) < 0 || !s.have_limits;
	for (size_t i = 0; i < s.nns; i++)
		bad |= s.ns[i].err < 0 || !s.ns[i].have_limits;
	bad |= procs_collect(&s, &po, sc->cache) < 0;
	/* the findings, per rule and severity, as --once --health gives them */
	if (sc->health && (collect_health(&s, sc->src, co.needs) < 0 ||
			   health_compute(&s, sc->health) < 0))
		bad = true;
	r = prom_select(&sel, &s, sc->max_objects);
	if (r < 0) {
		snapshot_free(&s);
		return r;
	}
	/* a set's semaphore values, read inside its own namespace */
	for (size_t i = 0; i < nk; i++)
		collect_details(&s, sc->src, all[i], sel.objs[all[i]->id], sel.n[all[i]->id]);
	o.collect_seconds = mono_s() - t0;
	sc->collections++;
	sc->errors += bad;
	o.collections = sc->collections;
	o.errors = sc->errors;
	ctx.now = s.taken.tv_sec;
	r = prom_write(f, &s, &sel, &o);
	prom_sel_free(&sel);
	snapshot_free(&s);
	return r;
}

/* ".NAME.XXXXXX" beside the target: hidden, and without the target's
 * ending, so node_exporter's textfile collector (which reads *.prom)
 * never reads it half written. fd or -errno; the name goes into tmp. */
static int create_temp(int dfd, const char *base, char *tmp, size_t len)
{
	static const char chars[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	for (int tries = 0; tries < 100; tries++) {
		unsigned char rnd[8];
		char x[sizeof(rnd) + 1];

		if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd)) {
			unsigned long long v = (unsigned long long)(mono_s() * 1e9) ^
				(unsigned long long)getpid() << 20 ^ (unsigned long long)tries;
			for (size_t i = 0; i < sizeof(rnd); i++, v >>= 8)
				rnd[i] = (unsigned char)v;
		}
		for (size_t i = 0; i < sizeof(rnd); i++)
			x[i] = chars[rnd[i] % (sizeof(chars) - 1)];
		x[sizeof(rnd)] = '\0';
		if ((size_t)snprintf(tmp, len, ".%s.%s", base, x) >= len)
			return -ENAMETOOLONG;
		int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
				O_NOCTTY, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd >= 0 ? fd : -errno;
	}
	return -EEXIST;
}

int scrape_to_file(struct scrape *sc, const char *path)
{
	char dir[4096], tmp[512];
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	struct stat st;
	mode_t mode = 0644;
	FILE *f;
	int dfd, fd, r = 0;

	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return -EISDIR;
	if (strlen(base) > 200)
		return -ENAMETOOLONG;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if ((size_t)(slash - path) >= sizeof(dir))
		return -ENAMETOOLONG;
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	/* what is there now is replaced only when it is a plain file: a
	 * link would be replaced by a file rather than written through,
	 * and a directory, device or FIFO is surely not ours to replace */
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!S_ISREG(st.st_mode)) {
			close(dfd);
			return -IPCTOP_ENOTREG;
		}
		mode = st.st_mode & 0777;
	} else if (errno != ENOENT) {
		r = -errno;
		close(dfd);
		return r;
	}
	fd = create_temp(dfd, base, tmp, sizeof(tmp));
	if (fd < 0) {
		close(dfd);
		return fd;
	}
	f = fdopen(fd, "w");
	if (!f) {
		r = -errno;
		close(fd);
		goto out;
	}
	r = scrape_write(sc, f);
	if (fflush(f) != 0 && r == 0)
		r = -errno;
	/* read by another user (node_exporter's): the old file's mode, or
	 * readable by all */
	if (r == 0 && fchmod(fd, mode) < 0)
		r = -errno;
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (fclose(f) != 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(dfd, tmp, dfd, base) < 0)
		r = -errno;
	if (r == 0)
		(void)fsync(dfd);
out:
	if (r < 0)
		unlinkat(dfd, tmp, 0);
	close(dfd);
	return r;
}

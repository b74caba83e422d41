/* Settings the user changes on screen (tab, interval, each tab's sort,
 * direction and columns) kept across runs in $XDG_CONFIG_HOME/ipctop/ipctoprc
 * (~/.config by default) as "name = value" lines. The same file holds,
 * written by hand, what every mode reads (rc_read_shared): readonly and
 * the health thresholds.
 *
 * The file configures whoever runs ipctop, root included, so the file and
 * its directory are used only when they belong to the effective uid and
 * nobody else may write them (a symlink is judged by what it points to,
 * and a symlinked directory must be our own link).
 * The checks are made on opened descriptors and every later step goes
 * through the directory's descriptor, so nothing can be swapped in
 * between: the new file is created there with O_EXCL and renamed over the
 * old one, never opened by a name someone else could have planted.
 *
 * A save writes only the settings changed on screen (rc_touch); a value
 * given on the command line stays out of the file. Every other line —
 * comments, names this version does not know, lines it cannot parse —
 * is kept as it was (rcdoc.c). A line that is not understood is reported
 * with its number and left out; the others still apply. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipctop/fmt.h"
#include "ipctop/health.h"
#include "ipctop/sanitize.h"
#include "tui/rcdoc.h"
#include "tui/state.h"

#define RC_FILE "ipctoprc"
/* Settings take a few hundred bytes; past this it is not a settings file. */
#define RC_MAX_BYTES (1024 * 1024)
/* The directory's path, short enough for "/ipctoprc" to fit in rcpath. */
#define RC_DIR_MAX (sizeof(((struct tui *)0)->rcpath) - sizeof(RC_FILE))

/* A tab's name in the file is its kind's settings name ("queues"). */
static const char *pane_name(const struct tui *t, int pane)
{
	return t->panes[pane].kind->rc;
}

static int rc_dir(char *buf, size_t len)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (x && *x)
		n = snprintf(buf, len, "%s/ipctop", x);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.config/ipctop", home);
	else
		return -ENOENT;
	return n > 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

/* A path from the environment, printable on the message line. */
static const char *shown(const char *s, char *buf, size_t len)
{
	sanitize(buf, len, s, strlen(s));
	return buf;
}

/* 0 when st belongs to us alone; else -EPERM and why says so. */
static int ours(const struct stat *st, const char *path, char *why, size_t len)
{
	char p[300];
	uid_t me = geteuid();

	if (st->st_uid != me) {
		snprintf(why, len, "%s is owned by uid %u, not %u", shown(path, p, sizeof(p)),
			 (unsigned)st->st_uid, (unsigned)me);
		return -EPERM;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, len, "%s is writable by %s", shown(path, p, sizeof(p)),
			 (st->st_mode & S_IWGRP) && (st->st_mode & S_IWOTH) ? "group and others"
			 : st->st_mode & S_IWGRP ? "its group" : "others");
		return -EPERM;
	}
	return 0;
}

/* The directory called name in pfd. A symbolic link there is followed
 * only when we (or root) made it, as a dotfile manager does: one made by
 * whoever else can write pfd could point the file at any directory of
 * ours. The link is opened itself and its own target read, so a link
 * swapped in after the check is never followed. fd or -errno (why set
 * for a refusal). */
static int open_sub(int pfd, const char *name, const char *path, char *why, size_t len)
{
	struct stat st;
	char target[4096], p[300];
	ssize_t n;
	int fd, lfd;

	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 || (errno != ELOOP && errno != ENOTDIR))
		return fd >= 0 ? fd : -errno;
	lfd = openat(pfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (lfd < 0)
		return -errno;
	if (fstat(lfd, &st) < 0 || !S_ISLNK(st.st_mode)) {
		close(lfd);
		return -ENOTDIR;
	}
	if (st.st_uid != geteuid() && st.st_uid != 0) {
		close(lfd);
		snprintf(why, len, "%s is a symbolic link owned by uid %u, not %u",
			 shown(path, p, sizeof(p)), (unsigned)st.st_uid, (unsigned)geteuid());
		return -EPERM;
	}
	n = readlinkat(lfd, "", target, sizeof(target));
	close(lfd);
	if (n < 0)
		return -errno;
	if ((size_t)n >= sizeof(target))
		return -ENAMETOOLONG;
	target[n] = '\0';
	/* a relative target is relative to the link's directory, pfd */
	fd = openat(pfd, target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd >= 0 ? fd : -errno;
}

/* The settings directory, opened and checked; with create it is made
 * first (and its parent, ~/.config) when missing. A descriptor, or -errno
 * with why set; -ENOENT without create leaves why empty. */
static int open_dir(const char *dir, bool create, char *why, size_t len)
{
	struct stat st;
	char parent[RC_DIR_MAX], p[300];
	const char *name;
	int pfd, fd, r;

	why[0] = '\0';
	/* rc_dir() always ends the path in "/ipctop" */
	snprintf(parent, sizeof(parent), "%s", dir);
	char *slash = strrchr(parent, '/');
	name = dir + (slash - parent) + 1;
	*slash = '\0';
	if (create) {
		(void)mkdir(parent, 0700);
		(void)mkdir(dir, 0700);
	}
	pfd = open(parent[0] ? parent : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0) {
		fd = -errno;
	} else {
		fd = open_sub(pfd, name, dir, why, len);
		close(pfd);
	}
	if (fd < 0) {
		if (!why[0] && (fd != -ENOENT || create))
			snprintf(why, len, "%s: %s", shown(dir, p, sizeof(p)), strerror(-fd));
		return fd;
	}
	if (fstat(fd, &st) < 0) {
		r = -errno;
		snprintf(why, len, "%s: %s", shown(dir, p, sizeof(p)), strerror(-r));
	} else {
		r = ours(&st, dir, why, len);
	}
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* The file's lines into d (none when there is no file). *mode gets its
 * st_mode, 0 when there is no file. 0 or -errno with why set. */
static int read_file(int dfd, const char *path, struct rc_doc *d, mode_t *mode,
		     char *why, size_t len)
{
	struct stat st;
	char p[300], *buf = NULL;
	size_t n = 0, cap = 0;
	int fd, r = 0;

	*mode = 0;
	/* O_NONBLOCK: a FIFO in its place must not hang the start */
	fd = openat(dfd, RC_FILE, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		r = -errno;
		snprintf(why, len, "%s: %s", shown(path, p, sizeof(p)), strerror(-r));
		return r;
	}
	if (fstat(fd, &st) < 0) {
		r = -errno;
		snprintf(why, len, "%s: %s", shown(path, p, sizeof(p)), strerror(-r));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, len, "%s is not a regular file", shown(path, p, sizeof(p)));
		r = -EINVAL;
		goto out;
	}
	if ((r = ours(&st, path, why, len)) < 0)
		goto out;
	for (;;) {
		if (n == cap) {
			if (cap > RC_MAX_BYTES) {
				snprintf(why, len, "%s is larger than %d KiB",
					 shown(path, p, sizeof(p)), RC_MAX_BYTES / 1024);
				r = -EFBIG;
				goto out;
			}
			cap = cap ? cap * 2 : 4096;
			char *nb = realloc(buf, cap);
			if (!nb) {
				r = -ENOMEM;
				snprintf(why, len, "%s", strerror(ENOMEM));
				goto out;
			}
			buf = nb;
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r = -errno;
			snprintf(why, len, "%s: %s", shown(path, p, sizeof(p)), strerror(-r));
			goto out;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > RC_MAX_BYTES) {
		snprintf(why, len, "%s is larger than %d KiB", shown(path, p, sizeof(p)),
			 RC_MAX_BYTES / 1024);
		r = -EFBIG;
		goto out;
	}
	r = rc_doc_parse(d, buf, n);
	if (r < 0)
		snprintf(why, len, "%s", strerror(-r));
	*mode = st.st_mode;
out:
	free(buf);
	close(fd);
	return r;
}

struct rc_vals {
	int pane;
	long delay_ms;
	long history_s;
	char sort[TUI_MAX_PANES][RC_VALUE_MAX];
	int reverse[TUI_MAX_PANES];
	/* read by main.c for every mode (rc_read_shared); here only checked */
	struct health_opts health;
	bool readonly;
	const struct field *cols[TUI_MAX_PANES][TUI_MAX_COLS];
	int ncols[TUI_MAX_PANES];        /* 0: not set */
};

/* The settings every mode shares, not only the live view: the health
 * thresholds (health.h) and readonly. 1 taken, 0 not one of them, -EINVAL
 * for a bad value. */
static int shared_setting(const char *name, const char *val, struct health_opts *h,
			  bool *readonly)
{
	int r = health_setting(h, name, val);

	if (r != 0)
		return r;
	if (strcmp(name, "readonly") != 0)
		return 0;
	if (strcmp(val, "0") && strcmp(val, "1"))
		return -EINVAL;
	*readonly = val[0] == '1';
	return 1;
}

static int find_pane(const struct tui *t, const char *name)
{
	for (int i = 0; i < t->npanes; i++)
		if (strcmp(name, pane_name(t, i)) == 0)
			return i;
	return -1;
}

static bool sort_known(struct tui *t, int pane, const char *name)
{
	return field_find(t->panes[pane].kind, name) != NULL;
}

/* Take one setting into v: true, or false when its name or value is not
 * ours (*bad_value says which). */
static bool setting(struct tui *t, const char *name, const char *val, struct rc_vals *v,
		    bool *bad_value)
{
	int pn;

	*bad_value = true;
	if (strcmp(name, "pane") == 0) {
		pn = find_pane(t, val);
		if (pn < 0)
			return false;
		v->pane = pn;
		return true;
	}
	if (strcmp(name, "delay") == 0) {
		long ms = fmt_parse_delay_ms(val);
		if (ms <= 0)
			return false;
		v->delay_ms = ms;
		return true;
	}
	if (strcmp(name, "history") == 0) {
		char *end;
		long s = strtol(val, &end, 10);
		if (val[0] < '0' || val[0] > '9' || *end || s > 86400)
			return false;
		v->history_s = s;
		return true;
	}
	if (strncmp(name, "sort.", 5) == 0 && (pn = find_pane(t, name + 5)) >= 0) {
		if (!sort_known(t, pn, val))
			return false;
		snprintf(v->sort[pn], sizeof(v->sort[pn]), "%s", val);
		return true;
	}
	if (strncmp(name, "columns.", 8) == 0 && (pn = find_pane(t, name + 8)) >= 0) {
		char bad[64];
		int n = fields_parse_list(t->panes[pn].kind, val, v->cols[pn], TUI_MAX_COLS,
					  false, bad, sizeof(bad));
		if (n <= 0)
			return false;
		v->ncols[pn] = n;
		return true;
	}
	if (strncmp(name, "reverse.", 8) == 0 && (pn = find_pane(t, name + 8)) >= 0) {
		if (strcmp(val, "0") && strcmp(val, "1"))
			return false;
		v->reverse[pn] = val[0] == '1';
		return true;
	}
	int r = shared_setting(name, val, &v->health, &v->readonly);
	if (r != 0)
		return r > 0;
	*bad_value = false;
	return false;
}

static void vals_init(struct rc_vals *v)
{
	memset(v, 0, sizeof(*v));
	v->pane = -1;
	v->delay_ms = -1;
	v->history_s = -1;
	for (int i = 0; i < TUI_MAX_PANES; i++)
		v->reverse[i] = -1;
	health_opts_init(&v->health);
}

/* Mark the lines we understand and take their values into v (a later
 * line wins). With path, the others are described in msg ("" when every
 * line was understood). */
static void interpret(struct tui *t, struct rc_doc *d, struct rc_vals *v, const char *path,
		      char *msg, size_t len)
{
	char name[RC_NAME_MAX], val[RC_VALUE_MAX], first[300] = "", list[80] = "";
	size_t nbad = 0, first_no = 0, at = 0;

	for (size_t i = 0; i < d->n; i++) {
		struct rc_line *l = &d->lines[i];
		bool bad_value = false;
		int r = rc_line_split(l, name, val);

		l->known = false;
		if (r == 0)
			continue;
		if (r == 1 && setting(t, name, val, v, &bad_value)) {
			l->known = true;
			continue;
		}
		if (nbad++ == 0) {
			char s[RC_NAME_MAX * 4];
			first_no = i + 1;
			if (r < 0)
				snprintf(first, sizeof(first), "not \"name = value\"");
			else if (bad_value)
				snprintf(first, sizeof(first), "bad value for %s",
					 shown(name, s, sizeof(s)));
			else
				snprintf(first, sizeof(first), "unknown setting \"%s\"",
					 shown(name, s, sizeof(s)));
		}
		if (at + 24 < sizeof(list))
			at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%zu",
					       nbad > 1 ? ", " : "", i + 1);
		else if (!strstr(list, "..."))
			snprintf(list + at, sizeof(list) - at, ", ...");
	}
	if (!path)
		return;
	msg[0] = '\0';
	if (nbad == 1)
		snprintf(msg, len, "%s line %zu not understood (%s); kept, not applied",
			 path, first_no, first);
	else if (nbad > 1)
		snprintf(msg, len, "%s lines %s not understood (line %zu: %s); kept, not applied",
			 path, list, first_no, first);
}

static void apply_sort(struct pane *p, const char *name, int reverse)
{
	const struct field *f = name[0] ? field_find(p->kind, name) : NULL;

	if (f)
		p->sortf = f;
	if (reverse >= 0)
		p->reverse = reverse;
}

void rc_load(struct tui *t)
{
	struct rc_doc d = { 0 };
	struct rc_vals v;
	char dir[RC_DIR_MAX], why[400], p[300];
	mode_t mode;
	int dfd, r;

	t->rcpath[0] = '\0';
	if (rc_dir(dir, sizeof(dir)) < 0)
		return;
	snprintf(t->rcpath, sizeof(t->rcpath), "%s/" RC_FILE, dir);
	dfd = open_dir(dir, false, why, sizeof(why));
	if (dfd == -ENOENT)
		return;
	r = dfd < 0 ? dfd : read_file(dfd, t->rcpath, &d, &mode, why, sizeof(why));
	if (dfd >= 0)
		close(dfd);
	if (r < 0) {
		/* not read, so never rewritten: what it holds would be lost */
		t->rc_off = true;
		tui_message(t, true, "settings file not used: %s", why);
		return;
	}
	vals_init(&v);
	interpret(t, &d, &v, shown(t->rcpath, p, sizeof(p)), why, sizeof(why));
	rc_doc_free(&d);
	if (why[0])
		tui_message(t, true, "%s", why);
	if (v.pane >= 0)
		t->pane = v.pane;
	if (v.delay_ms > 0)
		t->delay_ms = v.delay_ms;
	if (v.history_s >= 0)
		t->history_s = v.history_s;
	for (int i = 0; i < t->npanes; i++) {
		apply_sort(&t->panes[i], v.sort[i], v.reverse[i]);
		if (v.ncols[i] > 0) {
			memcpy(t->panes[i].cols, v.cols[i], (size_t)v.ncols[i] * sizeof(v.cols[i][0]));
			t->panes[i].ncols = (size_t)v.ncols[i];
		}
	}
}

void rc_touch(struct tui *t, unsigned long long what)
{
	t->rc_changed |= what;
	t->rc_dirty = true;
}

static const char *sort_name(const struct pane *p)
{
	return p->sortf->name;
}

/* Only the settings changed on screen go into the file. */
static int put_changes(struct tui *t, struct rc_doc *d)
{
	char name[RC_NAME_MAX], val[RC_VALUE_MAX];
	int r = 0;

	if (t->rc_changed & RC_PANE)
		r = rc_doc_set(d, "pane", pane_name(t, t->pane));
	if (!r && (t->rc_changed & RC_DELAY)) {
		snprintf(val, sizeof(val), "%ld.%03ld", t->delay_ms / 1000, t->delay_ms % 1000);
		r = rc_doc_set(d, "delay", val);
	}
	for (int i = 0; i < t->npanes && !r; i++) {
		if (t->rc_changed & RC_SORT(i)) {
			snprintf(name, sizeof(name), "sort.%s", pane_name(t, i));
			r = rc_doc_set(d, name, sort_name(&t->panes[i]));
		}
		if (!r && (t->rc_changed & RC_COLUMNS(i))) {
			const struct pane *p = &t->panes[i];
			size_t o = 0;
			val[0] = '\0';
			for (size_t c = 0; c < p->ncols && o < sizeof(val); c++)
				o += (size_t)snprintf(val + o, sizeof(val) - o, "%s%s", c ? "," : "",
						      p->cols[c]->name);
			snprintf(name, sizeof(name), "columns.%s", pane_name(t, i));
			r = rc_doc_set(d, name, val);
		}
		if (!r && (t->rc_changed & RC_REVERSE(i))) {
			snprintf(name, sizeof(name), "reverse.%s", pane_name(t, i));
			r = rc_doc_set(d, name, t->panes[i].reverse ? "1" : "0");
		}
	}
	return r;
}

/* A new file in the directory, as mkostemp() would make it (O_EXCL, so
 * never through a link someone planted), but beside dfd rather than at a
 * path looked up again. Its name goes into name. fd or -errno. */
static int create_temp(int dfd, char name[static sizeof(RC_FILE ".XXXXXX")])
{
	static const char chars[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	for (int tries = 0; tries < 100; tries++) {
		unsigned char rnd[6];
		char *x = name + sizeof(RC_FILE);

		if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd)) {
			unsigned long long s = (unsigned long long)tui_now_ms() * 2654435761ULL
				^ (unsigned long long)getpid() << 16 ^ (unsigned long long)tries;
			for (size_t i = 0; i < sizeof(rnd); i++, s >>= 8)
				rnd[i] = (unsigned char)s;
		}
		memcpy(name, RC_FILE ".", sizeof(RC_FILE));
		for (size_t i = 0; i < sizeof(rnd); i++)
			x[i] = chars[rnd[i] % (sizeof(chars) - 1)];
		x[sizeof(rnd)] = '\0';
		int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
				O_NOCTTY, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd >= 0 ? fd : -errno;
	}
	return -EEXIST;
}

/* Replace the file with text: a new file written, flushed to disk and
 * renamed over it, so a crash leaves the old file or the new, whole. */
static int replace_file(int dfd, const char *text, size_t n, mode_t mode)
{
	char tmp[sizeof(RC_FILE ".XXXXXX")];
	size_t done = 0;
	int fd = create_temp(dfd, tmp), r = 0;

	if (fd < 0)
		return fd;
	while (done < n && !r) {
		ssize_t w = write(fd, text + done, n - done);
		if (w < 0 && errno != EINTR)
			r = -errno;
		else if (w == 0)
			r = -EIO;
		else if (w > 0)
			done += (size_t)w;
	}
	if (!r && fchmod(fd, mode) < 0)
		r = -errno;
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
	if (!r && renameat(dfd, tmp, dfd, RC_FILE) < 0)
		r = -errno;
	if (r < 0) {
		unlinkat(dfd, tmp, 0);
		return r;
	}
	(void)fsync(dfd);   /* the rename itself; the file is whole either way */
	return 0;
}

int rc_save(struct tui *t, char *msg, size_t len)
{
	struct rc_doc d = { 0 };
	struct rc_vals scratch;
	char dir[RC_DIR_MAX], why[400], p[300], *text = NULL;
	size_t n;
	mode_t mode;
	int dfd, r;

	t->rc_dirty = false;
	if (t->rc_off || !t->rcpath[0] || !t->rc_changed || rc_dir(dir, sizeof(dir)) < 0)
		return 0;
	dfd = open_dir(dir, true, why, sizeof(why));
	if (dfd < 0) {
		r = dfd;
		goto out;
	}
	/* the file as it is now: an edit made while ipctop ran is kept too */
	r = read_file(dfd, t->rcpath, &d, &mode, why, sizeof(why));
	if (!r && !mode)
		r = rc_doc_append(&d, "# ipctop settings, see FILES in ipctop(1)");
	if (!r) {
		vals_init(&scratch);
		interpret(t, &d, &scratch, NULL, NULL, 0);
		r = put_changes(t, &d);
	}
	if (!r && !(text = rc_doc_render(&d, &n)))
		r = -ENOMEM;
	if (!r) {
		/* the existing file's mode, without write for group and others
		 * (ours() refuses those) or the set-id and sticky bits */
		r = replace_file(dfd, text, n, mode ? mode & 0755 : 0600);
		if (r < 0)
			snprintf(why, sizeof(why), "%s", strerror(-r));
	} else if (r == -ENOMEM) {
		snprintf(why, sizeof(why), "%s", strerror(ENOMEM));
	}
	close(dfd);
out:
	if (r < 0)
		snprintf(msg, len, "cannot save settings to %s: %s",
			 shown(t->rcpath, p, sizeof(p)), why);
	free(text);
	rc_doc_free(&d);
	return r;
}

int rc_read_shared(struct health_opts *h, bool *readonly, char *why, size_t len)
{
	struct rc_doc d = { 0 };
	char dir[RC_DIR_MAX], path[sizeof(((struct tui *)0)->rcpath)], p[300];
	mode_t mode;
	int dfd, r;

	why[0] = '\0';
	if (rc_dir(dir, sizeof(dir)) < 0)
		return 0;
	snprintf(path, sizeof(path), "%s/" RC_FILE, dir);
	dfd = open_dir(dir, false, why, len);
	if (dfd == -ENOENT)
		return 0;
	r = dfd < 0 ? dfd : read_file(dfd, path, &d, &mode, why, len);
	if (dfd >= 0)
		close(dfd);
	if (r < 0)
		return r;
	for (size_t i = 0; i < d.n; i++) {
		char name[RC_NAME_MAX], val[RC_VALUE_MAX], s[RC_NAME_MAX * 4];

		/* the live view's own settings, and lines it cannot parse, are
		 * its to report */
		if (rc_line_split(&d.lines[i], name, val) != 1 ||
		    shared_setting(name, val, h, readonly) != -EINVAL || why[0])
			continue;
		snprintf(why, len, "%s line %zu: bad value for %s; not applied",
			 shown(path, p, sizeof(p)), i + 1, shown(name, s, sizeof(s)));
	}
	rc_doc_free(&d);
	return why[0] ? 1 : 0;
}

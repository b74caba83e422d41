/* Settings the user changes on screen (pane, interval, sort) kept across
 * runs in $XDG_CONFIG_HOME/ipctop/ipctoprc (~/.config by default), as
 * "name = value" lines. A file we cannot parse is reported on the message
 * line and ignored as a whole: a half-applied file would surprise more. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipctop/fmt.h"
#include "tui/state.h"

static const char *const pane_names[PANE_COUNT] = {
	"queues", "semaphores", "shmems", "signals", "pipes"
};

static int rc_path(char *buf, size_t len, bool dir_only)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (x && *x)
		n = snprintf(buf, len, "%s/ipctop%s", x, dir_only ? "" : "/ipctoprc");
	else if (home && *home)
		n = snprintf(buf, len, "%s/.config/ipctop%s", home, dir_only ? "" : "/ipctoprc");
	else
		return -ENOENT;
	return n > 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

struct rc_vals {
	int pane;
	long delay_ms;
	char sort[PANE_COUNT][32];
	int reverse[PANE_COUNT];
};

static int find_pane(const char *name)
{
	for (int i = 0; i < PANE_COUNT; i++)
		if (strcmp(name, pane_names[i]) == 0)
			return i;
	return -1;
}

static bool sort_known(struct tui *t, int pane, const char *name)
{
	const struct pane *p = &t->panes[pane];
	if (pane_is_sysv(p))
		return field_find(pane_kind(p), name) != NULL;
	for (size_t i = 0; i < p->ncols; i++)
		if (strcasecmp(p->pcols[i].name, name) == 0)
			return true;
	return false;
}

/* Parse one "name = value" line into v; 0 or -EINVAL. */
static int parse_line(struct tui *t, char *line, struct rc_vals *v)
{
	char *eq = strchr(line, '='), *name, *val;
	int pn;

	if (!eq)
		return -EINVAL;
	*eq = '\0';
	name = trim(line);
	val = trim(eq + 1);
	if (strcmp(name, "pane") == 0) {
		v->pane = find_pane(val);
		return v->pane < 0 ? -EINVAL : 0;
	}
	if (strcmp(name, "delay") == 0) {
		v->delay_ms = fmt_parse_delay_ms(val);
		return v->delay_ms < 0 ? -EINVAL : 0;
	}
	if (strncmp(name, "sort.", 5) == 0 && (pn = find_pane(name + 5)) >= 0) {
		if (strlen(val) >= sizeof(v->sort[pn]) || !sort_known(t, pn, val))
			return -EINVAL;
		snprintf(v->sort[pn], sizeof(v->sort[pn]), "%s", val);
		return 0;
	}
	if (strncmp(name, "reverse.", 8) == 0 && (pn = find_pane(name + 8)) >= 0) {
		if (strcmp(val, "0") && strcmp(val, "1"))
			return -EINVAL;
		v->reverse[pn] = val[0] == '1';
		return 0;
	}
	return -EINVAL;
}

static void apply_sort(struct pane *p, const char *name, int reverse)
{
	if (pane_is_sysv(p)) {
		const struct field *f = name[0] ? field_find(pane_kind(p), name) : NULL;
		if (f)
			p->sortf = f;
	} else {
		for (size_t i = 0; i < p->ncols; i++)
			if (strcasecmp(p->pcols[i].name, name) == 0)
				p->psort = i;
	}
	if (reverse >= 0)
		p->reverse = reverse;
}

void rc_load(struct tui *t)
{
	struct rc_vals v;
	char line[256];
	int lineno = 0;
	FILE *f;

	memset(&v, 0, sizeof(v));
	v.pane = -1;
	v.delay_ms = -1;
	for (int i = 0; i < PANE_COUNT; i++)
		v.reverse[i] = -1;
	if (rc_path(t->rcpath, sizeof(t->rcpath), false) < 0) {
		t->rcpath[0] = '\0';
		return;
	}
	f = fopen(t->rcpath, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *s = trim(line);
		lineno++;
		if (!*s || *s == '#')
			continue;
		if (parse_line(t, s, &v) < 0) {
			fclose(f);
			tui_message(t, true, "%s line %d is not understood; settings file ignored",
				    t->rcpath, lineno);
			return;
		}
	}
	fclose(f);
	if (v.pane >= 0)
		t->pane = v.pane;
	if (v.delay_ms > 0)
		t->delay_ms = v.delay_ms;
	for (int i = 0; i < PANE_COUNT; i++)
		apply_sort(&t->panes[i], v.sort[i], v.reverse[i]);
}

static const char *sort_name(const struct pane *p)
{
	return pane_is_sysv(p) ? p->sortf->name : p->pcols[p->psort].name;
}

int rc_save(struct tui *t)
{
	char dir[512], tmp[600];
	FILE *f;

	if (!t->rcpath[0] || rc_path(dir, sizeof(dir), true) < 0)
		return -ENOENT;
	/* ~/.config may not exist yet either */
	char parent[512];
	snprintf(parent, sizeof(parent), "%s", dir);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = '\0';
		mkdir(parent, 0700);
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	snprintf(tmp, sizeof(tmp), "%s.tmp", t->rcpath);
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "# ipctop settings, rewritten when they change on screen\n");
	fprintf(f, "pane = %s\n", pane_names[t->pane]);
	fprintf(f, "delay = %ld.%03ld\n", t->delay_ms / 1000, t->delay_ms % 1000);
	for (int i = 0; i < PANE_COUNT; i++) {
		fprintf(f, "sort.%s = %s\n", pane_names[i], sort_name(&t->panes[i]));
		fprintf(f, "reverse.%s = %d\n", pane_names[i], t->panes[i].reverse ? 1 : 0);
	}
	if (fclose(f) != 0 || rename(tmp, t->rcpath) < 0) {
		int e = errno;
		unlink(tmp);
		return -e;
	}
	t->rc_dirty = false;
	return 0;
}

/* uid/gid → name, resolved once per id. getpwuid() may read files or ask
 * NSS over the network, so a snapshot of 20,000 objects must not call it
 * per row. A small open-addressing table keyed by id. */
#include "ipctop/names.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/sanitize.h"

#define NAME_MAX_LEN 64

struct name_entry {
	uint32_t id;
	unsigned char used;
	char name[NAME_MAX_LEN];
};

struct name_table {
	struct name_entry *e;
	size_t cap, n;
};

struct name_cache {
	struct name_table users, groups;
};

struct name_cache *names_new(void)
{
	return calloc(1, sizeof(struct name_cache));
}

void names_free(struct name_cache *nc)
{
	if (!nc)
		return;
	free(nc->users.e);
	free(nc->groups.e);
	free(nc);
}

static struct name_entry *slot(struct name_table *t, uint32_t id)
{
	size_t mask = t->cap - 1;
	size_t i = (id * 2654435761u) & mask;

	while (t->e[i].used && t->e[i].id != id)
		i = (i + 1) & mask;
	return &t->e[i];
}

static int grow(struct name_table *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 64;
	struct name_table nt = { calloc(ncap, sizeof(*nt.e)), ncap, 0 };

	if (!nt.e)
		return -ENOMEM;
	for (size_t i = 0; i < t->cap; i++) {
		if (t->e[i].used) {
			*slot(&nt, t->e[i].id) = t->e[i];
			nt.n++;
		}
	}
	free(t->e);
	*t = nt;
	return 0;
}

static const char *lookup(struct name_table *t, uint32_t id, int group)
{
	static const char fallback[] = "?";
	struct name_entry *e;
	const char *name = NULL;

	if ((t->n + 1) * 2 > t->cap && grow(t) < 0)
		return fallback;
	e = slot(t, id);
	if (e->used)
		return e->name;
	if (group) {
		struct group *g = getgrgid((gid_t)id);
		if (g)
			name = g->gr_name;
	} else {
		struct passwd *p = getpwuid((uid_t)id);
		if (p)
			name = p->pw_name;
	}
	e->used = 1;
	e->id = id;
	if (name)
		sanitize(e->name, sizeof(e->name), name, strlen(name));
	else
		snprintf(e->name, sizeof(e->name), "%u", id);
	t->n++;
	return e->name;
}

const char *names_user(struct name_cache *nc, uint32_t uid)
{
	return lookup(&nc->users, uid, 0);
}

const char *names_group(struct name_cache *nc, uint32_t gid)
{
	return lookup(&nc->groups, gid, 1);
}

long long names_parse_user(const char *s)
{
	char *end;
	unsigned long v;
	struct passwd *p;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end == '\0' && errno == 0 && s[0] != '-' && v <= 0xffffffffUL)
		return (long long)v;
	p = getpwnam(s);
	return p ? (long long)p->pw_uid : -1;
}

/* What the health rules (health.h) read beyond the lists and the process
 * scan, collected only when they ask (NEED_SEMHOLDERS, NEED_ACCOUNTS):
 * the semaphores of the sets that have waiters, and the owners' accounts
 * and processes. */
#define _GNU_SOURCE
#include "ipctop/collect.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipctop/fields.h"
#include "ipctop/health.h"
#include "ipctop/kind.h"
#include "ipctop/procs.h"
#include "ipctop/sanitize.h"
#include "ipctop/vec.h"

/* The kernel's overflow uid: nobody, which owns what it cannot map. */
#define UID_NOBODY 65534u

/* Each object with a process blocked on it gets its detail read (a set's
 * semaphores: last operator, waiter counts); the pids that names are
 * told apart, gone or hidden from us, as the process scan does. */
static int read_holders(struct snapshot *s, const struct source *src)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	int32_t *pids = NULL;
	void **objs = NULL;
	size_t n = 0, cap = 0, no = 0, ocap = 0;
	int r = 0;

	for (size_t ki = 0; ki < nk && r == 0; ki++) {
		const struct kind *k = all[ki];
		const struct health_hooks *h = k->health;
		struct objlist *l = &s->list[k->id];

		if (!k->read_detail || !h || !h->waiters || !h->semaphores || !l->have)
			continue;
		no = 0;
		for (size_t i = 0; i < l->n && r == 0; i++) {
			void *obj = (char *)l->v + i * k->objsize;
			const struct waitlist *wl = h->waiters(obj);

			if (wl && wl->n > 0)
				r = VEC_PUSH(objs, no, ocap, obj);
		}
		if (r < 0)
			break;
		/* each inside its own namespace */
		collect_details(s, src, k, objs, no);
		for (size_t i = 0; i < no && r == 0; i++) {
			const struct sem_value *v;
			size_t m = h->semaphores(objs[i], &v);

			for (size_t j = 0; j < m && r == 0; j++)
				if (v[j].pid > 0 && v[j].pid <= INT32_MAX)
					r = VEC_PUSH(pids, n, cap, (int32_t)v[j].pid);
		}
	}
	if (r == 0 && src->live)
		r = procs_note_hidden(s, pids, n);
	free(objs);
	free(pids);
	return r;
}

/* The highest system uid: SYS_UID_MAX of login.defs, else one below its
 * UID_MIN, else Debian's and systemd's 999. */
static unsigned long sys_uid_max(void)
{
	FILE *f = fopen("/etc/login.defs", "re");
	char line[256];
	unsigned long sys_max = 0, uid_min = 0;
	bool have_sys = false, have_min = false;

	if (!f)
		return 999;
	while (fgets(line, sizeof(line), f)) {
		char name[32];
		unsigned long v;

		if (sscanf(line, " %31s %lu", name, &v) != 2)
			continue;
		if (strcmp(name, "SYS_UID_MAX") == 0) {
			sys_max = v;
			have_sys = true;
		} else if (strcmp(name, "UID_MIN") == 0 && v > 0) {
			uid_min = v;
			have_min = true;
		}
	}
	fclose(f);
	return have_sys ? sys_max : have_min ? uid_min - 1 : 999;
}

static int cmp_uid(const void *a, const void *b)
{
	uint32_t x = ((const struct owner_info *)a)->uid, y = ((const struct owner_info *)b)->uid;
	return (x > y) - (x < y);
}

static struct owner_info *owner_find(struct snapshot *s, uint32_t uid)
{
	struct owner_info key = { .uid = uid };

	return bsearch(&key, s->owners, s->nowners, sizeof(key), cmp_uid);
}

/* Count the processes of the owners that are users (not system ones):
 * the owner of each /proc/PID is the process's effective uid. */
static void count_procs(struct snapshot *s, const struct source *src)
{
	DIR *d;
	struct dirent *e;
	uid_t me = geteuid();

	if (!src->live)
		return;     /* a fixture tree's file owners are nobody's processes */
	d = opendir(src->procfs);
	if (!d)
		return;
	for (size_t i = 0; i < s->nowners; i++)
		if (s->owners[i].account && !s->owners[i].system)
			s->owners[i].procs = 0;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		struct owner_info *oi;

		if (!isdigit((unsigned char)e->d_name[0]) ||
		    fstatat(dirfd(d), e->d_name, &st, 0) < 0)
			continue;
		oi = owner_find(s, (uint32_t)st.st_uid);
		if (oi && oi->procs >= 0)
			oi->procs++;
	}
	closedir(d);
	/* hidepid= hides other users' processes: none seen is not none */
	for (size_t i = 0; s->procs_hidden && i < s->nowners; i++)
		if (s->owners[i].procs == 0 && s->owners[i].uid != (uint32_t)me)
			s->owners[i].procs = -1;
}

static int read_owners(struct snapshot *s, const struct source *src)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	struct owner_info *v = NULL;
	size_t n = 0, cap = 0, o = 0;
	unsigned long sysmax;
	bool users = false;
	char buf[4096];

	for (size_t ki = 0; ki < nk; ki++) {
		const struct kind *k = all[ki];
		const struct objlist *l = &s->list[k->id];

		if (!(k->flags & KIND_OBJECT) || !l->have)
			continue;
		for (size_t i = 0; i < l->n; i++) {
			long long uid = field_owner(k, snap_obj(s, k, i));
			struct owner_info oi = { .uid = (uint32_t)uid, .procs = -1 };

			if (uid < 0)
				continue;
			/* thousands of objects, a handful of owners: skip repeats */
			if (n && v[n - 1].uid == oi.uid)
				continue;
			if (VEC_PUSH(v, n, cap, oi) < 0) {
				free(v);
				return -ENOMEM;
			}
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_uid);
	for (size_t i = 0; i < n; i++)
		if (o == 0 || v[o - 1].uid != v[i].uid)
			v[o++] = v[i];
	sysmax = sys_uid_max();
	for (size_t i = 0; i < o; i++) {
		struct passwd pw, *res = NULL;

		v[i].system = v[i].uid <= sysmax || v[i].uid == UID_NOBODY;
		if (getpwuid_r(v[i].uid, &pw, buf, sizeof(buf), &res) == 0 && res) {
			v[i].account = true;
			sanitize(v[i].name, sizeof(v[i].name), res->pw_name, strlen(res->pw_name));
			users |= !v[i].system;
		}
	}
	free(s->owners);
	s->owners = v;
	s->nowners = o;
	s->have_owners = true;
	if (users)
		count_procs(s, src);
	return 0;
}

int collect_health(struct snapshot *s, const struct source *src, unsigned needs)
{
	int r = 0;

	if (needs & NEED_SEMHOLDERS)
		r = read_holders(s, src);
	if (r == 0 && (needs & NEED_ACCOUNTS))
		r = read_owners(s, src);
	return r;
}

unsigned long long collect_own_ipcns(const struct source *src)
{
	struct stat st;
	char path[4096];

	if (!src->live)
		return 0;
	snprintf(path, sizeof(path), "%s/self/ns/ipc", src->procfs);
	return stat(path, &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

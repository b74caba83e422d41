/* model/health.c: every rule on snapshots built by hand, just below and
 * just above each threshold; the lookups the views use; the settings and
 * the --check line. posix-orphan is driven through a kind defined here,
 * as a POSIX kind would describe its objects. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ipctop/fmt.h"
#include "ipctop/health.h"
#include "ipctop/kind.h"
#include "ipctop/output.h"

#define NOW 1800000000LL
#define HOUR 3600

static struct health_opts opts;

static void snap(struct snapshot *s)
{
	snapshot_init(s);
	s->taken.tv_sec = NOW;
	for (int k = KIND_MSG; k <= KIND_SHM; k++)
		snap_list(s, kind_get((enum kind_id)k))->have = true;
}

/* A process table holding these pids (all others are gone). */
static void procs(struct snapshot *s, const int32_t *pids, size_t n)
{
	struct objlist *l = snap_list(s, kind_get(KIND_PROC));

	l->have = true;
	for (size_t i = 0; i < n; i++) {
		struct proc *p = objlist_push(l, sizeof(*p));
		assert_non_null(p);
		p->pid = p->tgid = pids[i];
		snprintf(p->comm, sizeof(p->comm), "p%d", pids[i]);
	}
}

static struct shmseg *add_shm(struct snapshot *s, int32_t id, long long nattch, int32_t cpid,
			      long long last)
{
	struct shmseg *g = objlist_push(snap_list(s, kind_get(KIND_SHM)), sizeof(*g));

	assert_non_null(g);
	g->c.id = id;
	g->c.key = 0x100 + id;
	g->size = 4096;
	g->nattch = nattch;
	g->cpid = cpid;
	g->ctime = last - 10;
	g->atime = last - 5;
	g->dtime = last;
	g->rss = g->swap = IPC_UNKNOWN;
	g->attached.err = -ENODATA;
	return g;
}

static struct msq *add_msg(struct snapshot *s, int32_t id, long long cbytes, long long qbytes,
			   long long last)
{
	struct msq *q = objlist_push(snap_list(s, kind_get(KIND_MSG)), sizeof(*q));

	assert_non_null(q);
	q->c.id = id;
	q->c.key = 0x200 + id;
	q->cbytes = cbytes;
	q->qnum = cbytes ? 1 : 0;
	q->qbytes = qbytes;
	q->ctime = last - 10;
	q->stime = last;
	q->rtime = last - 1;
	return q;
}

static struct semset *add_sem(struct snapshot *s, int32_t id, long long nsems, long long last)
{
	struct semset *set = objlist_push(snap_list(s, kind_get(KIND_SEM)), sizeof(*set));

	assert_non_null(set);
	set->c.id = id;
	set->c.key = 0x300 + id;
	set->nsems = nsems;
	set->otime = last;
	set->ctime = last - 10;
	return set;
}

static void wait_on(struct waitlist *wl, int32_t pid, enum wait_op op)
{
	wl->v = realloc(wl->v, (wl->n + 1) * sizeof(*wl->v));
	assert_non_null(wl->v);
	wl->v[wl->n++] = (struct waiter){ pid, op };
}

static size_t count(const struct snapshot *s, enum health_rule r, enum health_sev *sev)
{
	const struct objlist *l = &s->list[KIND_HEALTH];
	const struct finding *f = l->v;
	size_t n = 0;

	assert_true(l->have);
	for (size_t i = 0; i < l->n; i++) {
		if (f[i].rule != r)
			continue;
		n++;
		if (sev)
			*sev = f[i].sev;
	}
	return n;
}

static const struct finding *first(const struct snapshot *s, enum health_rule r)
{
	const struct finding *f = s->list[KIND_HEALTH].v;

	for (size_t i = 0; i < s->list[KIND_HEALTH].n; i++)
		if (f[i].rule == r)
			return &f[i];
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	health_opts_init(&opts);
	opts.ns = 4026531839ULL;
	return 0;
}

/* ---- orphaned-segment ---- */

static void orphaned_segment_at_min_age(void **state)
{
	struct snapshot s;
	const int32_t alive[] = { 50 };
	enum health_sev sev = SEV_OK;

	(void)state;
	snap(&s);
	procs(&s, alive, 1);
	add_shm(&s, 1, 0, 100, NOW - HOUR + 1);   /* just under an hour: not yet */
	add_shm(&s, 2, 0, 100, NOW - HOUR);       /* an hour: found */
	add_shm(&s, 3, 0, 50, NOW - 5 * HOUR);    /* creator alive */
	add_shm(&s, 4, 1, 100, NOW - 5 * HOUR);   /* attached */
	add_shm(&s, 5, IPC_UNKNOWN, 100, NOW - 5 * HOUR);  /* attach count unknown */
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_ORPHANED_SEGMENT, &sev), 1);
	assert_int_equal(sev, SEV_WARNING);
	const struct finding *f = first(&s, HR_ORPHANED_SEGMENT);
	assert_int_equal(f->id, 2);
	assert_int_equal(f->key, 0x102);
	assert_int_equal(f->ns, 4026531839ULL);
	assert_ptr_equal(f->obj.kind, kind_get(KIND_SHM));
	assert_non_null(strstr(f->message, "segment 0x00000102 (id 2)"));
	assert_non_null(strstr(f->message, "100(gone)"));
	assert_non_null(strstr(f->message, "1h00m"));
	/* --min-age 0: the young one too */
	opts.min_age = 0;
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_ORPHANED_SEGMENT, NULL), 2);
	snapshot_free(&s);
}

/* Without a process table nobody can be called gone. */
static void orphaned_segment_needs_the_process_table(void **state)
{
	struct snapshot s;

	(void)state;
	snap(&s);
	add_shm(&s, 1, 0, 100, NOW - 5 * HOUR);
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_ORPHANED_SEGMENT, NULL), 0);
	snapshot_free(&s);
}

/* ---- destroyed-attached ---- */

static void destroyed_attached(void **state)
{
	struct snapshot s;
	const int32_t alive[] = { 60 };
	struct shmseg *g;

	(void)state;
	snap(&s);
	procs(&s, alive, 1);
	g = add_shm(&s, 1, 1, 60, NOW);
	g->dest = true;
	g->c.key = 0;
	g->attached.v = malloc(sizeof(int32_t));
	assert_non_null(g->attached.v);
	g->attached.v[0] = 60;
	g->attached.n = 1;
	g->attached.err = 0;
	g = add_shm(&s, 2, 0, 60, NOW);     /* dest and detached: about to go */
	g->dest = true;
	add_shm(&s, 3, 1, 60, NOW);         /* attached, not removed */
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_DESTROYED_ATTACHED, NULL), 1);
	const struct finding *f = first(&s, HR_DESTROYED_ATTACHED);
	assert_int_equal(f->id, 1);
	assert_non_null(strstr(f->message, "p60(60)"));
	snapshot_free(&s);
}

/* ---- full-queue ---- */

static void full_queue_thresholds(void **state)
{
	struct snapshot s;
	const struct finding *f;
	const int32_t alive[] = { 70 };

	(void)state;
	snap(&s);
	procs(&s, alive, 1);
	add_msg(&s, 1, 8999, 10000, NOW);          /* 89.99 %: no */
	add_msg(&s, 2, 9000, 10000, NOW);          /* 90 %: warning */
	add_msg(&s, 3, 10000, 10000, NOW);         /* full: critical */
	wait_on(&add_msg(&s, 4, 9000, 10000, NOW)->waiters, 70, WAIT_SEND);   /* a sender blocked */
	wait_on(&add_msg(&s, 5, 8000, 10000, NOW)->waiters, 70, WAIT_RECV);   /* 80 %, a reader */
	add_msg(&s, 6, 9999, IPC_UNKNOWN, NOW);    /* limit not read */
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_FULL_QUEUE, NULL), 3);
	f = s.list[KIND_HEALTH].v;
	for (size_t i = 0; i < s.list[KIND_HEALTH].n; i++, f++) {
		if (f->rule != HR_FULL_QUEUE)
			continue;
		assert_true(f->id >= 2 && f->id <= 4);
		assert_int_equal(f->sev, f->id == 2 ? SEV_WARNING : SEV_CRITICAL);
		if (f->id == 4)
			assert_non_null(strstr(f->message, "sender blocked: p70(70):send"));
	}
	/* the threshold is an option */
	opts.queue_full_pct = 80;
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_FULL_QUEUE, NULL), 5);
	opts.queue_full_pct = 91;
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_FULL_QUEUE, NULL), 1);
	snapshot_free(&s);
}

/* ---- stuck-waiters ---- */

static void stuck_waiters_at_min_age(void **state)
{
	struct snapshot s;
	const int32_t alive[] = { 80, 81 };
	struct msq *q;
	struct semset *set;

	(void)state;
	snap(&s);
	procs(&s, alive, 2);
	q = add_msg(&s, 1, 0, 10000, NOW - HOUR + 1);   /* a receive 59:59 ago */
	wait_on(&q->waiters, 80, WAIT_RECV);
	q = add_msg(&s, 2, 0, 10000, NOW - HOUR);       /* an hour ago */
	wait_on(&q->waiters, 80, WAIT_RECV);
	wait_on(&q->waiters, 81, WAIT_RECV);
	add_msg(&s, 3, 0, 10000, NOW - 9 * HOUR);       /* idle, nobody waiting */
	set = add_sem(&s, 1, 1, NOW - 2 * HOUR);
	wait_on(&set->waiters, 81, WAIT_SEMOP);
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_STUCK_WAITERS, NULL), 2);
	const struct finding *f = first(&s, HR_STUCK_WAITERS);
	assert_ptr_equal(f->obj.kind, kind_get(KIND_MSG));
	assert_int_equal(f->id, 2);
	assert_non_null(strstr(f->message, "2 processes blocked, no send or receive for 1h00m"));
	assert_non_null(strstr(f->message, "p80(80):recv,p81(81):recv"));
	snapshot_free(&s);
}

/* ---- dead-holder ---- */

static void dead_holder(void **state)
{
	struct snapshot s;
	const int32_t alive[] = { 90, 91 };
	struct semset *set;
	enum health_sev sev = SEV_OK;

	(void)state;
	snap(&s);
	procs(&s, alive, 2);
	/* set 1: semaphore 1's last operator (95) is gone, 91 waits */
	set = add_sem(&s, 1, 2, NOW);
	set->sems = calloc(2, sizeof(*set->sems));
	assert_non_null(set->sems);
	set->sems[0] = (struct sem_value){ 0, 1, 0, 0, 90 };
	set->sems[1] = (struct sem_value){ 1, 0, 1, 0, 95 };
	wait_on(&set->waiters, 91, WAIT_SEMOP);
	/* set 2: the operator is gone but nobody waits */
	set = add_sem(&s, 2, 1, NOW);
	set->sems = calloc(1, sizeof(*set->sems));
	assert_non_null(set->sems);
	set->sems[0] = (struct sem_value){ 0, 0, 0, 0, 95 };
	/* set 3: a waiter, the operator alive */
	set = add_sem(&s, 3, 1, NOW);
	set->sems = calloc(1, sizeof(*set->sems));
	assert_non_null(set->sems);
	set->sems[0] = (struct sem_value){ 0, 0, 0, 1, 90 };
	wait_on(&set->waiters, 91, WAIT_SEMOP);
	/* set 4: counts not readable */
	set = add_sem(&s, 4, 1, NOW);
	set->sems = calloc(1, sizeof(*set->sems));
	assert_non_null(set->sems);
	set->sems[0] = (struct sem_value){ 0, IPC_UNKNOWN, IPC_UNKNOWN, IPC_UNKNOWN, 95 };
	/* set 5: a waiter, values never read */
	wait_on(&add_sem(&s, 5, 1, NOW)->waiters, 91, WAIT_SEMOP);
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_DEAD_HOLDER, &sev), 1);
	assert_int_equal(sev, SEV_CRITICAL);
	const struct finding *f = first(&s, HR_DEAD_HOLDER);
	assert_int_equal(f->id, 1);
	assert_non_null(strstr(f->message, "semaphore 1 (value 0) last operated on by 95(gone), 1 waiting"));
	assert_non_null(strstr(f->message, "blocked: p91(91):semop"));
	snapshot_free(&s);
}

/* ---- unowned ---- */

static void owner(struct snapshot *s, uint32_t uid, bool account, bool sys, int nprocs)
{
	s->owners = realloc(s->owners, (s->nowners + 1) * sizeof(*s->owners));
	assert_non_null(s->owners);
	s->owners[s->nowners] = (struct owner_info){ .uid = uid, .account = account,
						     .system = sys, .procs = nprocs };
	snprintf(s->owners[s->nowners].name, sizeof(s->owners[0].name), "u%u", uid);
	s->nowners++;
	s->have_owners = true;
}

static void unowned(void **state)
{
	struct snapshot s;

	(void)state;
	snap(&s);
	owner(&s, 0, true, true, 0);           /* root: a system user */
	owner(&s, 999, true, true, 0);         /* a system user without processes */
	owner(&s, 1000, true, false, 0);       /* a user without processes: found */
	owner(&s, 1001, true, false, 1);       /* a user with one */
	owner(&s, 1002, true, false, -1);      /* not known */
	owner(&s, 4242, false, false, 0);      /* no account: found */
	add_msg(&s, 1, 0, 100, NOW)->c.uid = 0;
	add_msg(&s, 2, 0, 100, NOW)->c.uid = 999;
	add_msg(&s, 3, 0, 100, NOW)->c.uid = 1000;
	add_msg(&s, 4, 0, 100, NOW)->c.uid = 1001;
	add_msg(&s, 5, 0, 100, NOW)->c.uid = 1002;
	add_sem(&s, 6, 1, NOW)->c.uid = 4242;
	add_msg(&s, 7, 0, 100, NOW)->c.uid = 31337;   /* not looked up */
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_UNOWNED, NULL), 2);
	const struct finding *f = first(&s, HR_UNOWNED);
	assert_int_equal(f->id, 3);
	assert_int_equal(f->uid, 1000);
	assert_non_null(strstr(f->message, "owner u1000 (uid 1000) runs no process"));
	assert_true(health_of(&s, kind_get(KIND_SEM), snap_obj(&s, kind_get(KIND_SEM), 0), -1)
		    == SEV_WARNING);
	/* without the owners looked up: nothing */
	s.have_owners = false;
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_UNOWNED, NULL), 0);
	snapshot_free(&s);
}

/* ---- near-limit ---- */

static void near_limit(void **state)
{
	struct snapshot s;
	enum health_sev sev = SEV_OK;

	(void)state;
	snap(&s);
	s.have_limits = true;
	s.limits.msgmni = 1000;
	s.limits.semmni = 1000;
	s.limits.shmmni = 1000;
	s.limits.shmall = (unsigned long long)-1 - (1ULL << 24);   /* "unlimited" */
	s.limits.msg_queues = 799;    /* 79.9 %: nothing */
	s.limits.sem_sets = 800;      /* 80 %: warning */
	s.limits.shm_segs = 949;      /* 94.9 %: warning */
	s.limits.shm_pages = 1LL << 40;
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_NEAR_LIMIT, NULL), 2);
	s.limits.shm_segs = 950;      /* 95 %: critical */
	s.limits.msg_queues = 800;
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_NEAR_LIMIT, NULL), 3);
	const struct finding *f = s.list[KIND_HEALTH].v;
	for (size_t i = 0; i < s.list[KIND_HEALTH].n; i++, f++) {
		assert_null(f->obj.kind);
		assert_int_equal(f->id, IPC_UNKNOWN);
		if (strcmp(f->obj.name, "SHMMNI") == 0) {
			sev = f->sev;
			assert_non_null(strstr(f->message, "SHMMNI: 950 of 1000 segments in use"));
		} else {
			assert_int_equal(f->sev, SEV_WARNING);
		}
	}
	assert_int_equal(sev, SEV_CRITICAL);
	/* a list not collected counts nothing against its limit */
	s.list[KIND_SHM].have = false;
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(count(&s, HR_NEAR_LIMIT, NULL), 2);
	snapshot_free(&s);
}

/* ---- posix-orphan, through a kind the core does not name ---- */

struct pfake {
	uint32_t uid;
	char name[32];
	struct pidlist holders;
	long long mtime, size;
};

#define P(o) ((const struct pfake *)(o))
#define PFAKE_SLOT ((enum kind_id)(KIND_SLOTS - 1))

static long long num_uid(const void *o) { return P(o)->uid; }
static long long pf_holders(const void *o)
{
	return P(o)->holders.n ? (long long)P(o)->holders.n :
		P(o)->holders.err ? IPC_UNKNOWN : 0;
}
static const struct pidlist *pf_list(const void *o) { return &P(o)->holders; }
static long long pf_last(const void *o) { return P(o)->mtime; }
static long long pf_bytes(const void *o) { return P(o)->size; }

static void pf_ident(const void *obj, struct ident *out)
{
	snprintf(out->name, sizeof(out->name), "%s", P(obj)->name);
	out->ctime = P(obj)->mtime;
}

static void pf_label(const struct ident *id, char *buf, size_t len)
{
	snprintf(buf, len, "%s", id->name);
}

static const struct field pf_fields[] = {
	{ .name = "UID", .json = "uid", .help = "Owner", .width = 5,
	  .flags = FIELD_RIGHT | FIELD_OWNER, .type = FT_NUM, .num = num_uid },
};

static const struct health_hooks pf_health = {
	.orphan = HR_POSIX_ORPHAN, .holders = pf_holders, .holder_list = pf_list,
	.last_used = pf_last, .bytes = pf_bytes,
};

static const struct kind pfake = {
	.id = PFAKE_SLOT, .name = "pfake", .type = "pfake", .title = "Fake POSIX memory",
	.one = "Object", .word = "POSIX shared memory", .noun = "Object", .rc = "pfake",
	.columns = "Fake columns", .flags = KIND_OBJECT,
	.fields = pf_fields, .nfields = 1, .objsize = sizeof(struct pfake),
	.ident = pf_ident, .label = pf_label, .health = &pf_health,
};

static void add_pf(struct snapshot *s, const char *name, long long mtime, int holders, int err)
{
	struct pfake *p = objlist_push(snap_list(s, &pfake), sizeof(*p));

	assert_non_null(p);
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->mtime = mtime;
	p->size = 1 << 20;
	p->holders.err = err;
	if (holders) {
		p->holders.v = calloc((size_t)holders, sizeof(int32_t));
		assert_non_null(p->holders.v);
		p->holders.n = (size_t)holders;
	}
	snap_list(s, &pfake)->have = true;
}

static void posix_orphan_through_hooks(void **state)
{
	struct snapshot s;
	const struct kind *kinds[] = { &pfake };
	const struct finding *f;

	(void)state;
	snap(&s);
	add_pf(&s, "/young", NOW - HOUR + 1, 0, 0);
	add_pf(&s, "/old", NOW - HOUR, 0, 0);
	add_pf(&s, "/mapped", NOW - 9 * HOUR, 1, 0);
	add_pf(&s, "/unreadable", NOW - 9 * HOUR, 0, -EACCES);
	assert_int_equal(health_compute_kinds(&s, &opts, kinds, 1), 0);
	assert_int_equal(count(&s, HR_POSIX_ORPHAN, NULL), 1);
	assert_int_equal(count(&s, HR_ORPHANED_SEGMENT, NULL), 0);
	f = first(&s, HR_POSIX_ORPHAN);
	assert_string_equal(f->obj.name, "/old");
	assert_ptr_equal(f->obj.kind, &pfake);
	assert_int_equal(f->id, IPC_UNKNOWN);
	assert_non_null(strstr(f->message, "/old: 1M held by no process, unused for 1h00m"));
	/* lookups by the object */
	assert_int_equal(health_of(&s, &pfake, snap_obj(&s, &pfake, 1), -1), SEV_WARNING);
	assert_int_equal(health_of(&s, &pfake, snap_obj(&s, &pfake, 0), -1), SEV_OK);
	assert_true(health_selects(&s, &pfake, snap_obj(&s, &pfake, 1), HR_POSIX_ORPHAN));
	assert_false(health_selects(&s, &pfake, snap_obj(&s, &pfake, 1), HR_UNOWNED));
	/* snapshot_free knows only the table's kinds: free these by hand */
	for (size_t i = 0; i < s.list[PFAKE_SLOT].n; i++)
		free(((struct pfake *)snap_obj(&s, &pfake, i))->holders.v);
	snapshot_free(&s);
}

/* ---- the rules chosen, lookups, settings, --check's line ---- */

static void only_the_rules_chosen(void **state)
{
	struct snapshot s;
	const int32_t alive[] = { 1 };

	(void)state;
	snap(&s);
	procs(&s, alive, 1);
	add_shm(&s, 1, 0, 100, NOW - 9 * HOUR);
	add_msg(&s, 2, 100, 100, NOW);
	opts.rules = 1u << HR_FULL_QUEUE;
	assert_int_equal(health_compute(&s, &opts), 0);
	assert_int_equal(s.list[KIND_HEALTH].n, 1);
	assert_int_equal(count(&s, HR_FULL_QUEUE, NULL), 1);
	/* selection: the object with a finding of the rule, and the finding */
	assert_true(health_selects(&s, kind_get(KIND_MSG), snap_obj(&s, kind_get(KIND_MSG), 0),
				   HR_FULL_QUEUE));
	assert_false(health_selects(&s, kind_get(KIND_SHM), snap_obj(&s, kind_get(KIND_SHM), 0),
				    HR_FULL_QUEUE));
	assert_true(health_selects(&s, kind_get(KIND_HEALTH), s.list[KIND_HEALTH].v,
				   HR_FULL_QUEUE));
	assert_int_equal(health_needs(&opts) & NEED_QBYTES, NEED_QBYTES);
	assert_false(health_needs_limits(&opts));
	snapshot_free(&s);
}

/* A finding is about the object as it was: another one with its id is
 * not marked. */
static void lookups_by_identity(void **state)
{
	struct snapshot s;
	struct msq other;

	(void)state;
	snap(&s);
	add_msg(&s, 5, 100, 100, NOW);
	assert_int_equal(health_compute(&s, &opts), 0);
	other = *(struct msq *)snap_obj(&s, kind_get(KIND_MSG), 0);
	assert_int_equal(health_of(&s, kind_get(KIND_MSG), &other, -1), SEV_CRITICAL);
	other.ctime++;
	assert_int_equal(health_of(&s, kind_get(KIND_MSG), &other, -1), SEV_OK);
	other.ctime--;
	assert_int_equal(health_of(&s, kind_get(KIND_MSG), &other, HR_UNOWNED), SEV_OK);
	snapshot_free(&s);
}

static void settings_and_durations(void **state)
{
	struct health_opts o;

	(void)state;
	health_opts_init(&o);
	assert_int_equal(o.min_age, 3600);
	assert_int_equal(health_setting(&o, "health.min-age", "90s"), 1);
	assert_int_equal(o.min_age, 90);
	assert_int_equal(health_setting(&o, "health.min-age", "1h30m"), 1);
	assert_int_equal(o.min_age, 5400);
	assert_int_equal(health_setting(&o, "health.min-age", "1x"), -EINVAL);
	assert_int_equal(health_setting(&o, "health.queue-full", "75%"), 1);
	assert_int_equal(o.queue_full_pct, 75);
	assert_int_equal(health_setting(&o, "health.limit-crit", "101"), -EINVAL);
	assert_int_equal(health_setting(&o, "health.limit-warn", "0"), -EINVAL);
	assert_int_equal(health_setting(&o, "pane", "queues"), 0);
	assert_int_equal(fmt_parse_duration("0"), 0);
	assert_int_equal(fmt_parse_duration("90"), 90);
	assert_int_equal(fmt_parse_duration("2d"), 172800);
	assert_int_equal(fmt_parse_duration(""), -1);
	assert_int_equal(fmt_parse_duration("h"), -1);
	assert_int_equal(fmt_parse_duration("-5s"), -1);
	assert_int_equal(fmt_parse_duration("99999999999999999999"), -1);
	assert_int_equal(health_rule_find("dead-holder"), HR_DEAD_HOLDER);
	assert_int_equal(health_rule_find("dead"), -1);
}

static void check_line(void **state)
{
	struct snapshot s;
	struct output_opts o;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.uid = -1;
	o.detail_id = -1;
	snap(&s);
	s.have_limits = true;
	s.limits.msgmni = 1000;
	s.limits.msg_queues = 2;
	add_msg(&s, 1, 95, 100, NOW);
	add_msg(&s, 2, 50, 100, NOW);
	assert_int_equal(health_compute(&s, &opts), 0);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(output_plugin(f, &s, &o, &opts), 1);
	fclose(f);
	assert_non_null(strstr(buf, "IPCTOP WARNING - 1 finding (0 critical, 1 warning): "
			       "full-queue: queue 0x00000201 (id 1): 95B of 100B queued (95%) | "));
	assert_non_null(strstr(buf, " findings=1;;;0 critical=0;;;0 warning=1;;;0 "));
	assert_non_null(strstr(buf, " full-queue=1;;;0 "));
	assert_non_null(strstr(buf, " msg_queues=2;800;950;0;1000\n"));
	assert_null(strchr(strchr(buf, '|') + 1, '|'));
	free(buf);
	/* a clean snapshot is OK */
	snapshot_free(&s);
	snap(&s);
	assert_int_equal(health_compute(&s, &opts), 0);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(output_plugin(f, &s, &o, &opts), 0);
	fclose(f);
	assert_true(strncmp(buf, "IPCTOP OK - no findings | findings=0;;;0", 40) == 0);
	free(buf);
	snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(orphaned_segment_at_min_age, setup),
		cmocka_unit_test_setup(orphaned_segment_needs_the_process_table, setup),
		cmocka_unit_test_setup(destroyed_attached, setup),
		cmocka_unit_test_setup(full_queue_thresholds, setup),
		cmocka_unit_test_setup(stuck_waiters_at_min_age, setup),
		cmocka_unit_test_setup(dead_holder, setup),
		cmocka_unit_test_setup(unowned, setup),
		cmocka_unit_test_setup(near_limit, setup),
		cmocka_unit_test_setup(posix_orphan_through_hooks, setup),
		cmocka_unit_test_setup(only_the_rules_chosen, setup),
		cmocka_unit_test_setup(lookups_by_identity, setup),
		cmocka_unit_test_setup(settings_and_durations, setup),
		cmocka_unit_test_setup(check_line, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

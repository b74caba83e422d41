/* health: findings about a snapshot — the leaks and stalls an operator
 * acts on (a segment nobody attaches whose creator is gone, a queue full
 * with its senders blocked, waiters on a semaphore whose holder died, a
 * kernel limit nearly reached) — each {rule, severity, object, namespace,
 * message}. Rules are pure functions of the snapshot and the thresholds:
 * no I/O, no kernel calls. What they need beyond the default columns is
 * collected beforehand, only when asked (health_needs(), collect_health()).
 *
 * Findings are a kind of row (fields/health.c): their list is
 * list[KIND_HEALTH] of the snapshot they describe, kept sorted by the
 * object they are about, so --once, -J, the live view's Health tab and
 * --check show them through the kind table like any other rows.
 *
 * A kind takes part by describing its objects to the rules (struct
 * health_hooks, in its kind entry): a rule reads those hooks and never
 * names a kind. */
#ifndef IPCTOP_HEALTH_H
#define IPCTOP_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipctop/ident.h"
#include "ipctop/snapshot.h"

struct kind;

enum health_rule {
	HR_ORPHANED_SEGMENT,    /* nattch 0, creator gone, unused for min_age */
	HR_DESTROYED_ATTACHED,  /* removed (dest) but still attached */
	HR_FULL_QUEUE,          /* filled to queue_full_pct of its limit */
	HR_STUCK_WAITERS,       /* processes blocked, no progress for min_age */
	HR_DEAD_HOLDER,         /* a semaphore's last operator gone, others wait */
	HR_UNOWNED,             /* owner without an account, or without processes */
	HR_POSIX_ORPHAN,        /* POSIX memory nobody maps or holds, min_age old */
	HR_NEAR_LIMIT,          /* a kernel limit nearly used up */
	HR_COUNT
};

enum health_sev { SEV_OK, SEV_WARNING, SEV_CRITICAL };

#define HEALTH_ALL_RULES ((1u << HR_COUNT) - 1)

struct health_opts {
	unsigned rules;          /* 1u << HR_*: the rules that run */
	long long min_age;       /* seconds: the age-based rules' threshold */
	int queue_full_pct;      /* full-queue at this fill (percent) */
	int limit_warn_pct;      /* near-limit: a warning from this use on */
	int limit_crit_pct;      /*   and critical from this one */
	/* The IPC namespace the snapshot describes (its inode; 0 unknown):
	 * every finding carries it. */
	unsigned long long ns;
};

/* One finding. obj is the object as the snapshot showed it (obj.kind
 * NULL for a kernel limit, whose name, "SEMMNI", is obj.name). */
struct finding {
	enum health_rule rule;
	enum health_sev sev;
	struct ident obj;
	long long id;            /* the object's id column; IPC_UNKNOWN: none */
	long long key;           /* its key; IPC_UNKNOWN: none */
	long long uid;           /* its owner; IPC_UNKNOWN: none */
	unsigned long long ns;
	char *message;           /* one line, names the object; malloc'd */
};

/* What a kind tells the rules about one of its objects; a member left
 * NULL keeps the kind out of the rules that need it. Numbers the
 * collector could not read are IPC_UNKNOWN, and a rule never concludes
 * from an unknown. */
struct health_hooks {
	/* Memory nobody uses: orphan names the rule (HR_ORPHANED_SEGMENT,
	 * HR_POSIX_ORPHAN; HR_COUNT: none) that reports an object with no
	 * holders whose last use is at least min_age old and, when the
	 * kind has a creator, whose creator is gone. */
	enum health_rule orphan;
	/* processes holding (attaching, mapping, opening) it */
	long long (*holders)(const void *obj);
	/* those processes, when listed (for messages); NULL: not listed */
	const struct pidlist *(*holder_list)(const void *obj);
	long long (*creator)(const void *obj);      /* its creator's pid */
	long long (*last_used)(const void *obj);    /* Unix seconds */
	long long (*bytes)(const void *obj);        /* the memory it holds */
	/* destroyed-attached: removed, yet kept alive by its holders */
	bool (*destroyed)(const void *obj);
	/* full-queue: how full it is, in fill_unit; false when unknown */
	bool (*fill)(const void *obj, long long *used, long long *limit);
	bool fill_bytes;         /* the fill is in bytes (else messages) */
	/* stuck-waiters, full-queue: who is blocked on it */
	const struct waitlist *(*waiters)(const void *obj);
	/* stuck-waiters: the last time a waiter could have moved (a send, a
	 * receive, a semop; its creation), Unix seconds */
	long long (*last_progress)(const void *obj);
	const char *progress;    /* "send or receive": what progress is */
	/* dead-holder: its semaphores, when they were read (0 otherwise) */
	size_t (*semaphores)(const void *obj, const struct sem_value **v);
};

struct health_rule_desc {
	const char *name;        /* "orphaned-segment" */
	const char *help;        /* one line for --help and the man page */
	unsigned needs;          /* NEED_* (fields.h) beyond the lists */
	bool limits;             /* needs the kernel's limits */
};

const struct health_rule_desc *health_rule(enum health_rule r);
/* A rule by name; -1 when none. */
int health_rule_find(const char *name);

/* The defaults: every rule, min_age 1 h, full at 90 %, limits at 80 and
 * 95 %, namespace unknown. */
void health_opts_init(struct health_opts *o);
/* A "name = value" of the settings file that sets o (health.min-age,
 * health.queue-full, health.limit-warn, health.limit-crit): 1 when taken,
 * 0 when the name is not one of them, -EINVAL for a bad value. */
int health_setting(struct health_opts *o, const char *name, const char *val);
/* What the chosen rules cost the collector (NEED_*), and whether they
 * need the limits. */
unsigned health_needs(const struct health_opts *o);
bool health_needs_limits(const struct health_opts *o);

/* Fill s's findings (list[KIND_HEALTH]) from its other lists, for every
 * kind of the table (health_compute_kinds: of these kinds only). Times
 * are judged against s->taken. 0 or -ENOMEM (the list then empty, its
 * err set). */
int health_compute(struct snapshot *s, const struct health_opts *o);
int health_compute_kinds(struct snapshot *s, const struct health_opts *o,
			 const struct kind *const *kinds, size_t n);

/* The worst severity among the findings about obj (an object of kind k in
 * s), SEV_OK when none; with rule >= 0, only that rule's. */
enum health_sev health_of(const struct snapshot *s, const struct kind *k, const void *obj,
			  int rule);
/* Does row (a finding, or an object of kind k) belong to a --health RULE
 * selection: a finding of that rule, or an object with one? */
bool health_selects(const struct snapshot *s, const struct kind *k, const void *row,
		    int rule);

const char *health_sev_name(enum health_sev sev);

#endif

/* Semaphore sets: columns, each semaphore's columns (the detail's rows),
 * and the kind's entry. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "fields/kinds.h"
#include "ipctop/act.h"
#include "ipctop/health.h"
#include "ipctop/source.h"
#include "ipctop/sysv.h"

FIELD_NUM(struct semset, nsems, x->nsems)
FIELD_TIME(struct semset, otime, otime)
FIELD_TIME(struct semset, ctime, ctime)

static size_t list_waiters(const void *o, const void **items, int *err)
{
	const struct semset *s = o;
	*items = s->waiters.v;
	*err = s->waiters.err;
	return s->waiters.n;
}

static const struct field sem_fields[] = {
	COMMON_FIELDS,
	{ .name = "NSEMS", .json = "nsems", .help = "Number of semaphores", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_RANK, .type = FT_NUM, .num = num_nsems,
	  .metric = "semaphores" },
	{ .name = "OTIME", .json = "otime", .help = "Time of the last semop", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_otime,
	  .text = text_otime, .metric = "last_op_timestamp_seconds" },
	{ .name = "CTIME", .json = "ctime", .help = "Time of the last change", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_ctime,
	  .text = text_ctime, .metric = "last_change_timestamp_seconds" },
	{ .name = "WAITERS", .json = "waiters", .help = "Processes blocked in semop",
	  .width = 14, .flags = FIELD_DEFAULT | FIELD_PID | FIELD_HISTORY | FIELD_RANK,
	  .type = FT_WAITERS, .list = list_waiters, .needs = NEED_USERS, .metric = "waiters" },
};

/* ---- one semaphore of a set, in -i and the detail view ---- */

FIELD_NUM(struct sem_value, num, x->num)
FIELD_NUM(struct sem_value, value, x->value)
FIELD_NUM(struct sem_value, ncnt, x->ncnt)
FIELD_NUM(struct sem_value, zcnt, x->zcnt)
FIELD_NUM(struct sem_value, pid, x->pid)

static const struct field value_fields[] = {
	{ .name = "SEMNUM", .json = "num", .help = "Semaphore number", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_num },
	{ .name = "VALUE", .json = "value", .help = "Value", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_value, .metric = "value" },
	{ .name = "NCOUNT", .json = "ncnt", .help = "Processes waiting for it to rise",
	  .width = 6, .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_ncnt,
	  .metric = "waiting_increase" },
	{ .name = "ZCOUNT", .json = "zcnt", .help = "Processes waiting for it to be zero",
	  .width = 6, .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_zcnt,
	  .metric = "waiting_zero" },
	{ .name = "PID", .json = "pid", .help = "Last process to operate on it", .width = 7,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, .type = FT_NUM, .num = num_pid },
};

static size_t value_rows(const void *obj, void **rows, int *err)
{
	const struct semset *set = obj;
	size_t n = set->sems && set->nsems > 0 ? (size_t)set->nsems : 0;

	*rows = NULL;
	*err = set->sems_err;
	if (n == 0)
		return 0;
	*rows = malloc(n * sizeof(struct sem_value));
	if (!*rows) {
		*err = -ENOMEM;
		return 0;
	}
	memcpy(*rows, set->sems, n * sizeof(struct sem_value));
	return n;
}

static const struct subtable sem_values = {
	.what = "semaphore values", .json = "sems", .fields = value_fields,
	.nfields = sizeof(value_fields) / sizeof(value_fields[0]),
	.rowsize = sizeof(struct sem_value), .rows = value_rows, .strerror = sems_strerror,
	.metric = "sem_semaphore", .metric_label = "semnum",
};

static void sem_ident(const void *obj, struct ident *out)
{
	const struct semset *s = obj;

	out->id = s->c.id;
	out->ns = s->c.ns;
	out->key = s->c.key;
	out->cuid = s->c.cuid;
	out->ctime = s->ctime;
}

#define SET(o) ((const struct semset *)(o))

static const struct waitlist *sem_waiters(const void *o)
{
	return &SET(o)->waiters;
}

static long long sem_progress(const void *o)
{
	return SET(o)->otime > SET(o)->ctime ? SET(o)->otime : SET(o)->ctime;
}

static size_t sem_semaphores(const void *o, const struct sem_value **v)
{
	*v = SET(o)->sems;
	return SET(o)->sems && SET(o)->nsems > 0 ? (size_t)SET(o)->nsems : 0;
}

static const struct health_hooks sem_health = {
	.orphan = HR_COUNT, .waiters = sem_waiters, .last_progress = sem_progress,
	.progress = "semop", .semaphores = sem_semaphores,
};

/* The values, from the kernel: only where the list's ids are the live
 * kernel's (not a fixture tree's), as the list hook does. */
/* What removal destroys: the semaphores and their values; whom it hurts:
 * the processes blocked in semop, which fail with EIDRM. */
static void sem_loss(const void *o, const struct field_ctx *ctx, char *b, size_t n)
{
	const struct semset *set = o;
	char who[1024];
	size_t off;
	int w;

	w = snprintf(b, n, "destroys %lld semaphore%s", set->nsems, set->nsems == 1 ? "" : "s");
	if (w < 0 || (size_t)w >= n)
		return;
	off = (size_t)w;
	if (set->sems && set->nsems > 0 && !set->sems_err) {
		for (long long i = 0; i < set->nsems && off + 16 < n; i++) {
			if (set->sems[i].value == IPC_UNKNOWN)
				w = snprintf(b + off, n - off, "%s?", i ? "," : ", values ");
			else
				w = snprintf(b + off, n - off, "%s%lld", i ? "," : ", values ",
					     set->sems[i].value);
			if (w < 0)
				return;
			off += (size_t)w;
		}
	} else if (set->sems_err) {
		w = snprintf(b + off, n - off, " (values: %s)", sems_strerror(set->sems_err));
		off += w > 0 ? (size_t)w : 0;
	} else {
		w = snprintf(b + off, n - off, " (values not read)");
		off += w > 0 ? (size_t)w : 0;
	}
	if (off >= n)
		return;
	field_text(field_find(&kind_sem, "WAITERS"), ctx, o, who, sizeof(who));
	if (set->waiters.n)
		snprintf(b + off, n - off, "\nblocked in semop, their calls fail (EIDRM): %s", who);
	else if (set->waiters.err && set->waiters.err != -ENODATA)
		snprintf(b + off, n - off, "\nprocesses blocked on it: not all could be read");
}

static void sem_free(void *obj)
{
	struct semset *s = obj;

	free(s->sems);
	free(s->waiters.v);
}

const struct kind kind_sem = {
	.id = KIND_SEM, .name = "sem", .type = "sem", .title = "Semaphore Arrays",
	.one = "Semaphore Array semid", .word = "semaphore set", .noun = "Semaphore set", .tab = "Sem sets",
	.rc = "semaphores", .columns = "Semaphore set columns (-s)", .section = 2,
	.flags = KIND_OBJECT,
	.tab_short = "Sets",
	.fields = sem_fields, .nfields = sizeof(sem_fields) / sizeof(sem_fields[0]),
	.id_field = SYSV_ID_FIELD(sem_fields), .objsize = sizeof(struct semset),
	.ident = sem_ident, .match = sysv_match, .label = sysv_label, .free_obj = sem_free,
	.sub = &sem_values,
	.list = sysv_list_sem, .count = sysv_count_sem,
	.restat = sysv_restat_sem, .remove = act_rmid_sem,
	.metric = "sem_set",
	.loss = sem_loss, .read_detail = sysv_read_sems, .health = &sem_health,
};

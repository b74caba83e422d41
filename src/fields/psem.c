/* Named POSIX semaphores: columns and the kind's entry. */
#include <stdio.h>

#include "fields/kinds.h"
#include "ipctop/act.h"
#include "ipctop/health.h"
#include "ipctop/posix.h"

#define S(o) ((const struct psem *)(o))

FIELD_NUM(struct psem, value, x->value)
FIELD_NUM(struct psem, nwaiters, x->nwaiters)

static size_t list_attached(const void *o, const void **items, int *err)
{
	*items = S(o)->attached.v;
	*err = S(o)->attached.err;
	return S(o)->attached.n;
}

static const struct field psem_fields[] = {
	POSIX_FIELDS,
	{ .name = "VALUE", .json = "value", .help = "Value", .width = 5,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_HISTORY, .type = FT_NUM, .num = num_value,
	  .metric = "value" },
	{ .name = "NWAITERS", .json = "nwaiters", .help = "Threads blocked in sem_wait",
	  .width = 8, .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_HISTORY | FIELD_RANK,
	  .type = FT_NUM, .num = num_nwaiters, .metric = "waiters" },
	POSIX_MTIME_FIELD("Time the file was last written (sem_open creates it)"),
	POSIX_CTIME_FIELD,
	{ .name = "ATTACHED", .json = "attached", .help = "Processes that map it (sem_open)",
	  .width = 14, .flags = FIELD_DEFAULT | FIELD_PID, .type = FT_PIDS,
	  .list = list_attached, .needs = NEED_USERS, .metric = "attached" },
};

#define NFIELDS (sizeof(psem_fields) / sizeof(psem_fields[0]))

static void psem_ident(const void *obj, struct ident *out)
{
	posix_ident(obj, out);
	out->ctime = S(obj)->c.ctime;
}

static void psem_summary(const void *obj, char *buf, size_t len)
{
	if (S(obj)->value == IPC_UNKNOWN)
		snprintf(buf, len, "value ?");
	else
		snprintf(buf, len, "value %lld", S(obj)->value);
}

static const char *psem_lingers(const void *obj)
{
	(void)obj;
	return "The name goes at once, the semaphore when its last user unmaps it.";
}

/* A semaphore nobody maps, unused for a while: a leak (a lock its owner
 * never unlinked). */
static long long psem_holders(const void *o)
{
	return posix_held(&S(o)->attached);
}

static const struct pidlist *psem_holder_list(const void *o)
{
	return &S(o)->attached;
}

static const struct health_hooks psem_health = {
	.orphan = HR_POSIX_ORPHAN, .holders = psem_holders, .holder_list = psem_holder_list,
	.last_used = posix_last_used,
};

static void psem_free_obj(void *obj)
{
	psem_free(obj);
}

const struct kind kind_psem = {
	.id = KIND_PSEM, .name = "posix_sem", .type = "posix_sem",
	.title = "POSIX Named Semaphores", .one = "POSIX Named Semaphore name",
	.word = "named semaphore", .noun = "POSIX named semaphore", .tab = "POSIX sem",
	.tab_short = "sem", .rc = "posix_semaphores",
	.columns = "POSIX named semaphore columns (-S)", .section = 5, .flags = KIND_OBJECT,
	.fields = psem_fields, .nfields = NFIELDS, .id_field = POSIX_ID_FIELD(psem_fields),
	.objsize = sizeof(struct psem),
	.ident = psem_ident, .match = posix_match, .label = posix_label,
	.free_obj = psem_free_obj, .summary = psem_summary, .lingers = psem_lingers,
	.holders = &psem_fields[NFIELDS - 1], .health = &psem_health,
	.metric = "posix_semaphore",
	.list = posix_list_sem_hook, .restat = posix_restat_sem, .remove = act_unlink_sem,
};

/* POSIX shared memory objects: columns and the kind's entry. */
#include <stdio.h>

#include "fields/kinds.h"
#include "ipctop/act.h"
#include "ipctop/health.h"
#include "ipctop/posix.h"

#define H(o) ((const struct pshm *)(o))

FIELD_SIZE(struct pshm, size, size)
FIELD_SIZE(struct pshm, alloc, alloc)

static size_t list_attached(const void *o, const void **items, int *err)
{
	*items = H(o)->attached.v;
	*err = H(o)->attached.err;
	return H(o)->attached.n;
}

static const struct field pshm_fields[] = {
	POSIX_FIELDS,
	{ .name = "SIZE", .json = "size", .help = "Size (bytes)", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_RANK, .type = FT_NUM, .num = num_size,
	  .text = text_size, .metric = "size_bytes" },
	{ .name = "RSS", .json = "rss",
	  .help = "Memory it holds: pages written, resident or swapped out", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_HISTORY | FIELD_RANK, .type = FT_NUM,
	  .num = num_alloc, .text = text_alloc, .metric = "allocated_bytes" },
	POSIX_MTIME_FIELD("Time of the last change of its size (or a write through write(2))"),
	POSIX_CTIME_FIELD,
	{ .name = "ATTACHED", .json = "attached", .help = "Processes that map it or have it open",
	  .width = 14, .flags = FIELD_DEFAULT | FIELD_PID, .type = FT_PIDS,
	  .list = list_attached, .needs = NEED_USERS, .metric = "attached" },
};

#define NFIELDS (sizeof(pshm_fields) / sizeof(pshm_fields[0]))

/* A file's ctime moves when it is resized, chowned or chmodded: the
 * object the user chose is the one with the change time it had. */
static void pshm_ident(const void *obj, struct ident *out)
{
	posix_ident(obj, out);
	out->ctime = H(obj)->c.ctime;
}

static void pshm_summary(const void *obj, char *buf, size_t len)
{
	char sz[32];

	fmt_size(sz, sizeof(sz), H(obj)->size, 0);
	snprintf(buf, len, "size %s", sz);
}

static const char *pshm_lingers(const void *obj)
{
	(void)obj;
	return "The name goes at once, the memory when its last holder lets go.";
}

/* Memory nobody maps or holds, unused for a while: a leak. */
static long long pshm_holders(const void *o)
{
	return posix_held(&H(o)->attached);
}

static const struct pidlist *pshm_holder_list(const void *o)
{
	return &H(o)->attached;
}

static long long pshm_bytes(const void *o)
{
	return H(o)->alloc;
}

static const struct health_hooks pshm_health = {
	.orphan = HR_POSIX_ORPHAN, .holders = pshm_holders, .holder_list = pshm_holder_list,
	.last_used = posix_last_used, .bytes = pshm_bytes,
};

static void pshm_free_obj(void *obj)
{
	pshm_free(obj);
}

const struct kind kind_pshm = {
	.id = KIND_PSHM, .name = "posix_shm", .type = "posix_shm",
	.title = "POSIX Shared Memory", .one = "POSIX Shared Memory name",
	.word = "POSIX shm object", .noun = "POSIX shared memory object", .tab = "POSIX shm",
	.tab_short = "shm", .rc = "posix_shmems",
	.columns = "POSIX shared memory columns (-M)", .section = 4, .flags = KIND_OBJECT,
	.fields = pshm_fields, .nfields = NFIELDS, .id_field = POSIX_ID_FIELD(pshm_fields),
	.objsize = sizeof(struct pshm),
	.ident = pshm_ident, .match = posix_match, .label = posix_label,
	.free_obj = pshm_free_obj, .summary = pshm_summary, .lingers = pshm_lingers,
	.holders = &pshm_fields[NFIELDS - 1], .health = &pshm_health,
	.metric = "posix_shm_object",
	.list = posix_list_shm_hook, .restat = posix_restat_shm, .remove = act_unlink_shm,
};

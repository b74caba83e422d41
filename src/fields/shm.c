/* Shared memory segments: columns and the kind's entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields/kinds.h"
#include "ipctop/act.h"
#include "ipctop/health.h"
#include "ipctop/sysv.h"

FIELD_SIZE(struct shmseg, size, size)
FIELD_NUM(struct shmseg, nattch, x->nattch)
FIELD_NUM(struct shmseg, cpid, x->cpid)
FIELD_NUM(struct shmseg, lpid, x->lpid)
FIELD_TIME(struct shmseg, atime, atime)
FIELD_TIME(struct shmseg, dtime, dtime)
FIELD_TIME(struct shmseg, ctime, ctime)
FIELD_SIZE(struct shmseg, rss, rss)
FIELD_SIZE(struct shmseg, swap, swap)
FIELD_NUM(struct shmseg, dest, x->dest)
FIELD_NUM(struct shmseg, locked, x->locked)
FIELD_NUM(struct shmseg, status, (x->dest ? 1 : 0) | (x->locked ? 2 : 0))

static void text_status(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	const struct shmseg *g = o;
	(void)c;
	const char *t = g->dest && g->locked ? "dest,locked" :
			g->dest ? "dest" : g->locked ? "locked" : "-";
	size_t len = strlen(t);

	if (n == 0)
		return;
	if (len >= n)
		len = n - 1;
	memcpy(b, t, len);
	b[len] = '\0';
}

static void text_command(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	const struct shmseg *g = o;
	(void)c;
	snprintf(b, n, "%s", g->command ? g->command : "");
}

static size_t list_attached(const void *o, const void **items, int *err)
{
	const struct shmseg *g = o;
	*items = g->attached.v;
	*err = g->attached.err;
	return g->attached.n;
}

static const struct field shm_fields[] = {
	COMMON_FIELDS,
	{ .name = "SIZE", .json = "size", .help = "Segment size", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_RANK, .type = FT_NUM, .num = num_size,
	  .text = text_size, .metric = "size_bytes" },
	{ .name = "NATTCH", .json = "nattch", .help = "Number of attaches", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_HISTORY | FIELD_RANK, .type = FT_NUM,
	  .num = num_nattch, .metric = "attaches" },
	{ .name = "STATUS", .json = "status",
	  .help = "dest: removed once the last process detaches; locked: in memory",
	  .width = 11, .flags = FIELD_DEFAULT | FIELD_NOJSON, .type = FT_STR,
	  .num = num_status, .text = text_status },
	{ .name = "CPID", .json = "cpid", .help = "Pid of the creator", .width = 7,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, .type = FT_NUM, .num = num_cpid,
	  .needs = NEED_PROCS },
	{ .name = "LPID", .json = "lpid", .help = "Pid of the last attach or detach", .width = 7,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, .type = FT_NUM, .num = num_lpid,
	  .needs = NEED_PROCS },
	{ .name = "ATTACH", .json = "atime", .help = "Time of the last attach", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_atime,
	  .text = text_atime, .metric = "last_attach_timestamp_seconds" },
	{ .name = "DETACH", .json = "dtime", .help = "Time of the last detach", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_dtime,
	  .text = text_dtime, .metric = "last_detach_timestamp_seconds" },
	{ .name = "CTIME", .json = "ctime", .help = "Time of the last change", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_ctime,
	  .text = text_ctime, .metric = "last_change_timestamp_seconds" },
	{ .name = "RSS", .json = "rss", .help = "Resident bytes", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_rss,
	  .text = text_rss, .needs = NEED_RSS, .metric = "resident_bytes" },
	{ .name = "SWAP", .json = "swap", .help = "Swapped-out bytes", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_swap,
	  .text = text_swap, .needs = NEED_RSS, .metric = "swapped_bytes" },
	{ .name = "DEST", .json = "dest", .help = "Marked for removal", .width = 4,
	  .type = FT_BOOL, .num = num_dest, .metric = "marked_for_removal" },
	{ .name = "LOCKED", .json = "locked", .help = "Locked in memory (SHM_LOCK)", .width = 6,
	  .type = FT_BOOL, .num = num_locked, .metric = "locked" },
	{ .name = "COMMAND", .json = "command", .help = "Creator's command line (as lsipc shows it)",
	  .width = 20, .flags = FIELD_OPTSTR | FIELD_TEXTSORT | FIELD_LONG, .type = FT_STR,
	  .text = text_command, .needs = NEED_PROCS | NEED_CMDLINE },
	{ .name = "ATTACHED", .json = "attached", .help = "Processes that have it attached",
	  .width = 14, .flags = FIELD_DEFAULT | FIELD_PID, .type = FT_PIDS,
	  .list = list_attached, .needs = NEED_USERS },
};

static void shm_ident(const void *obj, struct ident *out)
{
	const struct shmseg *g = obj;

	out->id = g->c.id;
	out->ns = g->c.ns;
	out->key = g->c.key;
	out->cuid = g->c.cuid;
	out->cpid = g->cpid;
	out->ctime = g->ctime;
}

/* The kernel destroys an attached segment only after its last detach. */
static bool shm_removed(const void *obj, const struct ident *id, char *buf, size_t len)
{
	const struct shmseg *g = obj;

	if (g->nattch <= 0)
		return false;
	snprintf(buf, len, "segment 0x%08x (id %lld) marked for removal; destroyed "
		 "after the last of %lld attaches detaches", (unsigned)id->key, id->id, g->nattch);
	return true;
}

static void shm_summary(const void *obj, char *buf, size_t len)
{
	snprintf(buf, len, "nattch %lld", ((const struct shmseg *)obj)->nattch);
}

static const char *shm_lingers(const void *obj)
{
	return ((const struct shmseg *)obj)->nattch > 0 ?
		"An attached segment is destroyed only after its last process detaches." : NULL;
}

#define G(o) ((const struct shmseg *)(o))

static long long shm_holders(const void *o)
{
	return G(o)->nattch;
}

static const struct pidlist *shm_holder_list(const void *o)
{
	return &G(o)->attached;
}

static long long shm_creator(const void *o)
{
	return G(o)->cpid;
}

/* The last attach, detach or change: an attach moves atime, the
 * detach of the last user dtime, creation ctime. */
static long long shm_last_used(const void *o)
{
	long long t = G(o)->atime > G(o)->dtime ? G(o)->atime : G(o)->dtime;
	return t > G(o)->ctime ? t : G(o)->ctime;
}

static long long shm_bytes(const void *o)
{
	return G(o)->size;
}

static bool shm_destroyed(const void *o)
{
	return G(o)->dest;
}

static const struct health_hooks shm_health = {
	.orphan = HR_ORPHANED_SEGMENT, .holders = shm_holders, .holder_list = shm_holder_list,
	.creator = shm_creator, .last_used = shm_last_used, .bytes = shm_bytes,
	.destroyed = shm_destroyed,
};

/* What removal destroys: the memory, at once or once the last process
 * detaches; whom it hurts: the processes attached, which keep it. */
static void shm_loss(const void *o, const struct field_ctx *ctx, char *b, size_t n)
{
	const struct shmseg *g = o;
	char size[32], who[1024];
	int w;

	fmt_size(size, sizeof(size), g->size, 0);
	w = snprintf(b, n, "destroys %s (%lld bytes) of shared memory%s", size, g->size,
		     g->nattch > 0 ? " once the last process detaches" : "");
	if (w < 0 || (size_t)w >= n || g->nattch <= 0)
		return;
	field_text(field_find(&kind_shm, "ATTACHED"), ctx, o, who, sizeof(who));
	snprintf(b + w, n - (size_t)w, "\nattached by %lld process%s, the memory stays until "
		 "they detach: %s", g->nattch, g->nattch == 1 ? "" : "es", who);
}

/* IPC_RMID on an attached segment changes it in place: the kernel marks
 * it dest and gives it key 0 (IPC_PRIVATE), keeping its id, creator and
 * change time. The same segment, not a new one. */
static bool shm_continues(const void *was, const void *now)
{
	const struct shmseg *a = was, *b = now;

	return !a->dest && b->dest && b->c.key == 0 && a->c.id == b->c.id &&
	       a->c.cuid == b->c.cuid && a->cpid == b->cpid && a->ctime == b->ctime;
}

static void shm_free(void *obj)
{
	free(((struct shmseg *)obj)->attached.v);
	free(((struct shmseg *)obj)->command);
}

const struct kind kind_shm = {
	.id = KIND_SHM, .name = "shm", .type = "shm", .title = "Shared Memory Segments",
	.one = "Shared Memory Segment shmid", .word = "segment", .noun = "Shared memory segment", .tab = "Segments",
	.rc = "shmems", .columns = "Shared memory columns (-m)", .section = 1,
	.flags = KIND_OBJECT,
	.tab_short = "Segs",
	.fields = shm_fields, .nfields = sizeof(shm_fields) / sizeof(shm_fields[0]),
	.id_field = SYSV_ID_FIELD(shm_fields), .objsize = sizeof(struct shmseg),
	.ident = shm_ident, .match = sysv_match, .label = sysv_label, .free_obj = shm_free,
	.list = sysv_list_shm, .count = sysv_count_shm, .restat = sysv_restat_shm, .remove = act_rmid_shm,
	.removed = shm_removed, .summary = shm_summary, .lingers = shm_lingers,
	.metric = "shm_segment",
	.loss = shm_loss, .continues = shm_continues, .health = &shm_health,
};

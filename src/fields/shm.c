/* Shared memory segment columns. */
#include <stdio.h>
#include <string.h>

#include "fields/kinds.h"

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

size_t list_shm_attached(const void *o, const void **items, int *err)
{
	const struct shmseg *g = o;
	*items = g->attached;
	*err = g->attached_err;
	return g->nattached;
}

const struct field shm_fields[] = {
	COMMON_FIELDS,
	{ "SIZE", "size", "Segment size", 6, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_size, text_size, NULL },
	{ "NATTCH", "nattch", "Number of attaches", 6, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_nattch, NULL, NULL },
	{ "STATUS", "status", "dest: removed once the last process detaches; locked: in memory", 11, FIELD_DEFAULT | FIELD_NOJSON, FT_STR, num_status, text_status, NULL },
	{ "CPID", "cpid", "Pid of the creator", 7, FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, FT_NUM, num_cpid, NULL, NULL },
	{ "LPID", "lpid", "Pid of the last attach or detach", 7, FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, FT_NUM, num_lpid, NULL, NULL },
	{ "ATTACH", "atime", "Time of the last attach", 9, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_atime, text_atime, NULL },
	{ "DETACH", "dtime", "Time of the last detach", 9, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_dtime, text_dtime, NULL },
	{ "CTIME", "ctime", "Time of the last change", 9, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_ctime, text_ctime, NULL },
	{ "RSS", "rss", "Resident bytes", 6, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_rss, text_rss, NULL },
	{ "SWAP", "swap", "Swapped-out bytes", 6, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_swap, text_swap, NULL },
	{ "DEST", "dest", "Marked for removal", 4, 0, FT_BOOL, num_dest, NULL, NULL },
	{ "LOCKED", "locked", "Locked in memory (SHM_LOCK)", 6, 0, FT_BOOL, num_locked, NULL, NULL },
	{ "ATTACHED", "attached", "Processes that have it attached", 14, FIELD_DEFAULT | FIELD_PID, FT_PIDS, NULL, NULL, list_shm_attached },
};
const size_t shm_nfields = sizeof(shm_fields) / sizeof(shm_fields[0]);

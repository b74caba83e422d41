/* Semaphore set columns. */
#include "fields/kinds.h"

FIELD_NUM(struct semset, nsems, x->nsems)
FIELD_TIME(struct semset, otime, otime)
FIELD_TIME(struct semset, ctime, ctime)

size_t list_sem_waiters(const void *o, const void **items, int *err)
{
	const struct semset *s = o;
	*items = s->waiters;
	*err = s->waiters_err;
	return s->nwaiters;
}

const struct field sem_fields[] = {
	COMMON_FIELDS,
	{ "NSEMS", "nsems", "Number of semaphores", 6, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_nsems, NULL, NULL },
	{ "OTIME", "otime", "Time of the last semop", 9, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_otime, text_otime, NULL },
	{ "CTIME", "ctime", "Time of the last change", 9, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_ctime, text_ctime, NULL },
	{ "WAITERS", "waiters", "Processes blocked in semop", 14, FIELD_DEFAULT | FIELD_PID, FT_WAITERS, NULL, NULL, list_sem_waiters },
};
const size_t sem_nfields = sizeof(sem_fields) / sizeof(sem_fields[0]);

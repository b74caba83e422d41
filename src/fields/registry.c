/* The table of kinds: one line each, in the order of the live view's tabs
 * and of the JSON document. Everything generic walks this. */
#include <stdio.h>
#include <string.h>

#include "fields/kinds.h"

static const struct kind *const table[] = {
	&kind_msg,
	&kind_sem,
	&kind_shm,
	&kind_proc,
	&kind_pipe,
	&kind_pmq,
	&kind_pshm,
	&kind_psem,
	&kind_health,
};

#define NKINDS (sizeof(table) / sizeof(table[0]))

const struct kind *const *kinds_all(size_t *n)
{
	*n = NKINDS;
	return table;
}

const struct kind *kind_get(enum kind_id id)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (table[i]->id == id)
			return table[i];
	return NULL;
}

const struct kind *kind_find(const char *name)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(table[i]->name, name) == 0 || strcmp(table[i]->rc, name) == 0)
			return table[i];
	return NULL;
}

const char *kind_plural(const struct kind *k, char *buf, size_t len)
{
	if (k->plural)
		snprintf(buf, len, "%s", k->plural);
	else
		snprintf(buf, len, "%ss", k->word);
	return buf;
}

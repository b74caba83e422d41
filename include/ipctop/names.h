/* names: uid/gid to name, looked up once per id and kept for the run.
 * Names are sanitised for the terminal when cached. */
#ifndef IPCTOP_NAMES_H
#define IPCTOP_NAMES_H

#include <stdint.h>

struct name_cache;

struct name_cache *names_new(void);
void names_free(struct name_cache *nc);
/* A name, or the number as text when the id has no name. Never NULL; the
 * string lives as long as the cache. */
const char *names_user(struct name_cache *nc, uint32_t uid);
const char *names_group(struct name_cache *nc, uint32_t gid);
/* uid for a user name or numeric string; -1 when unknown. */
long long names_parse_user(const char *s);

#endif

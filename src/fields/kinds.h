/* The per-kind column tables; internal to fields/. */
#ifndef IPCTOP_FIELDS_KINDS_H
#define IPCTOP_FIELDS_KINDS_H

#include "ipctop/fields.h"

#include "ipctop/kind.h"

/* The kinds the table (registry.c) lists. */
extern const struct kind kind_msg, kind_sem, kind_shm, kind_proc, kind_pipe;
extern const struct kind kind_pmq, kind_pshm, kind_psem;
extern const struct kind kind_health;

/* Cell formatters shared by the kinds. */
void text_key(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_perms(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_mode(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_owner(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_cuser(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_group(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_cgroup(const void *o, const struct field_ctx *c, char *b, size_t n);
void cell_time(long long t, const struct field_ctx *c, char *b, size_t n);
void cell_size(long long v, const struct field_ctx *c, char *b, size_t n);
void cell_user(uint32_t uid, const struct field_ctx *c, char *b, size_t n);
void cell_group(uint32_t gid, const struct field_ctx *c, char *b, size_t n);

long long num_key(const void *o);
long long num_ns(const void *o);
void text_ns(const void *o, const struct field_ctx *c, char *b, size_t n);
long long num_id(const void *o);
long long num_uid(const void *o);
long long num_gid(const void *o);
long long num_cuid(const void *o);
long long num_cgid(const void *o);
long long num_mode(const void *o);

/* The columns every System V kind starts with. */
#define COMMON_FIELDS \
	{ .name = "NS", .json = "ns", .help = "IPC namespace (container); its inode in JSON", \
	  .width = 10, .flags = FIELD_DEFAULT | FIELD_MULTINS | FIELD_MATCH | FIELD_TEXTSORT, \
	  .type = FT_NUM, .num = num_ns, .text = text_ns }, \
	{ .name = "KEY", .json = "key", .help = "Resource key", .width = 10, \
	  .flags = FIELD_DEFAULT | FIELD_MATCH | FIELD_MATCH_NUM | FIELD_LABEL | FIELD_KEY, \
	  .type = FT_NUM, .num = num_key, .text = text_key }, \
	{ .name = "ID", .json = "id", .help = "Resource id", .width = 8, \
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_MATCH_NUM | FIELD_LABEL, .type = FT_NUM, \
	  .num = num_id }, \
	{ .name = "OWNER", .json = "owner", .help = "Owner's user name", .width = 10, \
	  .flags = FIELD_DEFAULT | FIELD_TEXTSORT | FIELD_MATCH | FIELD_LABEL, .type = FT_STR, \
	  .num = num_uid, .text = text_owner }, \
	{ .name = "PERMS", .json = "perms", .help = "Permissions (octal)", .width = 5, \
	  .flags = FIELD_DEFAULT | FIELD_INFO, .type = FT_STR, .num = num_mode, .text = text_perms }, \
	{ .name = "MODE", .json = "mode", .help = "Permissions, symbolic (-rw-r-----)", .width = 10, \
	  .type = FT_STR, .num = num_mode, .text = text_mode }, \
	{ .name = "UID", .json = "uid", .help = "Owner's user id", .width = 6, \
	  .flags = FIELD_RIGHT | FIELD_OWNER, .type = FT_NUM, .num = num_uid }, \
	{ .name = "GID", .json = "gid", .help = "Owner's group id", .width = 6, \
	  .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_gid }, \
	{ .name = "CUID", .json = "cuid", .help = "Creator's user id", .width = 6, \
	  .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_cuid }, \
	{ .name = "CGID", .json = "cgid", .help = "Creator's group id", .width = 6, \
	  .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_cgid }, \
	{ .name = "CUSER", .json = "cuser", .help = "Creator's user name", .width = 10, \
	  .flags = FIELD_TEXTSORT | FIELD_INFO, .type = FT_STR, .num = num_cuid, .text = text_cuser }, \
	{ .name = "GROUP", .json = "group", .help = "Owner's group name", .width = 10, \
	  .flags = FIELD_TEXTSORT | FIELD_INFO, .type = FT_STR, .num = num_gid, .text = text_group }, \
	{ .name = "CGROUP", .json = "cgroup", .help = "Creator's group name", .width = 10, \
	  .flags = FIELD_TEXTSORT, .type = FT_STR, .num = num_cgid, .text = text_cgroup }

/* The id column of a System V kind's table (after NS and KEY). */
#define SYSV_ID_FIELD(table) (&(table)[2])
#define POSIX_ID_FIELD(table) (&(table)[1])

/* What the System V kinds share in their kind entry. */
void sysv_match(const void *obj, long long m[MATCH_N]);
void sysv_label(const struct ident *id, char *buf, size_t len);

/* ---- POSIX objects (posix.c): each struct starts with a struct pobj ---- */

void text_po_name(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_po_owner(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_po_group(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_po_perms(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_po_mtime(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_po_ctime(const void *o, const struct field_ctx *c, char *b, size_t n);
long long num_po_ns(const void *o);
/* For the POSIX kinds' health hooks: how many hold it (IPC_UNKNOWN when
 * the list could not be read and found none), its last use (the later
 * of mtime and ctime). */
long long posix_held(const struct pidlist *l);
long long posix_last_used(const void *o);
void text_po_ns(const void *o, const struct field_ctx *c, char *b, size_t n);
long long num_po_uid(const void *o);
long long num_po_gid(const void *o);
long long num_po_mode(const void *o);
long long num_po_mtime(const void *o);
long long num_po_ctime(const void *o);

/* The columns every POSIX kind starts with: its namespace, then NAME,
 * its id (POSIX_ID_FIELD). */
#define POSIX_FIELDS \
	{ .name = "NS", .json = "ns", .help = "IPC namespace (container); its inode in JSON", \
	  .width = 10, .flags = FIELD_DEFAULT | FIELD_MULTINS | FIELD_MATCH | FIELD_TEXTSORT, \
	  .type = FT_NUM, .num = num_po_ns, .text = text_po_ns }, \
	{ .name = "NAME", .json = "name", .help = "Name, as the *_open() calls take it", \
	  .width = 16, .flags = FIELD_DEFAULT | FIELD_TEXTSORT | FIELD_MATCH | FIELD_LABEL, \
	  .type = FT_STR, \
	  .text = text_po_name }, \
	{ .name = "OWNER", .json = "owner", .help = "Owner's user name", .width = 10, \
	  .flags = FIELD_DEFAULT | FIELD_TEXTSORT | FIELD_MATCH | FIELD_LABEL, .type = FT_STR, \
	  .num = num_po_uid, .text = text_po_owner }, \
	{ .name = "GROUP", .json = "group", .help = "Owner's group name", .width = 10, \
	  .flags = FIELD_TEXTSORT | FIELD_INFO, .type = FT_STR, .num = num_po_gid, \
	  .text = text_po_group }, \
	{ .name = "PERMS", .json = "perms", .help = "Permissions (octal)", .width = 5, \
	  .flags = FIELD_DEFAULT | FIELD_INFO, .type = FT_STR, .num = num_po_mode, \
	  .text = text_po_perms }, \
	{ .name = "UID", .json = "uid", .help = "Owner's user id", .width = 6, \
	  .flags = FIELD_RIGHT | FIELD_OWNER, .type = FT_NUM, .num = num_po_uid }, \
	{ .name = "GID", .json = "gid", .help = "Owner's group id", .width = 6, \
	  .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_po_gid }

#define POSIX_MTIME_FIELD(what) \
	{ .name = "MTIME", .json = "mtime", .help = what, .width = 9, \
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_po_mtime, \
	  .text = text_po_mtime }
#define POSIX_CTIME_FIELD \
	{ .name = "CTIME", .json = "ctime", .help = "Time of the last change to the file " \
	  "(owner, mode, size)", .width = 9, .flags = FIELD_RIGHT, .type = FT_NUM, \
	  .num = num_po_ctime, .text = text_po_ctime }

/* What the POSIX kinds share in their kind entry. */
void posix_ident(const void *obj, struct ident *out);
void posix_match(const void *obj, long long m[MATCH_N]);
void posix_label(const struct ident *id, char *buf, size_t len);

/* Accessor generators for the per-kind tables. */
#define FIELD_NUM(T, name, expr) \
	static long long num_##name(const void *o) { const T *x = o; return (expr); }
#define FIELD_TIME(T, name, member) \
	FIELD_NUM(T, name, x->member) \
	static void text_##name(const void *o, const struct field_ctx *c, char *b, size_t n) \
	{ cell_time(((const T *)o)->member, c, b, n); }
#define FIELD_SIZE(T, name, member) \
	FIELD_NUM(T, name, x->member) \
	static void text_##name(const void *o, const struct field_ctx *c, char *b, size_t n) \
	{ cell_size(((const T *)o)->member, c, b, n); }


#endif

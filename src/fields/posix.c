/* Columns every POSIX object has, and what the POSIX kinds share in their
 * entries. Every POSIX object struct starts with struct pobj, so these
 * take any of them. Names were sanitised when read: they reach a cell,
 * JSON or a message as text that cannot drive a terminal. */
#include <stdio.h>
#include <string.h>

#include "fields/kinds.h"
#include "ipctop/posix.h"
#include "ipctop/sanitize.h"

#define POBJ(o) ((const struct pobj *)(o))

long long num_po_uid(const void *o) { return POBJ(o)->uid; }
long long num_po_gid(const void *o) { return POBJ(o)->gid; }
long long num_po_mode(const void *o) { return POBJ(o)->mode & 07777; }
long long num_po_mtime(const void *o) { return POBJ(o)->mtime; }
long long num_po_ctime(const void *o) { return POBJ(o)->ctime; }

void text_po_name(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	snprintf(b, n, "%s", POBJ(o)->name ? POBJ(o)->name : "");
}

void text_po_owner(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	cell_user(POBJ(o)->uid, c, b, n);
}

void text_po_group(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	cell_group(POBJ(o)->gid, c, b, n);
}

void text_po_perms(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	fmt_octal(b, n, POBJ(o)->mode & 07777);
}

long long posix_held(const struct pidlist *l)
{
	return l->err && !l->n ? IPC_UNKNOWN : (long long)l->n;
}

long long posix_last_used(const void *o)
{
	return POBJ(o)->mtime > POBJ(o)->ctime ? POBJ(o)->mtime : POBJ(o)->ctime;
}

/* 0: not known (a fixture tree has no namespaces) */
long long num_po_ns(const void *o)
{
	return POBJ(o)->ns ? (long long)POBJ(o)->ns : IPC_UNKNOWN;
}

void text_po_ns(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	field_ns_label(c->snap, POBJ(o)->ns, b, n);
}

void text_po_mtime(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	cell_time(POBJ(o)->mtime, c, b, n);
}

void text_po_ctime(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	cell_time(POBJ(o)->ctime, c, b, n);
}

/* A name, a device and an inode: a name removed and created again is a
 * new inode. The raw name goes in, for act/ to find the entry again;
 * one too long for an ident cannot be found again, so it is never
 * removed. */
void posix_ident(const void *obj, struct ident *out)
{
	const struct pobj *c = obj;

	if (c->raw && strlen(c->raw) < sizeof(out->name))
		memcpy(out->name, c->raw, strlen(c->raw) + 1);
	out->dev = c->dev;
	out->ino = c->ino;
	out->ns = c->ns;
}

void posix_match(const void *obj, long long m[MATCH_N])
{
	m[0] = (long long)POBJ(obj)->ns;
	m[1] = (long long)POBJ(obj)->ino;
	m[2] = (long long)POBJ(obj)->dev;
}

void posix_label(const struct ident *id, char *buf, size_t len)
{
	sanitize(buf, len, id->name, strlen(id->name));
}

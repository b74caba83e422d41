/* Pipes and FIFOs: columns and the kind's entry. The process collector
 * fills the list. */
#include <stdio.h>
#include <stdlib.h>

#include "fields/kinds.h"

#define PI(o) ((const struct pipe_info *)(o))

FIELD_NUM(struct pipe_info, inode, (long long)x->inode)

static void text_type(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	snprintf(b, n, "%s", PI(o)->path ? "fifo" : "pipe");
}

/* A FIFO's path; "" (shown "-", JSON null) for an anonymous pipe. */
static void text_path(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	snprintf(b, n, "%s", PI(o)->path ? PI(o)->path : "");
}

static size_t list_writers(const void *o, const void **items, int *err)
{
	*items = PI(o)->writers.v;
	*err = 0;
	return PI(o)->writers.n;
}

static size_t list_readers(const void *o, const void **items, int *err)
{
	*items = PI(o)->readers.v;
	*err = 0;
	return PI(o)->readers.n;
}

static const struct field pipe_fields[] = {
	{ .name = "INODE", .json = "inode", .help = "Inode of the pipe or FIFO", .width = 10,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_MATCH_NUM, .type = FT_NUM,
	  .num = num_inode },
	{ .name = "TYPE", .json = "type", .help = "pipe (anonymous) or fifo (named)", .width = 4,
	  .flags = FIELD_DEFAULT | FIELD_TEXTSORT, .type = FT_STR, .text = text_type },
	{ .name = "PATH", .json = "path", .help = "A FIFO's path", .width = 20,
	  .flags = FIELD_DEFAULT | FIELD_OPTSTR | FIELD_TEXTSORT | FIELD_MATCH | FIELD_LONG,
	  .type = FT_STR, .text = text_path },
	{ .name = "WRITERS", .json = "writers", .help = "Processes holding the write end",
	  .width = 14, .flags = FIELD_DEFAULT | FIELD_PID, .type = FT_PIDS,
	  .list = list_writers, .needs = NEED_PROCS },
	{ .name = "READERS", .json = "readers", .help = "Processes holding the read end",
	  .width = 14, .flags = FIELD_DEFAULT | FIELD_PID, .type = FT_PIDS,
	  .list = list_readers, .needs = NEED_PROCS },
};

static void pipe_ident(const void *obj, struct ident *out)
{
	out->id = (long long)PI(obj)->inode;
}

static void pipe_match(const void *obj, long long m[MATCH_N])
{
	m[0] = (long long)PI(obj)->inode;
	m[1] = PI(obj)->path != NULL;
	m[2] = 0;
}

static void pipe_free(void *obj)
{
	struct pipe_info *p = obj;

	free(p->path);
	free(p->writers.v);
	free(p->readers.v);
}

const struct kind kind_pipe = {
	.id = KIND_PIPE, .name = "pipes", .type = "pipe", .title = "Pipes and FIFOs",
	.one = "Pipe inode", .word = "pipe", .noun = "Pipe", .tab = "Pipes", .rc = "pipes",
	.columns = "Pipe columns (--pipes)", .section = 7,
	/* each end names its command, read for just those processes */
	.needs = NEED_PROCS | NEED_PIPES,
	.tab_short = "Pipes",
	.fields = pipe_fields, .nfields = sizeof(pipe_fields) / sizeof(pipe_fields[0]),
	.id_field = &pipe_fields[0], .objsize = sizeof(struct pipe_info),
	.ident = pipe_ident, .match = pipe_match, .free_obj = pipe_free,
};

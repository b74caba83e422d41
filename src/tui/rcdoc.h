/* The settings file as a list of lines, so that saving rewrites only the
 * settings the user changed and keeps everything else — comments, blank
 * lines, names a later version knows, lines we could not parse — byte for
 * byte and in place. Pure: no files, no terminal; rc.c does the I/O and
 * decides which lines it understands. */
#ifndef IPCTOP_TUI_RCDOC_H
#define IPCTOP_TUI_RCDOC_H

#include <stdbool.h>
#include <stddef.h>

/* Longest name and value rc_line_split() hands back, with the NUL. */
#define RC_NAME_MAX 64
#define RC_VALUE_MAX 512   /* a tab's column list */

struct rc_line {
	char *text;        /* as read, without its '\n'; any bytes */
	size_t len;
	bool known;        /* a setting rc.c understood: the only kind rewritten */
};

struct rc_doc {
	struct rc_line *lines;
	size_t n, cap;
};

/* Split buf[0..len) at '\n' into d (empty on entry). A last line without
 * its newline is a line too. 0 or -ENOMEM (d is then freed). */
int rc_doc_parse(struct rc_doc *d, const char *buf, size_t len);

/* A "name = value" line's name and value, blanks trimmed, into name and
 * val (RC_NAME_MAX, RC_VALUE_MAX bytes). 1 for such a line; 0 for a blank
 * line or a '#' comment; -EINVAL for anything else: no '=', an empty
 * name, a NUL byte, a name or value too long for the buffers. */
int rc_line_split(const struct rc_line *l, char *name, char *val);

/* Give the setting name this value: the last known line of that name is
 * rewritten as "name = value", or, with none, such a line is appended
 * (marked known). Unknown lines of the same name stay. 0 or -ENOMEM. */
int rc_doc_set(struct rc_doc *d, const char *name, const char *val);

/* Append one line as it is (not known). 0 or -ENOMEM. */
int rc_doc_append(struct rc_doc *d, const char *text);

/* The file's text, every line followed by '\n', and its length in *len
 * (a NUL a line held is kept). Caller frees; NULL on ENOMEM. */
char *rc_doc_render(const struct rc_doc *d, size_t *len);

void rc_doc_free(struct rc_doc *d);

#endif

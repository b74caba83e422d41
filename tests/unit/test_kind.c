/* The kind table's promise: a kind the core does not name works through
 * it alone. A "widget" kind is defined here, with its own columns and a
 * list filled by hand; diff, filter, sort, tags and every output format
 * must handle it without knowing it. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ipctop/diff.h"
#include "ipctop/kind.h"
#include "ipctop/output.h"
#include "ipctop/tags.h"

struct widget {
	long long serial;
	char label[16];
	long long weight;
	uint32_t uid;
	long long born;
};

#define W(o) ((const struct widget *)(o))

static long long num_serial(const void *o) { return W(o)->serial; }
static long long num_weight(const void *o) { return W(o)->weight; }
static long long num_uid(const void *o) { return W(o)->uid; }

static void text_label(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	snprintf(b, n, "%s", W(o)->label);
}

static const struct field widget_fields[] = {
	{ .name = "SERIAL", .json = "serial", .help = "Serial number", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_MATCH_NUM, .type = FT_NUM,
	  .num = num_serial },
	{ .name = "LABEL", .json = "label", .help = "What it says on it", .width = 8,
	  .flags = FIELD_DEFAULT | FIELD_MATCH | FIELD_TEXTSORT, .type = FT_STR,
	  .text = text_label },
	{ .name = "WEIGHT", .json = "weight", .help = "Grams", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_weight },
	{ .name = "UID", .json = "uid", .help = "Owner", .width = 5,
	  .flags = FIELD_RIGHT | FIELD_OWNER, .type = FT_NUM, .num = num_uid },
};

static void widget_ident(const void *obj, struct ident *out)
{
	out->id = W(obj)->serial;
	out->ctime = W(obj)->born;
	snprintf(out->name, sizeof(out->name), "%s", W(obj)->label);
}

static void widget_match(const void *obj, long long m[MATCH_N])
{
	m[0] = W(obj)->serial;
	m[1] = 0;
	m[2] = 0;
}

/* a slot no kind of the table uses */
#define WIDGET_SLOT ((enum kind_id)(KIND_SLOTS - 1))

static const struct kind widget = {
	.id = WIDGET_SLOT, .name = "widgets", .type = "widget", .title = "Widgets",
	.one = "Widget serial", .word = "widget", .noun = "Widget", .tab = "Widgets",
	.rc = "widgets", .columns = "Widget columns", .flags = KIND_OBJECT,
	.fields = widget_fields, .nfields = sizeof(widget_fields) / sizeof(widget_fields[0]),
	.id_field = &widget_fields[0], .objsize = sizeof(struct widget),
	.ident = widget_ident, .match = widget_match,
};

static void add(struct snapshot *s, long long serial, const char *label, long long weight,
		uint32_t uid)
{
	struct widget *w = objlist_push(snap_list(s, &widget), sizeof(*w));

	assert_non_null(w);
	w->serial = serial;
	snprintf(w->label, sizeof(w->label), "%s", label);
	w->weight = weight;
	w->uid = uid;
	snap_list(s, &widget)->have = true;
}

static const struct kind *const kinds[] = { &widget };

static void diff_of_a_new_kind(void **state)
{
	struct snapshot prev, cur;
	struct diff d;

	(void)state;
	snapshot_init(&prev);
	snapshot_init(&cur);
	diff_init(&d);
	add(&prev, 1, "bolt", 10, 0);
	add(&prev, 2, "nut", 5, 0);
	add(&prev, 3, "gear", 50, 0);
	add(&cur, 1, "bolt", 10, 0);    /* same */
	add(&cur, 2, "nut", 6, 0);      /* changed */
	add(&cur, 4, "spring", 1, 0);   /* new; 3 gone */
	assert_int_equal(diff_compute(&d, &prev, &cur, kinds, 1), 0);
	assert_int_equal(diff_mark(&d, &widget, 0), DIFF_SAME);
	assert_int_equal(diff_mark(&d, &widget, 1), DIFF_CHANGED);
	assert_int_equal(diff_mark(&d, &widget, 2), DIFF_NEW);
	assert_int_equal(d.ngone[WIDGET_SLOT], 1);
	assert_int_equal(W(snap_obj(&prev, &widget, d.gone[WIDGET_SLOT][0]))->serial, 3);
	diff_free(&d);
	snapshot_free(&prev);
	snapshot_free(&cur);
}

static void filter_and_sort(void **state)
{
	struct snapshot s;
	struct field_ctx ctx = { 0 };
	const void *rows[3];

	(void)state;
	snapshot_init(&s);
	add(&s, 7, "bolt", 30, 0);
	add(&s, 8, "nut", 10, 0);
	add(&s, 9, "gear", 20, 0);
	assert_true(field_match(&widget, &ctx, snap_obj(&s, &widget, 0), "BOL"));
	assert_true(field_match(&widget, &ctx, snap_obj(&s, &widget, 1), "8"));
	assert_false(field_match(&widget, &ctx, snap_obj(&s, &widget, 1), "bolt"));
	for (size_t i = 0; i < 3; i++)
		rows[i] = snap_obj(&s, &widget, i);
	fields_sort(&widget, field_find(&widget, "weight"), &ctx, rows, 3, false);
	assert_int_equal(W(rows[0])->serial, 8);
	assert_int_equal(W(rows[2])->serial, 7);
	fields_sort(&widget, field_find(&widget, "LABEL"), &ctx, rows, 3, true);
	assert_string_equal(W(rows[0])->label, "nut");
	snapshot_free(&s);
}

static void tags_follow_identity(void **state)
{
	struct snapshot s;
	struct tagset t = { 0 };
	struct ident id;
	char why[128];

	(void)state;
	snapshot_init(&s);
	add(&s, 1, "bolt", 1, 0);
	add(&s, 2, "nut", 1, 0);
	ident_of(&id, &widget, snap_obj(&s, &widget, 1));
	assert_int_equal(tags_toggle(&t, &id), 1);
	assert_true(tags_has(&t, &id));
	assert_int_equal(tags_count(&t, &widget), 1);
	assert_int_equal(tags_prune(&t, &s, why, sizeof(why)), 0);
	/* serial 2 now names a widget born later: the tag goes, not moves */
	((struct widget *)s.list[WIDGET_SLOT].v)[1].born = 5;
	assert_int_equal(tags_prune(&t, &s, why, sizeof(why)), 1);
	assert_string_equal(why, "widget 2 changed (change time 5, was 0)");
	assert_int_equal(t.n, 0);
	/* and one whose name went is gone */
	ident_of(&id, &widget, snap_obj(&s, &widget, 0));
	assert_int_equal(tags_toggle(&t, &id), 1);
	snprintf(((struct widget *)s.list[WIDGET_SLOT].v)[0].label, 16, "washer");
	assert_int_equal(tags_prune(&t, &s, why, sizeof(why)), 1);
	assert_string_equal(why, "widget 1 is gone");
	tags_free(&t);
	snapshot_free(&s);
}

/* Render o through output_json's and output_table's walk over a kind
 * list: the widget kind is not in the table, so render it directly. */
static char *render(const struct snapshot *s, enum out_format fmt, const char *columns,
		    const char *sort)
{
	struct output_opts o;
	const struct field *store[8], **cols[KIND_SLOTS] = { 0 };
	size_t ncols[KIND_SLOTS] = { 0 };
	char *buf = NULL, bad[32];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int n;

	memset(&o, 0, sizeof(o));
	o.format = fmt;
	o.uid = -1;
	o.detail_id = -1;
	o.sort = sort;
	o.ctx.tfmt = TIME_UNIX;
	o.want[WIDGET_SLOT] = true;
	n = fields_parse_list(&widget, columns, store, 8, false, bad, sizeof(bad));
	assert_true(n > 0);
	cols[WIDGET_SLOT] = store;
	ncols[WIDGET_SLOT] = (size_t)n;
	assert_non_null(f);
	if (fmt == OUT_JSON)
		assert_int_equal(output_json_kinds(f, s, &o, kinds, 1, cols, ncols), 0);
	else
		assert_int_equal(output_table_kinds(f, s, &o, kinds, 1, cols, ncols), 0);
	fclose(f);
	return buf;
}

static void output_of_a_new_kind(void **state)
{
	struct snapshot s;
	char *t;

	(void)state;
	snapshot_init(&s);
	add(&s, 2, "nut", 5, 0);
	add(&s, 1, "bolt \"x\"", 10, 0);
	t = render(&s, OUT_TABLE, "SERIAL,LABEL,WEIGHT", "SERIAL");
	assert_string_equal(t,
		"------ Widgets --------\n"
		"SERIAL LABEL    WEIGHT\n"
		"     1 bolt \"x\"     10\n"
		"     2 nut           5\n"
		"\n");
	free(t);
	t = render(&s, OUT_RAW, "SERIAL,LABEL", NULL);
	assert_string_equal(t, "------ Widgets --------\nSERIAL LABEL\n2 nut\n1 bolt\\x20\"x\"\n");
	free(t);
	t = render(&s, OUT_EXPORT, "LABEL", NULL);
	assert_string_equal(t, "TYPE=\"widget\" LABEL=\"nut\"\nTYPE=\"widget\" LABEL=\"bolt \\\"x\\\"\"\n");
	free(t);
	t = render(&s, OUT_JSON, "SERIAL,LABEL", "WEIGHT");
	assert_string_equal(t,
		"{\n"
		"  \"widgets\": [\n"
		"    {\n"
		"      \"serial\": 2,\n"
		"      \"label\": \"nut\"\n"
		"    },\n"
		"    {\n"
		"      \"serial\": 1,\n"
		"      \"label\": \"bolt \\\"x\\\"\"\n"
		"    }\n"
		"  ]\n"
		"}\n");
	free(t);
	snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diff_of_a_new_kind),
		cmocka_unit_test(filter_and_sort),
		cmocka_unit_test(tags_follow_identity),
		cmocka_unit_test(output_of_a_new_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

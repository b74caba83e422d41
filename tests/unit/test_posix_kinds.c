/* The POSIX kinds through the generic core, on a /dev/shm-like tree made
 * at run time (names git would not keep well: control bytes, invalid
 * UTF-8, a backslash): names are shown escaped in every format and kept
 * raw for finding the entry again; a kind whose id is a name sorts and
 * breaks ties by it and is found by -i NAME; identity follows the inode. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/ident.h"
#include "ipctop/kind.h"
#include "ipctop/output.h"
#include "ipctop/posix.h"

static char dir[64];
static int dfd = -1;
static struct snapshot snap;

/* a file of size bytes in the tree */
static void make(const char *name, size_t size)
{
	int fd = openat(dfd, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	char zero[64] = { 0 };

	assert_true(fd >= 0);
	assert_true(size <= sizeof(zero));
	assert_int_equal(write(fd, zero, size), (ssize_t)size);
	close(fd);
}

static int setup(void **state)
{
	struct pshm *h;
	struct psem *m;
	size_t n;
	(void)state;

	snprintf(dir, sizeof(dir), "/tmp/ipctop-posix-kinds-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	make("b\x1b]0;x\x07", 8);       /* a terminal title, were it printed raw */
	make("a\xff\\z", 8);            /* invalid UTF-8 and a backslash */
	make("c", 16);
	make("sem.\x01s", 32);          /* glibc's size, all zeros: value 0 */
	snapshot_init(&snap);
	if (posix_list_shm(dfd, &h, &n) < 0)
		return -1;
	snap.list[KIND_PSHM].kind = kind_get(KIND_PSHM);
	snap.list[KIND_PSHM].v = h;
	snap.list[KIND_PSHM].n = snap.list[KIND_PSHM].cap = n;
	snap.list[KIND_PSHM].have = true;
	if (posix_list_sem(dfd, &m, &n) < 0)
		return -1;
	snap.list[KIND_PSEM].kind = kind_get(KIND_PSEM);
	snap.list[KIND_PSEM].v = m;
	snap.list[KIND_PSEM].n = snap.list[KIND_PSEM].cap = n;
	snap.list[KIND_PSEM].have = true;
	return 0;
}

static int teardown(void **state)
{
	static const char *const names[] = { "b\x1b]0;x\x07", "a\xff\\z", "c", "sem.\x01s" };
	(void)state;

	snapshot_free(&snap);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlinkat(dfd, names[i], 0);
	close(dfd);
	rmdir(dir);
	return 0;
}

static struct output_opts opts(enum out_format fmt, enum kind_id k)
{
	struct output_opts o;

	memset(&o, 0, sizeof(o));
	o.format = fmt;
	o.want[k] = true;
	o.uid = -1;
	o.detail_id = -1;
	o.ctx.tfmt = TIME_UNIX;
	return o;
}

static char *render(const struct output_opts *o, int *r)
{
	char *buf = NULL, err[256] = "";
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	*r = output_snapshot(f, &snap, o, err, sizeof(err));
	fclose(f);
	return buf;
}

static void names_escaped_in_every_format(void **state)
{
	static const enum out_format fmts[] = { OUT_TABLE, OUT_RAW, OUT_EXPORT, OUT_JSON };
	(void)state;

	for (size_t i = 0; i < 4; i++) {
		struct output_opts o = opts(fmts[i], KIND_PSHM);
		int r;
		char *out;

		o.columns = "NAME,SIZE";
		out = render(&o, &r);
		assert_int_equal(r, 0);
		/* no control byte, no invalid UTF-8, reaches the output */
		for (const unsigned char *p = (const unsigned char *)out; *p; p++)
			assert_true((*p >= 0x20 && *p < 0x7f) || *p == '\n');
		if (fmts[i] == OUT_JSON) {
			assert_non_null(strstr(out, "\"name\": \"/b\\\\x1b]0;x\\\\x07\""));
			assert_non_null(strstr(out, "\"name\": \"/a\\\\xff\\\\x5cz\""));
		} else {
			assert_non_null(strstr(out, "/b\\x1b]0;x\\x07"));
			assert_non_null(strstr(out, "/a\\xff\\x5cz"));
		}
		free(out);
	}
	/* a semaphore's name is what follows "sem." */
	struct output_opts o = opts(OUT_RAW, KIND_PSEM);
	int r;
	char *out;
	o.columns = "NAME,VALUE,NWAITERS";
	o.noheadings = true;
	out = render(&o, &r);
	assert_int_equal(r, 0);
	assert_string_equal(out, "/\\x01s 0 0\n");
	free(out);
}

/* The name is the id: ties in another column break on it (no number to
 * compare), and it sorts by its text. */
static void sort_ties_break_on_the_name(void **state)
{
	struct output_opts o = opts(OUT_RAW, KIND_PSHM);
	int r;
	char *out;
	(void)state;

	o.columns = "NAME";
	o.noheadings = true;
	o.sort = "SIZE";
	out = render(&o, &r);
	assert_int_equal(r, 0);
	/* the two 8-byte objects by name, then the 16-byte one */
	assert_string_equal(out, "/a\\xff\\x5cz\n/b\\x1b]0;x\\x07\n/c\n");
	free(out);
	o.reverse = true;
	out = render(&o, &r);
	assert_string_equal(out, "/c\n/b\\x1b]0;x\\x07\n/a\\xff\\x5cz\n");
	free(out);
}

/* -i takes the name as shown; one that is not there is an error. */
static void detail_by_name(void **state)
{
	struct output_opts o = opts(OUT_TABLE, KIND_PSHM);
	int r;
	char *out;
	(void)state;

	o.detail_id = 0;
	o.detail_text = "/b\\x1b]0;x\\x07";
	out = render(&o, &r);
	assert_int_equal(r, 0);
	assert_non_null(strstr(out, "POSIX Shared Memory name=/b\\x1b]0;x\\x07\n"));
	assert_non_null(strstr(out, "\nSIZE  8B\n"));
	assert_null(strstr(out, "/c"));
	free(out);
	o.detail_text = "/nope";
	out = render(&o, &r);
	assert_int_equal(r, -ENOENT);
	free(out);
}

/* An ident keeps the raw name (to find the entry again) with the inode
 * and change time; its label shows the name escaped. */
static void ident_is_raw_name_and_inode(void **state)
{
	const struct kind *k = kind_get(KIND_PSHM);
	const struct pshm *h = snap.list[KIND_PSHM].v;
	struct ident id;
	char label[512];
	struct stat st;
	(void)state;

	ident_of(&id, k, &h[1]);
	assert_string_equal(id.name, "/b\x1b]0;x\x07");
	assert_int_equal(fstatat(dfd, "b\x1b]0;x\x07", &st, 0), 0);
	assert_int_equal(id.ino, st.st_ino);
	assert_int_equal(id.dev, st.st_dev);
	assert_int_equal(id.ctime, st.st_ctim.tv_sec);
	ident_label(&id, label, sizeof(label));
	assert_string_equal(label, "POSIX shm object /b\\x1b]0;x\\x07");
	/* a queue's ctime moves with every message: not part of its ident */
	struct pmq q;
	memset(&q, 0, sizeof(q));
	q.c = h[1].c;
	q.c.ctime = 1234;
	ident_of(&id, kind_get(KIND_PMQ), &q);
	assert_int_equal(id.ctime, 0);
	assert_int_equal(id.ino, st.st_ino);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_escaped_in_every_format),
		cmocka_unit_test(sort_ties_break_on_the_name),
		cmocka_unit_test(detail_by_name),
		cmocka_unit_test(ident_is_raw_name_and_inode),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

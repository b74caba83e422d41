/* output/prom.c: the Prometheus text format from hand-built snapshots
 * (escaping, the per-kind cap, families written whole, unknown values
 * left out), and serve/scrape.c's atomic --output-file over a fixture
 * tree. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/errors.h"
#include "ipctop/kind.h"
#include "ipctop/limtab.h"
#include "ipctop/prom.h"
#include "ipctop/serve.h"
#include "ipctop/source.h"

static struct msq *add_msg(struct snapshot *s, int32_t id, long long cbytes, long long qbytes)
{
	struct objlist *l = snap_list(s, kind_get(KIND_MSG));
	struct msq *q = objlist_push(l, sizeof(*q));

	assert_non_null(q);
	l->have = true;
	q->c.id = id;
	q->c.key = id * 16;
	q->c.uid = 1000;
	q->c.mode = 0640;
	q->cbytes = cbytes;
	q->qnum = cbytes / 10;
	q->qbytes = qbytes;
	q->waiters.err = -ENODATA;
	return q;
}

static char *render(struct snapshot *s, size_t max)
{
	struct prom_sel sel;
	struct field_ctx ctx = { .tfmt = TIME_UNIX };
	struct prom_opts o = { .ctx = &ctx, .max_objects = max, .collect_seconds = 0.5,
			       .collections = 3, .errors = 1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(prom_select(&sel, s, max), 0);
	assert_int_equal(prom_write(f, s, &sel, &o), 0);
	prom_sel_free(&sel);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_escape(void **state)
{
	char b[64];

	(void)state;
	assert_int_equal(prom_escape_label(b, sizeof(b), "a\"b\\c\nd"), 10);
	assert_string_equal(b, "a\\\"b\\\\c\\nd");
	assert_int_equal(prom_escape_label(b, sizeof(b), "plain text"), 10);
	assert_string_equal(b, "plain text");
	/* cut at a whole escape, never half of one */
	assert_int_equal(prom_escape_label(b, 3, "a\"b"), 1);
	assert_string_equal(b, "a");
	assert_int_equal(prom_escape_label(b, 1, "abc"), 0);
	assert_string_equal(b, "");
}

/* Every sample line belongs to the family of the last # TYPE line, and
 * no family is declared twice. */
static void check_families(const char *text)
{
	char fam[256] = "", seen[64][256];
	int nseen = 0;
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char line[4096];

		assert_true(n < sizeof(line));
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (e ? 1 : 0);
		if (strncmp(line, "# TYPE ", 7) == 0) {
			sscanf(line + 7, "%255s", fam);
			for (int i = 0; i < nseen; i++)
				assert_string_not_equal(seen[i], fam);
			if (nseen < 64)
				snprintf(seen[nseen++], sizeof(seen[0]), "%s", fam);
			continue;
		}
		if (line[0] == '#' || !line[0])
			continue;
		assert_true(fam[0]);
		size_t fl = strlen(fam);
		assert_memory_equal(line, fam, fl);
		assert_true(line[fl] == '{' || line[fl] == ' ');
	}
}

static void test_cap_keeps_the_largest(void **state)
{
	struct snapshot s;

	(void)state;
	snapshot_init(&s);
	add_msg(&s, 1, 10, 100);
	add_msg(&s, 2, 500, 100);
	add_msg(&s, 3, 0, 100);
	add_msg(&s, 4, 500, IPC_UNKNOWN);
	add_msg(&s, 5, 70, 100);
	char *t = render(&s, 2);
	check_families(t);
	/* the two fullest queues, ties by the lower id */
	assert_non_null(strstr(t, "ipctop_msg_queue_used_bytes{kind=\"msg\",ns=\"host\","
			      "key=\"0x00000020\",id=\"2\",owner=\"1000\"} 500\n"));
	assert_non_null(strstr(t, "id=\"4\",owner=\"1000\"} 500\n"));
	assert_null(strstr(t, "id=\"5\""));
	assert_null(strstr(t, "id=\"1\""));
	assert_non_null(strstr(t, "ipctop_objects{kind=\"msg\",ns=\"host\"} 5\n"));
	assert_non_null(strstr(t, "ipctop_objects_omitted{kind=\"msg\",ns=\"host\"} 3\n"));
	/* what the kernel would not say has no sample */
	assert_non_null(strstr(t, "ipctop_msg_queue_max_bytes{kind=\"msg\",ns=\"host\","
			      "key=\"0x00000020\",id=\"2\",owner=\"1000\"} 100\n"));
	assert_null(strstr(t, "ipctop_msg_queue_max_bytes{kind=\"msg\",ns=\"host\","
			   "key=\"0x00000040\""));
	/* waiters not looked at: unknown, so no sample */
	assert_null(strstr(t, "ipctop_msg_queue_waiters{"));
	assert_non_null(strstr(t, "# TYPE ipctop_msg_queue_waiters gauge\n"));
	/* metadata in _info, counters with _total */
	assert_non_null(strstr(t, "ipctop_msg_queue_info{kind=\"msg\",ns=\"host\","
			      "key=\"0x00000020\",id=\"2\",owner=\"1000\",perms=\"0640\""));
	assert_non_null(strstr(t, "# TYPE ipctop_collections_total counter\n"
			      "ipctop_collections_total 3\n"));
	assert_non_null(strstr(t, "ipctop_collect_errors_total 1\n"));
	assert_non_null(strstr(t, "ipctop_collect_duration_seconds 0.5\n"));
	/* no limits read: no limit series, and the error says so */
	assert_null(strstr(t, "ipctop_msg_queues_limit"));
	assert_non_null(strstr(t, "ipctop_limits_error{ns=\"host\"} 1\n"));
	free(t);

	/* 0: counts only */
	t = render(&s, 0);
	check_families(t);
	assert_null(strstr(t, "ipctop_msg_queue_used_bytes{"));
	assert_non_null(strstr(t, "ipctop_objects_omitted{kind=\"msg\",ns=\"host\"} 5\n"));
	free(t);
	snapshot_free(&s);
}

static void test_unread_list_and_limits(void **state)
{
	struct snapshot s;

	(void)state;
	snapshot_init(&s);
	snap_list(&s, kind_get(KIND_MSG))->err = -EACCES;
	snap_list(&s, kind_get(KIND_SHM))->have = true;
	s.have_limits = true;
	memset(&s.limits, 0xff, sizeof(s.limits));    /* all unknown */
	s.limits.msgmni = 32000;
	s.limits.msg_queues = 7;
	s.limits.pagesize = 4096;
	s.limits.shmall = 18446744073692774399ULL;
	s.limits.shmmax = 18446744073692774399ULL;
	char *t = render(&s, 10);
	check_families(t);
	assert_non_null(strstr(t, "ipctop_list_error{kind=\"msg\",ns=\"host\"} 1\n"));
	assert_non_null(strstr(t, "ipctop_list_error{kind=\"shm\",ns=\"host\"} 0\n"));
	/* an unread list has no count: not "0 objects" */
	assert_null(strstr(t, "ipctop_objects{kind=\"msg\""));
	assert_non_null(strstr(t, "ipctop_objects{kind=\"shm\",ns=\"host\"} 0\n"));
	assert_non_null(strstr(t, "ipctop_msg_queues_limit{ns=\"host\"} 32000\n"));
	assert_non_null(strstr(t, "ipctop_msg_queues{ns=\"host\"} 7\n"));
	/* exact past 2^63, and pages made bytes past 2^64 as a float */
	assert_non_null(strstr(t, "ipctop_shm_max_segment_bytes{ns=\"host\"} "
			      "18446744073692774399\n"));
	assert_non_null(strstr(t, "ipctop_shm_limit_bytes{ns=\"host\"} 7.5557863"));
	assert_null(strstr(t, "ipctop_sem_sets_limit"));
	free(t);
	snapshot_free(&s);
}

static void test_limits_table(void **state)
{
	size_t n;
	const struct limit_metric *d = limtab_all(&n);
	struct ipc_limits l;
	unsigned long long exact;
	bool is_exact;
	double approx;

	(void)state;
	assert_true(n >= 20);
	memset(&l, 0, sizeof(l));
	l.pagesize = 4096;
	l.shm_pages = 3;
	for (size_t i = 0; i < n; i++) {
		assert_non_null(d[i].metric);
		assert_non_null(d[i].help);
		if (strcmp(d[i].json, "shm_pages") == 0) {
			assert_true(limtab_value(&d[i], &l, &exact, &is_exact, &approx));
			assert_true(is_exact);
			assert_int_equal(exact, 3 * 4096);
		}
	}
}

static struct scrape fixture_scrape(struct source *src)
{
	struct scrape sc = { .src = src, .max_objects = 5 };

	source_init(src, FIXTURES "/sysv/good");
	return sc;
}

static void test_output_file(void **state)
{
	char dir[] = "/tmp/ipctop-prom-XXXXXX", path[256], link[256], other[256];
	struct source src;
	struct scrape sc = fixture_scrape(&src);
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ipc.prom", dir);
	assert_int_equal(scrape_to_file(&sc, path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_true(st.st_size > 100);
	/* replaced in place, keeping the file's mode */
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(scrape_to_file(&sc, path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	/* a link is not written through, nor replaced */
	snprintf(other, sizeof(other), "%s/other", dir);
	snprintf(link, sizeof(link), "%s/link.prom", dir);
	int fd = open(other, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(symlink(other, link), 0);
	assert_int_equal(scrape_to_file(&sc, link), -IPCTOP_ENOTREG);
	assert_int_equal(stat(other, &st), 0);
	assert_int_equal(st.st_size, 0);
	/* a directory, a FIFO: refused */
	assert_int_equal(scrape_to_file(&sc, dir), -IPCTOP_ENOTREG);
	snprintf(other, sizeof(other), "%s/fifo.prom", dir);
	assert_int_equal(mkfifo(other, 0600), 0);
	assert_int_equal(scrape_to_file(&sc, other), -IPCTOP_ENOTREG);
	assert_int_equal(scrape_to_file(&sc, "/nonexistent-dir/x.prom"), -ENOENT);
	assert_int_equal(scrape_to_file(&sc, "/tmp/"), -EISDIR);
	/* nothing left behind but what the test made */
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) -eq 4", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	assert_true(sc.collections == 2);
}

static void test_parse_addr(void **state)
{
	struct sockaddr_storage ss;
	socklen_t len;

	(void)state;
	assert_int_equal(serve_parse_addr("127.0.0.1:9184", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(serve_parse_addr("[::1]:9184", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(serve_parse_addr("0.0.0.0:1", &ss, &len), 0);
	static const char *bad[] = {
		":9184", "9184", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
		"127.0.0.1:-1", "127.0.0.1:80x", "localhost:9184", "::1:9184", "[::1]9184",
		"[]:9184", "[127.0.0.1]:9184", "1.2.3:80",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(serve_parse_addr(bad[i], &ss, &len), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_cap_keeps_the_largest),
		cmocka_unit_test(test_unread_list_and_limits),
		cmocka_unit_test(test_limits_table),
		cmocka_unit_test(test_output_file),
		cmocka_unit_test(test_parse_addr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

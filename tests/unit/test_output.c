/* --once output (table, raw, export, JSON, detail, limits) of a snapshot
 * collected from the "good" fixture tree, written to memory and compared
 * with the exact text expected. Names are not resolved (no cache), so
 * owners show as numbers and the text does not depend on this machine. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ipctop/output.h"
#include "ipctop/collect.h"
#include "ipctop/source.h"
#include "ipctop/sysv.h"

#define NOW 1700000500LL

static struct snapshot snap;

static int setup(void **state)
{
	struct collect_opts o;
	struct source src;
	(void)state;
	collect_opts_init(&o);
	source_init(&src, FIXTURES "/sysv/good");
	o.limits = true;
	o.want[KIND_MSG] = o.want[KIND_SEM] = o.want[KIND_SHM] = true;
	snapshot_init(&snap);
	return collect_objects(&snap, &src, &o) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	snapshot_free(&snap);
	return 0;
}

static struct output_opts opts(enum out_format fmt)
{
	struct output_opts o;
	memset(&o, 0, sizeof(o));
	o.format = fmt;
	o.want[KIND_MSG] = o.want[KIND_SEM] = o.want[KIND_SHM] = true;
	o.uid = -1;
	o.detail_id = -1;
	o.ctx.now = NOW;
	o.ctx.tfmt = TIME_UNIX;
	return o;
}

/* Render; returns malloc'd text (caller frees) and the status in *r. */
static char *render(const struct output_opts *o, int *r)
{
	char *buf = NULL, err[128] = "";
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	*r = output_snapshot(f, &snap, o, err, sizeof(err));
	fclose(f);
	return buf;
}

static void expect(const struct output_opts *o, const char *want)
{
	int r;
	char *got = render(o, &r);
	assert_int_equal(r, 0);
	if (strcmp(got, want) != 0) {
		print_error("output differs:\n--- got\n%s--- want\n%s", got, want);
		free(got);
		fail();
	}
	free(got);
}

static void table_default(void **state)
{
	struct output_opts o = opts(OUT_TABLE);
	(void)state;
	o.ctx.tfmt = TIME_RELATIVE;
	expect(&o,
"------ Message Queues --------\n"
"KEY           ID OWNER PERMS USEDBYTES MSGS LSPID LRPID   SEND   RECV   CTIME\n"
"0x00001234     0 1000  0600       100B    2  4242     0 8m ago      - 25m ago\n"
"0xb9c8fc7a 32769 0     0644         0B    0     0     0      -      -  6m ago\n"
"0x00000000 65538 65534 0666        16K    3    77    78 5m ago 3m ago  8m ago\n"
"\n"
"------ Shared Memory Segments --------\n"
"KEY           ID OWNER PERMS SIZE NATTCH STATUS CPID LPID ATTACH DETACH  CTIME RSS SWAP\n"
"0x00009abc     0 1000  0600    4K      2 -       100  101 8m ago 8m ago 2h ago  8K   0B\n"
"0x6450f2e5 32769 0     0644    1M      0 dest    200    0      -      - 6m ago  0B   4K\n"
"\n"
"------ Semaphore Arrays --------\n"
"KEY           ID OWNER PERMS NSEMS  OTIME   CTIME\n"
"0x00005678     0 1000  0600      3 8m ago 25m ago\n"
"0xb5e3ea89 32769 0     0640      1      -  6m ago\n"
"\n");
}

static void table_columns_sort_filter(void **state)
{
	struct output_opts o = opts(OUT_TABLE);
	(void)state;
	o.want[KIND_SEM] = o.want[KIND_SHM] = false;
	o.columns = "ID,MSGS,USEDBYTES,MAXBYTES,UID";
	o.sort = "MSGS";
	o.reverse = true;
	o.ctx.bytes = true;
	expect(&o,
"------ Message Queues --------\n"
"   ID MSGS USEDBYTES MAXBYTES   UID\n"
"65538    3     16384        ? 65534\n"
"    0    2       100        ?  1000\n"
"32769    0         0        ?     0\n"
"\n");
	/* -u: only objects of that owner */
	o.uid = 1000;
	o.noheadings = true;
	/* without headers, widths come from the cells alone */
	expect(&o, "0 2 100 ? 1000\n");
	o.uid = 12345;
	expect(&o, "");
}

static void raw_and_noheadings(void **state)
{
	struct output_opts o = opts(OUT_RAW);
	(void)state;
	o.want[KIND_MSG] = o.want[KIND_SEM] = false;
	o.ctx.tfmt = TIME_RELATIVE;
	expect(&o,
"------ Shared Memory Segments --------\n"
"KEY ID OWNER PERMS SIZE NATTCH STATUS CPID LPID ATTACH DETACH CTIME RSS SWAP\n"
"0x00009abc 0 1000 0600 4K 2 - 100 101 8m\\x20ago 8m\\x20ago 2h\\x20ago 8K 0B\n"
"0x6450f2e5 32769 0 0644 1M 0 dest 200 0 - - 6m\\x20ago 0B 4K\n");
	o.noheadings = true;
	o.columns = "ID,SIZE";
	o.ctx.bytes = true;
	expect(&o, "0 4096\n32769 1048576\n");
}

static void export(void **state)
{
	struct output_opts o = opts(OUT_EXPORT);
	(void)state;
	o.want[KIND_MSG] = o.want[KIND_SHM] = false;
	o.ctx.tfmt = TIME_RELATIVE;
	expect(&o,
"TYPE=\"sem\" KEY=\"0x00005678\" ID=\"0\" OWNER=\"1000\" PERMS=\"0600\" NSEMS=\"3\" OTIME=\"8m ago\" CTIME=\"25m ago\"\n"
"TYPE=\"sem\" KEY=\"0xb5e3ea89\" ID=\"32769\" OWNER=\"0\" PERMS=\"0640\" NSEMS=\"1\" OTIME=\"-\" CTIME=\"6m ago\"\n");
}

static void json_document(void **state)
{
	struct output_opts o = opts(OUT_JSON);
	(void)state;
	o.want[KIND_MSG] = false;
	o.limits = true;
	expect(&o,
"{\n"
"  \"sem\": [\n"
"    {\n"
"      \"ns\": null,\n"
"      \"key\": 22136,\n"
"      \"id\": 0,\n"
"      \"owner\": \"1000\",\n"
"      \"perms\": \"0600\",\n"
"      \"mode\": \"-rw-------\",\n"
"      \"uid\": 1000,\n"
"      \"gid\": 1000,\n"
"      \"cuid\": 1000,\n"
"      \"cgid\": 1000,\n"
"      \"cuser\": \"1000\",\n"
"      \"group\": \"1000\",\n"
"      \"cgroup\": \"1000\",\n"
"      \"nsems\": 3,\n"
"      \"otime\": 1700000000,\n"
"      \"ctime\": 1699999000\n"
"    },\n"
"    {\n"
"      \"ns\": null,\n"
"      \"key\": -1243354487,\n"
"      \"id\": 32769,\n"
"      \"owner\": \"0\",\n"
"      \"perms\": \"0640\",\n"
"      \"mode\": \"-rw-r-----\",\n"
"      \"uid\": 0,\n"
"      \"gid\": 0,\n"
"      \"cuid\": 0,\n"
"      \"cgid\": 0,\n"
"      \"cuser\": \"0\",\n"
"      \"group\": \"0\",\n"
"      \"cgroup\": \"0\",\n"
"      \"nsems\": 1,\n"
"      \"otime\": 0,\n"
"      \"ctime\": 1700000100\n"
"    }\n"
"  ],\n"
"  \"shm\": [\n"
"    {\n"
"      \"ns\": null,\n"
"      \"key\": 39612,\n"
"      \"id\": 0,\n"
"      \"owner\": \"1000\",\n"
"      \"perms\": \"0600\",\n"
"      \"mode\": \"-rw-------\",\n"
"      \"uid\": 1000,\n"
"      \"gid\": 1000,\n"
"      \"cuid\": 1000,\n"
"      \"cgid\": 1000,\n"
"      \"cuser\": \"1000\",\n"
"      \"group\": \"1000\",\n"
"      \"cgroup\": \"1000\",\n"
"      \"size\": 4096,\n"
"      \"nattch\": 2,\n"
"      \"cpid\": 100,\n"
"      \"lpid\": 101,\n"
"      \"atime\": 1700000000,\n"
"      \"dtime\": 1699999999,\n"
"      \"ctime\": 1699990000,\n"
"      \"rss\": 8192,\n"
"      \"swap\": 0,\n"
"      \"dest\": false,\n"
"      \"locked\": false,\n"
"      \"command\": null\n"
"    },\n"
"    {\n"
"      \"ns\": null,\n"
"      \"key\": 1683026661,\n"
"      \"id\": 32769,\n"
"      \"owner\": \"0\",\n"
"      \"perms\": \"0644\",\n"
"      \"mode\": \"-rw-r--r--\",\n"
"      \"uid\": 0,\n"
"      \"gid\": 0,\n"
"      \"cuid\": 0,\n"
"      \"cgid\": 0,\n"
"      \"cuser\": \"0\",\n"
"      \"group\": \"0\",\n"
"      \"cgroup\": \"0\",\n"
"      \"size\": 1048576,\n"
"      \"nattch\": 0,\n"
"      \"cpid\": 200,\n"
"      \"lpid\": 0,\n"
"      \"atime\": 0,\n"
"      \"dtime\": 0,\n"
"      \"ctime\": 1700000100,\n"
"      \"rss\": 0,\n"
"      \"swap\": 4096,\n"
"      \"dest\": true,\n"
"      \"locked\": false,\n"
"      \"command\": null\n"
"    }\n"
"  ],\n"
"  \"limits\": {\n"
"    \"msgmni\": 32000,\n"
"    \"msgmax\": 8192,\n"
"    \"msgmnb\": 16384,\n"
"    \"semmsl\": 32000,\n"
"    \"semmns\": 1024000000,\n"
"    \"semopm\": 500,\n"
"    \"semmni\": 32000,\n"
"    \"shmmni\": 4096,\n"
"    \"shmmax\": 18446744073692774399,\n"
"    \"shmall\": 18446744073692774399,\n"
"    \"pagesize\": 4096,\n"
"    \"shmmin\": null,\n"
"    \"semvmx\": null,\n"
"    \"msg_queues\": 3,\n"
"    \"msg_bytes\": 16484,\n"
"    \"msg_msgs\": 5,\n"
"    \"sem_sets\": 2,\n"
"    \"sem_sems\": 4,\n"
"    \"shm_segs\": 2,\n"
"    \"shm_bytes\": 1052672,\n"
"    \"shm_pages\": 257,\n"
"    \"shm_rss\": 8192,\n"
"    \"shm_swap\": 4096,\n"
"    \"mq_queues_max\": 256,\n"
"    \"mq_msg_max\": 10,\n"
"    \"mq_msgsize_max\": 8192,\n"
"    \"mq_msg_default\": 10,\n"
"    \"mq_msgsize_default\": 8192,\n"
"    \"mq_queues\": null,\n"
"    \"devshm_size\": null,\n"
"    \"devshm_used\": null\n"
"  }\n"
"}\n");
}

static void json_unknown_is_null(void **state)
{
	struct output_opts o = opts(OUT_JSON);
	int r;
	char *got;
	(void)state;
	o.want[KIND_SEM] = o.want[KIND_SHM] = false;
	o.columns = "ID,MAXBYTES";
	got = render(&o, &r);
	assert_int_equal(r, 0);
	/* max bytes is not in the fixture: null, not a made-up number */
	assert_non_null(strstr(got, "\"qbytes\": null"));
	free(got);
}

static void detail(void **state)
{
	struct output_opts o = opts(OUT_TABLE);
	(void)state;
	o.want[KIND_MSG] = o.want[KIND_SHM] = false;
	o.detail_id = 32769;
	expect(&o,
"Semaphore Array semid=32769\n"
"KEY    0xb5e3ea89\n"
"ID     32769\n"
"OWNER  0\n"
"PERMS  0640\n"
"MODE   -rw-r-----\n"
"UID    0\n"
"GID    0\n"
"CUID   0\n"
"CGID   0\n"
"CUSER  0\n"
"GROUP  0\n"
"CGROUP 0\n"
"NSEMS  1\n"
"OTIME  0\n"
"CTIME  1700000100\n"
"\n"
"SEMNUM VALUE NCOUNT ZCOUNT PID\n");
}

static void limits_table(void **state)
{
	struct output_opts o = opts(OUT_TABLE);
	(void)state;
	memset(o.want, 0, sizeof(o.want));     /* -l alone */
	o.limits = true;
	/* every row of lsipc -g (SHMMIN and SEMVMX come from the live
	 * kernel only: unknown here), the use of ipcs -u, and sizes alike */
	expect(&o,
"------ Limits and Use --------\n"
"RESOURCE DESCRIPTION                                        LIMIT USED  USE%\n"
"MSGMNI   Number of message queues                           32000    3 0.01%\n"
"MSGMAX   Max size of a message (bytes)                         8K    -     -\n"
"MSGMNB   Default max size of a queue (bytes)                  16K    -     -\n"
"MSGS     Messages in all queues                                 -    5     -\n"
"MSGBYTES Bytes in all queues                                    -  16K     -\n"
"SHMMNI   Shared memory segments                              4096    2 0.05%\n"
"SHMALL   Shared memory pages                 18446744073692774399  257 0.00%\n"
"SHMMAX   Max size of a segment (bytes)                        16E    -     -\n"
"SHMMIN   Min size of a segment (bytes)                          ?    -     -\n"
"SHMRSS   Shared memory pages resident                           -    2     -\n"
"SHMSWAP  Shared memory pages swapped                            -    1     -\n"
"SEMMNI   Number of semaphore sets                           32000    2 0.01%\n"
"SEMMNS   Total number of semaphores                    1024000000    4 0.00%\n"
"SEMMSL   Max semaphores per set                             32000    -     -\n"
"SEMOPM   Max operations per semop(2)                          500    -     -\n"
"SEMVMX   Max value of a semaphore                               ?    -     -\n");
	/* -b: every size in bytes, the unlimited one too */
	o.ctx.bytes = true;
	o.want[KIND_SHM] = true;
	o.noheadings = true;
	{
		int r;
		char *got = render(&o, &r);
		assert_int_equal(r, 0);
		char *line = strstr(got, "SHMMAX");
		assert_non_null(line);
		*strchr(line, '\n') = '\0';
		assert_non_null(strstr(line, " 18446744073692774399 "));
		free(got);
	}
}

static void errors(void **state)
{
	struct output_opts o = opts(OUT_TABLE);
	char err[128] = "";
	FILE *f = fopen("/dev/null", "w");
	(void)state;
	assert_non_null(f);
	o.columns = "KEY,NOSUCH";
	assert_int_equal(output_snapshot(f, &snap, &o, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "unknown column 'NOSUCH'");
	o = opts(OUT_TABLE);
	o.sort = "NOSUCH";
	assert_int_equal(output_snapshot(f, &snap, &o, err, sizeof(err)), -EINVAL);
	o = opts(OUT_TABLE);
	o.want[KIND_SEM] = o.want[KIND_SHM] = false;
	o.detail_id = 4;
	assert_int_equal(output_snapshot(f, &snap, &o, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "no object with id 4");
	fclose(f);
}

static void needs(void **state)
{
	struct output_opts o = opts(OUT_TABLE);
	(void)state;
	/* max bytes costs a msgctl per queue: only when shown or sorted */
	assert_false(output_needs(&o) & NEED_QBYTES);
	/* the default columns name pids and list waiters */
	assert_true(output_needs(&o) & NEED_PROCS);
	assert_true(output_needs(&o) & NEED_USERS);
	o.sort = "maxbytes";
	assert_true(output_needs(&o) & NEED_QBYTES);
	o.sort = NULL;
	o.columns = "ID,MAXBYTES";
	assert_true(output_needs(&o) & NEED_QBYTES);
	/* no pid column, no list: no process scan at all */
	assert_false(output_needs(&o) & (NEED_PROCS | NEED_USERS));
	o = opts(OUT_JSON);
	assert_true(output_needs(&o) & NEED_QBYTES);
	o.want[KIND_MSG] = false;
	assert_false(output_needs(&o) & NEED_QBYTES);
	o = opts(OUT_TABLE);
	o.detail_id = 3;
	assert_true(output_needs(&o) & NEED_QBYTES);
	/* the signals section needs the signal state */
	o = opts(OUT_TABLE);
	o.want[KIND_PROC] = true;
	assert_true(output_needs(&o) & NEED_SIGNALS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_default),
		cmocka_unit_test(table_columns_sort_filter),
		cmocka_unit_test(raw_and_noheadings),
		cmocka_unit_test(export),
		cmocka_unit_test(json_document),
		cmocka_unit_test(json_unknown_is_null),
		cmocka_unit_test(detail),
		cmocka_unit_test(limits_table),
		cmocka_unit_test(errors),
		cmocka_unit_test(needs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* IPC namespaces without the kernel: the container a /proc/PID/cgroup
 * text names (tests/fixtures/ns/cgroup: Docker, Kubernetes, Podman with
 * their cgroup drivers, nested, malformed, overlong, empty), --ns SPEC
 * syntax and matching, and ns_list over a proc tree built here (labels,
 * oldest members, threads in other namespaces, unreadable entries). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/ns.h"

#define CG FIXTURES "/ns/cgroup/"

#define H1 "3f2a9c1b7e4d7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0"
#define H2 "b7e4d0a1c2f33fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376"
#define H3 "c0ffee0001118b5b9db0c13db24256c829aa364aa90c6d2eba318b9232a4ab93"
#define H4 "3f2a00aa11bb04efaf080f5a3e74e1c29d1ca6a48569382cbbcd324e8d59d2b8"
#define UID "0f5c8a9e-2b1d-4c3e-9f7a-6d5e4c3b2a10"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

struct cg_case {
	const char *file;
	const char *runtime;    /* NULL: no container */
	const char *id;
	const char *label;
};

static const struct cg_case cg_cases[] = {
	{ "docker-systemd-v2", "docker", H1, "docker:3f2a9c1b7e4d" },
	{ "docker-systemd-v1", "docker", H1, "docker:3f2a9c1b7e4d" },
	{ "docker-cgroupfs-v1", "docker", H2, "docker:b7e4d0a1c2f3" },
	{ "docker-cgroupfs-v2", "docker", H2, "docker:b7e4d0a1c2f3" },
	/* v1 lines name it, the v2 line is "/" */
	{ "docker-hybrid", "docker", H2, "docker:b7e4d0a1c2f3" },
	/* the v2 line wins */
	{ "docker-v1-v2-differ", "docker", H1, "docker:3f2a9c1b7e4d" },
	{ "docker-subcgroup", "docker", H1, "docker:3f2a9c1b7e4d" },
	/* the innermost container */
	{ "docker-in-docker", "docker", H1, "docker:3f2a9c1b7e4d" },
	{ "docker-cgroupns-relative", "docker", H1, "docker:3f2a9c1b7e4d" },
	{ "docker-no-newline", "docker", H1, "docker:3f2a9c1b7e4d" },
	{ "k8s-systemd-besteffort", "k8s-pod", "1234-5678", "k8s-pod:1234-5678" },
	{ "k8s-systemd-burstable", "k8s-pod", UID, "k8s-pod:" UID },
	{ "k8s-systemd-guaranteed", "k8s-pod", UID, "k8s-pod:" UID },
	{ "k8s-systemd-v1", "k8s-pod", UID, "k8s-pod:" UID },
	{ "k8s-cgroupfs-besteffort", "k8s-pod", UID, "k8s-pod:" UID },
	{ "k8s-cgroupfs-burstable-v1", "k8s-pod", UID, "k8s-pod:" UID },
	{ "k8s-cgroupfs-guaranteed", "k8s-pod", UID, "k8s-pod:" UID },
	{ "k8s-static-pod", "k8s-pod", "6d5e4c3b2a100f5c8a9e2b1d4c3e9f7a",
	  "k8s-pod:6d5e4c3b2a100f5c8a9e2b1d4c3e9f7a" },
	{ "k8s-crio", "k8s-pod", UID, "k8s-pod:" UID },
	/* a pod's docker-<id>.scope containers are the pod's */
	{ "k8s-dockershim", "k8s-pod", UID, "k8s-pod:" UID },
	/* kind: a pod inside a Docker container is the pod */
	{ "k8s-in-docker", "k8s-pod", UID, "k8s-pod:" UID },
	/* Docker inside a pod's container is that Docker container */
	{ "docker-in-k8s", "docker", H2, "docker:b7e4d0a1c2f3" },
	{ "podman-systemd", "podman", H4, "podman:3f2a00aa11bb" },
	{ "podman-container-subcgroup", "podman", H4, "podman:3f2a00aa11bb" },
	{ "podman-rootless", "podman", H4, "podman:3f2a00aa11bb" },
	{ "podman-cgroupfs-v1", "podman", H4, "podman:3f2a00aa11bb" },
	{ "podman-in-pod", "podman", H4, "podman:3f2a00aa11bb" },
	/* the monitor is not the container */
	{ "podman-conmon", NULL, NULL, NULL },
	{ "host-init", NULL, NULL, NULL },
	{ "host-session", NULL, NULL, NULL },
	{ "host-docker-daemon", NULL, NULL, NULL },
	{ "host-containerd", NULL, NULL, NULL },
	{ "host-hybrid", NULL, NULL, NULL },
	{ "pod-without-kubepods", NULL, NULL, NULL },
	{ "id-short", NULL, NULL, NULL },
	{ "id-long", NULL, NULL, NULL },
	{ "id-upper", NULL, NULL, NULL },
	{ "id-not-hex", NULL, NULL, NULL },
	{ "id-suffix", NULL, NULL, NULL },
	{ "pod-uid-too-long", NULL, NULL, NULL },
	{ "pod-uid-bad", NULL, NULL, NULL },
	{ "malformed", NULL, NULL, NULL },
	{ "empty", NULL, NULL, NULL },
};

static void check_cgroup(const char *what, const char *text, const struct cg_case *c)
{
	char rt[NS_RUNTIME_MAX], id[NS_ID_MAX], label[NS_LABEL_MAX];
	int r;

	memset(rt, 'x', sizeof(rt));
	memset(id, 'x', sizeof(id));
	memset(label, 'x', sizeof(label));
	r = ns_container_from_cgroup(text, rt, sizeof(rt), id, sizeof(id), label, sizeof(label));
	if (r != (c->runtime ? 1 : 0))
		fail_msg("%s: returned %d (runtime \"%s\", label \"%s\")", what, r, rt, label);
	assert_string_equal(rt, c->runtime ? c->runtime : "");
	assert_string_equal(id, c->id ? c->id : "");
	assert_string_equal(label, c->label ? c->label : "");
}

static void test_cgroup_fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cg_cases) / sizeof(cg_cases[0]); i++) {
		char path[PATH_MAX], *text;

		snprintf(path, sizeof(path), "%s%s", CG, cg_cases[i].file);
		text = slurp(path);
		check_cgroup(cg_cases[i].file, text, &cg_cases[i]);
		free(text);
	}
}

static void test_cgroup_overlong(void **state)
{
	static const struct cg_case docker = { "", "docker", H1, "docker:3f2a9c1b7e4d" };
	static const struct cg_case none = { "", NULL, NULL, NULL };
	size_t n = 200000;
	char *big = malloc(n + 200), *p = big;
	(void)state;

	assert_non_null(big);
	/* a path of 200,000 bytes, the container at its end */
	p += sprintf(p, "0::");
	while ((size_t)(p - big) < n)
		p += sprintf(p, "/deep");
	sprintf(p, "/docker-%s.scope\n", H1);
	check_cgroup("long path", big, &docker);
	/* one component of 200,000 bytes */
	memset(big, 'a', n);
	memcpy(big, "0::/docker-", 11);
	strcpy(big + n, ".scope\n");
	check_cgroup("long component", big, &none);
	/* no newline, no colon at all */
	memset(big, '/', n);
	big[n] = '\0';
	check_cgroup("slashes", big, &none);
	free(big);
	check_cgroup("NULL", NULL, &none);
}

static void test_cgroup_small_buffers(void **state)
{
	char rt[NS_RUNTIME_MAX], id[NS_ID_MAX], label[NS_LABEL_MAX];
	const char *text = "0::/system.slice/docker-" H1 ".scope\n";
	(void)state;

	assert_int_equal(ns_container_from_cgroup(text, rt, sizeof(rt), id, 12, label,
						  sizeof(label)), -ERANGE);
	assert_string_equal(rt, "");
	assert_string_equal(id, "");
	assert_string_equal(label, "");
	assert_int_equal(ns_container_from_cgroup(text, rt, sizeof(rt), id, sizeof(id), label,
						  NS_LABEL_MAX - 1), -ERANGE);
	assert_int_equal(ns_container_from_cgroup(text, rt, 0, id, sizeof(id), label,
						  sizeof(label)), -ERANGE);
	assert_int_equal(ns_container_from_cgroup(text, rt, sizeof(rt), id, sizeof(id), label,
						  sizeof(label)), 1);
}

/* ---- --ns SPEC ---- */

struct spec_case {
	const char *in;
	int ret;
	enum ns_spec_kind kind;
	pid_t pid;
	unsigned long long inode;
	const char *runtime;
	const char *text;
};

static const struct spec_case spec_cases[] = {
	{ "all", 0, NS_SPEC_ALL, 0, 0, "", "" },
	{ "host", 0, NS_SPEC_HOST, 0, 0, "", "" },
	{ "1", 0, NS_SPEC_PID, 1, 0, "", "" },
	{ "4242", 0, NS_SPEC_PID, 4242, 0, "", "" },
	{ "4194304", 0, NS_SPEC_PID, 4194304, 0, "", "" },
	{ "pid:17", 0, NS_SPEC_PID, 17, 0, "", "" },
	{ "4026531839", 0, NS_SPEC_INODE, 0, 4026531839ULL, "", "" },
	{ "4026532123", 0, NS_SPEC_INODE, 0, 4026532123ULL, "", "" },
	{ "4294967295", 0, NS_SPEC_INODE, 0, 4294967295ULL, "", "" },
	{ "ipc:[4026532123]", 0, NS_SPEC_INODE, 0, 4026532123ULL, "", "" },
	{ "ns:4026532123", 0, NS_SPEC_INODE, 0, 4026532123ULL, "", "" },
	/* written as an inode, the number is one whatever its size */
	{ "ipc:[17]", 0, NS_SPEC_INODE, 0, 17, "", "" },
	{ "ns:99999999999", 0, NS_SPEC_INODE, 0, 99999999999ULL, "", "" },
	/* between the largest pid and the first inode: neither */
	{ "4194305", -ERANGE, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "123456789012", -ERANGE, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "4294967296", -ERANGE, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "0", -ERANGE, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "99999999999999999999999", -ERANGE, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "pid:0", -ERANGE, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "pid:4026532123", -ERANGE, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "pid:", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "pid:12a", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "ns:0", -ERANGE, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "ipc:[]", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "ipc:[12a]", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "ipc:[-1]", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "docker:3f2a", 0, NS_SPEC_ID, 0, 0, "docker", "3f2a" },
	{ "docker:3F2A9C", 0, NS_SPEC_ID, 0, 0, "docker", "3f2a9c" },
	{ "docker:" H1, 0, NS_SPEC_ID, 0, 0, "docker", H1 },
	{ "docker:" H1 "0", -ENAMETOOLONG, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "docker:", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "docker:xyz", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "docker:3f2a-", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "podman:3f2a00", 0, NS_SPEC_ID, 0, 0, "podman", "3f2a00" },
	{ "k8s-pod:1234_5678", 0, NS_SPEC_ID, 0, 0, "k8s-pod", "1234-5678" },
	{ "k8s-pod:" UID, 0, NS_SPEC_ID, 0, 0, "k8s-pod", UID },
	{ "k8s-pod:-12", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	/* letters make an id prefix of any runtime */
	{ "3f2a9c1b7e4d", 0, NS_SPEC_ID, 0, 0, "", "3f2a9c1b7e4d" },
	{ "3F2A", 0, NS_SPEC_ID, 0, 0, "", "3f2a" },
	{ "1234-5678", 0, NS_SPEC_ID, 0, 0, "", "1234-5678" },
	{ "0f5c8a9e_2b1d", 0, NS_SPEC_ID, 0, 0, "", "0f5c8a9e-2b1d" },
	{ "cafe" H1, -ENAMETOOLONG, NS_SPEC_LABEL, 0, 0, "", "" },
	/* anything else printable is a whole label */
	{ "nginx(4242)", 0, NS_SPEC_LABEL, 0, 0, "", "nginx(4242)" },
	{ "cafe(12)", 0, NS_SPEC_LABEL, 0, 0, "", "cafe(12)" },
	{ "caf\xc3\xa9(3)", 0, NS_SPEC_LABEL, 0, 0, "", "caf\xc3\xa9(3)" },
	{ "post\\x1bgres(300)", 0, NS_SPEC_LABEL, 0, 0, "", "post\\x1bgres(300)" },
	{ "-", 0, NS_SPEC_LABEL, 0, 0, "", "-" },
	{ "", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "a\tb", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "x\x1b[2J", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "del\x7f", -EINVAL, NS_SPEC_LABEL, 0, 0, "", "" },
	{ "a-label-far-too-long-to-be-any-label-ipctop-makes-0123456789-0123456789-0123456789",
	  -ENAMETOOLONG, NS_SPEC_LABEL, 0, 0, "", "" },
};

static void test_parse_spec(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(spec_cases) / sizeof(spec_cases[0]); i++) {
		const struct spec_case *c = &spec_cases[i];
		struct ns_spec s;
		int r = ns_parse_spec(c->in, &s);

		if (r != c->ret)
			fail_msg("\"%s\": returned %d, not %d", c->in, r, c->ret);
		if (r < 0) {
			assert_true(ns_spec_strerror(r)[0] != '\0');
			continue;
		}
		if (s.kind != c->kind)
			fail_msg("\"%s\": kind %d, not %d", c->in, (int)s.kind, (int)c->kind);
		assert_int_equal(s.pid, c->pid);
		assert_true(s.inode == c->inode);
		assert_string_equal(s.runtime, c->runtime);
		assert_string_equal(s.text, c->text);
	}
	assert_int_equal(ns_parse_spec(NULL, &(struct ns_spec){ 0 }), -EINVAL);
	assert_true(strstr(ns_spec_strerror(-ERANGE), "pid") != NULL);
	assert_true(strstr(ns_spec_strerror(-EINVAL), "docker:") != NULL);
}

static struct ipcns mkns(unsigned long long inode, bool self, pid_t pid,
			 const char *runtime, const char *id, const char *label)
{
	struct ipcns ns;

	memset(&ns, 0, sizeof(ns));
	ns.inode = inode;
	ns.self = self;
	ns.pid = pid;
	ns.nproc = 1;
	snprintf(ns.runtime, sizeof(ns.runtime), "%s", runtime);
	snprintf(ns.id, sizeof(ns.id), "%s", id);
	snprintf(ns.label, sizeof(ns.label), "%s", label);
	return ns;
}

static bool matches(const char *spec, const struct ipcns *ns)
{
	struct ns_spec s;

	assert_int_equal(ns_parse_spec(spec, &s), 0);
	return ns_match(&s, ns);
}

static void test_match(void **state)
{
	struct ipcns host = mkns(4026531839ULL, true, 100, "", "", "host");
	struct ipcns docker = mkns(4026532200ULL, false, 201, "docker", H1, "docker:3f2a9c1b7e4d");
	struct ipcns podman = mkns(4026532600ULL, false, 800, "podman", H4, "podman:3f2a00aa11bb");
	struct ipcns pod = mkns(4026532400ULL, false, 401, "k8s-pod", UID, "k8s-pod:" UID);
	struct ipcns plain = mkns(4026532300ULL, false, 300, "", "", "postgres(300)");
	struct ns_spec s;
	(void)state;

	assert_true(matches("all", &host) && matches("all", &plain));
	assert_true(matches("host", &host));
	assert_false(matches("host", &docker));
	assert_true(matches("4026532200", &docker));
	assert_false(matches("4026532200", &podman));
	assert_true(matches("ipc:[4026531839]", &host));
	assert_true(matches("docker:3f2a", &docker));
	assert_false(matches("docker:3f2a", &podman));
	assert_true(matches("podman:3f2a", &podman));
	assert_true(matches("3f2a", &docker) && matches("3f2a", &podman));
	assert_true(matches("3f2a9", &docker));
	assert_false(matches("3f2a9", &podman));
	assert_true(matches(H1, &docker));
	assert_true(matches("k8s-pod:0f5c8a9e_2b1d", &pod));
	assert_true(matches("0f5c8a9e-2b1d-4c3e", &pod));
	assert_false(matches("docker:0f5c", &pod));
	/* a namespace without a container has no id to match */
	assert_false(matches("c", &plain));
	assert_false(matches("c", &host));
	assert_true(matches("postgres(300)", &plain));
	assert_false(matches("postgres(30)", &plain));
	assert_false(matches("postgres", &plain));
	/* an unresolved pid spec compares the representative member */
	assert_true(matches("201", &docker));
	assert_false(matches("202", &docker));
	/* once resolved, the namespace, whoever stands for it */
	assert_int_equal(ns_parse_spec("202", &s), 0);
	s.inode = 4026532200ULL;
	assert_true(ns_match(&s, &docker));
	assert_false(ns_match(&s, &host));
}

/* ---- ns_list over a proc tree ---- */

static char tree[64];

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX], dir[PATH_MAX], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	/* make the parent directories */
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + strlen(tree) + 1; (slash = strchr(p, '/')); p = slash + 1) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", dir, strerror(errno));
		*slash = '/';
	}
	if (!text)
		return;
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void link_(const char *rel, const char *target)
{
	char path[PATH_MAX];

	put(rel, NULL);
	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	if (symlink(target, path) < 0)
		fail_msg("symlink %s: %s", path, strerror(errno));
}

/* A stat line with comm and start time (field 22). */
static void put_stat(const char *rel, int pid, const char *comm, unsigned long long start)
{
	char line[512];

	snprintf(line, sizeof(line),
		 "%d (%s) S 1 %d %d 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 %llu "
		 "12345678 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n",
		 pid, comm, pid, pid, start);
	put(rel, line);
}

/* a task directory, so that link counts tell how many threads */
static void put_task(int pid, int tid)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%d/task/%d/", pid, tid);
	put(rel, NULL);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Namespace A's members, and E's two of equal age. */
static int a_pids[3] = { 200, 201, 202 };
static int a_oldest;
static int e_low, e_high;

static void rm_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Where pid's directory comes in a listing of the tree: ns_list meets
 * processes in this order. */
static long dir_pos(int pid)
{
	DIR *d = opendir(tree);
	struct dirent *de;
	char name[16];
	long pos = 0;

	assert_non_null(d);
	snprintf(name, sizeof(name), "%d", pid);
	while ((de = readdir(d)) && strcmp(de->d_name, name) != 0)
		pos++;
	closedir(d);
	return pos;
}

/* Sort pids[0..n) in the order a listing of the tree gives them. */
static void readdir_order(int *pids, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && dir_pos(pids[j]) < dir_pos(pids[j - 1]); j--) {
			int t = pids[j];
			pids[j] = pids[j - 1];
			pids[j - 1] = t;
		}
}

/* Two pids of [from, to) whose directories come higher pid first, when
 * any do; otherwise the first two. */
static void tie_pair(int from, int to, int *low, int *high)
{
	*low = from;
	*high = from + 1;
	for (int x = from; x < to; x++)
		for (int y = x + 1; y < to; y++)
			if (dir_pos(y) < dir_pos(x)) {
				*low = x;
				*high = y;
				return;
			}
}

static int tree_teardown(void **state)
{
	(void)state;
	if (tree[0])
		rm_tree(tree);
	tree[0] = '\0';
	return 0;
}

#define A 4026532200ULL
#define B 4026532300ULL
#define C 4026532400ULL
#define D 4026532500ULL
#define E 4026532600ULL
#define F 4026532700ULL

static int tree_setup(void **state)
{
	(void)state;
	snprintf(tree, sizeof(tree), "/tmp/ipctop-nstree-XXXXXX");
	if (!mkdtemp(tree)) {
		tree[0] = '\0';
		return -1;
	}
	link_("self", "100");
	/* ipctop (100) and init (1), in the host namespace */
	link_("100/ns/ipc", "ipc:[4026531839]");
	put_stat("100/stat", 100, "ipctop", 5000);
	put_task(100, 100);
	link_("1/ns/ipc", "ipc:[4026531839]");
	put_stat("1/stat", 1, "init", 1);
	put_task(1, 1);
	/* A: a Docker container of three processes, its oldest the one
	 * ns_list meets last, so that meeting order cannot pass for age */
	for (size_t i = 0; i < 3; i++) {
		char rel[64];
		snprintf(rel, sizeof(rel), "%d/ns/ipc", a_pids[i]);
		link_(rel, "ipc:[4026532200]");
		snprintf(rel, sizeof(rel), "%d/cgroup", a_pids[i]);
		put(rel, "0::/system.slice/docker-" H1 ".scope\n");
		put_task(a_pids[i], a_pids[i]);
	}
	readdir_order(a_pids, 3);
	a_oldest = a_pids[2];
	for (size_t i = 0; i < 3; i++) {
		char rel[64];
		snprintf(rel, sizeof(rel), "%d/stat", a_pids[i]);
		put_stat(rel, a_pids[i], i == 2 ? "nginx" : "sh", i == 2 ? 50 : 300 + i);
	}
	/* 950: its leader and a thread both in A, counted once */
	link_("950/ns/ipc", "ipc:[4026532200]");
	put_stat("950/stat", 950, "worker", 999);
	put_task(950, 950);
	link_("950/task/951/ns/ipc", "ipc:[4026532200]");
	put_stat("950/task/951/stat", 951, "worker", 999);
	/* B: no container; a comm that would move the cursor */
	link_("300/ns/ipc", "ipc:[4026532300]");
	put_stat("300/stat", 300, "post\x1bgres", 70);
	put("300/cgroup", "0::/user.slice/user-1000.slice/session-2.scope\n");
	put_task(300, 300);
	/* C: only a thread of 400 (a host process) is in it: a Kubernetes pod */
	link_("400/ns/ipc", "ipc:[4026531839]");
	put_stat("400/stat", 400, "agent", 80);
	put_task(400, 400);
	link_("400/task/401/ns/ipc", "ipc:[4026532400]");
	put_stat("400/task/401/stat", 401, "agent", 90);
	put("400/task/401/cgroup", "0::/kubepods/besteffort/pod" UID "/" H3 "\n");
	/* D: a member whose stat and cgroup cannot be read */
	link_("500/ns/ipc", "ipc:[4026532500]");
	put_task(500, 500);
	/* E: Podman, two members started in the same tick: the lower pid,
	 * met second when the directory order allows */
	for (int pid = 800; pid < 806; pid++)
		put_task(pid, pid);
	tie_pair(800, 806, &e_low, &e_high);
	for (int pid = 800; pid < 806; pid++) {
		char rel[128];
		if (pid != e_low && pid != e_high) {
			snprintf(rel, sizeof(rel), "%s/%d", tree, pid);
			rm_tree(rel);
			continue;
		}
		snprintf(rel, sizeof(rel), "%d/ns/ipc", pid);
		link_(rel, "ipc:[4026532600]");
		snprintf(rel, sizeof(rel), "%d/stat", pid);
		put_stat(rel, pid, pid == e_low ? "podman-a" : "podman-b", 10);
		snprintf(rel, sizeof(rel), "%d/cgroup", pid);
		put(rel, "0::/machine.slice/libpod-" H4 ".scope/container\n");
	}
	/* F: a leader that has exited (no ns link), its thread in F */
	put_task(900, 900);
	link_("900/task/901/ns/ipc", "ipc:[4026532700]");
	put_stat("900/task/901/stat", 901, "zthread", 20);
	/* not namespaces, not processes */
	link_("600/ns/ipc", "mnt:[4026531840]");
	link_("601/ns/ipc", "ipc:[0]");
	link_("602/ns/ipc", "ipc:[12x]");
	put("700/status", "Name:\tgone\n");
	put("abc/ns/", NULL);
	put("12x/ns/", NULL);
	return 0;
}

static const struct ipcns *find(const struct ipcns *v, size_t n, unsigned long long ino)
{
	const struct ipcns *hit = NULL;

	for (size_t i = 0; i < n; i++) {
		if (v[i].inode != ino)
			continue;
		assert_null(hit);       /* each namespace once */
		hit = &v[i];
	}
	assert_non_null(hit);
	return hit;
}

static void test_list_tree(void **state)
{
	struct ipcns *v;
	const struct ipcns *e;
	size_t n, unreadable = 99;
	(void)state;

	assert_int_equal(ns_list(tree, &v, &n, &unreadable), 0);
	assert_int_equal(unreadable, 0);
	assert_int_equal(n, 7);
	/* own first, then by inode */
	assert_true(v[0].self && v[0].inode == 4026531839ULL);
	for (size_t i = 1; i < n; i++) {
		assert_false(v[i].self);
		if (i > 1)
			assert_true(v[i - 1].inode < v[i].inode);
	}
	assert_string_equal(v[0].label, "host");
	assert_int_equal(v[0].pid, 100);
	assert_int_equal(v[0].nproc, 3);
	assert_string_equal(v[0].comm, "ipctop");
	assert_true(v[0].start == 5000);

	e = find(v, n, A);
	assert_int_equal(e->pid, a_oldest);
	assert_int_equal(e->nproc, 4);
	assert_true(e->start == 50);
	assert_string_equal(e->comm, "nginx");
	assert_string_equal(e->runtime, "docker");
	assert_string_equal(e->id, H1);
	assert_string_equal(e->label, "docker:3f2a9c1b7e4d");

	e = find(v, n, B);
	assert_int_equal(e->pid, 300);
	assert_string_equal(e->comm, "post\\x1bgres");
	assert_string_equal(e->label, "post\\x1bgres(300)");
	assert_string_equal(e->runtime, "");
	assert_string_equal(e->id, "");

	e = find(v, n, C);
	assert_int_equal(e->pid, 401);
	assert_int_equal(e->nproc, 1);
	assert_string_equal(e->label, "k8s-pod:" UID);
	assert_string_equal(e->id, UID);

	e = find(v, n, D);
	assert_int_equal(e->pid, 500);
	assert_true(e->start == ULLONG_MAX);
	assert_string_equal(e->comm, "?");
	assert_string_equal(e->label, "?(500)");

	e = find(v, n, E);
	assert_int_equal(e->pid, e_low);
	assert_int_equal(e->nproc, 2);
	assert_string_equal(e->comm, "podman-a");
	assert_string_equal(e->label, "podman:3f2a00aa11bb");

	e = find(v, n, F);
	assert_int_equal(e->pid, 901);
	assert_int_equal(e->nproc, 1);
	assert_string_equal(e->label, "zthread(901)");
	free(v);

	/* the count of unreadable processes is optional */
	assert_int_equal(ns_list(tree, &v, &n, NULL), 0);
	assert_int_equal(n, 7);
	free(v);
}

static void test_list_errors(void **state)
{
	struct ipcns *v = (struct ipcns *)1;
	size_t n = 5;
	char empty[PATH_MAX];
	(void)state;

	assert_int_equal(ns_list("/nonexistent-proc", &v, &n, NULL), -ENOENT);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_int_equal(ns_list(FIXTURES "/ns/cgroup/empty", &v, &n, NULL), -ENOTDIR);
	/* no processes at all: nothing, and no error */
	snprintf(empty, sizeof(empty), "%s/empty", tree);
	assert_int_equal(mkdir(empty, 0755), 0);
	assert_int_equal(ns_list(empty, &v, &n, NULL), 0);
	assert_null(v);
	assert_int_equal(n, 0);
}

static void resolve_ok(struct ipcns *v, size_t n, const char *spec, unsigned long long ino)
{
	struct ns_spec s;
	size_t idx = 99;
	char err[256] = "unset";

	assert_int_equal(ns_parse_spec(spec, &s), 0);
	if (ns_resolve(tree, &s, v, n, &idx, err, sizeof(err)) != 0)
		fail_msg("\"%s\": %s", spec, err);
	assert_true(idx < n);
	if (v[idx].inode != ino)
		fail_msg("\"%s\": resolved to %llu, not %llu", spec, v[idx].inode, ino);
	assert_string_equal(err, "");
}

static void resolve_err(struct ipcns *v, size_t n, const char *spec, int ret,
			const char *msg)
{
	struct ns_spec s;
	size_t idx = 99;
	char err[256];

	assert_int_equal(ns_parse_spec(spec, &s), 0);
	assert_int_equal(ns_resolve(tree, &s, v, n, &idx, err, sizeof(err)), ret);
	assert_int_equal(idx, 99);
	if (!strstr(err, msg))
		fail_msg("\"%s\": \"%s\" does not say \"%s\"", spec, err, msg);
}

static void test_resolve(void **state)
{
	struct ipcns *v;
	size_t n;
	struct ns_spec s;
	size_t idx;
	char err[24];
	(void)state;

	assert_int_equal(ns_list(tree, &v, &n, NULL), 0);
	resolve_ok(v, n, "host", 4026531839ULL);
	resolve_ok(v, n, "docker:3f2a", A);
	resolve_ok(v, n, "3f2a9c1b7e4d", A);
	resolve_ok(v, n, "3f2a9", A);
	resolve_ok(v, n, "docker:" H1, A);
	resolve_ok(v, n, "podman:3f2a", E);
	resolve_ok(v, n, "3f2a0", E);
	resolve_ok(v, n, "k8s-pod:" UID, C);
	resolve_ok(v, n, "0f5c", C);
	resolve_ok(v, n, "ipc:[4026532300]", B);
	resolve_ok(v, n, "4026532500", D);
	resolve_ok(v, n, "post\\x1bgres(300)", B);
	/* a pid: its namespace, whether or not it stands for it */
	resolve_ok(v, n, "201", A);
	resolve_ok(v, n, "202", A);
	resolve_ok(v, n, "100", 4026531839ULL);

	resolve_err(v, n, "3f2a", -ENOTUNIQ, "\"3f2a\" matches 2 IPC namespaces: "
		    "docker:3f2a9c1b7e4d, podman:3f2a00aa11bb");
	resolve_err(v, n, "all", -EINVAL, "every");
	resolve_err(v, n, "docker:0f5c", -ENOENT, "no IPC namespace matches \"docker:0f5c\"");
	resolve_err(v, n, "nginx(201)", -ENOENT, "\"nginx(201)\"");
	resolve_err(v, n, "ipc:[4026532999]", -ENOENT, "no process is in IPC namespace "
		    "ipc:[4026532999]");
	resolve_err(v, n, "12345", -ESRCH, "no process 12345");
	/* what the user typed comes back sanitised */
	resolve_err(v, n, "caf\xc3(1)", -ENOENT, "caf\\xc3(1)");

	/* the pid is remembered as its namespace */
	assert_int_equal(ns_parse_spec("200", &s), 0);
	assert_int_equal(ns_resolve(tree, &s, v, n, &idx, err, sizeof(err)), 0);
	assert_true(s.inode == A);

	/* a short buffer: cut, terminated */
	assert_int_equal(ns_parse_spec("3f2a", &s), 0);
	assert_int_equal(ns_resolve(tree, &s, v, n, &idx, err, sizeof(err)), -ENOTUNIQ);
	assert_int_equal(strlen(err), sizeof(err) - 1);
	assert_int_equal(ns_parse_spec("3f2a", &s), 0);
	assert_int_equal(ns_resolve(tree, &s, v, n, &idx, NULL, 0), -ENOTUNIQ);
	free(v);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_true(strstr(ns_strerror(-EPERM), "CAP_SYS_ADMIN") != NULL);
	assert_true(strstr(ns_strerror(-ESRCH), "exited") != NULL);
	assert_string_equal(ns_strerror(-ENOENT), strerror(ENOENT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cgroup_fixtures),
		cmocka_unit_test(test_cgroup_overlong),
		cmocka_unit_test(test_cgroup_small_buffers),
		cmocka_unit_test(test_parse_spec),
		cmocka_unit_test(test_match),
		cmocka_unit_test_setup_teardown(test_list_tree, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_list_errors, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_resolve, tree_setup, tree_teardown),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

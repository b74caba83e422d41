/* System V IPC collector. Every object is listed, whatever its
 * permissions: from the *_STAT_ANY ctl calls over the index range *_INFO
 * reports, or from /proc/sysvipc. On the live kernel queues and sets come
 * from the ctl calls (a third of the cost of the kernel formatting
 * /proc/sysvipc text, nothing to parse, and a queue's max bytes
 * included); segments from /proc/sysvipc/shm, the only place with their
 * resident and swapped sizes, unless those are not wanted. Each falls
 * back to the other source: to /proc when the calls are refused (an LSM)
 * or unknown (before Linux 4.17), to the calls when /proc/sysvipc is
 * missing. A fixture tree (--procfs) is parsed only, and its missing
 * files are errors. Detail beyond the list (per-semaphore values) comes
 * from the ctl calls; when the kernel refuses or the object vanished
 * meanwhile the field stays IPC_UNKNOWN and the row is kept. */
#define _GNU_SOURCE
#include "ipctop/sysv.h"

#include "ipctop/collect.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include "collect/readfile.h"
#include "ipctop/fields.h"
#include "ipctop/ident.h"
#include "ipctop/kind.h"
#include "ipctop/mem.h"

#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif
#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif
#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif

/* A /proc/sysvipc line is about 200 bytes; anything far longer is not one. */
#define SYSV_LINE_MAX 512
/* SEMMSL defaults to 32000 and may be raised: past this a count is absurd
 * and is neither allocated for nor read. */
#define SEMMSL_SANE 65536

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};
static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* Parse exactly n whitespace-separated integers; field octal_idx is octal.
 * Values beyond long long or with junk are rejected. This loop sees every
 * byte of /proc/sysvipc (2.4 MB for 22,000 objects), so overflow is
 * decided by the digit count, not checked per digit: 19 decimal digits
 * always fit in 64 unsigned bits, 21 octal ones too. */
static int parse_ints(const char *line, size_t len, long long *v, int n, int octal_idx)
{
	const unsigned char *p = (const unsigned char *)line, *end = p + len;

	if (len > SYSV_LINE_MAX)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		unsigned long long acc = 0;
		const unsigned char *start;
		bool neg;

		while (p < end && is_blank(*p))
			p++;
		if (p == end)
			return -EINVAL;
		neg = *p == '-';
		p += neg;
		start = p;
		if (i == octal_idx) {
			while (p < end && *p >= '0' && *p <= '7')
				acc = acc * 8 + (unsigned)(*p++ - '0');
			if (p - start > 21)
				return -EINVAL;
		} else {
			while (p < end && *p >= '0' && *p <= '9')
				acc = acc * 10 + (unsigned)(*p++ - '0');
			if (p - start > 19)
				return -EINVAL;
		}
		if (p == start || acc > (unsigned long long)LLONG_MAX)
			return -EINVAL;
		/* a number ends at a blank or the end: "12x", "689" (octal) are junk */
		if (p < end && !is_blank(*p) && *p != '\n' && *p != '\0')
			return -EINVAL;
		v[i] = neg ? -(long long)acc : (long long)acc;
	}
	while (p < end && is_blank(*p))
		p++;
	return p == end || *p == '\n' || *p == '\0' ? 0 : -EINVAL;
}

static int in_range(long long v, long long lo, long long hi)
{
	return v >= lo && v <= hi;
}

/* key id perms uid gid cuid cgid: shared validation of the common part. */
static int fill_common(struct ipc_common *c, long long key, long long id,
		       long long mode, const long long *ids)
{
	if (!in_range(key, INT32_MIN, INT32_MAX) || !in_range(id, 0, INT32_MAX) ||
	    !in_range(mode, 0, 07777))
		return -EINVAL;
	for (int i = 0; i < 4; i++)
		if (!in_range(ids[i], 0, UINT32_MAX))
			return -EINVAL;
	c->key = (int32_t)key;
	c->id = (int32_t)id;
	c->mode = (uint32_t)mode;
	c->uid = (uint32_t)ids[0];
	c->gid = (uint32_t)ids[1];
	c->cuid = (uint32_t)ids[2];
	c->cgid = (uint32_t)ids[3];
	return 0;
}

static int nonneg(const long long *v, int from, int to)
{
	for (int i = from; i <= to; i++)
		if (v[i] < 0)
			return 0;
	return 1;
}

int sysv_parse_msg(const char *line, size_t len, struct msq *out)
{
	/* key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime */
	long long v[14];

	memset(out, 0, sizeof(*out));
	if (parse_ints(line, len, v, 14, 2) < 0 || !nonneg(v, 3, 13) ||
	    !in_range(v[5], 0, INT32_MAX) || !in_range(v[6], 0, INT32_MAX) ||
	    fill_common(&out->c, v[0], v[1], v[2], v + 7) < 0)
		return -EINVAL;
	out->cbytes = v[3];
	out->qnum = v[4];
	out->qbytes = IPC_UNKNOWN;
	out->lspid = (int32_t)v[5];
	out->lrpid = (int32_t)v[6];
	out->stime = v[11];
	out->rtime = v[12];
	out->ctime = v[13];
	return 0;
}

int sysv_parse_sem(const char *line, size_t len, struct semset *out)
{
	/* key semid perms nsems uid gid cuid cgid otime ctime */
	long long v[10];

	memset(out, 0, sizeof(*out));
	if (parse_ints(line, len, v, 10, 2) < 0 || !nonneg(v, 3, 9) ||
	    fill_common(&out->c, v[0], v[1], v[2], v + 4) < 0)
		return -EINVAL;
	out->nsems = v[3];
	out->otime = v[8];
	out->ctime = v[9];
	return 0;
}

static void shm_flags(struct shmseg *g)
{
	g->dest = (g->c.mode & SHM_DEST) != 0;
	g->locked = (g->c.mode & SHM_LOCKED) != 0;
}

int sysv_parse_shm(const char *line, size_t len, struct shmseg *out)
{
	/* key shmid perms size cpid lpid nattch uid gid cuid cgid
	 * atime dtime ctime rss swap; kernels before 4.6 lack rss and swap */
	long long v[16];
	int n = 16;

	memset(out, 0, sizeof(*out));
	if (parse_ints(line, len, v, 16, 2) < 0) {
		if (parse_ints(line, len, v, 14, 2) < 0)
			return -EINVAL;
		n = 14;
		v[14] = v[15] = IPC_UNKNOWN;
	}
	if (!nonneg(v, 3, n - 1) || !in_range(v[4], 0, INT32_MAX) ||
	    !in_range(v[5], 0, INT32_MAX) ||
	    fill_common(&out->c, v[0], v[1], v[2], v + 7) < 0)
		return -EINVAL;
	out->size = v[3];
	out->cpid = (int32_t)v[4];
	out->lpid = (int32_t)v[5];
	out->nattch = v[6];
	out->atime = v[11];
	out->dtime = v[12];
	out->ctime = v[13];
	out->rss = v[14];
	out->swap = v[15];
	shm_flags(out);
	return 0;
}

/* ---- ctl-call helpers ---------------------------------------------------- */
/* ---- ctl-call side ------------------------------------------------------ */

static void common_from_perm(struct ipc_common *c, const struct ipc_perm *p, int id)
{
	c->key = p->__key;
	c->id = id;
	c->mode = p->mode;
	c->uid = p->uid;
	c->gid = p->gid;
	c->cuid = p->cuid;
	c->cgid = p->cgid;
}

static void msq_from_ds(struct msq *q, const struct msqid_ds *ds, int id)
{
	memset(q, 0, sizeof(*q));
	common_from_perm(&q->c, &ds->msg_perm, id);
	q->cbytes = (long long)ds->__msg_cbytes;
	q->qnum = (long long)ds->msg_qnum;
	q->qbytes = (long long)ds->msg_qbytes;
	q->lspid = ds->msg_lspid;
	q->lrpid = ds->msg_lrpid;
	q->stime = ds->msg_stime;
	q->rtime = ds->msg_rtime;
	q->ctime = ds->msg_ctime;
}

static void semset_from_ds(struct semset *s, const struct semid_ds *ds, int id)
{
	memset(s, 0, sizeof(*s));
	common_from_perm(&s->c, &ds->sem_perm, id);
	s->nsems = (long long)ds->sem_nsems;
	s->otime = ds->sem_otime;
	s->ctime = ds->sem_ctime;
}

static void shmseg_from_ds(struct shmseg *g, const struct shmid_ds *ds, int id)
{
	memset(g, 0, sizeof(*g));
	common_from_perm(&g->c, &ds->shm_perm, id);
	g->size = (long long)ds->shm_segsz;
	g->nattch = (long long)ds->shm_nattch;
	g->cpid = ds->shm_cpid;
	g->lpid = ds->shm_lpid;
	g->atime = ds->shm_atime;
	g->dtime = ds->shm_dtime;
	g->ctime = ds->shm_ctime;
	g->rss = g->swap = IPC_UNKNOWN;
	shm_flags(g);
}

/* The kernel's index of an id: the low bits, 15 of them unless the
 * ipcmni_extend boot option widened them to 24. */
static int id_index(int id, int wide)
{
	return wide ? (id & 0xffffff) : (id & 0x7fff);
}

/* IPC_STAT by id; when permission is refused, *_STAT_ANY by index. */
static int stat_any(int id, int (*ctl)(int, int, void *), int stat_any_cmd, void *buf,
		    size_t size)
{
	memset(buf, 0, size);   /* see read_syscall_list() */
	if (ctl(id, IPC_STAT, buf) == 0)
		return 0;
	int e = errno;
	if (e != EACCES && e != EPERM)
		return -e;
	for (int wide = 0; wide < 2; wide++) {
		int r = ctl(id_index(id, wide), stat_any_cmd, buf);
		if (r == id)
			return 0;
	}
	return -e;
}

static int msg_ctl(int id, int cmd, void *buf) { return msgctl(id, cmd, buf); }
static int shm_ctl(int id, int cmd, void *buf) { return shmctl(id, cmd, buf); }
static int sem_ctl(int id, int cmd, void *buf)
{
	union semun arg = { .buf = buf };
	return semctl(id, 0, cmd, arg);
}

int sysv_stat_msg(int id, struct msq *out)
{
	struct msqid_ds ds;
	int r = stat_any(id, msg_ctl, MSG_STAT_ANY, &ds, sizeof(ds));
	if (r == 0)
		msq_from_ds(out, &ds, id);
	return r;
}

int sysv_stat_sem(int id, struct semset *out)
{
	struct semid_ds ds;
	int r = stat_any(id, sem_ctl, SEM_STAT_ANY, &ds, sizeof(ds));
	if (r == 0)
		semset_from_ds(out, &ds, id);
	return r;
}

int sysv_stat_shm(int id, struct shmseg *out)
{
	struct shmid_ds ds;
	int r = stat_any(id, shm_ctl, SHM_STAT_ANY, &ds, sizeof(ds));
	if (r == 0)
		shmseg_from_ds(out, &ds, id);
	return r;
}

int sysv_sem_waiting(const struct semset *set, long long *n)
{
	size_t ns = set->nsems > 0 ? (size_t)set->nsems : 0;
	long long sum = 0;
	bool known = set->sems != NULL;

	for (size_t i = 0; known && i < ns; i++)
		known = set->sems[i].ncnt >= 0 && set->sems[i].zcnt >= 0;
	if (ns > SEMMSL_SANE)
		return -E2BIG;
	for (size_t i = 0; i < ns; i++) {
		if (known) {
			sum += set->sems[i].ncnt + set->sems[i].zcnt;
			continue;
		}
		for (int cmd = 0; cmd < 2; cmd++) {
			int r = semctl(set->c.id, (int)i, cmd ? GETZCNT : GETNCNT);

			if (r < 0)
				return -errno;
			sum += r;
		}
	}
	*n = sum;
	return 0;
}

int sysv_sem_getall(int id, size_t n, unsigned short *out)
{
	long ps = sysconf(_SC_PAGESIZE);
	size_t page = ps > 0 ? (size_t)ps : 4096, bytes, data;
	char *base;
	int r = 0;

	if (n == 0 || n > SEMMSL_SANE)
		return -EINVAL;
	bytes = n * sizeof(*out);
	data = (bytes + page - 1) / page * page;
	/* the kernel writes as many values as the set holds when it copies,
	 * not as many as we asked for: the buffer ends where a page with no
	 * access begins, so a bigger set makes GETALL fail with EFAULT
	 * instead of writing over our memory */
	base = mmap(NULL, data + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	if (base == MAP_FAILED)
		return -errno;
	if (mprotect(base + data, page, PROT_NONE) < 0) {
		r = -errno;
	} else {
		unsigned short *vals = (unsigned short *)(void *)(base + data - bytes);
		union semun arg = { .array = vals };

		if (semctl(id, 0, GETALL, arg) == 0)
			memcpy(out, vals, bytes);
		else
			r = -errno;
	}
	munmap(base, data + page);
	return r;
}

/* Does set's id still name that set, with as many semaphores? 0, -ESTALE,
 * or the -errno of reading it (-EINVAL/-EIDRM: gone). */
static int same_set(const struct semset *set)
{
	struct semset now;
	struct ident was, is;
	int r = sysv_stat_sem(set->c.id, &now);

	if (r < 0)
		return r;
	now.c.ns = set->c.ns;
	ident_of(&was, kind_get(KIND_SEM), set);
	ident_of(&is, kind_get(KIND_SEM), &now);
	if (ident_cmp(&was, &is) != IDENT_SAME || now.nsems != set->nsems)
		return -ESTALE;
	return 0;
}

static void sems_unknown(struct sem_value *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		v[i].num = (int32_t)i;
		v[i].value = v[i].ncnt = v[i].zcnt = v[i].pid = IPC_UNKNOWN;
	}
}

void sysv_sem_detail(struct semset *set)
{
	size_t n = set->nsems > 0 ? (size_t)set->nsems : 0;
	unsigned short *vals = NULL;
	int r;

	free(set->sems);
	set->sems = NULL;
	set->sems_err = 0;
	if (n == 0)
		return;
	if (n > SEMMSL_SANE) {
		set->sems_err = -E2BIG;
		return;
	}
	set->sems = calloc(n, sizeof(*set->sems));
	vals = calloc(n, sizeof(*vals));
	if (!set->sems || !vals) {
		free(set->sems);
		free(vals);
		set->sems = NULL;
		set->sems_err = -ENOMEM;
		return;
	}
	sems_unknown(set->sems, n);
	/* the id may name another set than the one listed (removed and
	 * recreated since): its values are not this set's */
	r = same_set(set);
	if (r == 0)
		r = sysv_sem_getall(set->c.id, n, vals);
	if (r < 0) {
		/* GETNCNT/GETZCNT/GETPID need the same read permission and
		 * the same live object as GETALL: they would fail alike, 3
		 * calls a semaphore for nothing */
		set->sems_err = r;
		free(vals);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct sem_value *v = &set->sems[i];

		v->value = vals[i];
		r = semctl(set->c.id, (int)i, GETNCNT);
		v->ncnt = r < 0 ? IPC_UNKNOWN : r;
		r = semctl(set->c.id, (int)i, GETZCNT);
		v->zcnt = r < 0 ? IPC_UNKNOWN : r;
		r = semctl(set->c.id, (int)i, GETPID);
		v->pid = r < 0 ? IPC_UNKNOWN : r;
		if (r < 0 && set->sems_err == 0)
			set->sems_err = -errno;
	}
	free(vals);
	/* replaced between the two checks: what was read may be the other
	 * set's, so none of it is shown */
	r = same_set(set);
	if (r < 0) {
		sems_unknown(set->sems, n);
		set->sems_err = r;
	}
}

void sysv_read_sems(const struct source *src, void *obj)
{
	struct semset *set = obj;

	if (!src->live) {
		/* semctl would describe this kernel, not the tree's sets */
		free(set->sems);
		set->sems = NULL;
		set->sems_err = -ENOENT;
		return;
	}
	if (!set->sems)
		sysv_sem_detail(set);
}

/* ---- one table of what differs between the three kinds ------------------ */

typedef int (*parse_fn)(const char *line, size_t len, void *out);

static int parse_msg_v(const char *l, size_t n, void *o) { return sysv_parse_msg(l, n, o); }
static int parse_sem_v(const char *l, size_t n, void *o) { return sysv_parse_sem(l, n, o); }
static int parse_shm_v(const char *l, size_t n, void *o) { return sysv_parse_shm(l, n, o); }

union any_ds {
	struct msqid_ds m;
	struct semid_ds s;
	struct shmid_ds g;
};

/* One *_INFO call: the highest index in use (or -errno), and in *count
 * how many objects the kernel holds now, to size the array once (0 when
 * it will not say). Segments ask IPC_INFO, not SHM_INFO: that one sums
 * every segment's resident pages, as costly as the list itself, and
 * segments are few enough to grow into. */
static int info_msg(size_t *count)
{
	struct msginfo mi;
	int r = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi);

	*count = r >= 0 && mi.msgpool > 0 ? (size_t)mi.msgpool : 0;
	return r < 0 ? -errno : r;
}

static int info_sem(size_t *count)
{
	struct seminfo si;
	union semun arg = { .__buf = &si };
	int r = semctl(0, 0, SEM_INFO, arg);

	*count = r >= 0 && si.semusz > 0 ? (size_t)si.semusz : 0;
	return r < 0 ? -errno : r;
}

static int info_shm(size_t *count)
{
	struct shminfo si;
	int r = shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si);

	*count = 0;
	return r < 0 ? -errno : r;
}

static int any_msg(int idx, union any_ds *ds) { return msgctl(idx, MSG_STAT_ANY, &ds->m); }
static int any_sem(int idx, union any_ds *ds) { return sem_ctl(idx, SEM_STAT_ANY, &ds->s); }
static int any_shm(int idx, union any_ds *ds) { return shmctl(idx, SHM_STAT_ANY, &ds->g); }

static void from_msg(void *o, const union any_ds *ds, int id) { msq_from_ds(o, &ds->m, id); }
static void from_sem(void *o, const union any_ds *ds, int id) { semset_from_ds(o, &ds->s, id); }
static void from_shm(void *o, const union any_ds *ds, int id) { shmseg_from_ds(o, &ds->g, id); }

static const struct sysv_kind {
	enum kind_id id;
	const char *file;        /* under the proc root */
	parse_fn parse;
	size_t size;
	int (*info)(size_t *count);
	int (*stat_any)(int idx, union any_ds *ds);
	void (*from_ds)(void *obj, const union any_ds *ds, int id);
} sysv_kinds[] = {
	{ KIND_MSG, "sysvipc/msg", parse_msg_v, sizeof(struct msq), info_msg, any_msg, from_msg },
	{ KIND_SEM, "sysvipc/sem", parse_sem_v, sizeof(struct semset), info_sem, any_sem, from_sem },
	{ KIND_SHM, "sysvipc/shm", parse_shm_v, sizeof(struct shmseg), info_shm, any_shm, from_shm },
};

/* ---- /proc/sysvipc side -------------------------------------------------- */

struct list_ctx {
	const struct sysv_kind *sk;
	struct objlist *l;
	bool header_seen;
};

static int list_line(void *vctx, const char *line, size_t len, unsigned flags)
{
	struct list_ctx *c = vctx;

	if (!c->header_seen) {
		/* the first line names the columns; anything else means
		 * this is not a sysvipc file at all */
		if (flags || !memmem(line, len, "key", 3))
			return -EINVAL;
		c->header_seen = true;
		return 0;
	}
	if (len == 0)
		return 0;
	void *slot = objlist_reserve(c->l, c->sk->size, 1);
	if (!slot)
		return -ENOMEM;
	/* an unterminated last line is a truncated read; an over-long one
	 * is not a sysvipc line */
	if (flags == 0 && c->sk->parse(line, len, slot) == 0)
		c->l->n++;
	else
		c->l->bad_lines++;
	return 0;
}

/* Read one /proc/sysvipc file into l, streaming: the read buffer stays
 * one chunk however long the file is. The first line is the header. */
static int read_procfs_list(const struct source *src, const struct sysv_kind *sk,
			    struct objlist *l)
{
	char path[PATH_MAX];
	struct list_ctx c = { .sk = sk, .l = l };

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", src->procfs, sk->file) >= sizeof(path))
		return -ENAMETOOLONG;
	if (src->live) {
		/* room for what exists now plus some created while we read */
		size_t hint;
		(void)sk->info(&hint);
		if (hint && !objlist_reserve(l, sk->size, hint + hint / 16 + 16))
			return -ENOMEM;
	}
	return read_lines(path, SYSV_LINE_MAX, list_line, &c);
}

/* ---- ctl-call side -------------------------------------------------------- */

/* List by *_STAT_ANY over 0..max index. *unusable is set when the list
 * cannot be trusted to be whole: the kernel denied a call (EACCES, EPERM:
 * a security module) rather than found the index unused (EINVAL) or the
 * object removed meanwhile (EIDRM), or it listed nothing where it counts
 * objects (a kernel before 4.17, which knows no *_STAT_ANY). */
static int read_syscall_list(const struct sysv_kind *sk, struct objlist *l, bool *unusable)
{
	size_t hint, start = l->n;
	int max = sk->info(&hint);

	if (max < 0)
		return max;
	if (hint && !objlist_reserve(l, sk->size, hint + hint / 16 + 16))
		return -ENOMEM;
	union any_ds ds;
	/* the kernel fills it; zeroed anyway because memory checkers do not
	 * know that *_STAT_ANY writes the buffer (once is enough: what they
	 * track stays defined across the calls) */
	memset(&ds, 0, sizeof(ds));
	for (int idx = 0; idx <= max; idx++) {
		int id;

		id = sk->stat_any(idx, &ds);
		if (id < 0) {
			/* an unused index, or removed meanwhile */
			if (errno == EACCES || errno == EPERM)
				*unusable = true;
			continue;
		}
		void *slot = objlist_reserve(l, sk->size, 1);
		if (!slot)
			return -ENOMEM;
		sk->from_ds(slot, &ds, id);
		l->n++;
	}
	if (l->n == start && hint > 0)
		*unusable = true;
	return 0;
}

/* Every object listed lives in the namespace the source reads. */
static void stamp_ns(struct objlist *l, size_t size, unsigned long long ns)
{
	for (size_t i = 0; i < l->n; i++)
		((struct ipc_common *)(void *)((char *)l->v + i * size))->ns = ns;
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Below this many indexes either source costs microseconds: no probe. */
#define PROBE_MIN_INDEXES 64
#define PROBE_CALLS 32
#define PROBE_BYTES 16384

/* Which source lists this kind faster right now? The ctl loop costs a
 * system call per index, /proc/sysvipc the kernel's formatting of every
 * line and our parsing of it; which wins depends on how slow system
 * calls are on the day (a virtual machine's vary twofold). So both are
 * timed on a sample — a few calls, the first lines of the file — and
 * scaled to the whole: the index range for the calls, the count *_INFO
 * gives for the lines (plus a call per queue when the file lacks a
 * column that is wanted). The probe costs about 1% of a list. */
static bool probe_prefers_ctl(const struct source *src, const struct sysv_kind *sk,
			      bool call_per_object)
{
	char path[PATH_MAX], *buf;
	size_t count, lines = 0, at = 0;
	int max = sk->info(&count), k, fd;
	long long t0, t1, t2;
	union any_ds ds;
	ssize_t got = 0;

	if (max < 0)
		return false;
	if (max + 1 < PROBE_MIN_INDEXES || count == 0)
		return true;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", src->procfs, sk->file) >= sizeof(path))
		return true;
	buf = malloc(PROBE_BYTES);
	if (!buf)
		return true;
	memset(&ds, 0, sizeof(ds));
	k = max + 1 < PROBE_CALLS ? max + 1 : PROBE_CALLS;
	t0 = mono_ns();
	for (int i = 0; i < k; i++)
		(void)sk->stat_any(i, &ds);
	t1 = mono_ns();
	fd = open_proc_file(AT_FDCWD, path);
	if (fd >= 0) {
		got = read(fd, buf, PROBE_BYTES);
		close(fd);
	}
	/* parse what came, as the list would, skipping the header line */
	for (ssize_t i = 0; i < got; i++) {
		if (buf[i] != '\n')
			continue;
		if (at > 0) {
			void *tmp = calloc(1, sk->size);
			if (tmp)
				(void)sk->parse(buf + at, (size_t)i - at, tmp);
			free(tmp);
			lines++;
		}
		at = (size_t)i + 1;
	}
	t2 = mono_ns();
	free(buf);
	if (lines == 0)
		return true;
	double per_call = (double)(t1 - t0) / k, per_line = (double)(t2 - t1) / (double)lines;
	double by_ctl = per_call * (max + 1);
	double by_file = per_line * (double)count + (call_per_object ? per_call * (double)count : 0);
	return by_ctl <= by_file;
}

/* Should this kind be listed by the ctl calls? Only on the live kernel;
 * as asked (o->source) or as the probe finds cheaper. */
static bool use_ctl(const struct source *src, const struct sysv_kind *sk,
		    const struct collect_opts *o, bool call_per_object)
{
	if (!src->live)
		return false;
	if (o->source[sk->id] == SRC_SYSCALL)
		return true;
	if (o->source[sk->id] == SRC_PROCFS)
		return false;
	return probe_prefers_ctl(src, sk, call_per_object);
}

/* One kind's list: from the ctl calls when by_ctl, else (or when they are
 * refused) from /proc/sysvipc, and from the calls again when the live
 * /proc has no sysvipc. */
static int list_kind(struct snapshot *s, const struct source *src,
		     const struct sysv_kind *sk, bool by_ctl)
{
	struct objlist *l = snap_list(s, kind_get(sk->id));
	bool unusable = false;
	int r;

	l->have = true;
	if (by_ctl) {
		r = read_syscall_list(sk, l, &unusable);
		if (r == 0 && !unusable) {
			l->source = SRC_SYSCALL;
			stamp_ns(l, sk->size, src->ns);
			return 0;
		}
		l->n = 0;
	}
	r = read_procfs_list(src, sk, l);
	if (r == 0) {
		l->source = SRC_PROCFS;
	} else if (r == -ENOENT && src->live) {
		/* a /proc without sysvipc (mounted subset=pid): the calls
		 * are all there is, refused ones or not. Never for another
		 * tree: its missing file is an error, not the live kernel */
		l->n = 0;
		l->bad_lines = 0;
		r = read_syscall_list(sk, l, &unusable);
		if (r == 0)
			l->source = SRC_SYSCALL;
	}
	stamp_ns(l, sk->size, src->ns);
	return r;
}

/* Queues' max bytes is not in /proc/sysvipc/msg: ask the kernel, and keep
 * the answer only if the id still names the object we listed. */
static void enrich_msg(struct msq *q, size_t n)
{
	const struct kind *k = kind_get(KIND_MSG);

	for (size_t i = 0; i < n; i++) {
		struct msq now;
		struct ident was, is;

		if (sysv_stat_msg(q[i].c.id, &now) < 0)
			continue;
		now.c.ns = q[i].c.ns;
		ident_of(&was, k, &q[i]);
		ident_of(&is, k, &now);
		if (ident_cmp(&was, &is) == IDENT_SAME)
			q[i].qbytes = now.qbytes;
	}
}

/* Who waits on or attaches to an object is the process collector's to
 * say; until it has, it is unknown, not "nobody". */
int sysv_list_msg(struct snapshot *s, const struct source *src, const struct collect_opts *o)
{
	bool qbytes = (o->needs & NEED_QBYTES) != 0;
	int r = list_kind(s, src, &sysv_kinds[0], use_ctl(src, &sysv_kinds[0], o, qbytes));
	struct msq *q = snap_msqs(s);

	for (size_t i = 0; i < snap_n(s, KIND_MSG); i++)
		q[i].waiters.err = -ENODATA;
	if (r == 0 && (o->needs & NEED_QBYTES) && src->live &&
	    s->list[KIND_MSG].source == SRC_PROCFS)
		enrich_msg(q, snap_n(s, KIND_MSG));
	return r;
}

int sysv_list_sem(struct snapshot *s, const struct source *src, const struct collect_opts *o)
{
	int r = list_kind(s, src, &sysv_kinds[1], use_ctl(src, &sysv_kinds[1], o, false));
	struct semset *set = snap_sems(s);
	/* semctl describes the live kernel: this /proc, or the call list */
	bool detail = src->live || s->list[KIND_SEM].source == SRC_SYSCALL;

	for (size_t i = 0; i < snap_n(s, KIND_SEM); i++) {
		set[i].waiters.err = -ENODATA;
		if (detail && o->detail.kind == kind_get(KIND_SEM) && set[i].c.id == o->detail.id)
			sysv_sem_detail(&set[i]);
	}
	return r;
}

int sysv_list_shm(struct snapshot *s, const struct source *src, const struct collect_opts *o)
{
	/* segments' rss and swap are only in /proc */
	int r = list_kind(s, src, &sysv_kinds[2],
			  !(o->needs & NEED_RSS) && use_ctl(src, &sysv_kinds[2], o, false));
	struct shmseg *g = snap_shms(s);

	for (size_t i = 0; i < snap_n(s, KIND_SHM); i++)
		g[i].attached.err = -ENODATA;
	return r;
}

/* ---- counting without listing ------------------------------------------- */

/* The *_INFO calls count the objects and sum what they hold without a
 * call per object: the live view's tabs and header for the kinds it does
 * not list. Only the live kernel answers them. */
int sysv_count_msg(struct snapshot *s, const struct source *src)
{
	struct msginfo mi;
	struct objlist *l;

	if (!src->live)
		return -EOPNOTSUPP;
	if (msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi) < 0)
		return -errno;
	l = snap_list(s, kind_get(KIND_MSG));
	l->counted = true;
	l->count = mi.msgpool;
	s->limits.msg_queues = mi.msgpool;
	s->limits.msg_msgs = mi.msgmap;
	s->limits.msg_bytes = (unsigned)mi.msgtql;
	return 0;
}

int sysv_count_sem(struct snapshot *s, const struct source *src)
{
	struct seminfo si;
	union semun arg = { .__buf = &si };
	struct objlist *l;

	if (!src->live)
		return -EOPNOTSUPP;
	if (semctl(0, 0, SEM_INFO, arg) < 0)
		return -errno;
	l = snap_list(s, kind_get(KIND_SEM));
	l->counted = true;
	l->count = si.semusz;
	s->limits.sem_sets = si.semusz;
	s->limits.sem_sems = si.semaem;
	return 0;
}

/* SHM_INFO sums every segment's resident and swapped pages: a lock and a
 * few reads per segment, far less than listing them. */
int sysv_count_shm(struct snapshot *s, const struct source *src)
{
	struct shm_info si;
	struct objlist *l;
	long ps = sysconf(_SC_PAGESIZE);
	long long page = ps > 0 ? ps : 4096;

	if (!src->live)
		return -EOPNOTSUPP;
	if (shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si) < 0)
		return -errno;
	l = snap_list(s, kind_get(KIND_SHM));
	l->counted = true;
	l->count = si.used_ids;
	s->limits.shm_segs = si.used_ids;
	s->limits.shm_pages = (long long)si.shm_tot;
	/* the segments' exact sizes are not summed by the kernel */
	s->limits.shm_bytes = IPC_UNKNOWN;
	s->limits.shm_rss = (long long)si.shm_rss * page;
	s->limits.shm_swap = (long long)si.shm_swp * page;
	return 0;
}

/* ---- re-reading one object, for act/ ---------------------------------- */

int sysv_restat_msg(const struct source *src, const struct ident *id, void *out)
{
	int r = sysv_stat_msg((int)id->id, out);

	((struct msq *)out)->c.ns = src->ns;
	return r;
}

int sysv_restat_sem(const struct source *src, const struct ident *id, void *out)
{
	int r = sysv_stat_sem((int)id->id, out);

	((struct semset *)out)->c.ns = src->ns;
	return r;
}

int sysv_restat_shm(const struct source *src, const struct ident *id, void *out)
{
	int r = sysv_stat_shm((int)id->id, out);

	((struct shmseg *)out)->c.ns = src->ns;
	return r;
}

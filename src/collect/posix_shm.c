/* POSIX shared memory objects and named semaphores: both are files of
 * /dev/shm (glibc's shm_open and sem_open), a semaphore being sem.NAME.
 * Only regular files are objects; nothing else there is opened, so a FIFO
 * or a device cannot make a listing wait. A shm_open("/sem.x") object is
 * indistinguishable from sem_open("/x"), to glibc as to us. */
#define _GNU_SOURCE
#include "collect/posix_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctop/ident.h"
#include "ipctop/kind.h"

#define SEM_PREFIX "sem."
#define SEM_PREFIX_LEN 4

/* glibc (2.21 on) on 64-bit: sem_open writes a 32-byte sem_t whose first
 * word holds the value in its low 32 bits and the waiter count in its
 * high ones, followed by int private (FUTEX_SHARED, 128: 0 also seen from
 * sem_init) and zeros. 32-bit builds and musl write other sizes. */
#define SEM_FILE_SIZE 32
#define SEM_PRIVATE_SHARED 128

static bool is_sem_name(const char *name)
{
	return strncmp(name, SEM_PREFIX, SEM_PREFIX_LEN) == 0 && name[SEM_PREFIX_LEN] != '\0';
}

/* ---- shared memory ---- */

/* Entry name into s, zeroed first: 0, 1 when it is no object to show,
 * or -errno. */
static int shm_read(int dirfd, const char *name, struct pshm *s)
{
	struct stat st;
	int r;

	memset(s, 0, sizeof(*s));
	if (is_sem_name(name))
		return 1;
	if ((r = posix_stat_entry(dirfd, name, &st)) != 0)
		return r;
	if (!S_ISREG(st.st_mode))
		return 1;
	if ((r = pobj_init(&s->c, name, &st)) < 0)
		return r;
	s->size = st.st_size >= 0 ? (long long)st.st_size : IPC_UNKNOWN;
	s->alloc = st.st_blocks >= 0 && st.st_blocks <= LLONG_MAX / 512 ?
		   (long long)st.st_blocks * 512 : IPC_UNKNOWN;
	return 0;
}

static int shm_read_obj(int dirfd, const char *name, void *obj)
{
	return shm_read(dirfd, name, obj);
}

static void shm_free_obj(void *obj)
{
	pshm_free(obj);
}

int posix_list_shm(int dirfd, struct pshm **out, size_t *n)
{
	void *v;
	int r = posix_list_entries(dirfd, sizeof(**out), shm_read_obj, shm_free_obj, &v, n);

	*out = v;
	return r;
}

/* ---- semaphores ---- */

/* Read the semaphore word with pread rather than through a mapping: the
 * owner may truncate the file at any moment, and a load from a mapping
 * past the end of the file would kill us with SIGBUS. Two equal reads in
 * a row, so that a word torn by a concurrent sem_post is not taken. */
static void sem_value(int dirfd, const char *name, const struct stat *st, struct psem *s)
{
	unsigned char a[16], b[16];
	struct stat fst;
	uint64_t word;
	int32_t priv;
	bool same = false;
	int fd;

	if (st->st_size != SEM_FILE_SIZE)
		return;
	fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return;
	if (fstat(fd, &fst) == 0 && pobj_same_inode(st, &fst) && S_ISREG(fst.st_mode) &&
	    fst.st_size == SEM_FILE_SIZE && pread(fd, a, sizeof(a), 0) == (ssize_t)sizeof(a)) {
		for (int tries = 0; tries < 4 && !same; tries++) {
			if (pread(fd, b, sizeof(b), 0) != (ssize_t)sizeof(b))
				break;
			same = memcmp(a, b, sizeof(a)) == 0;
			memcpy(a, b, sizeof(a));
		}
	}
	close(fd);
	if (!same)
		return;
	memcpy(&word, a, sizeof(word));
	memcpy(&priv, a + 8, sizeof(priv));
	/* a value above SEM_VALUE_MAX (INT_MAX) or another private field:
	 * not a sem_t as glibc writes it */
	if ((priv != 0 && priv != SEM_PRIVATE_SHARED) || (word & 0xffffffffu) > INT_MAX)
		return;
	s->value = (long long)(word & 0xffffffffu);
	s->nwaiters = (long long)(word >> 32);
}

/* Entry name (sem.NAME) into s, zeroed first: 0, 1 when it is no
 * semaphore to show, or -errno. */
static int sem_read(int dirfd, const char *name, struct psem *s)
{
	struct stat st;
	int r;

	memset(s, 0, sizeof(*s));
	if (!is_sem_name(name))
		return 1;
	if ((r = posix_stat_entry(dirfd, name, &st)) != 0)
		return r;
	if (!S_ISREG(st.st_mode))
		return 1;
	if ((r = pobj_init(&s->c, name + SEM_PREFIX_LEN, &st)) < 0)
		return r;
	s->value = s->nwaiters = IPC_UNKNOWN;
	sem_value(dirfd, name, &st, s);
	return 0;
}

static int sem_read_obj(int dirfd, const char *name, void *obj)
{
	return sem_read(dirfd, name, obj);
}

static void sem_free_obj(void *obj)
{
	psem_free(obj);
}

int posix_list_sem(int dirfd, struct psem **out, size_t *n)
{
	void *v;
	int r = posix_list_entries(dirfd, sizeof(**out), sem_read_obj, sem_free_obj, &v, n);

	*out = v;
	return r;
}

int posix_shm_one(int dirfd, const char *raw, struct pshm *out)
{
	return posix_read_one(dirfd, raw, "", out, sizeof(*out), shm_read_obj);
}

int posix_sem_one(int dirfd, const char *raw, struct psem *out)
{
	return posix_read_one(dirfd, raw, SEM_PREFIX, out, sizeof(*out), sem_read_obj);
}

/* ---- the kinds' hooks ---- */

/* A /dev/shm listing (shm objects or semaphores) into kind id's list. */
static int list_dev_shm(struct snapshot *s, const struct source *src, enum kind_id id,
			int (*read)(int dirfd, const char *name, void *obj),
			void (*free_one)(void *obj))
{
	struct objlist *l = snap_list(s, kind_get(id));
	void *v;
	size_t n;
	int fd, r;

	if (!src->posix)
		return 0;
	if ((fd = posix_source_shm_dir(src)) < 0)
		return fd;
	r = posix_list_entries(fd, l->kind->objsize, read, free_one, &v, &n);
	close(fd);
	if (r < 0)
		return r;
	posix_hand_over(l, v, n, src);
	return 0;
}

int posix_list_shm_hook(struct snapshot *s, const struct source *src,
			const struct collect_opts *o)
{
	int r = list_dev_shm(s, src, KIND_PSHM, shm_read_obj, shm_free_obj);
	struct pshm *v = s->list[KIND_PSHM].v;

	(void)o;
	for (size_t i = 0; r == 0 && i < snap_n(s, KIND_PSHM); i++)
		v[i].attached.err = -ENODATA;
	return r;
}

int posix_list_sem_hook(struct snapshot *s, const struct source *src,
			const struct collect_opts *o)
{
	int r = list_dev_shm(s, src, KIND_PSEM, sem_read_obj, sem_free_obj);
	struct psem *v = s->list[KIND_PSEM].v;
	struct objlist *l = &s->list[KIND_PSEM];

	(void)o;
	for (size_t i = 0; r == 0 && i < l->n; i++) {
		v[i].attached.err = -ENODATA;
		if (v[i].value == IPC_UNKNOWN)
			l->hint = "some named semaphores could not be read (or are not "
				  "glibc's): their values are unknown ('?'; root sees all)";
	}
	return r;
}

int posix_restat_shm(const struct source *src, const struct ident *id, void *out)
{
	int fd, r;

	memset(out, 0, sizeof(struct pshm));
	if (!src->posix)
		return -ENOENT;
	if ((fd = posix_source_shm_dir(src)) < 0)
		return fd;
	r = posix_shm_one(fd, id->name, out);
	close(fd);
	((struct pshm *)out)->c.ns = src->ns;
	return r;
}

int posix_restat_sem(const struct source *src, const struct ident *id, void *out)
{
	int fd, r;

	memset(out, 0, sizeof(struct psem));
	if (!src->posix)
		return -ENOENT;
	if ((fd = posix_source_shm_dir(src)) < 0)
		return fd;
	r = posix_sem_one(fd, id->name, out);
	close(fd);
	((struct psem *)out)->c.ns = src->ns;
	return r;
}

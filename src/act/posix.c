/* Removing POSIX objects: mq_unlink, shm_unlink and sem_unlink are
 * unlinks of a name in the queue directory or /dev/shm, done here with
 * unlinkat() in the directory the object was listed from, after checking
 * once more that the name leads to the inode the user chose. The name
 * goes at once; the memory stays until the last process holding or
 * mapping the object lets go. */
#define _GNU_SOURCE
#include "ipctop/act.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipctop/posix.h"

static int unlink_checked(int dirfd, const char *prefix, const struct pobj *c,
			  bool check_ctime)
{
	char name[NAME_MAX + 1];
	struct stat st;
	int r = posix_entry_name(c->raw, prefix, name, sizeof(name));

	if (r < 0)
		return r;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_dev != c->dev ||
	    (uint64_t)st.st_ino != c->ino ||
	    (check_ctime && (long long)st.st_ctim.tv_sec != c->ctime))
		return -ESTALE;
	/* Here the name could still be given to another inode. In the
	 * sticky /dev/shm and mqueue root only the object's owner or root
	 * can do that. */
	if (unlinkat(dirfd, name, 0) < 0)
		return -errno;
	return 0;
}

int posix_unlink_mq(int dirfd, const struct pmq *q)
{
	/* a queue's ctime moves with every message and every read of its
	 * file: only dev and ino say it is the same queue */
	return unlink_checked(dirfd, "", &q->c, false);
}

int posix_unlink_shm(int dirfd, const struct pshm *s)
{
	return unlink_checked(dirfd, "", &s->c, true);
}

int posix_unlink_sem(int dirfd, const struct psem *s)
{
	return unlink_checked(dirfd, "sem.", &s->c, true);
}

/* The object the user chose, as far as unlink_checked needs it. */
static struct pobj chosen(const struct ident *id)
{
	struct pobj c;

	memset(&c, 0, sizeof(c));
	c.raw = (char *)id->name;
	c.dev = id->dev;
	c.ino = id->ino;
	c.ctime = id->ctime;
	return c;
}

int act_unlink_mq(const struct source *src, const struct ident *id)
{
	struct pmq q = { .c = chosen(id) };
	struct pmq_dir d;
	int r;

	if (!src->posix)
		return -ENOENT;
	if ((r = posix_source_mq_dir(src, &d)) < 0)
		return r;
	r = posix_unlink_mq(d.fd, &q);
	pmq_dir_close(&d);
	return r;
}

static int unlink_in_shm(const struct source *src, const char *prefix, const struct ident *id)
{
	struct pobj c = chosen(id);
	int fd, r;

	if (!src->posix)
		return -ENOENT;
	if ((fd = posix_source_shm_dir(src)) < 0)
		return fd;
	r = unlink_checked(fd, prefix, &c, true);
	close(fd);
	return r;
}

int act_unlink_shm(const struct source *src, const struct ident *id)
{
	return unlink_in_shm(src, "", id);
}

int act_unlink_sem(const struct source *src, const struct ident *id)
{
	return unlink_in_shm(src, "sem.", id);
}

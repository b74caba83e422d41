/* ns: the IPC namespaces of the host (every container has its own), each
 * labelled by its container, and a way to look inside one: a thread joins
 * it for one call and comes back. Never prints, never pins a namespace:
 * when a call returns, no fd and no thread of ipctop is left in one. */
#ifndef IPCTOP_NS_H
#define IPCTOP_NS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define NS_RUNTIME_MAX 8    /* "docker", "k8s-pod", "podman" or "" */
#define NS_ID_MAX 65        /* a container id: 64 hex digits */
#define NS_COMM_MAX 64      /* a comm (15 bytes) after sanitize() */
#define NS_LABEL_MAX 80     /* "comm(pid)" with the longest comm */

/* One IPC namespace with at least one process (or thread) in it. */
struct ipcns {
	unsigned long long inode;       /* as in "ipc:[4026531839]" */
	bool self;                      /* ipctop's own namespace */
	/* The member that stands for it: its oldest process by start time
	 * (a thread id when only a thread is in it); in ipctop's own
	 * namespace, ipctop itself. */
	pid_t pid;
	unsigned long long start;       /* pid's start time (clock ticks
					 * after boot); ULLONG_MAX unknown */
	size_t nproc;                   /* processes with a thread in it */
	/* "host" (own namespace), "docker:<12 hex>", "podman:<12 hex>",
	 * "k8s-pod:<pod uid>", otherwise "comm(pid)" of the member */
	char label[NS_LABEL_MAX];
	char runtime[NS_RUNTIME_MAX];   /* "docker", "k8s-pod", "podman", "" */
	char id[NS_ID_MAX];             /* full container id; pod uid for k8s-pod */
	char comm[NS_COMM_MAX];         /* the member's, sanitised; "?" unknown */
};

/* Every IPC namespace with a process in it, from <procfs>/PID/ns/ipc and,
 * for multi-threaded processes, <procfs>/PID/task/TID/ns/ipc (a thread may
 * have joined another one). ipctop's own namespace (<procfs>/self/ns/ipc)
 * comes first, the others by inode. Processes whose links we may not read
 * (another user's, when not root) are left out and counted in
 * *unreadable (may be NULL). Opens no namespace: it reads link texts, the
 * stat file of the members of other namespaces and one cgroup file per
 * namespace. *out is malloc'd (free() it; NULL when *n is 0).
 * 0 or -errno (procfs unreadable, -ENOMEM). */
int ns_list(const char *procfs, struct ipcns **out, size_t *n, size_t *unreadable);

/* The container that a /proc/PID/cgroup text names: every line, cgroup v1
 * ("N:controllers:/path") and v2 ("0::/path"); the v2 line wins when it
 * names one, otherwise the first v1 line that does. Along a path the
 * deepest container wins (a container inside a container), except that a
 * pod's own container scopes are the pod's:
 *   docker-<64 hex>.scope, docker/<64 hex>          docker, the id
 *   libpod-<64 hex>[.scope] (not libpod-conmon-)    podman, the id
 *   <...kubepods...>-pod<uid>.slice, kubepods/.../pod<uid>
 *                                                   k8s-pod, the pod uid
 *                                                   ('_' read as '-')
 * label gets "runtime:<id, 12 hex>" ("k8s-pod:<uid>" in full). Returns 1
 * and fills the three, or 0 and empties them when no container is named;
 * -ERANGE (all three emptied) when a buffer is smaller than NS_RUNTIME_MAX,
 * NS_ID_MAX or NS_LABEL_MAX. */
int ns_container_from_cgroup(const char *text, char *runtime, size_t runtime_len,
			     char *id, size_t id_len, char *label, size_t label_len);

/* --ns SPEC. A bare number is a pid up to 4194304 (the kernel's largest)
 * or a namespace inode from 4026531824 to 4294967295 (where the kernel
 * puts them: the host's is 4026531839); the numbers between are refused.
 * Also written "pid:N", and "ipc:[N]" (as readlink shows it) or "ns:N"
 * for an inode of any size. Letters or '-' make an id prefix. */
enum ns_spec_kind {
	NS_SPEC_ALL,    /* "all": every namespace */
	NS_SPEC_HOST,   /* "host": ipctop's own */
	NS_SPEC_PID,    /* the namespace a process is in */
	NS_SPEC_INODE,  /* a namespace by inode */
	NS_SPEC_ID,     /* "docker:3f2a", "podman:…", "k8s-pod:…" or a bare
			 * hex prefix ("3f2a9c1b7e4d", any runtime) */
	NS_SPEC_LABEL,  /* anything else: a whole label ("nginx(4242)") */
};

struct ns_spec {
	enum ns_spec_kind kind;
	pid_t pid;                      /* NS_SPEC_PID */
	/* NS_SPEC_INODE; for NS_SPEC_PID filled by ns_resolve, after which
	 * the spec names that namespace even once the process is gone */
	unsigned long long inode;
	char runtime[NS_RUNTIME_MAX];   /* NS_SPEC_ID: "" for any runtime */
	/* NS_SPEC_ID: the id prefix, lower case ('_' as '-');
	 * NS_SPEC_LABEL: the label */
	char text[NS_LABEL_MAX];
};

/* Parse spec into *out. 0; -EINVAL not a spec; -ERANGE a number neither a
 * pid nor a namespace inode; -ENAMETOOLONG longer than a label or an id. */
int ns_parse_spec(const char *spec, struct ns_spec *out);
/* A sentence on why ns_parse_spec refused a spec (its return value). */
const char *ns_spec_strerror(int err);

/* Does ns satisfy spec? NS_SPEC_PID compares ns's representative pid
 * until ns_resolve has turned the pid into its namespace's inode. */
bool ns_match(const struct ns_spec *spec, const struct ipcns *ns);

/* The one namespace of list[0..n) spec names: 0 and *index. A pid is
 * looked up in <procfs>/PID/ns/ipc and spec remembers its inode. Errors
 * leave a sentence in err (sanitised, always NUL-terminated): -ENOENT no
 * match, -ENOTUNIQ several (an id prefix; up to three are named), -ESRCH
 * no such process, -EACCES its namespace is hidden from us, -EINVAL for
 * NS_SPEC_ALL (not one namespace). */
int ns_resolve(const char *procfs, struct ns_spec *spec, const struct ipcns *list,
	       size_t n, size_t *index, char *err, size_t errlen);

/* Move the calling thread into namespace inode through member's
 * /proc/<member>/ns/ipc, keeping an fd of its namespace in *saved_fd
 * (-1 on failure) for ns_leave. The fd of the joined namespace is closed
 * before returning. Joining drops the thread's share of the SEM_UNDO list,
 * which ipctop never uses. Inside, the *_STAT_ANY and *_INFO calls show
 * the joined namespace, and so do the files of /proc/sysvipc, the limits
 * in /proc/sys/kernel (msg*, sem, shm*) and /proc/sys/fs/mqueue when
 * opened and read there: a /proc/sysvipc file shows the namespace it was
 * opened in, and keeps it alive, until closed; the limits follow the
 * opener since Linux 5.17 and the reader before. Close every such fd
 * before ns_leave. POSIX shm is not there but in the member's mount
 * namespace: ns_shm_dir.
 * 0; -EPERM not permitted (joining needs CAP_SYS_ADMIN; another user's
 * process needs ptrace access too); -ESRCH member has exited, or is now
 * another process not in that namespace (list again); -EINVAL bad
 * arguments; other -errno. Already there: 0, nothing changes. */
int ns_enter(unsigned long long inode, pid_t member, int *saved_fd);
/* Back to the namespace saved_fd holds, and close it. 0 or -errno; on
 * failure the thread is still inside and keeps that namespace alive until
 * it exits. */
int ns_leave(int saved_fd);

/* fn(arg) inside namespace inode, on a short-lived thread of its own:
 * it joins, runs fn, leaves and ends, so even a failed leave pins nothing
 * (fn must close what it opened). The calling thread never moves. Returns
 * fn's value, or ns_enter's error (fn not run), or -errno when no thread
 * could be started. */
int ns_run(unsigned long long inode, pid_t member, int (*fn)(void *arg), void *arg);

/* Where ns_run_each runs one item: in namespace inode, joined through
 * member; member 0 for ipctop's own (nothing to join). */
struct ns_where {
	unsigned long long inode;
	pid_t member;
};

#define NS_EACH_MAX_THREADS 8

/* fn(i, arg) for every i < n, each inside where[i]'s namespace, spread
 * over up to threads short-lived threads (at most NS_EACH_MAX_THREADS)
 * that each join an item's namespace, run it, leave, and take the next;
 * all have ended when it returns, so nothing stays pinned (a thread that
 * cannot leave ends at once). The calling thread never moves. ret[i] gets
 * fn's value or ns_enter's error (fn not run for it). 0, or -EINVAL /
 * -ENOMEM with nothing run. fn runs concurrently with itself: items must
 * not share what they write. */
int ns_run_each(size_t n, const struct ns_where *where, unsigned threads,
		int (*fn)(size_t i, void *arg), void *arg, int *ret);

/* The member's /dev/shm (POSIX shared memory and named semaphores), as a
 * directory fd (O_RDONLY | O_DIRECTORY | O_CLOEXEC) for openat and
 * fdopendir: dev/shm under /proc/<member>/root, its symbolic links
 * resolved inside the member's root, never out of it. It holds the
 * member's mount, not its IPC namespace; close it within the refresh.
 * The fd or -errno: -ESRCH member gone or not in namespace inode, -EPERM
 * not permitted, -ENOENT no /dev/shm there (or a link out of the root);
 * before Linux 5.6, which cannot resolve links inside a root, any
 * symbolic link on the way is refused (-ELOOP or -ENOTDIR). */
int ns_shm_dir(unsigned long long inode, pid_t member);

/* A sentence for an ns_enter, ns_run or ns_shm_dir error. */
const char *ns_strerror(int err);

#endif

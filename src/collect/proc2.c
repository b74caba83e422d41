/* libproc2 through dlopen(): see proc2.h. The handle is never closed —
 * libproc2 keeps per-thread buffers for the life of the process. */
#include "collect/proc2.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#define PROC2_SONAME "libproc2.so.0"

static struct proc2 fns;
static const struct proc2 *loaded;
static char err[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dlopen(PROC2_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *e;

	if (!h) {
		e = dlerror();
		snprintf(err, sizeof(err), "%s", e ? e : "cannot load " PROC2_SONAME);
		return;
	}
	/* POSIX: dlsym's object pointer converts through the pointer's own
	 * representation, the one portable way to a function pointer */
	*(void **)&fns.pids_new = dlsym(h, "procps_pids_new");
	*(void **)&fns.pids_reap = dlsym(h, "procps_pids_reap");
	*(void **)&fns.pids_unref = dlsym(h, "procps_pids_unref");
	if (!fns.pids_new || !fns.pids_reap || !fns.pids_unref) {
		e = dlerror();
		snprintf(err, sizeof(err), "%s", e ? e : PROC2_SONAME ": symbol missing");
		dlclose(h);
		return;
	}
	loaded = &fns;
}

const struct proc2 *proc2_get(void)
{
	pthread_once(&once, load);
	return loaded;
}

const char *proc2_error(void)
{
	pthread_once(&once, load);
	return loaded ? NULL : err;
}

/* --listen: /metrics over HTTP, served by libmicrohttpd.
 *
 * libmicrohttpd's own threads (a small pool, each with its own epoll)
 * read requests, so a slow or malformed client costs a connection slot
 * until its timeout and never a thread: it gets a 400 (or nothing, when
 * it never finishes its request) while the other scrapes go on. Limits:
 * SERVE_MAX_CONNECTIONS in all, SERVE_MAX_PER_IP from one address,
 * SERVE_TIMEOUT_S of idleness per connection, 16 KiB for a request's
 * headers.
 *
 * A collection runs on whichever pool thread answers a /metrics scrape,
 * under the server's lock, so two collections never overlap (the name
 * cache and the process cache are not shared-safe, and the kernel's
 * answer would not improve by asking twice). The rendered text is kept
 * as a libmicrohttpd response (reference counted by the library), and a
 * scrape that finds it younger than max_age_ms is answered from it.
 *
 * libmicrohttpd is loaded with dlopen() when --listen is used: linked, it
 * and what it pulls in (GnuTLS, nettle, gmp, p11-kit...) would be mapped
 * at every start of ipctop, --once included, for a server most runs never
 * start. The handle is never closed: the library's threads and TLS setup
 * live until the process ends. */
#define _GNU_SOURCE
#include "ipctop/serve.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctop/errors.h"

#define CONTENT_TYPE_PROM "text/plain; version=0.0.4; charset=utf-8"

static const char page_root[] =
	"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ipctop exporter</title>"
	"</head>\n<body><h1>ipctop exporter</h1>\n<p>System V IPC objects, their limits "
	"and use: <a href=\"/metrics\">/metrics</a></p></body></html>\n";
static const char page_404[] = "404 not found: the metrics are at /metrics\n";
static const char page_405[] = "405 method not allowed: GET or HEAD only\n";

#define MHD_SONAME "libmicrohttpd.so.12"

static struct {
	struct MHD_Daemon *(*start)(unsigned int flags, uint16_t port,
				    MHD_AcceptPolicyCallback apc, void *apc_cls,
				    MHD_AccessHandlerCallback dh, void *dh_cls, ...);
	void (*stop)(struct MHD_Daemon *d);
	struct MHD_Response *(*from_buffer)(size_t size, void *buffer,
					    enum MHD_ResponseMemoryMode mode);
	enum MHD_Result (*add_header)(struct MHD_Response *r, const char *header,
				      const char *content);
	enum MHD_Result (*queue)(struct MHD_Connection *c, unsigned int status,
				 struct MHD_Response *r);
	void (*destroy)(struct MHD_Response *r);
} mhd;

/* 0, or -ENOENT with dlerror()'s words in err. */
static int mhd_load(char *err, size_t len)
{
	void *h;
	const char *e;

	if (mhd.start)
		return 0;
	h = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		e = dlerror();
		snprintf(err, len, "%s", e ? e : "cannot load " MHD_SONAME);
		return -ENOENT;
	}
	/* POSIX: dlsym's object pointer converts through the pointer's own
	 * representation, the one portable way to a function pointer */
	*(void **)&mhd.stop = dlsym(h, "MHD_stop_daemon");
	*(void **)&mhd.from_buffer = dlsym(h, "MHD_create_response_from_buffer");
	*(void **)&mhd.add_header = dlsym(h, "MHD_add_response_header");
	*(void **)&mhd.queue = dlsym(h, "MHD_queue_response");
	*(void **)&mhd.destroy = dlsym(h, "MHD_destroy_response");
	*(void **)&mhd.start = dlsym(h, "MHD_start_daemon");
	if (!mhd.stop || !mhd.from_buffer || !mhd.add_header || !mhd.queue || !mhd.destroy ||
	    !mhd.start) {
		e = dlerror();
		snprintf(err, len, "%s", e ? e : MHD_SONAME ": a symbol is missing");
		mhd.start = NULL;
		dlclose(h);
		return -ENOENT;
	}
	return 0;
}

struct server {
	pthread_mutex_t mu;
	struct scrape *sc;
	long max_age_ms;
	struct MHD_Response *cached;   /* the last scrape's text, or NULL */
	long long cached_at;           /* when its collection started */
	struct MHD_Response *root, *notfound, *notallowed;
};

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int serve_parse_addr(const char *spec, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *port, *colon;
	size_t hl;
	char *end;
	long p;

	memset(ss, 0, sizeof(*ss));
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':')
			return -EINVAL;
		hl = (size_t)(close - spec - 1);
		if (hl == 0 || hl >= sizeof(host))
			return -EINVAL;
		memcpy(host, spec + 1, hl);
		port = close + 2;
	} else {
		colon = strrchr(spec, ':');
		if (!colon || colon == spec || strchr(spec, ':') != colon)
			return -EINVAL;
		hl = (size_t)(colon - spec);
		if (hl >= sizeof(host))
			return -EINVAL;
		memcpy(host, spec, hl);
		port = colon + 1;
	}
	host[hl] = '\0';
	if (*port < '0' || *port > '9')
		return -EINVAL;
	errno = 0;
	p = strtol(port, &end, 10);
	if (*end || errno || p < 1 || p > 65535)
		return -EINVAL;
	if (spec[0] == '[') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			return -EINVAL;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)p);
		*len = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			return -EINVAL;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)p);
		*len = sizeof(*a);
	}
	return 0;
}

static struct MHD_Response *fixed(const char *text, const char *type)
{
	struct MHD_Response *r = mhd.from_buffer(strlen(text), (void *)text,
								   MHD_RESPMEM_PERSISTENT);

	if (r)
		mhd.add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	return r;
}

/* The text of one scrape, or NULL (collection or memory failed). */
static struct MHD_Response *collect(struct server *sv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct MHD_Response *r;
	int rc;

	if (!f)
		return NULL;
	rc = scrape_write(sv->sc, f);
	if (fclose(f) != 0 && rc == 0)
		rc = -ENOMEM;
	if (rc < 0) {
		free(buf);
		return NULL;
	}
	r = mhd.from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(buf);
		return NULL;
	}
	mhd.add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, CONTENT_TYPE_PROM);
	return r;
}

static enum MHD_Result metrics(struct server *sv, struct MHD_Connection *c)
{
	enum MHD_Result ret;

	pthread_mutex_lock(&sv->mu);
	long long start = mono_ms();
	if (!sv->cached || start - sv->cached_at >= sv->max_age_ms) {
		struct MHD_Response *r = collect(sv);

		if (!r) {
			pthread_mutex_unlock(&sv->mu);
			return MHD_NO;   /* the connection is closed: no half answer */
		}
		if (sv->cached)
			mhd.destroy(sv->cached);
		sv->cached = r;
		sv->cached_at = start;
	}
	/* queued under the lock: the response cannot be replaced and freed
	 * before libmicrohttpd holds its own reference */
	ret = mhd.queue(c, MHD_HTTP_OK, sv->cached);
	pthread_mutex_unlock(&sv->mu);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct server *sv = cls;

	(void)version;
	(void)upload;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return mhd.queue(c, MHD_HTTP_METHOD_NOT_ALLOWED, sv->notallowed);
	/* a GET with a body: the body is ignored */
	*upload_size = 0;
	if (strcmp(url, "/metrics") == 0)
		return metrics(sv, c);
	if (strcmp(url, "/") == 0)
		return mhd.queue(c, MHD_HTTP_OK, sv->root);
	return mhd.queue(c, MHD_HTTP_NOT_FOUND, sv->notfound);
}

static int listen_socket(const struct sockaddr_storage *addr, socklen_t len)
{
	int one = 1, fd = socket(addr->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (addr->ss_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)addr, len) < 0 || listen(fd, 128) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

int serve_run(struct scrape *sc, const struct sockaddr_storage *addr, socklen_t addrlen,
	      long max_age_ms, char *err, size_t errlen)
{
	struct server sv = { .sc = sc, .max_age_ms = max_age_ms };
	struct MHD_Daemon *d;
	sigset_t stop, old;
	int fd, sig = 0, r = 0;

	r = mhd_load(err, errlen);
	if (r < 0)
		return r;
	/* blocked before libmicrohttpd starts its threads, which inherit
	 * the mask: only sigwait() below takes them */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	fd = listen_socket(addr, addrlen);
	if (fd < 0) {
		snprintf(err, errlen, "cannot listen: %s", strerror(-fd));
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return fd;
	}
	pthread_mutex_init(&sv.mu, NULL);
	sv.root = fixed(page_root, "text/html; charset=utf-8");
	sv.notfound = fixed(page_404, "text/plain; charset=utf-8");
	sv.notallowed = fixed(page_405, "text/plain; charset=utf-8");
	if (sv.notallowed)
		mhd.add_header(sv.notallowed, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	if (!sv.root || !sv.notfound || !sv.notallowed) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		r = -ENOMEM;
		goto out;
	}
	d = mhd.start(MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, handle, &sv,
			     MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SERVE_THREADS,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SERVE_MAX_PER_IP,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_S,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
			     MHD_OPTION_END);
	if (!d) {
		close(fd);
		snprintf(err, errlen, "cannot start the HTTP server");
		r = -EIO;
		goto out;
	}
	while (sigwait(&stop, &sig) != 0)
		;
	/* closes the listening socket and every connection; waits for a
	 * collection under way */
	mhd.stop(d);
out:
	if (sv.cached)
		mhd.destroy(sv.cached);
	if (sv.root)
		mhd.destroy(sv.root);
	if (sv.notfound)
		mhd.destroy(sv.notfound);
	if (sv.notallowed)
		mhd.destroy(sv.notallowed);
	pthread_mutex_destroy(&sv.mu);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r;
}

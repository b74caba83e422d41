/* serve: ipctop as a Prometheus exporter. scrape_write() makes one
 * collection (through collect/ and procs/) and renders it (output/prom);
 * serve_run() answers HTTP scrapes of /metrics with it (libmicrohttpd).
 * Nothing here changes the system: every endpoint only reads. Never
 * prints; the caller says what went wrong. */
#ifndef IPCTOP_SERVE_H
#define IPCTOP_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

struct source;
struct name_cache;
struct procs_cache;

struct ns_spec;

struct scrape {
	const struct source *src;
	struct name_cache *names;
	size_t max_objects;           /* --metrics-max-objects */
	struct procs_cache *cache;    /* kept across scrapes; may be NULL */
	struct ns_spec *ns;           /* --ns: the namespaces; NULL: ours */
	/* the health rules and thresholds for ipctop_health_findings; NULL:
	 * no findings */
	const struct health_opts *health;
	unsigned long long collections, errors;
};

/* Collect once and write the Prometheus text to f. Lists that could not
 * be read are in the text (ipctop_list_error) and counted in sc->errors.
 * 0, or -errno when nothing useful could be written (-EIO: a write
 * failed, -ENOMEM). Not thread-safe: one scrape at a time per sc. */
int scrape_write(struct scrape *sc, FILE *f);

/* Write one scrape to path atomically: a new file beside it, renamed
 * over it once whole (never a partial file for a reader). The target
 * must be a regular file or absent; a symbolic link, a directory, a
 * device or FIFO is refused (-IPCTOP_ENOTREG, errors.h). 0 or -errno
 * (ipctop_strerror() says it); on error the old file is untouched. */
int scrape_to_file(struct scrape *sc, const char *path);

/* Connection limits of --listen (documented in README and ipctop(1)). */
#define SERVE_MAX_CONNECTIONS 256
#define SERVE_MAX_PER_IP 64
#define SERVE_TIMEOUT_S 10
#define SERVE_THREADS 4

/* "127.0.0.1:9184", "[::1]:9184" or "0.0.0.0:9184": numeric address and
 * port (1-65535), both required. 0 or -EINVAL. */
int serve_parse_addr(const char *spec, struct sockaddr_storage *ss, socklen_t *len);

/* Serve sc's scrapes at addr until SIGINT or SIGTERM (blocked in the
 * caller, so no other thread takes them). A scrape reuses the last one
 * while it is younger than max_age_ms; otherwise collects, one at a time
 * under a lock. 0 after a clean stop, or -errno with a sentence in err. */
int serve_run(struct scrape *sc, const struct sockaddr_storage *addr, socklen_t addrlen,
	      long max_age_ms, char *err, size_t errlen);

#endif

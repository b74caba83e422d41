/* fmt: formatting of times, sizes and permissions for display. Pure. */
#ifndef IPCTOP_FMT_H
#define IPCTOP_FMT_H

#include <stddef.h>

enum time_fmt { TIME_RELATIVE, TIME_ISO, TIME_UNIX };

/* "-" for never (t == 0), "?" for unknown (t < 0). */
void fmt_time(char *buf, size_t len, long long t, long long now, enum time_fmt f);
/* Human size like lsipc ("4K", "1.5M") or raw bytes; "?" for unknown. */
void fmt_size(char *buf, size_t len, long long bytes, int raw_bytes);
/* "rw-r-----" style, from mode bits. */
void fmt_perms(char *buf, size_t len, unsigned mode);
/* "0600": the low 12 mode bits in octal, four digits. */
void fmt_octal(char *buf, size_t len, unsigned mode);
/* "0x0000abcd": 32 bits in hex, as ipcs shows keys. */
void fmt_hex32(char *buf, size_t len, unsigned v);

/* Decimal text of v into buf (at least FMT_NUM_MAX bytes), NUL-terminated;
 * returns the length. For hot loops, where snprintf is too slow. */
#define FMT_NUM_MAX 24
size_t fmt_ll(char *buf, long long v);
size_t fmt_ull(char *buf, unsigned long long v);
/* Parse "1", "0.5", "2.25" into milliseconds; -1 on error or <= 0. */
long fmt_parse_delay_ms(const char *s);

/* A duration: "0", "90" or "90s", "15m", "1h", "2d", or several of
 * them ("1h30m"), into seconds; -1 when malformed or beyond ten years. */
long long fmt_parse_duration(const char *s);
/* Seconds as a duration for people: "45s", "12m", "3h05m", "2d4h";
 * "?" when negative. */
void fmt_duration(char *buf, size_t len, long long secs);

#endif

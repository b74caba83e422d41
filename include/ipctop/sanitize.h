/* sanitize: makes strings from the system safe to draw on a terminal.
 * Every byte outside printable ASCII and valid UTF-8 is escaped, and so is
 * the backslash, so that every backslash of the result starts an escape. */
#ifndef IPCTOP_SANITIZE_H
#define IPCTOP_SANITIZE_H

#include <stddef.h>

/* Write a printable copy of src[0..len) into dst (size dstlen, always
 * NUL-terminated): control bytes become \xNN, invalid UTF-8 bytes and the
 * backslash (\x5c) too. Returns the length written. */
size_t sanitize(char *dst, size_t dstlen, const char *src, size_t len);

#endif

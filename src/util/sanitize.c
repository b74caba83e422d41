/* Terminal-safe copies of untrusted strings. Valid UTF-8 sequences of
 * printable characters pass through; C0/C1 controls, DEL and malformed
 * bytes become \xNN so a name can never move the cursor or change modes.
 * The backslash itself becomes \x5c: a name holding the text "\x1b" must
 * not look like one holding ESC. */
#include "ipctop/sanitize.h"

#include <stdint.h>

/* Length of a valid, printable UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
	size_t n;
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong, surrogate, out of range, or C1 control */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return n;
}

size_t sanitize(char *dst, size_t dstlen, const char *src, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;
	size_t o = 0;

	if (dstlen == 0)
		return 0;
	for (size_t i = 0; i < len && s[i] != '\0';) {
		size_t n = 1;

		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\') {
			if (o + 1 >= dstlen)
				break;
			dst[o++] = (char)s[i];
		} else if (s[i] >= 0x80 && (n = utf8_len(s + i, len - i)) > 0) {
			if (o + n >= dstlen)
				break;
			for (size_t k = 0; k < n; k++)
				dst[o++] = (char)s[i + k];
		} else {
			n = 1;
			if (o + 4 >= dstlen)
				break;
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[s[i] >> 4];
			dst[o++] = hex[s[i] & 15];
		}
		i += n;
	}
	dst[o] = '\0';
	return o;
}

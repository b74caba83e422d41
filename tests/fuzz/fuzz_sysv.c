/* libFuzzer target: the /proc/sysvipc line parsers and the terminal
 * sanitiser must accept any bytes without crashing or reading out of
 * bounds, and what sanitize() writes must contain no control byte and no
 * backslash that does not start a \xNN escape. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/sanitize.h"
#include "ipctop/sysv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hexdigit(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msq q;
	struct semset s;
	struct shmseg g;
	char out[256];
	/* an exact-size copy so ASan catches any read past the line */
	char *line = malloc(size ? size : 1);

	if (!line)
		return 0;
	memcpy(line, data, size);
	sysv_parse_msg(line, size, &q);
	sysv_parse_sem(line, size, &s);
	sysv_parse_shm(line, size, &g);
	sanitize(out, sizeof(out), line, size);
	for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			abort();
		if (*p == '\\' && !(p[1] == 'x' && hexdigit(p[2]) && hexdigit(p[3])))
			abort();
	}
	free(line);
	return 0;
}

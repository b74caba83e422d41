/* Messages for ipctop's own error codes (see errors.h). */
#include "ipctop/errors.h"

#include <string.h>

const char *ipctop_strerror(int err)
{
	if (err == -IPCTOP_ENOTREG)
		return "not a regular file";
	return strerror(-err);
}

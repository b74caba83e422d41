/* errors: the failures ipctop reports that errno has no code for, and the
 * message for any error a module returns (-errno or one of these). Never
 * prints. */
#ifndef IPCTOP_ERRORS_H
#define IPCTOP_ERRORS_H

/* A file under the proc root is a FIFO, device or directory: refused,
 * because reading it could block forever or never end. Beyond the kernel's
 * errno range (which stops below 4096). */
#define IPCTOP_ENOTREG 4096

/* The message for err (negative: -errno or -IPCTOP_E...). */
const char *ipctop_strerror(int err);

#endif

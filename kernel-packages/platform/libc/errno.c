/* errno.c - errno storage. One CPU runs today; when SMP arrives this
 * becomes a per-CPU (per-thread) slot without changing any caller. */
#include <errno.h>

static int errno_value;

int *__errno_location(void) { return &errno_value; }

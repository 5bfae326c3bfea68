/* perror.c - "prefix: message" for the current errno, on stderr. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

void perror(const char *s)
{
    if (s && *s)
        fprintf(stderr, "%s: %s\n", s, strerror(errno));
    else
        fprintf(stderr, "%s\n", strerror(errno));
}

/* stdio.h - the platform's console stdio (the next <stdio.h> on the include
 * path: the manifest's includeDirs put include/libc first) and the files this
 * kernel defines (src/file_stdio.c): forwarded to the host under SplitVM; in
 * VM mode fopen returns NULL with errno ENOSYS. */
#ifndef _DIVER_NAUTILUS_STDIO_H
#define _DIVER_NAUTILUS_STDIO_H

#include_next <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
FILE *fopen(const char *path, const char *mode);
int fclose(FILE *f);
size_t fread(void *p, size_t size, size_t n, FILE *f);
int fseek(FILE *f, long offset, int whence);
long ftell(FILE *f);
void rewind(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
int remove(const char *path);
int rename(const char *from, const char *to);

#ifdef __cplusplus
}
#endif

#endif

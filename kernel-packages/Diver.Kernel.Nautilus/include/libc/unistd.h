/* unistd.h - descriptor I/O. Descriptors 0, 1 and 2 are the console; the
 * others exist only when the kernel forwards files (SplitVM). */
#ifndef _DIVER_UNISTD_H
#define _DIVER_UNISTD_H

#include <sys/types.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int unlink(const char *path);
int rmdir(const char *path);
char *getcwd(char *buf, size_t size);

#endif

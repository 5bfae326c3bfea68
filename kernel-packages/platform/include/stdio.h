/* stdio.h - console I/O for Diver apps. stdout and stderr both write to
 * COM1 (unbuffered, so output is never lost on a fault); stdin reads it.
 * Files are a kernel's: one that has them declares fopen and the rest in
 * its own <stdio.h>, which includes this one (Nautilus: include/libc/). */
#ifndef _DIVER_STDIO_H
#define _DIVER_STDIO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)
#define BUFSIZ 1024

typedef struct __diver_file FILE;
extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;
#define stdin stdin
#define stdout stdout
#define stderr stderr

#define __DIVER_PRINTF(f, a) __attribute__((format(printf, f, a)))

int printf(const char *fmt, ...) __DIVER_PRINTF(1, 2);
int fprintf(FILE *f, const char *fmt, ...) __DIVER_PRINTF(2, 3);
int sprintf(char *buf, const char *fmt, ...) __DIVER_PRINTF(2, 3);
int snprintf(char *buf, size_t size, const char *fmt, ...) __DIVER_PRINTF(3, 4);
int vprintf(const char *fmt, __builtin_va_list ap) __DIVER_PRINTF(1, 0);
int vfprintf(FILE *f, const char *fmt, __builtin_va_list ap) __DIVER_PRINTF(2, 0);
int vsprintf(char *buf, const char *fmt, __builtin_va_list ap) __DIVER_PRINTF(2, 0);
int vsnprintf(char *buf, size_t size, const char *fmt, __builtin_va_list ap) __DIVER_PRINTF(3, 0);

int putchar(int c);
int puts(const char *s);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int fputs(const char *s, FILE *f);
size_t fwrite(const void *p, size_t size, size_t n, FILE *f);
int fflush(FILE *f);
void perror(const char *s);

/* Input blocks until a byte arrives. A terminal's carriage return reads as
 * '\n'; end of input on the host (Ctrl-D on a terminal, the end of a pipe or
 * file) reads as EOF from then on (platform/console_input.h). */
int getchar(void);
int fgetc(FILE *f);
int getc(FILE *f);
int ungetc(int c, FILE *f);
char *fgets(char *buf, int size, FILE *f);

#ifdef __cplusplus
}
#endif

#endif

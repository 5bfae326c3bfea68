/* cmdline.h - turning the boot command line into argc/argv. */
#ifndef PLATFORM_CMDLINE_H
#define PLATFORM_CMDLINE_H

/* Splits cmdline into words: whitespace separates, "..." groups, and a
 * backslash takes the next character literally. Returns a heap-allocated,
 * NULL-terminated argv and stores the count in *argc. */
char **cmdline_to_argv(const char *cmdline, int *argc);

#endif

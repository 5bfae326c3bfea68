/* start_main.h - entering the program through musl's __libc_start_main. */
#ifndef POSIX_START_MAIN_H
#define POSIX_START_MAIN_H

/* Boot work that needs musl (its malloc): may rewrite argc and argv. */
typedef void (*late_boot_fn)(int *argc, char ***argv);

/* Points this CPU's FS at a zeroed block, so musl code is callable before
 * musl's own start-up (Debian's musl reads a stack canary at %fs:0x28).
 * Each CPU calls it first. */
void start_main_boot_tls(unsigned cpu);

__attribute__((noreturn)) void start_main(late_boot_fn late_boot);

#endif

/* kernel_options.h - options for the kernel itself on the boot command line.
 *
 * The launcher may put words of the form diver.KEY=VALUE before the app's
 * name, ended by a "--" word (diver.fwd=1f2e -- app arg1). They are taken
 * out of argv before main runs, so argv stays exactly what the app was given. */
#ifndef PLATFORM_KERNEL_OPTIONS_H
#define PLATFORM_KERNEL_OPTIONS_H

/* Removes the leading kernel options (and their "--") from argv in place. */
void kernel_options_take(int *argc, char **argv);

/* The value of diver.KEY, or NULL when the command line did not give it. */
const char *kernel_option(const char *key);

#endif

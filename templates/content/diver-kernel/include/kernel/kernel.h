/* kernel/kernel.h - what an app may ask of this kernel beyond libc. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

/* The kernel's name, e.g. to print at start-up. */
const char *kernel_name(void);

#endif

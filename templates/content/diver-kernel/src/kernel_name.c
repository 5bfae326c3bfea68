/* kernel_name.c - the kernel's name. Kept apart from kernel.c because
 * 'dotnet new' writes the new kernel's name here and copies the C files
 * with preprocessor conditionals untouched (it would read them as its own). */
#include <kernel/kernel.h>

const char *kernel_name(void) { return "DiverKernel"; }

/* trap.h - what the arch's exception handling offers the rest of the
 * platform. The saved register state is the arch's (<arch/trap.h>). */
#ifndef PLATFORM_TRAP_H
#define PLATFORM_TRAP_H

#include <stdint.h>

/* The name of an exception vector, for reports ("Page fault"). */
const char *trap_name(unsigned vector);

/* Lets the fault handler call an overflow of the app stack by its name. */
void trap_set_stack_guard(uintptr_t guard_page);

#endif

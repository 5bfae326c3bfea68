/* futex.h - futex wait queues, keyed by address (one address space). */
#ifndef POSIX_FUTEX_H
#define POSIX_FUTEX_H

long futex_wake(int *addr, long count);

#endif

# platform.mk - the platform's sources, for any kernel that builds on it.
# Include with PLATFORM_DIR set to this directory. The architecture's own
# sources come from arch/$(PLATFORM_ARCH)/arch.mk, so a port adds a folder.

PLATFORM_ARCH ?= x86_64
include $(PLATFORM_DIR)/arch/$(PLATFORM_ARCH)/arch.mk

PLATFORM_SRCS := $(ARCH_SRCS) \
	acpi/acpi.c acpi/madt.c \
	dev/console_input.c \
	mm/memmap.c mm/heap.c \
	sched/runqueue.c sched/idle.c sched/policy.c sched/thread.c sched/stack.c sched/waitq.c sched/timer.c \
	runtime/platform_init.c runtime/boot_log.c runtime/cmdline.c runtime/run_main.c \
	runtime/exit.c runtime/panic.c runtime/spinlock.c \
	runtime/kernel_options.c forward/fwd_ring.c forward/fwd_calls.c channel/chan_ring.c channel/chan_wait.c channel/chan_std.c libc/stream.c \
	libc/format.c libc/format_float.c libc/stdio.c libc/sprintf.c libc/string.c \
	libc/str.c libc/ctype.c libc/strtol.c libc/strtod.c libc/stdlib.c libc/rand.c \
	libc/qsort.c libc/errno.c libc/strerror.c libc/assert.c libc/perror.c

# Neutral headers (<platform/...>, the libc) and the arch's (<arch/...>).
PLATFORM_INCLUDE := $(PLATFORM_DIR)/include
PLATFORM_ARCH_INCLUDE := $(PLATFORM_DIR)/arch/$(PLATFORM_ARCH)/include
PLATFORM_LDSCRIPT := $(PLATFORM_DIR)/arch/$(PLATFORM_ARCH)/link/kernel.ld

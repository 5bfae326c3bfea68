# platform.mk - the platform's sources, for any kernel that builds on it.
# Include with PLATFORM_DIR set to this directory.

PLATFORM_SRCS := \
	boot/headers.S boot/entry.S boot/platform_entry.c boot/pvh.c boot/multiboot2.c \
	cpu/gdt.c cpu/idt.c cpu/trap_entry.S cpu/trap.c cpu/simd.c cpu/paging.c \
	cpu/stack_switch.S cpu/cpu_init.c cpu/percpu.c cpu/irq.c cpu/lapic.c cpu/tsc.c \
	cpu/smp.c cpu/ap_trampoline.S acpi/acpi.c acpi/madt.c \
	dev/serial.c dev/console_input.c dev/debug_exit.c \
	mm/memmap.c mm/heap.c \
	sched/runqueue.c sched/idle.c sched/policy.c sched/thread.c sched/stack.c sched/waitq.c \
	sched/arch/x86_64/switch.S sched/arch/x86_64/context.c \
	runtime/platform_init.c runtime/boot_log.c runtime/cmdline.c runtime/run_main.c \
	runtime/exit.c runtime/panic.c runtime/spinlock.c \
	runtime/kernel_options.c forward/fwd_ring.c forward/fwd_calls.c channel/chan_ring.c channel/chan_std.c libc/stream.c \
	libc/format.c libc/format_float.c libc/stdio.c libc/sprintf.c libc/string.c \
	libc/str.c libc/ctype.c libc/strtol.c libc/strtod.c libc/stdlib.c libc/rand.c \
	libc/qsort.c libc/errno.c libc/strerror.c libc/assert.c libc/perror.c

PLATFORM_INCLUDE := $(PLATFORM_DIR)/include
PLATFORM_LDSCRIPT := $(PLATFORM_DIR)/link/kernel.ld

# arch.mk - x86-64's sources, relative to the platform folder (platform.mk
# includes this for PLATFORM_ARCH=x86_64). Boot (PVH and Multiboot2 entry),
# per-CPU setup, traps, local APIC, TSC clock, AP start-up, paging, the
# scheduler's context switch, and the port-I/O devices. Its headers are
# include/ (<arch/...>), its linker script link/kernel.ld.
ARCH_SRCS := $(addprefix arch/x86_64/, \
	boot/headers.S boot/entry.S boot/platform_entry.c boot/pvh.c boot/multiboot2.c \
	cpu/gdt.c cpu/idt.c cpu/trap_entry.S cpu/trap.c cpu/simd.c cpu/paging.c \
	cpu/stack_switch.S cpu/cpu_init.c cpu/percpu.c cpu/irq.c cpu/lapic.c cpu/tsc.c \
	cpu/smp.c cpu/ap_trampoline.S \
	sched/switch.S sched/context.c \
	dev/serial.c dev/debug_exit.c)

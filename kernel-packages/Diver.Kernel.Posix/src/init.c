/* init.c - the Posix kernel's start: the platform comes up on the boot CPU,
 * every interrupt and exception moves to a stack of its own (the program's
 * red zone must survive them) and the page allocator has the free RAM, the
 * `syscall` instruction is pointed at the Linux call layer, the other CPUs
 * start, and the program enters through musl. A periodic timer tick runs on
 * every CPU: it ends sleeps, preempts a thread that ran its time slice when
 * another is ready (as on Linux, a thread spinning on a flag lets the setter
 * run), and proves, every run, that interrupts leave the program's stack
 * alone. */
#include "hostfs.h"
#include "pages.h"
#include "posix_thread.h"
#include "ramfs.h"
#include "start_main.h"
#include "syscall.h"
#include <arch/cpu.h>
#include <arch/lapic.h>
#include <arch/x86.h>
#include <diver/channel.h>
#include <diver/forward.h>
#include <platform/boot.h>
#include <platform/cmdline.h>
#include <platform/kernel_options.h>
#include <platform/panic.h>
#include <platform/runtime.h>
#include <platform/sched.h>
#include <platform/smp.h>

#define TICK_US 1000

static const struct boot_info *boot;

/* The project's GuestFile items, linked in by the build (absent: none). */
extern const struct guest_file_table __diver_guest_files __attribute__((weak));

/* SplitVM (the launcher put diver.fwd= on the command line): files are the
 * host's, in the sandbox. VM: a RAM file system seeded with the packed files. */
static void files_init(void)
{
    long r;

    if (fwd_available()) {
        vfs_root = &hostfs_ops;
        return;
    }
    r = ramfs_init(&__diver_guest_files ? &__diver_guest_files : 0);
    if (r < 0)
        panic("cannot lay out the packed files in RAM (error %ld): give the VM more Memory", -r);
    vfs_root = &ramfs_ops;
}

/* Each other CPU: its `syscall` MSRs and tick, then the core's idle loop,
 * which runs the threads placed on it. */
static void ap_main(unsigned cpu)
{
    start_main_boot_tls(cpu);
    syscall_init_cpu();
    lapic_timer_start(TICK_US);
    sched_ap_main(cpu);
}

/* Runs inside musl's start-up, as its first constructor (start_main.c). */
static void late_boot(int *argc, char ***argv)
{
    sched_init(); /* its memory is kalloc's (kmem.c), never the program's malloc */
    posix_threads_init();
    smp_start(boot->rsdp_paddr, ap_main);
    sched_boot_cpu_ready();
    *argv = cmdline_to_argv(boot->cmdline, argc);
    kernel_options_take(argc, *argv); /* e.g. diver.fwd=: the program never sees them */
    sched_apply_kernel_options();      /* -p:TimeSlice, -p:IdlePolicy */
    chan_init(); /* a pipeline stage's stdin/stdout (console.c routes fds 0 and 1) */
    files_init();
}

void kernel_start(const struct boot_info *bi)
{
    boot = bi;
    start_main_boot_tls(0);
    platform_init(bi);
    idt_all_on_ist();
    syscall_init_cpu();
    lapic_timer_start(TICK_US);
    irq_enable();
    start_main(late_boot);
}

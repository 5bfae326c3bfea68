/* posix_thread.c - clone for pthread_create, the thread's end (exit and its
 * CLONE_CHILD_CLEARTID wake, which pthread_join waits on), set_tid_address,
 * gettid and sched_yield, on the platform scheduling core. Threads share the
 * one address space; a clone that asks for a new process (fork) is refused. */
#include "futex.h"
#include "kalloc.h"
#include "pages.h"
#include "posix_thread.h"
#include "syscall.h"
#include <arch/cpu.h>
#include <arch/x86.h>
#include <errno.h>
#include <platform/exit.h>
#include <platform/panic.h>
#include <platform/sched.h>
#include <platform/spinlock.h>
#include <sched.h>

#define ENTRY_STACK_PAGES 8
#define KERNEL_STACK_SIZE (16u << 10) /* the core's stack: only the first instructions run on it */
#define MSR_FS_BASE 0xc0000100
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)

static struct posix_thread main_thread = { .tid = SCHED_MAIN_THREAD_ID };
static long next_tid = SCHED_MAIN_THREAD_ID + 1;
static long live_threads = 1;
static int ready; /* the scheduling core runs (musl's start-up calls come before it) */
/* Threads that ended: an ending thread still runs on its entry stack, so it
 * cannot free it; the next clone reaps them (joins the core's thread, which
 * waits until it is off its CPU, then frees the stacks), in a system call's
 * context where the allocators may be used. */
static struct spinlock ended_lock = SPINLOCK_INIT("ended threads");
static struct posix_thread *ended;

struct posix_thread *posix_thread_self(void)
{
    struct posix_thread *t = ready ? sched_thread_data(sched_self()) : 0;
    return t ? t : &main_thread;
}

void posix_threads_init(void)
{
    sched_set_fs_base(rdmsr(MSR_FS_BASE)); /* musl set the main thread's TLS before the core existed */
    ready = 1;
}

void posix_set_fs_base(uintptr_t base)
{
    if (ready)
        sched_set_fs_base(base); /* the core reloads it whenever the thread runs */
    else
        wrmsr(MSR_FS_BASE, base);
}

/* A new thread's first code, on the core's stack: enter the program's
 * code where clone returned, with the new stack, RAX = 0 and R9 as the
 * parent had it (musl's __clone keeps the thread function there). */
static void *thread_start(void *arg)
{
    struct posix_thread *t = arg;
    register uintptr_t r9 __asm__("r9") = t->start_r9;

    __asm__ volatile("pushq %[ss]\n\t"
                     "pushq %[rsp]\n\t"
                     "pushq %[rflags]\n\t"
                     "pushq %[cs]\n\t"
                     "pushq %[rip]\n\t"
                     "xorl %%eax, %%eax\n\t"
                     "xorl %%ebp, %%ebp\n\t"
                     "iretq"
                     :
                     : [ss] "i"(GDT_KERNEL_DATA), [rsp] "r"(t->start_rsp), [rflags] "r"(t->start_rflags),
                       [cs] "i"(GDT_KERNEL_CODE), [rip] "r"(t->start_rip), "r"(r9)
                     : "memory");
    __builtin_unreachable();
}

static void reap_ended_threads(void)
{
    struct posix_thread *list, *t;

    spin_lock(&ended_lock);
    list = ended;
    ended = 0;
    spin_unlock(&ended_lock);
    while ((t = list)) {
        list = t->next_ended;
        sched_thread_join(t->core);
        pages_free_guarded(t->entry_stack - ENTRY_STACK_PAGES * PAGE_SIZE, ENTRY_STACK_PAGES);
        kfree(t, sizeof *t);
    }
}

long posix_clone(const struct syscall_args *args)
{
    unsigned long flags = (unsigned long)args->a[0];
    struct posix_thread *t;
    struct sched_thread_spec spec = { 0 };
    uintptr_t stack;
    struct sched_thread *core;
    long tid;

    if ((flags & THREAD_FLAGS) != THREAD_FLAGS || !args->a[1])
        return -ENOSYS; /* a new process (fork, vfork, posix_spawn): one program per VM */
    reap_ended_threads();
    t = kalloc(sizeof *t);
    stack = t ? pages_alloc_guarded(ENTRY_STACK_PAGES) : 0;
    if (!stack) {
        kfree(t, sizeof *t);
        return -EAGAIN;
    }
    t->tid = __atomic_fetch_add(&next_tid, 1, __ATOMIC_RELAXED);
    t->entry_stack = stack + ENTRY_STACK_PAGES * PAGE_SIZE;
    t->start_rip = args->rip;
    t->start_rflags = args->rflags;
    t->start_rsp = (uintptr_t)args->a[1];
    t->start_r9 = (uintptr_t)args->a[5];
    if (flags & CLONE_PARENT_SETTID)
        *(int *)args->a[2] = (int)t->tid;
    if (flags & CLONE_CHILD_SETTID)
        *(int *)args->a[3] = (int)t->tid;
    if (flags & CLONE_CHILD_CLEARTID)
        t->clear_child_tid = (int *)args->a[3];
    spec.entry = thread_start;
    spec.arg = t;
    spec.cpu = SCHED_ANY_CPU;
    spec.stack_size = KERNEL_STACK_SIZE;
    spec.fs_base = (flags & CLONE_SETTLS) ? (uintptr_t)args->a[4] : 0;
    spec.entry_stack = t->entry_stack;
    spec.data = t;
    __atomic_add_fetch(&live_threads, 1, __ATOMIC_RELAXED);
    tid = t->tid; /* t may be on the ended list (and reaped) before this returns */
    __atomic_store_n(&t->core, 0, __ATOMIC_RELAXED);
    core = sched_thread_create(&spec);
    __atomic_store_n(&t->core, core, __ATOMIC_RELEASE); /* its exit waits for this */
    if (!core) {
        __atomic_sub_fetch(&live_threads, 1, __ATOMIC_RELAXED);
        pages_free_guarded(stack, ENTRY_STACK_PAGES);
        kfree(t, sizeof *t);
        return -EAGAIN;
    }
    return tid;
}

SYSCALL_DEFINE(set_tid_address)
{
    struct posix_thread *t = posix_thread_self();

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    t->clear_child_tid = (int *)a0;
    return t->tid;
}

SYSCALL_DEFINE(gettid) { SYSCALL_UNUSED_ARGS(); return posix_thread_self()->tid; }
SYSCALL_DEFINE(sched_yield) { SYSCALL_UNUSED_ARGS(); sched_thread_yield(); return 0; }

/* One thread ends; the last one ends the program with its code, as Linux does. */
SYSCALL_DEFINE(exit)
{
    struct posix_thread *t = posix_thread_self();

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (t->clear_child_tid) {
        __atomic_store_n(t->clear_child_tid, 0, __ATOMIC_RELEASE);
        futex_wake(t->clear_child_tid, 1);
    }
    if (__atomic_sub_fetch(&live_threads, 1, __ATOMIC_ACQ_REL) == 0 || t == &main_thread)
        platform_exit_code(platform_app_exit_code((int)a0));
    /* Its entry stack is the stack we are on: the next clone frees it. A
     * thread that ends at once may get here before clone has its core thread. */
    while (!__atomic_load_n(&t->core, __ATOMIC_ACQUIRE))
        cpu_relax();
    spin_lock(&ended_lock);
    t->next_ended = ended;
    ended = t;
    spin_unlock(&ended_lock);
    sched_thread_exit(0);
}

SYSCALL_DEFINE(exit_group)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    platform_exit_code(platform_app_exit_code((int)a0));
}

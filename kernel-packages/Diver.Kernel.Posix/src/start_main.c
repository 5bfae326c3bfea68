/* start_main.c - hands the program to musl as Linux hands a static
 * executable to its _start: argv, an empty environment and the auxiliary
 * vector, on a stack of its own with a guard page below it.
 *
 * musl finds the TLS template through AT_PHDR. The image's program headers
 * are not loaded, so a PT_TLS header is made here from the linker script's
 * symbols, with the alignment the linker used (musl's offsets from the
 * thread pointer must equal the ones the linker wrote into the code).
 *
 * musl's functions need its state: its malloc reads the auxiliary vector,
 * and Debian builds it with stack protection, which reads the canary at
 * %fs:0x28. So until musl has set up the thread pointer, FS points at a
 * zeroed boot block (fault reports can print), and the kernel's own late
 * boot work (other CPUs, argv, kernel options, files) runs in `late_boot`,
 * called once musl is up: as the first constructor, so that kernel options
 * (diver.fwd=) are known to every other constructor (the forwarding ring's).
 * That work allocates with kalloc (kmem.c), never musl's malloc. */
#include "start_main.h"
#include "pages.h"
#include <arch/x86.h>
#include <elf.h>
#include <errno.h>
#include <platform/cpu.h>
#include <platform/panic.h>
#include <platform/trap.h>
#include <stdint.h>
#include <string.h>

#define MAIN_STACK_PAGES 2048 /* 8 MiB, Linux's default RLIMIT_STACK */
#define AUXV_MAX 16

int main(int argc, char **argv, char **envp);
int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
                      void (*init)(void), void (*fini)(void), void (*ldso)(void));

extern char __tls_start[], __tdata_end[], __tls_end[], __tls_align[];

static Elf64_Phdr tls_phdr;
static unsigned char at_random[16];
static late_boot_fn late_boot;
static int boot_argc;
static char **boot_argv;
/* What %fs:0 (the thread's self pointer) and %fs:0x28 (the stack canary)
 * read before musl installs the main thread's own block; one per CPU, as
 * each CPU's start-up (the scheduling core's idle thread) calls musl's
 * string functions. */
static uintptr_t boot_thread_blocks[PLATFORM_MAX_CPUS][32] __attribute__((aligned(64)));

#define MSR_FS_BASE 0xc0000100

void start_main_boot_tls(unsigned cpu)
{
    uintptr_t *block = boot_thread_blocks[cpu];

    block[0] = (uintptr_t)block;
    wrmsr(MSR_FS_BASE, (uintptr_t)block);
}

static void describe_tls(void)
{
    tls_phdr.p_type = PT_TLS;
    tls_phdr.p_vaddr = (uintptr_t)__tls_start;
    tls_phdr.p_filesz = (uintptr_t)__tdata_end - (uintptr_t)__tls_start;
    tls_phdr.p_memsz = (uintptr_t)__tls_end - (uintptr_t)__tls_start;
    tls_phdr.p_align = (uintptr_t)__tls_align ? (uintptr_t)__tls_align : 1;
}

/* argv[0..argc-1], NULL, envp (empty), NULL, auxv pairs, AT_NULL: the
 * layout __libc_start_main walks from argv. */
static char **build_vector(int argc, char **argv)
{
    static uintptr_t *vec;
    uint32_t r[4];
    size_t words = (size_t)argc + 2 + 2 * AUXV_MAX, i = 0;
    int k;

    vec = (uintptr_t *)pages_alloc((words * sizeof *vec + PAGE_SIZE - 1) / PAGE_SIZE);
    if (!vec)
        panic("no memory for the program's arguments");
    for (k = 0; k < argc; k++)
        vec[i++] = (uintptr_t)argv[k];
    vec[i++] = 0; /* end of argv */
    vec[i++] = 0; /* end of envp */
    cpuid(1, 0, r);
    for (k = 0; k < 16; k += 8) {
        uint64_t t = rdtsc() * 0x9e3779b97f4a7c15ull;
        memcpy(at_random + k, &t, 8);
    }
#define AUX(key, value) (vec[i++] = (key), vec[i++] = (uintptr_t)(value))
    AUX(AT_PHDR, &tls_phdr);
    AUX(AT_PHENT, sizeof tls_phdr);
    AUX(AT_PHNUM, 1);
    AUX(AT_PAGESZ, PAGE_SIZE);
    AUX(AT_HWCAP, r[3]);
    AUX(AT_CLKTCK, 100);
    AUX(AT_RANDOM, at_random);
    AUX(AT_UID, 0);
    AUX(AT_EUID, 0);
    AUX(AT_GID, 0);
    AUX(AT_EGID, 0);
    AUX(AT_SECURE, 0);
    AUX(AT_NULL, 0);
#undef AUX
    return (char **)vec;
}

/* Priority 101, the first a program may use: before any other constructor. */
__attribute__((constructor(101))) static void finish_boot(void)
{
    late_boot(&boot_argc, &boot_argv);
    if (boot_argc > 0) {
        const char *slash = strrchr(boot_argv[0], '/');
        program_invocation_name = boot_argv[0];
        program_invocation_short_name = slash ? (char *)slash + 1 : boot_argv[0];
    }
}

/* musl's main: the program's, with the arguments the kernel parsed. */
static int main_after_boot(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv;
    return main(boot_argc, boot_argv, envp);
}

static int enter_libc(int argc, char **argv)
{
    return __libc_start_main(main_after_boot, argc, argv, 0, 0, 0); /* never returns: it calls exit */
}

void start_main(late_boot_fn boot)
{
    static char *no_args[1];

    uintptr_t stack = pages_alloc_guarded(MAIN_STACK_PAGES);

    if (!stack)
        panic("no memory for main's stack");
    trap_set_stack_guard(stack - PAGE_SIZE);
    describe_tls();
    late_boot = boot;
    call_on_stack(enter_libc, 0, build_vector(0, no_args), (void *)(stack + MAIN_STACK_PAGES * PAGE_SIZE));
    panic("__libc_start_main returned");
}

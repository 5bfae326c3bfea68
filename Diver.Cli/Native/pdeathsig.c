/* diver-pdeathsig PARENT_PID PROGRAM [ARG...]
 *
 * Sets this process's parent-death signal to SIGTERM and execs PROGRAM (an absolute path) in its
 * place, so the program dies with the launcher that started it, even when the launcher is killed
 * outright. util-linux's `setpriv --pdeathsig TERM` does the same, but as a dynamically linked
 * program it cost ~3 ms of CPU per boot on a virtualized host (loading and relocating its
 * libraries, ~85 page faults); this one has no libc and no relocations and costs ~0.5 ms
 * (build/bench/supervision.sh). .NET cannot run code between fork and exec, hence a program.
 *
 * PARENT_PID closes setpriv's race: a launcher that died between the fork and the prctl would
 * never send the signal, so a parent other than PARENT_PID means "already orphaned": exit.
 *
 * x86-64 Linux only, like the NativeAOT launcher it ships beside. Built with
 * clang -O2 -static -nostdlib -ffreestanding -fno-stack-protector (Diver.Cli.csproj). */

#define SYS_write 1
#define SYS_execve 59
#define SYS_exit 60
#define SYS_getppid 110
#define SYS_prctl 157
#define PR_SET_PDEATHSIG 1
#define SIGTERM 15

static long syscall3(long number, long a, long b, long c)
{
    long result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return result;
}

static unsigned long length(const char *s)
{
    unsigned long n = 0;
    while (s[n])
        n++;
    return n;
}

static void say(const char *s)
{
    syscall3(SYS_write, 2, (long)s, (long)length(s));
}

static __attribute__((noreturn)) void leave(int code)
{
    for (;;)
        syscall3(SYS_exit, code, 0, 0);
}

/* A decimal pid, or -1. */
static long parse_pid(const char *s)
{
    long pid = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || pid > 1L << 40)
            return -1;
        pid = pid * 10 + (*s - '0');
    }
    return pid;
}

__attribute__((noreturn, used)) void pdeathsig_main(long *stack)
{
    long argc = stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;
    long parent;

    if (argc < 3 || (parent = parse_pid(argv[1])) <= 0) {
        say("usage: diver-pdeathsig PARENT_PID PROGRAM [ARG...]\n");
        leave(2);
    }
    syscall3(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM, 0);
    if (syscall3(SYS_getppid, 0, 0, 0) != parent)
        leave(1); /* the launcher is already gone: start nothing */
    syscall3(SYS_execve, (long)argv[2], (long)(argv + 2), (long)envp);
    say("diver-pdeathsig: cannot run ");
    say(argv[2]);
    say("\n");
    leave(127);
}

/* The kernel enters with the stack pointer at argc; the C code gets it as its argument, on a
 * 16-byte aligned stack as the ABI wants. */
__asm__(".globl _start\n"
        "_start:\n"
        "    mov %rsp, %rdi\n"
        "    and $-16, %rsp\n"
        "    call pdeathsig_main\n");

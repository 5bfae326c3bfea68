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

#include "nolibc.h"

__attribute__((noreturn, used)) void pdeathsig_main(long *stack)
{
    long argc = stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;
    long parent;

    if (argc < 3 || (parent = decimal(argv[1])) <= 0) {
        say("usage: diver-pdeathsig PARENT_PID PROGRAM [ARG...]\n");
        leave(2);
    }
    sys(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM, 0);
    if (sys(SYS_getppid, 0, 0, 0) != parent)
        leave(1); /* the launcher is already gone: start nothing */
    sys(SYS_execve, argv[2], argv + 2, envp);
    say("diver-pdeathsig: cannot run ");
    say(argv[2]);
    say("\n");
    leave(127);
}

NOLIBC_ENTRY(pdeathsig_main);

/* diver-prestart CACHE LAUNCHER [ARG...]
 *
 * What `dotnet run` starts for an app: it starts QEMU *paused*, then execs the launcher in its own
 * place, so QEMU's own start-up (~40-60 ms of loading libraries and setting up the machine) runs
 * while the NativeAOT runtime starts and the launcher plans (~7 ms). Without it, the launcher's
 * start-up is added in full to every boot (build/bench/supervision.sh, issue 15).
 *
 * It is a speculation the launcher checks, never a decision: CACHE (written by the launcher after
 * a run it planned, see Diver.Cli/Run/Prestart.cs) holds the launcher arguments of that run and
 * the QEMU command they gave. Only when this run's arguments are the same does it start that
 * command, with -S (no vCPU runs) and an HMP monitor on a socket pair. The launcher plans as
 * always, and resumes QEMU ("cont") only when its own plan is the same command; otherwise it kills
 * the paused QEMU, which never ran a guest instruction, and starts its own. Any doubt here
 * (no cache, another run's arguments, a malformed file) means: exec the launcher untouched.
 *
 * The launcher learns what was started from DIVER_PRESTARTED=PID,MONITOR_FD,STDIN_FD,CONSOLE_FD,HASH
 * (STDIN_FD is the write end of QEMU's stdin when this stdin is not a terminal, else -1; HASH is
 * FNV-1a 64 over the command's words, each ended by a NUL) and where to write the cache from
 * DIVER_PRESTART_CACHE.
 *
 * QEMU gets the same parent-death signal as through diver-pdeathsig (pdeathsig.c): the thread that
 * forks it becomes the launcher's main thread, so QEMU dies with the launcher however it ends.
 *
 * Cache format: NUL-terminated words: "diver-prestart 1", the console log's descriptor number
 * (QEMU's command names /dev/fd/N), the number of launcher arguments, the arguments, the number
 * of command words, the words. x86-64 Linux only, no libc; built like pdeathsig.c. */

#include "nolibc.h"

#define TCGETS 0x5401
#define AF_UNIX 1
#define SOCK_STREAM 1
#define O_RDONLY 0
#define O_CLOEXEC 02000000

#define MAX_WORDS 512
#define CACHE_BYTES (256 * 1024)

static char cache[CACHE_BYTES + 1];
static char *qemu_argv[MAX_WORDS + 8];
static char started_env[160];
static char cache_env[4096 + 32];
static char monitor_option[64];
/* QEMU gets this program's environment, as it would from the launcher. */
static char **environ_for_qemu;

static int same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int starts_with(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return 0;
    return 1;
}

/* Appends src to dst at *at (bounded by cap, always NUL-terminated). */
static void append(char *dst, unsigned long cap, unsigned long *at, const char *src)
{
    while (*src && *at + 1 < cap)
        dst[(*at)++] = *src++;
    dst[*at] = 0;
}

static void append_number(char *dst, unsigned long cap, unsigned long *at, long value)
{
    char digits[24];
    int n = 0;
    if (value < 0) {
        append(dst, cap, at, "-");
        value = -value;
    }
    do
        digits[n++] = (char)('0' + value % 10);
    while ((value /= 10) && n < 23);
    while (n--) {
        char one[2] = {digits[n], 0};
        append(dst, cap, at, one);
    }
}

static void append_hex(char *dst, unsigned long cap, unsigned long *at, unsigned long value)
{
    for (int shift = 60; shift >= 0; shift -= 4) {
        char one[2] = {"0123456789abcdef"[(value >> shift) & 15], 0};
        append(dst, cap, at, one);
    }
}

/* The next NUL-terminated word of the cache, or 0 at its end. */
static char *next_word(char **at, char *end)
{
    char *word = *at;
    char *p = word;
    while (p < end && *p)
        p++;
    if (p >= end)
        return 0;
    *at = p + 1;
    return word;
}

/* The cached QEMU command when the cache was written for exactly these launcher arguments, else
 * 0. Fills qemu_argv (NULL-terminated) and *console_fd. */
static char **cached_command(const char *path, char **args, long count, long *console_fd)
{
    long fd = sys(SYS_open, path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    long size = 0, got;
    while (size < CACHE_BYTES && (got = sys(SYS_read, fd, cache + size, CACHE_BYTES - size)) > 0)
        size += got;
    sys(SYS_close, fd, 0, 0);
    if (size <= 0 || size >= CACHE_BYTES)
        return 0;
    char *at = cache, *end = cache + size, *word;
    if (!(word = next_word(&at, end)) || !same(word, "diver-prestart 1"))
        return 0;
    if (!(word = next_word(&at, end)) || (*console_fd = decimal(word)) < 3)
        return 0;
    if (!(word = next_word(&at, end)) || decimal(word) != count)
        return 0;
    for (long i = 0; i < count; i++)
        if (!(word = next_word(&at, end)) || !same(word, args[i]))
            return 0;
    long words;
    if (!(word = next_word(&at, end)) || (words = decimal(word)) < 1 || words > MAX_WORDS)
        return 0;
    for (long i = 0; i < words; i++)
        if (!(qemu_argv[i] = next_word(&at, end)))
            return 0;
    if (qemu_argv[0][0] != '/')
        return 0; /* execve does not search PATH: the launcher always plans an absolute path */
    qemu_argv[words] = 0;
    return qemu_argv;
}

static unsigned long fnv1a(char **words)
{
    unsigned long hash = 0xcbf29ce484222325UL;
    for (; *words; words++) {
        const unsigned char *p = (const unsigned char *)*words;
        do {
            hash ^= *p;
            hash *= 0x100000001b3UL;
        } while (*p++);
    }
    return hash;
}

/* The environment for the launcher: this one without our two names, plus what we set. */
static char **launcher_environment(char **envp, char **out, long cap, char *started, char *cache_name)
{
    long n = 0;
    for (; *envp && n < cap - 3; envp++)
        if (!starts_with(*envp, "DIVER_PRESTARTED=") && !starts_with(*envp, "DIVER_PRESTART_CACHE="))
            out[n++] = *envp;
    if (started)
        out[n++] = started;
    out[n++] = cache_name;
    out[n] = 0;
    return out;
}

/* Starts the cached command paused; returns 0 and fills started_env, or -1 to leave it. */
static int start_paused(char **command, long console_fd)
{
    long self = sys(SYS_getpid, 0, 0, 0);
    long console = sys(SYS_memfd_create, "diver-console", 0, 0);
    if (console < 0)
        return -1;
    if (console != console_fd) {
        if (sys(SYS_dup2, console, console_fd, 0) != console_fd)
            return -1;
        sys(SYS_close, console, 0, 0);
    }
    int monitor[2];
    if (sys4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, monitor) != 0)
        return -1;
    char termios[64];
    int input[2] = {-1, -1};
    if (sys(SYS_ioctl, 0, TCGETS, termios) != 0 && sys(SYS_pipe2, input, 0, 0) != 0)
        return -1;

    unsigned long at = 0;
    append(monitor_option, sizeof monitor_option, &at, "socket,id=diverctl,fd=");
    append_number(monitor_option, sizeof monitor_option, &at, monitor[1]);
    long words = 0;
    while (command[words])
        words++;
    unsigned long hash = fnv1a(command);
    command[words++] = "-S";
    command[words++] = "-chardev";
    command[words++] = monitor_option;
    command[words++] = "-mon";
    command[words++] = "chardev=diverctl,mode=readline";
    command[words] = 0;

    /* An inherited "ignore SIGCHLD" would have the kernel reap QEMU (and .NET reap every child):
     * the launcher could not read its exit code. The default, as a shell gives its children. */
    long default_action[4] = {0, 0, 0, 0};
    sys4(SYS_rt_sigaction, SIGCHLD, default_action, 0, 8);

    long pid = sys(SYS_fork, 0, 0, 0);
    if (pid < 0)
        return -1;
    if (pid == 0) {
        sys(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM, 0);
        if (sys(SYS_getppid, 0, 0, 0) != self)
            leave(1); /* the launcher is already gone: run nothing */
        sys(SYS_close, monitor[0], 0, 0);
        if (input[0] >= 0) {
            sys(SYS_dup2, input[0], 0, 0);
            sys(SYS_close, input[0], 0, 0);
            sys(SYS_close, input[1], 0, 0);
        }
        sys(SYS_execve, command[0], command, environ_for_qemu);
        leave(127); /* the launcher sees QEMU gone and starts its own, which reports why */
    }
    sys(SYS_close, monitor[1], 0, 0);
    if (input[0] >= 0)
        sys(SYS_close, input[0], 0, 0);

    at = 0;
    append(started_env, sizeof started_env, &at, "DIVER_PRESTARTED=");
    append_number(started_env, sizeof started_env, &at, pid);
    append(started_env, sizeof started_env, &at, ",");
    append_number(started_env, sizeof started_env, &at, monitor[0]);
    append(started_env, sizeof started_env, &at, ",");
    append_number(started_env, sizeof started_env, &at, input[1]);
    append(started_env, sizeof started_env, &at, ",");
    append_number(started_env, sizeof started_env, &at, console_fd);
    append(started_env, sizeof started_env, &at, ",");
    append_hex(started_env, sizeof started_env, &at, hash);
    return 0;
}

__attribute__((noreturn, used)) void prestart_main(long *stack)
{
    long argc = stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;

    if (argc < 3) {
        say("usage: diver-prestart CACHE LAUNCHER [ARG...]\n");
        leave(2);
    }
    long env_count = 0;
    while (envp[env_count])
        env_count++;
    char *launcher_env[env_count + 3];
    environ_for_qemu = envp;

    unsigned long at = 0;
    append(cache_env, sizeof cache_env, &at, "DIVER_PRESTART_CACHE=");
    append(cache_env, sizeof cache_env, &at, argv[1]);

    long console_fd = -1;
    char **command = length(argv[1]) < 4096 ? cached_command(argv[1], argv + 3, argc - 3, &console_fd) : 0;
    char *started = command && start_paused(command, console_fd) == 0 ? started_env : 0;
    sys(SYS_execve, argv[2], argv + 2, launcher_environment(envp, launcher_env, env_count + 3, started, cache_env));
    say("diver-prestart: cannot run the launcher\n");
    leave(127);
}

NOLIBC_ENTRY(prestart_main);

using Diver.Tests.Infrastructure;
using static Diver.Tests.EndToEnd.BuildErrorTests;

namespace Diver.Tests.EndToEnd.Posix;

/// <summary>
/// The Posix kernel end to end: the diver-posix template, ordinary hosted C with musl, and the
/// Linux system-call layer checked from inside the guest (TLS, memory, time, identity, the red
/// zone under interrupts and across system calls, ENOSYS, abort, stack overflow).
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class PosixAppTests(DiverWorkspace workspace)
{
    [Fact]
    public void Template_is_ordinary_hosted_c_that_prints_floats_and_returns_its_exit_code()
    {
        var app = workspace.CreateApp("posixhello", "diver-posix");
        Assert.Contains($"<PackageReference Include=\"Diver.Kernel.Posix\" Version=\"{workspace.Version}\" />", File.ReadAllText(app.ProjectFile));
        Assert.Contains("int main(int argc, char **argv)", app.Read("main.c"));

        var run = app.Run(guestArgs: ["one", "two"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Hello from posixhello on the Posix kernel!", run.StandardOutput);
        Assert.Contains("argv[2] = two", run.StandardOutput);
        Assert.Contains("3 arguments, 66.67% of them after the name", run.StandardOutput);
        Assert.Contains("Diver.Kernel.Posix", run.StandardError);
    }

    [Fact]
    public void System_call_layer_serves_what_musl_and_programs_use()
    {
        var app = workspace.CreateApp("posixcalls", "diver-posix");
        app.Write("main.c", SyscallLayerProgram);

        // One vCPU and a 1 ms time slice: a second thread spins while the red-zone leaves run, so the
        // tick preempts them in the middle, not only interrupts them.
        var run = app.Run(["-p:Cpus=1", "-p:TimeSlice=1ms"]);

        Assert.True(run.ExitCode == 42, run.ToString());
        Assert.Contains("uname Linux x86_64 isatty 1 pid 1", run.StandardOutput);
        Assert.Contains("sqrt 1.414213562 tls 8", run.StandardOutput);
        Assert.Contains("mmap zero 1 kept 1 grown-zero 1", run.StandardOutput);
        Assert.Contains("malloc 50M ok, 4G refused errno 12", run.StandardOutput);
        Assert.Matches(@"slept >= 20 ms: 1", run.StandardOutput);
        Assert.Contains("red zone: 0 changed, rdi kept, preempted in between", run.StandardOutput);
        Assert.Contains("fork -1 -1 errno 38", run.StandardOutput);
        // One line per unimplemented call number, however often it is made.
        Assert.Single(run.StandardOutput.Split('\n'), l => l.Contains("system call fork (57) is not implemented: ENOSYS"));
    }

    [Fact]
    public void Abort_ends_the_run_with_134_and_Aborted()
    {
        var app = workspace.CreateApp("posixabort", "diver-posix");
        app.Write("main.c", """
            #include <stdio.h>
            #include <stdlib.h>
            int main(void) { puts("before"); fflush(stdout); abort(); }
            """);

        var run = app.Run();

        Assert.True(run.ExitCode == 134, run.ToString());
        Assert.Contains("before", run.StandardOutput);
        Assert.Contains("Aborted", run.StandardOutput + run.StandardError);
    }

    [Fact]
    public void Stack_overflow_hits_the_guard_page_and_a_fault_is_symbolized()
    {
        var app = workspace.CreateApp("posixdeep", "diver-posix");
        app.Write("main.c", """
            #include <stdio.h>
            int deep(volatile char *up) { volatile char page[4096]; page[0] = up ? up[0] : 1; return deep(page) + page[1]; }
            int main(int argc, char **argv) { return argc > 1 ? *(volatile int *)0 : deep(0); }
            """);

        var overflow = app.Run();
        var nullRead = app.Run(guestArgs: ["null"]);

        Assert.True(overflow.ExitCode == 134, overflow.ToString());
        Assert.Contains("stack overflow: hit the guard page below main's stack", overflow.StandardOutput + overflow.StandardError);
        Assert.True(nullRead.ExitCode == 134, nullRead.ToString());
        Assert.Contains("NULL pointer dereference", nullRead.StandardOutput + nullRead.StandardError);
        Assert.Matches(@"#0 +0x[0-9a-f]+ main", nullRead.StandardOutput + nullRead.StandardError);
    }

    /// <summary>
    /// Kernel code never calls the program's malloc: musl's stops locking once the program is down
    /// to one thread, so the kernel allocating beside it (a CPU starting up, a thread switched to on
    /// another CPU) corrupted the heap now and then (a NULL dereference in musl's free at the first
    /// thread's first switch, about one boot in four on two vCPUs). Checked on the packed archives,
    /// where every reference is visible, rather than by a race a test run may not hit.
    /// </summary>
    [Fact]
    public void Kernel_archives_never_call_the_programs_malloc()
    {
        var dir = workspace.ExtractFromPackage("Diver.Kernel.Posix", "kernel/", Path.Combine("kernels", "posix-archives"));
        var archives = Directory.GetFiles(dir, "*.a", SearchOption.AllDirectories);
        Assert.Equal(2, archives.Length); // default and debug

        // Dotnet's runner runs any program; its NuGet folder goes unused here.
        var nm = workspace.Dotnet.Execute("llvm-nm", dir, ["-A", "-u", .. archives]);

        Assert.True(nm.ExitCode == 0, nm.ToString());
        var undefined = nm.StandardOutput;
        Assert.Contains(" U ", undefined); // it lists references at all (memcpy, musl's and the platform's)
        var calls = undefined.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @" U (malloc|free|calloc|realloc|aligned_alloc|posix_memalign|memalign)$"));
        Assert.Empty(calls);
    }

    [Fact]
    public void Kernel_project_without_musl_is_refused_with_DIVER1501()
    {
        var dir = workspace.ExtractFromPackage("Diver.Kernel.Posix", "src/", Path.Combine("kernels", "posix-src"));

        var build = workspace.Dotnet.Run(dir, ["build", "-p:MuslLibraryDirectory=/nonexistent/"]);

        AssertFailedWith(build, "DIVER1501", "apt-get install musl-dev");
    }

    [Fact]
    public void Files_live_in_ram_seeded_from_GuestFile_items()
    {
        var app = workspace.CreateApp("posixfiles", "diver-posix");
        app.EditProject(p => p.Replace("</Project>", "  <ItemGroup>\n    <GuestFile Include=\"data/**\" />\n  </ItemGroup>\n</Project>"));
        app.Write("data/in.txt", "first line\nsecond line\n");
        app.Write("data/sub/more.txt", "more");
        app.Write("main.c", FilesProgram);

        var run = app.Run();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("cwd / in.txt <first line> more.txt 4 bytes", run.StandardOutput);
        Assert.Contains("written 13, appended 18, truncated+1 4 <Jel!>", run.StandardOutput);
        Assert.Contains("lock 0 getlk unlocked dup2 9 cloexec 1", run.StandardOutput);
        Assert.Contains("renamed: old -1 new 0, seed rewritten: <changed>", run.StandardOutput);
        Assert.Contains("listing / [data][out] /data [in.txt][sub]", run.StandardOutput);
        Assert.Contains("pipe <through the pipe> eof 0", run.StandardOutput);
        Assert.Contains("rmdir full ENOTEMPTY, unlink 0, missing ENOENT, mkdir twice EEXIST", run.StandardOutput);
    }

    [Fact]
    public void Missing_GuestFile_is_a_build_error_naming_it()
    {
        var app = workspace.CreateApp("posixnofile", "diver-posix");
        app.EditProject(p => p.Replace("</Project>", "  <ItemGroup>\n    <GuestFile Include=\"data/absent.txt\" />\n  </ItemGroup>\n</Project>"));

        var build = app.Build();

        AssertFailedWith(build, "DIVER1502", "GuestFile 'data/absent.txt' does not exist");
    }

    const string FilesProgram = """
        #define _GNU_SOURCE
        #include <dirent.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <stdio.h>
        #include <string.h>
        #include <sys/stat.h>
        #include <unistd.h>

        static void list(const char *path)
        {
            /* names sorted by the test's expectation: print in a fixed order */
            char names[16][64]; int n = 0;
            DIR *d = opendir(path);
            for (struct dirent *e; d && (e = readdir(d));)
                if (e->d_name[0] != '.' && n < 16) strcpy(names[n++], e->d_name);
            closedir(d);
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++)
                if (strcmp(names[i], names[j]) > 0) { char t[64]; strcpy(t, names[i]); strcpy(names[i], names[j]); strcpy(names[j], t); }
            printf(" %s ", path);
            for (int i = 0; i < n; i++) printf("[%s]", names[i]);
        }

        int main(void)
        {
            char buf[128], cwd[64];
            struct stat st;

            FILE *in = fopen("/data/in.txt", "r");
            fgets(buf, sizeof buf, in);
            fclose(in);
            buf[strcspn(buf, "\n")] = 0;
            stat("data/sub/more.txt", &st);
            printf("cwd %s in.txt <%s> more.txt %ld bytes\n", getcwd(cwd, sizeof cwd), buf, (long)st.st_size);

            mkdir("/out", 0755);
            FILE *f = fopen("/out/a.txt", "w"); fprintf(f, "hello world\n!"); fclose(f);
            stat("/out/a.txt", &st); long written = st.st_size;
            f = fopen("/out/a.txt", "a"); fputs("more\n", f); fclose(f);
            stat("/out/a.txt", &st); long appended = st.st_size;
            int fd = open("out/a.txt", O_RDWR);
            ftruncate(fd, 3); lseek(fd, 0, SEEK_END); write(fd, "!", 1);
            pwrite(fd, "J", 1, 0); pread(fd, buf, 4, 0); buf[4] = 0;
            fstat(fd, &st);
            printf("written %ld, appended %ld, truncated+1 %ld <%s>\n", written, appended, (long)st.st_size, buf);

            struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
            int locked = fcntl(fd, F_SETLK, &l);
            fcntl(fd, F_GETLK, &l);
            int d = dup2(fd, 9);
            fcntl(9, F_SETFD, FD_CLOEXEC);
            printf("lock %d getlk %s dup2 %d cloexec %d\n", locked, l.l_type == F_UNLCK ? "unlocked" : "locked", d, fcntl(9, F_GETFD) & FD_CLOEXEC);
            close(9); close(fd);

            rename("/out/a.txt", "/out/b.txt");
            int old = access("/out/a.txt", F_OK), new = access("/out/b.txt", F_OK);
            fd = open("/data/in.txt", O_WRONLY | O_TRUNC); write(fd, "changed", 7); close(fd);
            fd = open("/data/in.txt", O_RDONLY); buf[read(fd, buf, sizeof buf)] = 0; close(fd);
            printf("renamed: old %d new %d, seed rewritten: <%s>\n", old, new, buf);

            printf("listing"); list("/"); list("/data"); printf("\n");

            int p[2]; pipe(p);
            write(p[1], "through the pipe", 16); close(p[1]);
            buf[read(p[0], buf, sizeof buf)] = 0;
            printf("pipe <%s> eof %zd\n", buf, read(p[0], cwd, 1));

            int full = rmdir("/data") == -1 && errno == ENOTEMPTY;
            int unlinked = unlink("/out/b.txt");
            int missing = open("/nope", O_RDONLY) == -1 && errno == ENOENT;
            int twice = mkdir("/out", 0755) == -1 && errno == EEXIST;
            printf("rmdir full %s, unlink %d, missing %s, mkdir twice %s\n", full ? "ENOTEMPTY" : "?", unlinked,
                   missing ? "ENOENT" : "?", twice ? "EEXIST" : "?");
            return 0;
        }
        """;

    /// <summary>
    /// A thread that ends gives its memory back: 5000 threads one after another in 64 MiB need it
    /// (each kept about 60 KiB of kernel stacks for good, so some 800 in, pthread_create failed with EAGAIN).
    /// On two vCPUs too, where the kernel once shared musl's malloc with the program (see below).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Threads_that_end_give_their_memory_back(int cpus)
    {
        var app = workspace.CreateApp($"posixthreadmem{cpus}", "diver-posix");
        app.Write("main.c", """
            #include <pthread.h>
            #include <stdio.h>
            #include <string.h>
            static void *work(void *arg) { return (void *)((long)arg * 2); }
            int main(void)
            {
                long sum = 0;
                for (long i = 0; i < 5000; i++) {
                    pthread_t t;
                    void *r;
                    int e = pthread_create(&t, 0, work, (void *)i);
                    if (e) { printf("thread %ld: pthread_create: %s\n", i, strerror(e)); return 1; }
                    pthread_join(t, &r);
                    sum += (long)r;
                }
                printf("5000 threads, sum %ld\n", sum);
                return 0;
            }
            """);

        var run = app.Run([$"-p:Cpus={cpus}", "-p:Memory=64M"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("5000 threads, sum 24995000", run.StandardOutput);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Pthreads_mutexes_conditions_and_tls_work_on_every_vcpu(int cpus)
    {
        var app = workspace.CreateApp($"posixthreads{cpus}", "diver-posix");
        app.Write("main.c", """
            #define _GNU_SOURCE
            #include <pthread.h>
            #include <sched.h>
            #include <stdio.h>
            #include <unistd.h>
            #define THREADS 8
            #define ROUNDS 20000
            static _Thread_local long mine;
            static long total;
            static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
            static pthread_cond_t all_here = PTHREAD_COND_INITIALIZER;
            static int arrived;
            static void *work(void *arg)
            {
                long id = (long)arg;
                for (int i = 0; i < ROUNDS; i++) {
                    mine += id;                       /* thread-local: no lock needed */
                    pthread_mutex_lock(&lock);
                    total++;
                    pthread_mutex_unlock(&lock);
                    if (i % 1000 == 0) sched_yield();
                }
                pthread_mutex_lock(&lock);
                arrived++;
                pthread_cond_broadcast(&all_here);
                while (arrived < THREADS) pthread_cond_wait(&all_here, &lock);
                pthread_mutex_unlock(&lock);
                return (void *)(long)(mine == id * ROUNDS && gettid() != 1);
            }
            int main(void)
            {
                pthread_t t[THREADS];
                long ok = 0;
                for (long i = 0; i < THREADS; i++) pthread_create(&t[i], 0, work, (void *)(i + 1));
                for (int i = 0; i < THREADS; i++) { void *r; pthread_join(t[i], &r); ok += (long)r; }
                printf("cpus %ld total %ld tls-ok %ld main-tls %ld tid %d\n", sysconf(_SC_NPROCESSORS_ONLN), total, ok, mine, gettid());
                return 0;
            }
            """);

        var run = app.Run([$"-p:Cpus={cpus}"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"cpus {cpus} total 160000 tls-ok 8 main-tls 0 tid 1", run.StandardOutput);
    }

    const string SyscallLayerProgram = """
        #define _GNU_SOURCE
        #include <errno.h>
        #include <math.h>
        #include <pthread.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/mman.h>
        #include <sys/syscall.h>
        #include <sys/utsname.h>
        #include <time.h>
        #include <unistd.h>

        static _Thread_local int tls_value = 7;

        /* Leaves in assembly, so the compiler's own use of the red zone cannot mix in.
           rz_leaf(seed, spins) keeps 16 values in the 128 bytes below RSP while it spins (the
           kernel's tick interrupts it meanwhile, and preempts it for the spinner below) and
           returns how many changed. rz_syscall(seed)
           does the same around a getpid system call and also checks that RDI survived it. */
        long rz_leaf(long seed, long spins);
        long rz_syscall(long seed);
        __asm__(".text\n"
                "rz_leaf:\n"
                "  movq $16, %rcx\n"
                "1: leaq (%rdi,%rcx), %rax\n movq %rax, -136(%rsp,%rcx,8)\n decq %rcx\n jnz 1b\n"
                "2: pause\n decq %rsi\n jnz 2b\n"
                "  xorl %eax, %eax\n movq $16, %rcx\n"
                "3: leaq (%rdi,%rcx), %rdx\n cmpq %rdx, -136(%rsp,%rcx,8)\n je 4f\n incq %rax\n"
                "4: decq %rcx\n jnz 3b\n ret\n"
                "rz_syscall:\n"
                "  movq %rdi, -8(%rsp)\n movq %rdi, -64(%rsp)\n movq %rdi, -128(%rsp)\n movq %rdi, %rsi\n"
                "  movl $39, %eax\n syscall\n"
                "  xorl %eax, %eax\n cmpq %rsi, %rdi\n jne 5f\n"
                "  cmpq %rdi, -8(%rsp)\n jne 5f\n cmpq %rdi, -64(%rsp)\n jne 5f\n cmpq %rdi, -128(%rsp)\n jne 5f\n ret\n"
                "5: movl $1, %eax\n ret\n");

        /* Ready all the time on the same vCPU: counts the times it ran after main got further. */
        static volatile int stop, progress, seen_progress;
        static void *spinner(void *arg)
        {
            for (int last = 0; !stop;)
                if (progress != last) { last = progress; seen_progress++; }
            return arg;
        }

        static double ms(struct timespec a, struct timespec b) { return (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6; }

        int main(void)
        {
            struct utsname u;
            struct timespec a, b, nap = { 0, 20000000 };
            long changed = 0;

            uname(&u);
            printf("uname %s %s isatty %d pid %d\n", u.sysname, u.machine, isatty(1), getpid());
            printf("sqrt %.9f tls %d\n", sqrt(2.0), ++tls_value);

            char *p = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            int zero = p[12345] == 0;
            memset(p, 7, 1 << 20);
            p = mremap(p, 1 << 20, 4 << 20, MREMAP_MAYMOVE);
            printf("mmap zero %d kept %d grown-zero %d\n", zero, p[1000] == 7, p[3 << 20] == 0);
            munmap(p, 4 << 20);
            void *big = malloc(50 << 20), *huge = malloc(1ul << 32);
            printf("malloc 50M %s, 4G %s errno %d\n", big ? "ok" : "failed", huge ? "granted" : "refused", errno);

            clock_gettime(CLOCK_MONOTONIC, &a);
            nanosleep(&nap, 0);
            clock_gettime(CLOCK_MONOTONIC, &b);
            printf("slept >= 20 ms: %d\n", ms(a, b) >= 20);

            pthread_t spin;
            pthread_create(&spin, 0, spinner, 0);
            for (int i = 0; i < 100 || (seen_progress < 3 && i < 2000); i++) {
                changed += rz_leaf(i * 1000, 4000) + rz_syscall(i);
                progress = i + 1;
            }
            stop = 1;
            pthread_join(spin, 0);
            printf("red zone: %ld changed, rdi %s, preempted %s\n", changed, changed ? "or red zone lost" : "kept",
                   seen_progress >= 3 ? "in between" : "never");

            errno = 0;
            long r1 = syscall(SYS_fork), r2 = syscall(SYS_fork);
            printf("fork %ld %ld errno %d\n", r1, r2, errno);
            return 42;
        }
        """;
}

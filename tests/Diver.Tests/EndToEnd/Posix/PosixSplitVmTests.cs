using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd.Posix;

/// <summary>
/// The Posix kernel in SplitVM mode: the same file calls as in VM mode, forwarded to the host
/// proxy inside the sandbox (which the program sees as "/"), through the one forwarding ABI.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class PosixSplitVmTests(DiverWorkspace workspace)
{
    [Fact]
    public void File_calls_are_forwarded_into_the_sandbox()
    {
        var app = workspace.CreateApp("posixsplit", "diver-posix");
        app.Write("main.c", """
            #define _GNU_SOURCE
            #include <dirent.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/stat.h>
            #include <unistd.h>
            #include <utime.h>

            int main(void)
            {
                char buf[128], cwd[16];
                FILE *in = fopen("/input.txt", "r");
                if (!in) { printf("input: %s\n", strerror(errno)); return 2; }
                fgets(buf, sizeof buf, in);
                fclose(in);
                printf("cwd %s input <%.*s>\n", getcwd(cwd, sizeof cwd), (int)strcspn(buf, "\n"), buf);

                mkdir("out", 0755);
                FILE *f = fopen("out/a.txt", "w"); fputs("hello world\n", f); fclose(f);
                f = fopen("out/a.txt", "a"); fputs("appended\n", f); fclose(f);
                int fd = open("out/a.txt", O_RDWR);
                pwrite(fd, "J", 1, 0);
                lseek(fd, 6, SEEK_SET);
                int dup_fd = dup(fd);
                buf[read(dup_fd, buf, 5)] = 0;                 /* dup shares the offset */
                struct stat st; fstat(fd, &st);
                printf("size %ld read-at-6 <%s> offset %ld\n", (long)st.st_size, buf, (long)lseek(fd, 0, SEEK_CUR));
                ftruncate(fd, 5); close(dup_fd); close(fd);
                printf("fchmod-style chmod %d utime %d\n", chmod("out/a.txt", 0600), utime("out/a.txt", 0));
                rename("out/a.txt", "out/b.txt");
                DIR *d = opendir("out");
                for (struct dirent *e; (e = readdir(d));) if (e->d_name[0] != '.') printf("listed %s\n", e->d_name);
                closedir(d);
                printf("stat b %d size %ld, stat a errno %s\n", stat("out/b.txt", &st), (long)st.st_size,
                       stat("out/a.txt", &st) < 0 && errno == ENOENT ? "ENOENT" : "?");
                printf("escape: %s\n", open("../../etc/hostname", O_RDONLY) < 0 ? "refused" : "OPENED");
                return 0;
            }
            """);
        var sandbox = Path.Combine(app.Directory, "sandbox");
        Directory.CreateDirectory(sandbox);
        File.WriteAllText(Path.Combine(sandbox, "input.txt"), "from the host\n");

        var run = app.Run(["-p:DeployMode=SplitVM", $"-p:SplitVMRoot={sandbox}", "-p:ForwardTrace=true"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("cwd / input <from the host>", run.StandardOutput);
        Assert.Contains("size 21 read-at-6 <world> offset 11", run.StandardOutput);
        Assert.Contains("fchmod-style chmod 0 utime 0", run.StandardOutput);
        Assert.Contains("listed b.txt", run.StandardOutput);
        Assert.Contains("stat b 0 size 5, stat a errno ENOENT", run.StandardOutput);
        Assert.Contains("escape: refused", run.StandardOutput);
        Assert.Equal("Jello", File.ReadAllText(Path.Combine(sandbox, "out", "b.txt")));
        var trace = File.ReadAllText(Path.Combine(Path.GetDirectoryName(app.NetDescription())!, "posixsplit.forward.trace"));
        Assert.Contains("pwrite\t", trace);
        Assert.Contains("pread\t", trace);
    }
}

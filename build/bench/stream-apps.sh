# Sourced by the benchmark parts that stream bytes from one Posix stage to another
# (pipeline-channels.sh, slurm-het.sh). stream_apps DIR writes the sources of two apps created from
# the diver-posix template in DIR/zeros and DIR/drain: 'zeros' writes argv[1] MiB of zeros to stdout
# with 1 MiB writes, 'drain' reads stdin to its end and prints "drained <bytes>".
stream_apps() {
cat > "$1/zeros/main.c" <<'C'
#include <stdlib.h>
#include <unistd.h>
static char buf[1 << 20];
int main(int argc, char **argv)
{
    long mib = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
    for (long i = 0; i < mib; i++)
        for (size_t off = 0; off < sizeof buf; ) {
            long w = write(1, buf + off, sizeof buf - off);
            if (w <= 0) return 2;
            off += (size_t)w;
        }
    return 0;
}
C
cat > "$1/drain/main.c" <<'C'
#include <stdio.h>
#include <unistd.h>
static char buf[1 << 20];
int main(void)
{
    unsigned long long total = 0;
    long n;
    while ((n = read(0, buf, sizeof buf)) > 0)
        total += (unsigned long long)n;
    printf("drained %llu\n", total);
    return n < 0;
}
C
}

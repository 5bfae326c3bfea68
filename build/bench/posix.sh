#!/usr/bin/env bash
# posix.sh - the Posix kernel, side by side in one run:
#   a null system call through the `syscall` instruction in ring 0 vs the host's getppid();
#   boot to main (whole `diver run` of a hello net) and image size vs the Nautilus kernel's hello;
#   a compute-bound program (n-body) built once from one source: on the host, in the Posix kernel under
#   QEMU, and in a Linux guest (Debian's kernel, a busybox initramfs) under the same QEMU and accelerator.
#   preemption (issue 9): one compute job done by one thread, and split over two threads that the tick
#   preempts in turn on one vCPU, at time slices of 10 ms and 1 ms (PREEMPT_ONLY=1 runs this part alone).
#   timed waits (issue 9): how long a 1 ms nanosleep really takes in the kernel (alone, and beside a thread
#   computing on the same vCPU) vs on the host (SLEEP_ONLY=1 runs this part alone).
# The Linux guest's packages are fetched once with apt-get download into artifacts/bench-cache.
# Assumes ./build/pack.sh has run (uses the packed kernels and the NativeAOT launcher).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=$(cat "$ROOT/artifacts/version.txt")
RUNS=${RUNS:-5}
WORK=$(mktemp -d /tmp/diver-bench-posix-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

for k in Posix Nautilus; do unzip -q "$ROOT/artifacts/packages/Diver.Kernel.$k.$VERSION.nupkg" -d "$WORK/$k"; done
unzip -q "$ROOT/artifacts/packages/Diver.Sdk.$VERSION.nupkg" 'tools/launcher/linux-x64/diver' -d "$WORK/sdk"
LAUNCHER=$WORK/sdk/tools/launcher/linux-x64/diver
chmod +x "$LAUNCHER"
BATCH=100 SAMPLES=2000 NBODY_STEPS=${NBODY_STEPS:-200000}

# build KERNEL NAME SOURCE: compiles and links a net with the kernel's manifest flags, as the SDK does.
build() {
    local k=$WORK/$1 m=$WORK/$1/diver/kernel.json libs=""
    for l in $(jq -r '.link.libraries // [] | .[]' "$m"); do libs="$libs $k/$l"; done
    clang --target="$(jq -r .compile.target "$m")" $(jq -r '.compile.flags | join(" ")' "$m") -I"$k/include" -O2 -c "$3" -o "$WORK/$2.o"
    ld.lld $(jq -r '.link.flags | join(" ")' "$m") -u _start -T "$k/link/kernel.ld" "$WORK/$2.o" \
        --start-group "$k/$(jq -r '.configs.default.archive' "$m")" $libs --end-group -o "$WORK/$2.elf"
    cat > "$WORK/$2.net.json" <<J
{"schemaVersion":1,"name":"$2","image":"$2.elf","arch":"x86_64","kernel":{"id":"Diver.Kernel.$1","version":"$VERSION","config":"default"},
 "deployModes":["VM"],"machine":{"qemuMachine":"microvm","cpus":1,"memory":"128M"},
 "exit":{"device":"isa-debug-exit","ioBase":"0xf4","ioSize":4,"panicCode":127}}
J
}

cat > "$WORK/nullcall.c" <<C
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
static long long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static int cmp(const void *a, const void *b) { long long x = *(const long long *)a, y = *(const long long *)b; return (x > y) - (x < y); }
int main(void) {
    static long long s[$SAMPLES];
    for (int i = 0; i < $SAMPLES; i++) { long long t0 = now(); for (int j = 0; j < $BATCH; j++) getppid(); s[i] = (now() - t0) / $BATCH; }
    qsort(s, $SAMPLES, sizeof s[0], cmp);
    printf("nop %lld %lld\n", s[$SAMPLES / 2], s[$SAMPLES * 99 / 100]);
    return 0;
}
C
printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' > "$WORK/hello.c"
# n-body (5 bodies, symplectic Euler), the classic benchmark's shape; prints energies so runs are checked equal.
cat > "$WORK/nbody.c" <<'C'
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#define N 5
static double x[N][3], v[N][3], m[N];
static double energy(void) {
    double e = 0;
    for (int i = 0; i < N; i++) {
        e += 0.5 * m[i] * (v[i][0] * v[i][0] + v[i][1] * v[i][1] + v[i][2] * v[i][2]);
        for (int j = i + 1; j < N; j++) {
            double d[3] = { x[i][0] - x[j][0], x[i][1] - x[j][1], x[i][2] - x[j][2] };
            e -= m[i] * m[j] / sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        }
    }
    return e;
}
int main(int argc, char **argv) {
    int steps = argc > 1 ? atoi(argv[1]) : 1000;
    for (int i = 0; i < N; i++) { m[i] = 1.0 + i; for (int k = 0; k < 3; k++) { x[i][k] = (i + 1) * (k + 2) % 7 - 3.0; v[i][k] = ((i + k) % 3 - 1) * 0.01; } }
    printf("%.9f\n", energy());
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < N; i++) for (int j = i + 1; j < N; j++) {
            double d[3] = { x[i][0] - x[j][0], x[i][1] - x[j][1], x[i][2] - x[j][2] };
            double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2], mag = 0.001 / (r2 * sqrt(r2));
            for (int k = 0; k < 3; k++) { v[i][k] -= d[k] * m[j] * mag; v[j][k] += d[k] * m[i] * mag; }
        }
        for (int i = 0; i < N; i++) for (int k = 0; k < 3; k++) x[i][k] += 0.001 * v[i][k];
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.9f\n", energy());
    /* the compute loop alone, so boot and start-up are not in the comparison */
    printf("compute-ms %lld\n", (long long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
    return 0;
}
C
# A fixed amount of integer work, done by THREADS pthreads that share it; on one vCPU two of them
# run only because the tick preempts one for the other. Timed from the first create to the last join.
cat > "$WORK/preempt.c" <<'C'
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static long share;
static void *crunch(void *arg) {
    uint64_t x = 88172645463325252ull + (uintptr_t)arg;
    for (long i = 0; i < share; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; }
    return (void *)(uintptr_t)(x & 1);
}
int main(int argc, char **argv) {
    int threads = atoi(argv[2]);
    pthread_t t[8];
    struct timespec t0, t1;
    share = atol(argv[1]) / threads;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < threads; i++) pthread_create(&t[i], 0, crunch, (void *)i);
    for (int i = 0; i < threads; i++) pthread_join(t[i], 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("compute-ms %lld\n", (long long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
    return 0;
}
C
PREEMPT_WORK=${PREEMPT_WORK:-600000000}
ACCEL=TCG # KVM once a run's launcher says so
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
build Posix preempt "$WORK/preempt.c"
# preempt_run THREADS SLICE: appends the compute time to $WORK/preempt.THREADS.SLICE
preempt_run() {
    "$LAUNCHER" run "$WORK/preempt.net.json" --timeout 600 --timeslice "$2" -- "$PREEMPT_WORK" "$1" 2>/dev/null | tr -d '\r' |
        awk '/^compute-ms/ {print $2}' >> "$WORK/preempt.$1.$2"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2fx", a / b }'; }
preempt_table() {
    for _ in $(seq "$RUNS"); do
        for slice in 10ms 1ms; do preempt_run 1 "$slice"; preempt_run 2 "$slice"; done
    done
    local base; base=$(median < "$WORK/preempt.1.10ms")
    cat <<MD
### Preemption (issue 9)

The same integer work ($PREEMPT_WORK xorshift steps) done by one pthread, and split between two pthreads on one
vCPU, which run in turn only because the scheduler's tick preempts one for the other (every tick's interrupt frame
moves from the IST stack to the thread's own stack; a preemption also saves the AVX halves). Medians of $RUNS runs,
timed in the guest from the first pthread_create to the last join; $ACCEL.

| run | compute time | ratio to one thread, 10 ms slice |
| --- | --- | --- |
MD
    for slice in 10ms 1ms; do
        for n in 1 2; do
            local m; m=$(median < "$WORK/preempt.$n.$slice")
            echo "| $n thread(s) on 1 vCPU, $slice slice | $m ms | $(ratio "$m" "$base") |"
        done
    done
    echo
    echo "Host load average when the runs ended: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
}
cat > "$WORK/sleeps.c" <<'C'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#define SLEEPS 200
static volatile int stop;
static void *spin(void *arg) { while (!stop) { } return arg; }
static long long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static int cmp(const void *a, const void *b) { long long x = *(const long long *)a, y = *(const long long *)b; return (x > y) - (x < y); }
int main(int argc, char **argv) {
    static long long s[SLEEPS];
    pthread_t t;
    struct timespec d = { 0, 1000000 };
    if (argc > 1) pthread_create(&t, 0, spin, 0); /* "spinner": compute beside the sleeper */
    for (int i = 0; i < SLEEPS; i++) { long long t0 = now(); nanosleep(&d, 0); s[i] = (now() - t0) / 1000; }
    stop = 1;
    if (argc > 1) pthread_join(t, 0);
    qsort(s, SLEEPS, sizeof s[0], cmp);
    printf("slept-us %lld %lld\n", s[SLEEPS / 2], s[SLEEPS * 99 / 100]);
    return 0;
}
C
# sleep_run NAME COMMAND...: appends "median p99" (us) of a run's 200 sleeps to $WORK/sleep.NAME
sleep_run() { local n=$1; shift; "$@" 2>/dev/null | tr -d '\r' | awk '/^slept-us/ {print $2, $3}' >> "$WORK/sleep.$n"; }
sleep_table() {
    build Posix sleeps "$WORK/sleeps.c"
    clang -O2 "$WORK/sleeps.c" -o "$WORK/sleeps-host" -lpthread
    for _ in $(seq "$RUNS"); do
        sleep_run host "$WORK/sleeps-host"
        sleep_run guest "$LAUNCHER" run "$WORK/sleeps.net.json" --timeout 600
        sleep_run spinner "$LAUNCHER" run "$WORK/sleeps.net.json" --timeout 600 -- spinner
        sleep_run host-spinner "$WORK/sleeps-host" spinner
    done
    local hm hp; hm=$(cut -d' ' -f1 "$WORK/sleep.host" | median); hp=$(cut -d' ' -f2 "$WORK/sleep.host" | median)
    cat <<MD
### Timed waits (issue 9)

How long \`nanosleep\` of 1 ms really takes, 200 sleeps per run, medians over $RUNS runs of each run's median and p99;
the Posix kernel on 1 vCPU at the default 10 ms time slice ($ACCEL), the host natively. A sleep blocks the thread
with its deadline on its CPU's list, and the CPU's timer fires once at the deadline when that comes before the next
tick; the thread then preempts whatever computes there. Before, a sleep waited for the tick: every 1 ms sleep took
a whole slice (10 ms here, 200 ms at \`-p:TimeSlice=200ms\`).

| run | median | p99 | median ÷ host's |
| --- | --- | --- | --- |
| host, alone | $hm us | $hp us | 1.00x |
MD
    local n m p
    for n in guest spinner host-spinner; do
        m=$(cut -d' ' -f1 "$WORK/sleep.$n" | median); p=$(cut -d' ' -f2 "$WORK/sleep.$n" | median)
        case $n in guest) label="Posix kernel, alone";; spinner) label="Posix kernel, a thread computing on the same vCPU";;
                   host-spinner) label="host, a thread computing beside it";; esac
        echo "| $label | $m us | $p us | $(ratio "$m" "$hm") |"
    done
    echo
    echo "Host load average when the runs ended: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
}
if [ "${SLEEP_ONLY:-0}" = 1 ]; then
    sleep_table
    exit 0
fi
if [ "${PREEMPT_ONLY:-0}" = 1 ]; then
    preempt_table
    exit 0
fi

build Posix nullcall "$WORK/nullcall.c"
build Posix hello-posix "$WORK/hello.c"
build Nautilus hello-nautilus "$WORK/hello.c"
build Posix nbody "$WORK/nbody.c"
clang -O2 "$WORK/nullcall.c" -o "$WORK/nullcall-host"
clang -O2 "$WORK/nbody.c" -o "$WORK/nbody-host" -lm

# The same object, linked as an ordinary static Linux program with the musl the Posix package carries.
MUSL=$WORK/Posix/musl/lib
ld.lld -static "$MUSL/crt1.o" "$MUSL/crti.o" "$WORK/nbody.o" "$MUSL/libc.a" "$MUSL/crtn.o" -o "$WORK/nbody-linux"
# A Linux guest: Debian's kernel and busybox-static (apt-get download, cached), /init runs the program.
CACHE=$ROOT/artifacts/bench-cache
LINUX_OK=0
LINUX_TIMEOUT=${LINUX_TIMEOUT:-600}
if [ "${LINUX_GUEST:-1}" = 1 ] && mkdir -p "$CACHE" && (cd "$CACHE" && { ls linux-image-*.deb busybox-static_*.deb >/dev/null 2>&1 ||
        apt-get download "$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image/ {print $2; exit}')" busybox-static >/dev/null 2>&1; }); then
    mkdir -p "$WORK/linux/pkg" "$WORK/linux/root/bin" "$WORK/linux/root/dev" "$WORK/linux/root/proc"
    for d in "$CACHE"/linux-image-*.deb "$CACHE"/busybox-static_*.deb; do dpkg-deb -x "$d" "$WORK/linux/pkg"; done
    cp "$WORK/linux/pkg/bin/busybox" "$WORK/linux/root/bin/busybox"
    cp "$WORK/nbody-linux" "$WORK/linux/root/nbody"
    printf '#!/bin/busybox sh\n/nbody %s\n' "$NBODY_STEPS" > "$WORK/linux/root/init"
    chmod +x "$WORK/linux/root/init"
    (cd "$WORK/linux/root" && find . | "$WORK/linux/pkg/bin/busybox" cpio -o -H newc 2>/dev/null | gzip > "$WORK/linux/initrd.gz")
    VMLINUZ=$(ls "$WORK"/linux/pkg/boot/vmlinuz-* | head -1)
    LINUX_OK=1
fi
# /init ends, the kernel panics and (panic=-1, -no-reboot) QEMU exits. Leave 'quiet' off: with it
# the guest hung for minutes under TCG here (DESIGN.md).
# tsc_early_khz: microvm has no HPET or ACPI PM timer, so Linux calibrates the TSC against the PIT
# alone, and under TCG that calibration fails now and then ("Unable to calibrate against PIT"); the
# guest then had no working clock and never reached /init. The guest's TSC is the host's (TCG reads
# the host counter; KVM without scaling too), and /proc/cpuinfo's clock is its rate on a host
# without frequency scaling (a VM, as here). The guest times its loop with that rate, so on a host
# that scales its clock the Linux-guest figure is off by the same factor.
TSC_KHZ=$(awk '/^cpu MHz/ {printf "%d", $4 * 1000; exit}' /proc/cpuinfo)
linux_guest() {
    timeout "$LINUX_TIMEOUT" qemu-system-x86_64 -M microvm -accel tcg -cpu max -m 256M -nodefaults -no-user-config -nographic \
        -no-reboot -serial stdio -kernel "$VMLINUZ" -initrd "$WORK/linux/initrd.gz" \
        -append "console=ttyS0 panic=-1${TSC_KHZ:+ tsc_early_khz=$TSC_KHZ}" 2>/dev/null </dev/null |
        tr -d '\r' > "$WORK/linux.out" || true
}

ms_of() { local t0 t1; t0=$(date +%s%N); "$@" >"$WORK/last.out" 2>"$WORK/stderr"; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
for _ in $(seq "$RUNS"); do
    # The console ends lines with CR LF: a CR left on the last field ends up inside the docs' table.
    "$LAUNCHER" run "$WORK/nullcall.net.json" --timeout 600 2>"$WORK/stderr" | tr -d '\r' | awk '/^nop/ {print $2 >> "'"$WORK/g.nop"'"; print $3 >> "'"$WORK/g.p99"'"}'
    grep -q KVM "$WORK/stderr" && ACCEL=KVM
    "$WORK/nullcall-host" | awk '{print $2 >> "'"$WORK/h.nop"'"; print $3 >> "'"$WORK/h.p99"'"}'
    ms_of "$LAUNCHER" run "$WORK/hello-posix.net.json" --timeout 600 >> "$WORK/boot.posix"
    ms_of "$LAUNCHER" run "$WORK/hello-nautilus.net.json" --timeout 600 >> "$WORK/boot.nautilus"
    ms_of "$LAUNCHER" run "$WORK/nbody.net.json" --timeout 600 -- "$NBODY_STEPS" >> "$WORK/nbody.posix"; tr -d '\r' < "$WORK/last.out" > "$WORK/nbody.posix.out"
    ms_of "$WORK/nbody-host" "$NBODY_STEPS" >> "$WORK/nbody.host"; cp "$WORK/last.out" "$WORK/nbody.host.out"
    awk '/^compute-ms/ {print $2}' "$WORK/nbody.posix.out" >> "$WORK/compute.posix"
    awk '/^compute-ms/ {print $2}' "$WORK/nbody.host.out" >> "$WORK/compute.host"
done
# Fewer runs than the rest: a Linux boot under TCG takes ~7 s on an idle host, minutes on a loaded one.
if [ "$LINUX_OK" = 1 ]; then
    for _ in $(seq "${LINUX_RUNS:-3}"); do
        linux_guest
        awk '/^compute-ms/ {print $2}' "$WORK/linux.out" >> "$WORK/compute.linux"
    done
fi
grep -v compute-ms "$WORK/nbody.posix.out" > "$WORK/p.out"; grep -v compute-ms "$WORK/nbody.host.out" > "$WORK/h.out"
cmp -s "$WORK/p.out" "$WORK/h.out" && SAME="equal" || SAME="DIFFERENT"
GN=$(median < "$WORK/g.nop"); GP=$(median < "$WORK/g.p99"); HN=$(median < "$WORK/h.nop"); HP=$(median < "$WORK/h.p99")
BP=$(median < "$WORK/boot.posix"); BN=$(median < "$WORK/boot.nautilus")
NP=$(median < "$WORK/nbody.posix"); NH=$(median < "$WORK/nbody.host")
SP=$(stat -c %s "$WORK/hello-posix.elf"); SN=$(stat -c %s "$WORK/hello-nautilus.elf")
CP=$(median < "$WORK/compute.posix"); CH=$(median < "$WORK/compute.host")
if [ -s "$WORK/compute.linux" ]; then
    CL=$(median < "$WORK/compute.linux")
    LINUX_ROW="| n-body, compute loop | $CP ms | $CL ms (Linux guest, same QEMU, $ACCEL; median of $(wc -l < "$WORK/compute.linux") boots) | $(awk -v a="$CP" -v b="$CL" 'BEGIN { printf "%.2fx", a / b }') the Linux guest's time |"
else
    LINUX_ROW="| n-body, compute loop | $CP ms | not measured: the Linux guest did not reach its program within ${LINUX_TIMEOUT} s (or LINUX_GUEST=0) | |"
fi
cat <<MD
## Posix kernel ($ACCEL)

Diver.Kernel.Posix (musl, Linux system calls in ring 0) against its baselines, side by side in one run: medians of
$RUNS runs. Null calls are per-call averages of batches of $BATCH \`getppid()\` calls through musl ($SAMPLES batches per
run; p99 over those batches). Boot is the whole \`diver run\` of a hello net (QEMU start to exit), so it includes
QEMU's own start-up. n-body ($NBODY_STEPS steps) is one source built once per target; outputs were $SAME.

| measure | Posix kernel ($ACCEL) | baseline | ratio |
| --- | --- | --- | --- |
| null system call, median | $GN ns | $HN ns (host getppid) | $(ratio "$GN" "$HN") the host's time |
| null system call, p99 | $GP ns | $HP ns (host getppid) | $(ratio "$GP" "$HP") the host's time |
| hello: boot to exit | $BP ms | $BN ms (Nautilus hello) | $(ratio "$BP" "$BN") Nautilus's time |
| hello: image size | $SP bytes | $SN bytes (Nautilus hello) | $(ratio "$SP" "$SN") Nautilus's size |
| n-body, whole run | $NP ms | $NH ms (host, same source) | $(ratio "$NP" "$NH") the host's time |
| n-body, compute loop | $CP ms | $CH ms (host) | $(ratio "$CP" "$CH") the host's time |
$LINUX_ROW

Every guest figure here is QEMU TCG (this host's /dev/kvm is PVM, which cannot run Diver kernels): a system call is
translated code for \`syscall\`, the stack switch, \`fxsave\`/\`fxrstor\` and \`iretq\`, so the null call measures TCG's
cost of those instructions more than the kernel's path; under KVM they run natively. The n-body ratio to the host
is TCG's floating-point emulation against native code, not the kernel (the loop makes no system calls); against a
Linux guest under the same QEMU and accelerator (Debian's linux-image-amd64 kernel, busybox initramfs, the same
object linked with the same musl as a static Linux program) the loop is the same translated code, so the ratio
should be about 1: the Posix kernel adds nothing to a compute loop but its timer tick (one per time slice). The image is
larger than Nautilus's because musl's printf, stdio and malloc come along (Nautilus's libc is a small subset).
Host load average when the runs ended: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores.
MD

preempt_table
echo
sleep_table

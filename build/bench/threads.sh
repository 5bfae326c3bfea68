#!/usr/bin/env bash
# threads.sh - Nautilus kernel threads vs Linux pthreads on this machine, side by side in one run.
#
# Builds one guest program against the packed Diver.Kernel.Nautilus (artifacts/packages, from
# ./build/pack.sh) exactly as its manifest says, boots it in QEMU microvm at Cpus=1 and Cpus=2
# (idle=poll, the default, and idle=halt) and runs a pthread program built with the host's cc for
# the same measurements. Each run boots every variant once and runs the host program once, so each
# run's ratios compare figures taken minutes apart at most; every figure is the median of RUNS runs
# (each run itself takes the median of several batches), with the spread of the per-run ratios.
# The scheduler tick's cost is measured amplified: the same compute loop with a 1 ms tick and with
# a 1 s tick (diver.timeslice_us), scaled to the default 10 ms. Prints one markdown section for
# docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(cat "$root/artifacts/version.txt")"
runs="${RUNS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---- the kernel package, unpacked ------------------------------------------------------------
pkg="$work/pkg"
mkdir -p "$pkg"
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
  "$root/artifacts/packages/Diver.Kernel.Nautilus.$version.nupkg" "$pkg"
manifest="$pkg/diver/kernel.json"
jqs() { jq -r "$1" "$manifest"; }

# ---- guest program: prints "BENCH <name> <ns>" lines -------------------------------------------
cat > "$work/guest.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <nautilus/threads.h>
#define BATCHES 7
#define PER_BATCH 200
#define ROUNDS 300 /* barrier rounds per batch */
#define WORK 60000000ul

static int cmp(const void *a, const void *b) { uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b; return x < y ? -1 : x > y; }
static uint64_t median(uint64_t *v, int n) { qsort(v, n, sizeof(*v), cmp); return v[n / 2]; }
static void *nothing(void *arg) { return arg; }

static uint64_t create_join(int other_cpu)
{
    uint64_t per[BATCHES];
    int cpu = other_cpu ? (kernel_cpu_id() + 1) % kernel_num_cpus() : kernel_cpu_id();
    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = kernel_time_ns();
        for (int i = 0; i < PER_BATCH; i++)
            kernel_join_thread(kernel_launch_thread_on(nothing, NULL, cpu));
        per[b] = (kernel_time_ns() - t0) / PER_BATCH;
    }
    return median(per, BATCHES);
}

static void *crunch(void *arg)
{
    uint64_t n = (uint64_t)(uintptr_t)arg, x = 88172645463325252ull;
    for (uint64_t i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; }
    return (void *)(uintptr_t)(x & 1);
}

static uint64_t compute(void)
{
    int n = kernel_num_cpus();
    kernel_thread_t t[64];
    uint64_t t0 = kernel_time_ns();
    for (int i = 0; i < n; i++) t[i] = kernel_launch_thread_on(crunch, (void *)(uintptr_t)(WORK / n), i);
    for (int i = 0; i < n; i++) kernel_join_thread(t[i]);
    return kernel_time_ns() - t0;
}

static kernel_barrier_t bar;
static uint64_t bar_per[BATCHES];
/* Timed by the first thread, once every thread is in: batches of rounds, as on the host. */
static void *rounds(void *arg)
{
    kernel_barrier_wait(&bar);
    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = kernel_time_ns();
        for (int r = 0; r < ROUNDS; r++) kernel_barrier_wait(&bar);
        if (arg) bar_per[b] = (kernel_time_ns() - t0) / ROUNDS;
    }
    return arg;
}

static uint64_t barrier_round(void)
{
    int n = kernel_num_cpus() < 2 ? 2 : kernel_num_cpus();
    kernel_thread_t t[64];
    kernel_barrier_init(&bar, n);
    for (int i = 0; i < n; i++) t[i] = kernel_launch_thread_on(rounds, i ? NULL : bar_per, i % kernel_num_cpus());
    for (int i = 0; i < n; i++) kernel_join_thread(t[i]);
    return median(bar_per, BATCHES);
}

int main(int argc, char **argv)
{
    if (argc > 1 && argv[1][0] == 'c') { /* "compute": the tick-overhead boots */
        printf("BENCH compute %lu\n", (unsigned long)compute());
        return 0;
    }
    printf("BENCH create_join_same %lu\n", (unsigned long)create_join(0));
    if (kernel_num_cpus() > 1)
        printf("BENCH create_join_other %lu\n", (unsigned long)create_join(1));
    printf("BENCH compute %lu\n", (unsigned long)compute());
    printf("BENCH barrier %lu\n", (unsigned long)barrier_round());
    return 0;
}
C
clang --target="$(jqs .compile.target)" $(jqs '.compile.flags | join(" ")') -I"$pkg/include" -O2 \
  -c "$work/guest.c" -o "$work/guest.o"
ld.lld $(jqs '.link.flags | join(" ")') -T "$pkg/$(jqs .link.script)" "$work/guest.o" \
  "$pkg/$(jqs .configs.default.archive)" -o "$work/guest.elf"

# ---- host program: the same measurements with pthreads -----------------------------------------
cat > "$work/host.c" <<'C'
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#define BATCHES 7
#define PER_BATCH 200
#define ROUNDS 300 /* barrier rounds per batch */
static uint64_t now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000ull + t.tv_nsec; }
static int cmp(const void *a, const void *b) { uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b; return x < y ? -1 : x > y; }
static void *nothing(void *arg) { return arg; }
static pthread_barrier_t bar;
static uint64_t bar_per[BATCHES];
static void *rounds(void *arg)
{
    pthread_barrier_wait(&bar);
    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = now();
        for (int r = 0; r < ROUNDS; r++) pthread_barrier_wait(&bar);
        if (arg) bar_per[b] = (now() - t0) / ROUNDS;
    }
    return arg;
}
int main(void)
{
    uint64_t per[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = now();
        for (int i = 0; i < PER_BATCH; i++) { pthread_t t; pthread_create(&t, NULL, nothing, NULL); pthread_join(t, NULL); }
        per[b] = (now() - t0) / PER_BATCH;
    }
    qsort(per, BATCHES, sizeof(*per), cmp);
    printf("BENCH create_join %lu\n", (unsigned long)per[BATCHES / 2]);
    pthread_t t[2];
    pthread_barrier_init(&bar, NULL, 2);
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, rounds, i ? NULL : bar_per);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    qsort(bar_per, BATCHES, sizeof(*bar_per), cmp);
    printf("BENCH barrier %lu\n", (unsigned long)bar_per[BATCHES / 2]);
    return 0;
}
C
cc -O2 -pthread "$work/host.c" -o "$work/host"

# ---- runs --------------------------------------------------------------------------------------
guest() { # cpus kernel-options guest-args... -> BENCH lines (QEMU_EXTRA: more QEMU options)
  local cpus=$1 opts=$2
  shift 2
  timeout 600 qemu-system-x86_64 -M microvm,x-option-roms=off,rtc=off -accel tcg ${QEMU_EXTRA:-} -cpu max -m 128M \
    -smp "$cpus" -nodefaults -no-user-config -nographic -no-reboot \
    -chardev stdio,id=con0 -serial chardev:con0 -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -kernel "$work/guest.elf" -append "${opts:+$opts -- }bench $*" </dev/null | tr -d '\r' || true
}
for i in $(seq "$runs"); do
  guest 1 "" | sed "s/^BENCH /BENCH $i /" >> "$work/k1.txt"
  guest 2 "diver.idle=poll" | sed "s/^BENCH /BENCH $i /" >> "$work/k2poll.txt"
  guest 2 "diver.idle=halt" | sed "s/^BENCH /BENCH $i /" >> "$work/k2halt.txt"
  guest 1 "diver.timeslice_us=1000" compute | sed "s/^BENCH /BENCH $i /" >> "$work/tick1ms.txt"
  guest 1 "diver.timeslice_us=1000000" compute | sed "s/^BENCH /BENCH $i /" >> "$work/tick1s.txt"
  "$work/host" | sed "s/^BENCH /BENCH $i /" >> "$work/host.txt"
done
# The tick again in guest instructions: with -icount the guest clock advances 1 ns per instruction,
# so host load cannot touch it (it counts the kernel's tick handler, not TCG's interrupt delivery).
QEMU_EXTRA="-icount shift=0" guest 1 "diver.timeslice_us=1000" compute | sed "s/^BENCH /BENCH 1 /" > "$work/icount1ms.txt"
QEMU_EXTRA="-icount shift=0" guest 1 "diver.timeslice_us=1000000" compute | sed "s/^BENCH /BENCH 1 /" > "$work/icount1s.txt"
# Lines are "BENCH <run> <name> <value>".
values() { awk -v k="$2" '$1 == "BENCH" && $3 == k { print $2, $4 }' "$1" | sort -k1,1; } # file name -> "run value"
med() { values "$1" "$2" | awk '{ print $2 }' | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "nan" }'; }
# Per-run ratio a/b (same run index in both files), as "median (min–max)".
ratios() { # file-a name-a file-b name-b
  join <(values "$1" "$2") <(values "$3" "$4") | awk '$3 > 0 { print $2 / $3 }' | sort -g |
    awk '{ v[NR] = $1 } END { if (!NR) { print "n/a"; exit } f = (v[int((NR + 1) / 2)] < 1 ? "%.2f×" : "%.1f×");
          printf f " (" f "–" f ")", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
us() { awk -v n="$1" 'BEGIN { printf "%.2f", n / 1000 }'; }
# Tick cost at the default 10 ms: (t(1 ms tick) - t(1 s tick)) / t(1 s tick), per run, divided by 10.
tick_overhead() { # [file-1ms file-1s]
  join <(values "${1:-$work/tick1ms.txt}" compute) <(values "${2:-$work/tick1s.txt}" compute) |
    awk '$3 > 0 { print ($2 - $3) / $3 / 10 * 100 }' | sort -g |
    awk '{ v[NR] = $1 } END { if (!NR) { print "n/a"; exit } printf "%.3g%% (%.3g%% to %.3g%%)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

host_cj=$(med "$work/host.txt" create_join)
host_bar=$(med "$work/host.txt" barrier)
k_same=$(med "$work/k1.txt" create_join_same)
k_other=$(med "$work/k2poll.txt" create_join_other)
k_other_halt=$(med "$work/k2halt.txt" create_join_other)
k_bar=$(med "$work/k2poll.txt" barrier)
k_bar_halt=$(med "$work/k2halt.txt" barrier)
c1=$(med "$work/k1.txt" compute)
c2=$(med "$work/k2poll.txt" compute)
load=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -d /sys/module/kvm_pvm ] && [ ! -d /sys/module/kvm_intel ] && [ ! -d /sys/module/kvm_amd ]; then
  kvm_note="KVM is unavailable on this host (/dev/kvm is backed by kvm_pvm, which cannot run these kernels), so all kernel figures are TCG."
elif [ -w /dev/kvm ]; then
  kvm_note="This script measures TCG only, for figures comparable across hosts; KVM would remove the emulation overhead."
else
  kvm_note="KVM is unavailable on this host (no usable /dev/kvm), so all kernel figures are TCG."
fi

cat <<MD
## Nautilus threads vs Linux pthreads

Kernel: Diver.Kernel.Nautilus $version (default config: preemptive, 10 ms time slice) in QEMU microvm,
TCG; host: the same machine's Linux with glibc pthreads (\`cc -O2 -pthread\`). Medians of $runs runs,
each the median of 7 batches (200 create+joins, or 300 barrier rounds timed by the first thread once all are in,
the same for kernel and host); ratios are per run (host / kernel, above 1× the kernel is faster), shown
as median (lowest–highest). Host load average when the runs ended: $load on $(nproc) cores.

| measurement | Nautilus kernel (TCG) | Linux host | ratio (host / kernel) |
| --- | --- | --- | --- |
| thread create + join, same CPU (Cpus=1) | $(us "$k_same") µs | $(us "$host_cj") µs | $(ratios "$work/host.txt" create_join "$work/k1.txt" create_join_same) |
| thread create + join, other CPU (Cpus=2, idle=poll) | $(us "$k_other") µs | $(us "$host_cj") µs | $(ratios "$work/host.txt" create_join "$work/k2poll.txt" create_join_other) |
| thread create + join, other CPU (Cpus=2, idle=halt) | $(us "$k_other_halt") µs | $(us "$host_cj") µs | $(ratios "$work/host.txt" create_join "$work/k2halt.txt" create_join_other) |
| barrier round, 2 threads on 2 CPUs (idle=poll) | $(us "$k_bar") µs | $(us "$host_bar") µs | $(ratios "$work/host.txt" barrier "$work/k2poll.txt" barrier) |
| barrier round, 2 threads on 2 CPUs (idle=halt) | $(us "$k_bar_halt") µs | $(us "$host_bar") µs | $(ratios "$work/host.txt" barrier "$work/k2halt.txt" barrier) |
| compute loop (60M xorshift steps), Cpus=1 → Cpus=2 | $(us "$c1") µs → $(us "$c2") µs | | speedup $(ratios "$work/k1.txt" compute "$work/k2poll.txt" compute) |
| scheduler tick at 10 ms, share of a compute loop (wall clock) | $(tick_overhead) | | |
| scheduler tick at 10 ms, share of a compute loop (guest instructions, -icount) | $(tick_overhead "$work/icount1ms.txt" "$work/icount1s.txt" | sed 's/ (.*//') | | |

$kvm_note TCG translates every guest instruction, so the kernel's figures include emulation
overhead that KVM would not have: a wake-up IPI or a hlt is a host thread hand-off, and a polling
vCPU holds a host core the vCPU it waits for may need, so idle=poll pays off only when every vCPU has
a core of its own. The host has $(nproc) cores, which caps the Cpus=2 speedup at 2× and makes the
cross-CPU figures sensitive to any other load on the machine. The tick figure is taken with a tick
ten times as frequent (1 ms against 1 s) and divided by ten, so the noise of two runs, not the tick,
dominates it when it comes out near zero or below.
MD

#!/usr/bin/env bash
# threads.sh - Nautilus kernel threads vs Linux pthreads on this machine, side by side in one run.
#
# Builds one guest program against the packed Diver.Kernel.Nautilus (artifacts/packages, from
# ./build/pack.sh) exactly as its manifest says, boots it in QEMU microvm at Cpus=1 and Cpus=2,
# and a pthread program built with the host's cc for the same measurements. Every figure is the
# median of RUNS runs (each run itself takes the median of several batches). Prints one markdown
# section for docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(cat "$root/artifacts/version.txt")"
runs="${RUNS:-3}"
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
#define ROUNDS 2000
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
static void *rounds(void *arg) { for (int r = 0; r < ROUNDS; r++) kernel_barrier_wait(&bar); return arg; }

static uint64_t barrier_round(void)
{
    int n = kernel_num_cpus() < 2 ? 2 : kernel_num_cpus();
    kernel_thread_t t[64];
    kernel_barrier_init(&bar, n);
    uint64_t t0 = kernel_time_ns();
    for (int i = 0; i < n; i++) t[i] = kernel_launch_thread_on(rounds, NULL, i % kernel_num_cpus());
    for (int i = 0; i < n; i++) kernel_join_thread(t[i]);
    return (kernel_time_ns() - t0) / ROUNDS;
}

int main(void)
{
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
#define ROUNDS 2000
static uint64_t now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000ull + t.tv_nsec; }
static int cmp(const void *a, const void *b) { uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b; return x < y ? -1 : x > y; }
static void *nothing(void *arg) { return arg; }
static pthread_barrier_t bar;
static void *rounds(void *arg) { for (int r = 0; r < ROUNDS; r++) pthread_barrier_wait(&bar); return arg; }
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
    uint64_t t0 = now();
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, rounds, NULL);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    printf("BENCH barrier %lu\n", (unsigned long)((now() - t0) / ROUNDS));
    return 0;
}
C
cc -O2 -pthread "$work/host.c" -o "$work/host"

# ---- runs --------------------------------------------------------------------------------------
guest() { # cpus -> BENCH lines
  timeout 600 qemu-system-x86_64 -M microvm,x-option-roms=off,rtc=off -accel tcg -cpu max -m 128M \
    -smp "$1" -nodefaults -no-user-config -nographic -no-reboot \
    -chardev stdio,id=con0 -serial chardev:con0 -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -kernel "$work/guest.elf" -append bench </dev/null | tr -d '\r' || true
}
for i in $(seq "$runs"); do
  guest 1 >> "$work/k1.txt"
  guest 2 >> "$work/k2.txt"
  "$work/host" >> "$work/host.txt"
done
med() { # file name -> median value
  awk -v k="$2" '$1 == "BENCH" && $2 == k { print $3 }' "$1" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "nan" }'
}
us() { awk -v n="$1" 'BEGIN { printf "%.2f", n / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf (a / b < 1 ? "%.3f×" : "%.1f×"), a / b; else print "n/a" }'; }

host_cj=$(med "$work/host.txt" create_join)
host_bar=$(med "$work/host.txt" barrier)
k_same=$(med "$work/k1.txt" create_join_same)
k_other=$(med "$work/k2.txt" create_join_other)
k_bar=$(med "$work/k2.txt" barrier)
c1=$(med "$work/k1.txt" compute)
c2=$(med "$work/k2.txt" compute)
if [ -d /sys/module/kvm_pvm ] && [ ! -d /sys/module/kvm_intel ] && [ ! -d /sys/module/kvm_amd ]; then
  kvm_note="KVM is unavailable on this host (/dev/kvm is backed by kvm_pvm, which cannot run these kernels), so all kernel figures are TCG."
elif [ -w /dev/kvm ]; then
  kvm_note="This script measures TCG only, for figures comparable across hosts; KVM would remove the emulation overhead."
else
  kvm_note="KVM is unavailable on this host (no usable /dev/kvm), so all kernel figures are TCG."
fi

cat <<MD
## Nautilus threads vs Linux pthreads

Kernel: Diver.Kernel.Nautilus $version (default config) in QEMU microvm, TCG; host: the same machine's
Linux with glibc pthreads (\`cc -O2 -pthread\`). Medians of $runs runs, each the median of 7 batches.

| measurement | Nautilus kernel (TCG) | Linux host | ratio (host / kernel) |
| --- | --- | --- | --- |
| thread create + join, same CPU (Cpus=1) | $(us "$k_same") µs | $(us "$host_cj") µs | $(ratio "$host_cj" "$k_same") |
| thread create + join, other CPU (Cpus=2) | $(us "$k_other") µs | $(us "$host_cj") µs | $(ratio "$host_cj" "$k_other") |
| barrier round, 2 threads on 2 CPUs | $(us "$k_bar") µs | $(us "$host_bar") µs | $(ratio "$host_bar" "$k_bar") |
| compute loop (60M xorshift steps), Cpus=1 → Cpus=2 | $(us "$c1") µs → $(us "$c2") µs | | speedup $(ratio "$c1" "$c2") |

$kvm_note TCG translates every guest instruction, so the kernel's figures include emulation
overhead (an IPI or hlt wake-up is a host thread hand-off) that KVM would not have; the host has 2
cores shared with other work, which limits the Cpus=2 speedup and makes cross-CPU figures noisy.
MD

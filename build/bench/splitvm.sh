#!/usr/bin/env bash
# splitvm.sh - SplitVM forwarding cost, side by side in one run:
#   forwarded null call (guest -> proxy -> guest) vs a native getppid() on the host;
#   bulk forwarded write vs the host's own write to the same folder.
# Assumes ./build/pack.sh has run (uses the packed kernel and the NativeAOT launcher).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=$(cat "$ROOT/artifacts/version.txt")
RUNS=${RUNS:-3}
WORK=$(mktemp -d /tmp/diver-bench-splitvm-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

unzip -q "$ROOT/artifacts/packages/Diver.Kernel.Nautilus.$VERSION.nupkg" -d "$WORK/kernel"
unzip -q "$ROOT/artifacts/packages/Diver.Sdk.$VERSION.nupkg" 'tools/launcher/linux-x64/diver' -d "$WORK/sdk"
LAUNCHER=$WORK/sdk/tools/launcher/linux-x64/diver
chmod +x "$LAUNCHER"
M=$WORK/kernel/diver/kernel.json
BATCH=100 SAMPLES=2000 MIB=64

# Both sides time batches of $BATCH calls and report median and p99 of the per-call average.
cat > "$WORK/guest.c" <<C
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <diver/forward.h>
static long long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static int cmp(const void *a, const void *b) { long long x = *(const long long *)a, y = *(const long long *)b; return (x > y) - (x < y); }
int main(void) {
    static long long s[$SAMPLES];
    for (int i = 0; i < 1000; i++) fwd_nop();
    for (int i = 0; i < $SAMPLES; i++) { long long t0 = now(); for (int j = 0; j < $BATCH; j++) fwd_nop(); s[i] = (now() - t0) / $BATCH; }
    qsort(s, $SAMPLES, sizeof s[0], cmp);
    printf("nop %lld %lld\n", s[$SAMPLES / 2], s[$SAMPLES * 99 / 100]);
    /* A fresh 1 MiB of guest RAM for every write, as a program writes out what it computed
       (the proxy has not touched any of it before). */
    static char buf[$MIB][1 << 20];
    for (int i = 0; i < $MIB; i++) buf[i][0] = (char)i;
    int fd = open("bulk.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    long long t0 = now();
    for (int i = 0; i < $MIB; i++) if (write(fd, buf[i], sizeof buf[i]) != (long)sizeof buf[i]) return 2;
    long long t1 = now();
    close(fd);
    unlink("bulk.bin");
    printf("write %lld\n", ($MIB * 1048576LL * 1000) / (t1 - t0)); /* MB/s (10^6) */
    return 0;
}
C
cat > "$WORK/host.c" <<C
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
clang -O2 "$WORK/host.c" -o "$WORK/host"
clang --target="$(jq -r .compile.target "$M")" $(jq -r '.compile.flags | join(" ")' "$M") $(jq -r '.compile.includeDirs | map("-I'"$WORK"'/kernel/" + .) | join(" ")' "$M") -O2 -c "$WORK/guest.c" -o "$WORK/guest.o"
ld.lld $(jq -r '.link.flags | join(" ")' "$M") -u _start -T "$WORK/kernel/link/kernel.ld" "$WORK/guest.o" "$WORK/kernel/kernel/default/libnautilus.a" -o "$WORK/bench.elf"
cat > "$WORK/bench.net.json" <<J
{"schemaVersion":1,"name":"bench","image":"bench.elf","arch":"x86_64","kernel":{"id":"Diver.Kernel.Nautilus","version":"$VERSION","config":"default"},
 "deployModes":["VM","SplitVM"],"machine":{"qemuMachine":"microvm","cpus":1,"memory":"256M"},
 "exit":{"device":"isa-debug-exit","ioBase":"0xf4","ioSize":4,"panicCode":127}}
J
SANDBOX=$WORK/sandbox
mkdir -p "$SANDBOX"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$WORK/g.nop" ; : > "$WORK/g.p99"; : > "$WORK/g.mbs"; : > "$WORK/h.nop"; : > "$WORK/h.p99"; : > "$WORK/h.mbs"
ACCEL=TCG
for _ in $(seq "$RUNS"); do
    # The console ends lines with CR LF: a CR left on the last field ends up inside the docs' table.
    # Each side starts with no dirty pages of the other's file still being written back (on a
    # disk-backed folder that writeback otherwise lands in whichever measurement comes next).
    sync
    out=$("$LAUNCHER" run "$WORK/bench.net.json" --mode SplitVM --sandbox "$SANDBOX" --timeout 600 2>"$WORK/stderr" | tr -d '\r')
    grep -q KVM "$WORK/stderr" && ACCEL=KVM
    echo "$out" | awk '/^nop/ {print $2 > "'"$WORK/g.nop"'"; print $3 > "'"$WORK/g.p99"'"}'
    echo "$out" | awk '/^nop/ {print $2 >> "'"$WORK/g.nop.all"'"; print $3 >> "'"$WORK/g.p99.all"'"} /^write/ {print $2 >> "'"$WORK/g.mbs.all"'"}'
    "$WORK/host" | awk '{print $2 >> "'"$WORK/h.nop.all"'"; print $3 >> "'"$WORK/h.p99.all"'"}'
    sync
    t0=$(date +%s%N)
    dd if=/dev/zero of="$SANDBOX/host.bin" bs=1M count=$MIB status=none
    t1=$(date +%s%N)
    rm -f "$SANDBOX/host.bin"
    echo $(( MIB * 1048576 * 1000 / (t1 - t0) )) >> "$WORK/h.mbs.all"
done
GN=$(median < "$WORK/g.nop.all"); GP=$(median < "$WORK/g.p99.all"); GW=$(median < "$WORK/g.mbs.all")
HN=$(median < "$WORK/h.nop.all"); HP=$(median < "$WORK/h.p99.all"); HW=$(median < "$WORK/h.mbs.all")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.1fx", a / b }'; }
CORES=$(grep -o 'guest vCPUs[^;]*' "$WORK/stderr" || true)

cat <<MD
## SplitVM forwarding ($ACCEL)

Forwarded calls from a Nautilus net (\`-p:DeployMode=SplitVM\`, $CORES) against the same operation done natively
on the host, measured side by side in one run: medians of $RUNS runs; latencies are per-call averages of batches of
$BATCH calls ($SAMPLES batches per run), p99 over those batches; bulk writes are $MIB MiB in 1 MiB writes, each from
another MiB of guest RAM, to the sandbox folder (here $(df --output=fstype "$SANDBOX" | tail -1), disk-backed unless tmpfs).

| measure | forwarded (SplitVM, $ACCEL) | native on the host | ratio |
| --- | --- | --- | --- |
| null call round trip, median | $GN ns | $HN ns (getppid) | $(ratio "$GN" "$HN") the host's time |
| null call round trip, p99 | $GP ns | $HP ns (getppid) | $(ratio "$GP" "$HP") the host's time |
| bulk write throughput | $GW MB/s | $HW MB/s (dd, same folder) | $(ratio "$GW" "$HW") the host's throughput |

The guest's side of a round trip runs in QEMU's TCG here (this host's /dev/kvm is PVM, which cannot run Diver
kernels), so each spin on the slot and each store is translated code: the round trip is bounded by TCG's memory
accesses and by how quickly the pinned proxy thread (polling on its own core) sees the posted slot, not by the ABI's
two cache-line transfers; under KVM the same polling design targets 2 µs or less. Bulk writes move data straight
from guest RAM to the host file inside the host kernel (splice from the guest-RAM memfd through a pipe), so they are
limited by the host's page cache and by the 1 MiB request size. Through the proxy's own mapping of guest RAM instead
(until 2026-12-04) each first touch of a page was a fault: about 15 µs on this virtualized host, so writes from fresh
buffers ran at 0.4-0.6x the host's dd here (0.1-0.2x in a C test of the same calls), while one buffer written
again and again ran at 1.4x.
MD
